// Small helpers shared by the broker's processors.

import { createResponse, toExtFields, type ExtFieldValue, type RemotingCommand } from '../../../remoting/command.js';

/** Java appends a FAQ link to many remarks (FAQUrl.suggestTodo); clients show it as is. */
export const FAQ_SUFFIX = '\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.';

export function fail(request: RemotingCommand, code: number, remark: string): RemotingCommand {
  return createResponse(request, code, { remark });
}

export function ok(request: RemotingCommand, init: { extFields?: Record<string, ExtFieldValue>; body?: Buffer | string | null; remark?: string | null } = {}): RemotingCommand {
  return createResponse(request, 0, init);
}

export function ext(fields: Record<string, ExtFieldValue>): Record<string, string> {
  return toExtFields(fields) ?? {};
}

/** Java's parseInt/parseLong of a header value, with the field's default when absent or bad. */
export function intField(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

export function boolField(value: string | undefined, fallback = false): boolean {
  return value === undefined ? fallback : value.trim().toLowerCase() === 'true';
}

export function randomInt(bound: number): number {
  return Math.floor(Math.random() * bound);
}
