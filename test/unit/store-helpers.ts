/** Shared fixtures of the store tests (test/unit/store-*.test.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultMessageStore } from '../../src/dev/store/index.js';
import type { MessageStoreConfig, PutMessageInput } from '../../src/dev/store/types.js';

export const STORE_HOST = '127.0.0.1:10911';
export const BORN_HOST = '127.0.0.1:54321';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mqadmin-store-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function msg(overrides: Partial<PutMessageInput> = {}): PutMessageInput {
  return {
    topic: 'TopicTest',
    queueId: 0,
    flag: 0,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: BORN_HOST,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    body: Buffer.from('hello'),
    properties: {},
    ...overrides,
  };
}

/** Opens stores in temp dirs and cleans them up (abandoning whatever a test left open). */
export class StoreFixture {
  readonly dirs: string[] = [];
  private readonly stores: DefaultMessageStore[] = [];

  async open(config: Partial<MessageStoreConfig> = {}, dir?: string): Promise<{ store: DefaultMessageStore; dir: string }> {
    const d = dir ?? tempDir();
    if (!dir) this.dirs.push(d);
    const store = await DefaultMessageStore.open({ dir: d, storeHost: STORE_HOST, ...config });
    this.stores.push(store);
    return { store, dir: d };
  }

  cleanup(): void {
    for (const s of this.stores) s.abandon();
    this.stores.length = 0;
    for (const d of this.dirs) removeDir(d);
    this.dirs.length = 0;
  }
}

/** A clock that returns the given times in order, then keeps the last one. */
export function clock(times: number[]): () => number {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)] as number;
}
