// Typed reads out of a parsed fastjson value (framing.md §10). Java peers are loose about
// types (numbers as strings, null for NaN doubles), so each reader accepts what fastjson
// would accept and fails with the field's path when the shape is wrong.

import { ProtocolError } from '../errors.js';

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown, path: string): JsonRecord {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map)) {
    return value as JsonRecord;
  }
  throw new ProtocolError(`${path}: expected an object`);
}

export function asArray(value: unknown, path: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new ProtocolError(`${path}: expected an array`);
}

export function optionalRecord(value: unknown, path: string): JsonRecord {
  return value === undefined || value === null ? {} : asRecord(value, path);
}

export function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined || value === null ? [] : asArray(value, path);
}

export function asString(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new ProtocolError(`${path}: expected a string`);
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : asString(value, path);
}

/** A long or int. bigint values beyond 2^53 are clamped to the nearest safe number. */
export function asNumber(value: unknown, path: string, fallback?: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  throw new ProtocolError(`${path}: expected a number`);
}

export function asBoolean(value: unknown, path: string, fallback?: boolean): boolean {
  if (typeof value === 'boolean') return value;
  // Java's Boolean.parseBoolean: case-insensitive "true", anything else false.
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  throw new ProtocolError(`${path}: expected a boolean`);
}
