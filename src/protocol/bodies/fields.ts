// Typed reads out of a parsed fastjson value that fail with the field's path when the shape is
// wrong. The lenient conversions themselves (numbers as strings, bigints, Java booleans) are
// fastjson.ts's; this adds the path and the "required or default" decision.

import { ProtocolError } from '../errors.js';
import * as fj from '../fastjson.js';

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown, path: string): JsonRecord {
  const record = fj.asObject(value);
  if (record) return record;
  throw new ProtocolError(`${path}: expected an object`);
}

export function asArray(value: unknown, path: string): unknown[] {
  const array = fj.asArray(value);
  if (array) return array;
  throw new ProtocolError(`${path}: expected an array`);
}

export function optionalRecord(value: unknown, path: string): JsonRecord {
  return value === undefined || value === null ? {} : asRecord(value, path);
}

export function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined || value === null ? [] : asArray(value, path);
}

export function asString(value: unknown, path: string): string {
  const s = fj.asString(value);
  if (s !== undefined) return s;
  throw new ProtocolError(`${path}: expected a string`);
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : asString(value, path);
}

/** A long, int or double; `fallback` when absent (or null, as fastjson writes a NaN double). */
export function asNumber(value: unknown, path: string, fallback?: number): number {
  const n = fj.asNumber(value);
  if (n !== undefined) return n;
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  throw new ProtocolError(`${path}: expected a number`);
}

export function asBoolean(value: unknown, path: string, fallback?: boolean): boolean {
  const b = fj.asBoolean(value);
  if (b !== undefined) return b;
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  throw new ProtocolError(`${path}: expected a boolean`);
}
