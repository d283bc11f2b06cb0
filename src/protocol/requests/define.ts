// A request is a small definition: its code, how its header and body are built from typed
// arguments, and how a successful answer is decoded. The admin layer sends definitions; later
// requests are added as new files next to this one.

import { createRequest, type ExtFieldValue, type RemotingCommand } from '../../remoting/command.js';
import { ResponseCode, requestCodeName } from '../codes.js';
import { ResponseError, ProtocolError } from '../errors.js';
import { parseFastJson } from '../fastjson.js';
import { parseJavaProperties } from '../properties.js';

export interface RequestDefinition<Args, Result> {
  code: number;
  /** extFields, typed; the transport layer turns them into strings. */
  header?: (args: Args) => Record<string, ExtFieldValue>;
  body?: (args: Args) => Buffer | string | undefined;
  /** Decodes the response to a success (or to one of `answerCodes`). */
  decode: (response: RemotingCommand, args: Args) => Result;
  /** Response codes besides SUCCESS that are answers, not failures (e.g. QUERY_NOT_FOUND). */
  answerCodes?: readonly number[];
}

export function defineRequest<Args = void, Result = void>(def: RequestDefinition<Args, Result>): RequestDefinition<Args, Result> {
  return def;
}

export function buildRequest<Args, Result>(def: RequestDefinition<Args, Result>, args: Args): RemotingCommand {
  return createRequest(def.code, {
    extFields: def.header ? def.header(args) : {},
    body: def.body ? (def.body(args) ?? null) : null,
  });
}

/** Throws ResponseError for a failure answer, ProtocolError for a body of the wrong shape. */
export function readResponse<Args, Result>(def: RequestDefinition<Args, Result>, response: RemotingCommand, args: Args, addr: string): Result {
  if (response.code !== ResponseCode.SUCCESS && !def.answerCodes?.includes(response.code)) {
    throw new ResponseError(response.code, response.remark, addr, def.code);
  }
  try {
    return def.decode(response, args);
  } catch (err) {
    if (err instanceof ProtocolError) {
      throw new ProtocolError(`unexpected ${requestCodeName(def.code)} answer from ${addr}: ${err.message}`, addr);
    }
    throw err;
  }
}

/** The body parsed as fastjson; a missing body is a protocol error. */
export function jsonBody(response: RemotingCommand): unknown {
  if (!response.body || response.body.length === 0) throw new ProtocolError('the response has no body');
  try {
    return parseFastJson(response.body);
  } catch (err) {
    throw new ProtocolError(`the body is not readable JSON: ${(err as Error).message}`);
  }
}

/** The body parsed as Java properties text (broker and NameServer configs); none is empty. */
export function propertiesBody(res: RemotingCommand): Record<string, string> {
  if (!res.body) return {};
  try {
    return { ...parseJavaProperties(res.body) };
  } catch (err) {
    throw new ProtocolError(`the body is not readable properties text: ${(err as Error).message}`);
  }
}
