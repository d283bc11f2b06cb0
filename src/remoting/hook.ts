// Hooks around requests, as Java's RPCHook: the client runs `beforeRequest` on every request it
// sends (signing, for instance); a server runs its hook before dispatching a request and sends
// the command the hook returns instead of calling the processor (an access check's refusal).

import type { RemotingCommand } from './command.js';
import type { Connection } from './connection.js';

export interface RpcHook {
  /** Called once per request just before it is encoded; may add ext fields or change the version. */
  beforeRequest(addr: string, request: RemotingCommand): void;
}

/**
 * Returns a response to send in place of processing the request (a refusal), or null/undefined
 * to let the request through. For a oneway request a returned response is dropped, as in Java.
 */
export type ServerRequestHook = (
  request: RemotingCommand,
  connection: Connection,
) => RemotingCommand | null | undefined | Promise<RemotingCommand | null | undefined>;
