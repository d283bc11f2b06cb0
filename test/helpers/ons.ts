// ali-ons (shared/peers.md), a RocketMQ client nobody here wrote, set up for tests: an address
// server stub that can never go out, a silent logger, a separate client instance per object,
// and error listeners that outlive close().

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface OnsMessage {
  /** Set as an array; read back as the KEYS property (space-separated string). */
  keys: string[] | string;
  body: Buffer;
  tags?: string;
}

export interface OnsSendResult {
  sendStatus: string;
  msgId: string;
  messageQueue: { queueId: number; brokerName: string };
  queueOffset: number;
}

export interface OnsReceived {
  body: Buffer;
  keys: string;
  tags: string;
  queueOffset: number;
  msgId: string;
}

export interface OnsProducer {
  ready(): Promise<void>;
  on(event: 'error', fn: (err: Error) => void): void;
  send(msg: OnsMessage): Promise<OnsSendResult>;
  close(): Promise<void>;
}

export interface OnsConsumer {
  ready(): Promise<void>;
  subscribe(topic: string, expr: string, handler: (msg: OnsReceived) => Promise<void>): void;
  on(event: 'error', fn: (err: Error) => void): void;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ons = require('ali-ons') as {
  Producer: new (o: Record<string, unknown>) => OnsProducer;
  Consumer: new (o: Record<string, unknown>) => OnsConsumer;
  Message: new (topic: string, tags: string | null, body: string | Buffer) => OnsMessage;
};

/** ali-ons asserts an http client exists even with nameSrv set; this one can never go out. */
export const httpclient = {
  request() {
    throw new Error('no outside address server in tests');
  },
  curl() {
    throw new Error('no outside address server in tests');
  },
};

export const quietLogger = { info() {}, warn() {}, error() {}, debug() {} };

/** ali-ons shares one client per `ip@instanceName`; separate names keep each test client apart. */
let instances = 0;
export const instanceName = (): string => `mqadmin-test-${process.pid}-${++instances}`;

/**
 * ali-ons' close() removes every listener, yet its shared client may still report a failure of
 * a request in flight afterwards (e.g. to a broker that has just stopped): keep a listener so
 * such a late report cannot become an unhandled error.
 */
export function keepErrorListener(client: { close(): Promise<void>; on(event: 'error', fn: (err: Error) => void): void }): void {
  const close = client.close.bind(client);
  client.close = async () => {
    await close();
    client.on('error', () => undefined);
  };
}

export function onsProducer(namesrvAddr: string, group: string, options: Record<string, unknown> = {}): OnsProducer {
  const p = new ons.Producer({ nameSrv: namesrvAddr, producerGroup: group, httpclient, logger: quietLogger, instanceName: instanceName(), ...options });
  // Across a restart the client still knows old addresses for a moment: connection errors are
  // expected there and must not surface as unhandled errors.
  p.on('error', () => undefined);
  keepErrorListener(p);
  return p;
}

export function onsConsumer(namesrvAddr: string, group: string, onError: (err: Error) => void = () => undefined, options: Record<string, unknown> = {}): OnsConsumer {
  const c = new ons.Consumer({
    nameSrv: namesrvAddr,
    consumerGroup: group,
    instanceName: instanceName(),
    httpclient,
    logger: quietLogger,
    rebalanceInterval: 500,
    persistConsumerOffsetInterval: 300,
    ...options,
  });
  c.on('error', onError);
  keepErrorListener(c);
  return c;
}

/** Resolves when `check()` holds, or rejects after `ms`. */
export function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}
