// The "RemotingCommand": one request or response on a RocketMQ remoting connection
// (framing.md §3). Every header field of the Java class is here; the body is raw bytes whose
// meaning depends on the code.

export type SerializeType = 'JSON' | 'ROCKETMQ';

/** Flag bit 0: the frame is a response (framing.md §6). */
export const FLAG_RESPONSE = 0x1;
/** Flag bit 1: a oneway request, which must never be answered (framing.md §6). */
export const FLAG_ONEWAY = 0x2;

/**
 * `LanguageCode` by ordinal (framing.md §7). The binary header carries the ordinal, the JSON
 * header the name. NODE_JS is 5.x only: a 4.9.x peer decodes it to null, so we never send it.
 */
export const LANGUAGE_CODES = [
  'JAVA', 'CPP', 'DOTNET', 'PYTHON', 'DELPHI', 'ERLANG', 'RUBY', 'OTHER', 'HTTP', 'GO', 'PHP',
  'OMS', 'RUST', 'NODE_JS',
] as const;

/**
 * The `MQVersion.Version` ordinal we present ourselves as: V5_3_3. Brokers and NameServers
 * gate behaviour on it (framing.md §8): >= 401 gets standard-JSON routes, >= 28 / 62 are needed
 * for reset-offset and running-info forwarding.
 */
export const DEFAULT_VERSION = 479;
export const DEFAULT_LANGUAGE = 'JAVA';

export interface RemotingCommand {
  code: number;
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark: string | null;
  extFields: Record<string, string> | null;
  body: Buffer | null;
  serializeType: SerializeType;
}

export type ExtFieldValue = string | number | bigint | boolean | null | undefined;

/**
 * Java writes every header field as a string (framing.md §10.1); null/undefined fields are
 * omitted, primitives always present. Callers pass typed values and we stringify once here.
 */
export function toExtFields(fields: Record<string, ExtFieldValue> | undefined | null): Record<string, string> | null {
  if (!fields) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    out[key] = String(value);
  }
  return out;
}

export function isResponse(cmd: Pick<RemotingCommand, 'flag'>): boolean {
  return (cmd.flag & FLAG_RESPONSE) !== 0;
}

export function isOneway(cmd: Pick<RemotingCommand, 'flag'>): boolean {
  return (cmd.flag & FLAG_ONEWAY) !== 0;
}

export interface RequestInit {
  extFields?: Record<string, ExtFieldValue> | null;
  body?: Buffer | string | null;
  remark?: string | null;
  language?: string;
  version?: number;
  serializeType?: SerializeType;
  oneway?: boolean;
}

/** A request as a Java client builds it; the transport assigns the opaque when sending. */
export function createRequest(code: number, init: RequestInit = {}): RemotingCommand {
  return {
    code,
    language: init.language ?? DEFAULT_LANGUAGE,
    version: init.version ?? DEFAULT_VERSION,
    opaque: 0,
    flag: init.oneway ? FLAG_ONEWAY : 0,
    remark: init.remark ?? null,
    extFields: toExtFields(init.extFields) ?? {},
    body: typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : (init.body ?? null),
    serializeType: init.serializeType ?? 'JSON',
  };
}

export interface ResponseInit {
  remark?: string | null;
  extFields?: Record<string, ExtFieldValue> | null;
  body?: Buffer | string | null;
  language?: string;
  version?: number;
}

/** A response to `request`: same opaque and serialization type, response flag set. */
export function createResponse(request: RemotingCommand, code: number, init: ResponseInit = {}): RemotingCommand {
  return {
    code,
    language: init.language ?? DEFAULT_LANGUAGE,
    version: init.version ?? DEFAULT_VERSION,
    opaque: request.opaque,
    flag: FLAG_RESPONSE,
    remark: init.remark ?? null,
    extFields: toExtFields(init.extFields),
    body: typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : (init.body ?? null),
    serializeType: request.serializeType,
  };
}
