// A replay server: TCP servers on ephemeral loopback ports that answer requests with the real
// responses captured from Apache RocketMQ 4.9.8 (test/fixtures). One plays the NameServer
// (frames captured on port 9876), one the broker (10911). Addresses inside bodies are rewritten
// to the replay ports so that a client following them lands on the replay broker.

import { createServer, type Server, type Socket } from 'node:net';
import { decodeFrame, encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { FLAG_RESPONSE, type RemotingCommand } from '../../src/remoting/command.js';
import { scenarioFrames, scenarioIndex } from './fixtures.js';

interface Exchange {
  request: RemotingCommand;
  response: RemotingCommand;
}

/** extFields that differ between runs and say nothing about what was asked. */
const VOLATILE_FIELDS = new Set(['Signature', 'AccessKey', 'instanceName', 'ReqT']);

function matchKey(cmd: RemotingCommand): string {
  const fields = Object.entries(cmd.extFields ?? {})
    .filter(([k]) => !VOLATILE_FIELDS.has(k))
    .sort(([a], [b]) => a.localeCompare(b));
  return `${cmd.code}|${JSON.stringify(fields)}`;
}

/** Pairs each captured request with the response of the same connection and opaque. */
export function loadExchanges(scenario: string, serverPort: number): Exchange[] {
  const index = scenarioIndex(scenario);
  const frames = scenarioFrames(scenario);
  const exchanges: Exchange[] = [];
  for (const frame of frames) {
    if (frame.dir !== 'c2s' || frame.kind !== 'req' || frame.serverPort !== serverPort) continue;
    const request = decodeFrame(frame.bytes);
    const conn = index.find((e) => e.file === frame.file)!.connection;
    const [client, server] = conn.split('>');
    const reply = frames.find((f) => {
      if (f.dir !== 's2c' || f.kind !== 'resp') return false;
      const entry = index.find((e) => e.file === f.file)!;
      return entry.connection === `${server}>${client}` && entry.header.opaque === request.opaque;
    });
    if (reply) exchanges.push({ request, response: decodeFrame(reply.bytes) });
  }
  return exchanges;
}

export interface ReplayCluster {
  namesrvAddr: string;
  brokerAddr: string;
  /** Every request received, in order, with the role that received it. */
  received: Array<{ role: 'namesrv' | 'broker'; request: RemotingCommand }>;
  close(): Promise<void>;
}

export interface ReplayOptions {
  /** Delay every answer of the broker by this many ms (timeouts, spinners). */
  brokerDelayMs?: number;
  /** Do not start the broker: its address refuses connections. */
  brokerDown?: boolean;
  /** The ports the scenarios were captured on (default 9876 and 10911; the 5.3.3 sets use 9877 and 10951). */
  namesrvPort?: number;
  brokerPort?: number;
  /**
   * Answers a request before the captured exchanges are looked at (a state the capture does not
   * have, a refusal); undefined falls through to the capture. The opaque and flag are set here.
   */
  respond?: (role: 'namesrv' | 'broker', request: RemotingCommand) => RemotingCommand | undefined;
}

export async function startReplayCluster(scenarios: string[], options: ReplayOptions = {}): Promise<ReplayCluster> {
  const received: ReplayCluster['received'] = [];
  const capturedNamesrv = `127.0.0.1:${options.namesrvPort ?? 9876}`;
  const capturedBroker = `127.0.0.1:${options.brokerPort ?? 10911}`;
  const namesrvExchanges = scenarios.flatMap((s) => loadExchanges(s, options.namesrvPort ?? 9876));
  const brokerExchanges = scenarios.flatMap((s) => loadExchanges(s, options.brokerPort ?? 10911));
  const sockets = new Set<Socket>();
  let namesrvAddr = '';
  let brokerAddr = '';

  const rewrite = (body: Buffer | null): Buffer | null =>
    body && body.includes('127.0.0.1:')
      ? Buffer.from(body.toString('latin1').replaceAll(capturedBroker, brokerAddr).replaceAll(capturedNamesrv, namesrvAddr), 'latin1')
      : body;

  const serve = (role: 'namesrv' | 'broker', exchanges: Exchange[], delayMs = 0): Server =>
    createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      const decoder = new FrameDecoder();
      socket.on('data', (chunk) => {
        for (const request of decoder.push(chunk)) {
          received.push({ role, request });
          const key = matchKey(request);
          const own = options.respond?.(role, request);
          const hit = exchanges.find((e) => matchKey(e.request) === key) ?? exchanges.find((e) => e.request.code === request.code);
          const response: RemotingCommand = own
            ? { ...own, opaque: request.opaque, flag: FLAG_RESPONSE }
            : hit
            ? { ...hit.response, opaque: request.opaque, flag: FLAG_RESPONSE, body: rewrite(hit.response.body) }
            : {
                code: 1, language: 'JAVA', version: 409, opaque: request.opaque, flag: FLAG_RESPONSE,
                remark: `replay: no captured response for request code ${request.code}`, extFields: null, body: null, serializeType: 'JSON',
              };
          // Answer in the type the real server used (a 5.x server may answer binary to JSON).
          const bytes = encodeFrame(response);
          if (delayMs > 0) setTimeout(() => socket.writable && socket.write(bytes), delayMs);
          else socket.write(bytes);
        }
      });
    });

  const listen = (server: Server): Promise<string> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const a = server.address();
        resolve(typeof a === 'object' && a ? `127.0.0.1:${a.port}` : '');
      });
    });

  const namesrv = serve('namesrv', namesrvExchanges);
  const broker = serve('broker', brokerExchanges, options.brokerDelayMs);
  namesrvAddr = await listen(namesrv);
  brokerAddr = await listen(broker);
  if (options.brokerDown) {
    // Keep the port number (bodies name it) but refuse connections.
    await new Promise<void>((r) => broker.close(() => r()));
  }

  return {
    namesrvAddr,
    brokerAddr,
    received,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(
        [namesrv, broker].map((server) => new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()))),
      );
    },
  };
}
