// The dev broker's maintenance codes on a real store: QUERY_CONSUME_QUEUE reads its consume-queue
// units, CLEAN_UNUSED_TOPIC deletes the queues of topics without a config, and the answers to
// SET_COMMITLOG_READ_MODE are the Java broker's.

import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerContext } from '../../src/dev/broker/context.js';
import { maintenanceProcessors } from '../../src/dev/broker/processors/maintenance.js';
import { RequestCode, ResponseCode } from '../../src/protocol/codes.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { tagsCode } from '../../src/protocol/javaHash.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { msg, StoreFixture } from './store-helpers.js';

const fx = new StoreFixture();
afterEach(() => fx.cleanup());

async function broker(configured: string[]) {
  const { store } = await fx.open();
  const logged: string[] = [];
  const ctx = {
    store,
    topics: { get: (t: string) => (configured.includes(t) ? { topicName: t } : undefined), systemTopics: new Set(['SCHEDULE_TOPIC_XXXX']) },
    clients: { consumers: new Map() },
    log: (l: string) => logged.push(l),
  } as unknown as BrokerContext;
  const p = maintenanceProcessors(ctx);
  const call = async (code: number, extFields: Record<string, string> = {}): Promise<RemotingCommand> => p.get(code)!(createRequest(code, { extFields }), undefined as never) as Promise<RemotingCommand>;
  return { store, call, logged };
}

describe('dev broker maintenance processors', () => {
  it('QUERY_CONSUME_QUEUE: the units from the index, the range; unknown queue and past the end as Java', async () => {
    const { store, call } = await broker(['T']);
    for (const tag of ['A', 'B', 'A']) await store.putMessage(msg({ topic: 'T', properties: { TAGS: tag } }));
    const r = await call(RequestCode.QUERY_CONSUME_QUEUE, { topic: 'T', queueId: '0', index: '1', count: '5' });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    const body = parseFastJson(r.body!) as { maxQueueIndex: number; minQueueIndex: number; queueData: Array<{ tagsCode: number; physicSize: number; physicOffset: number }> };
    expect([body.minQueueIndex, body.maxQueueIndex]).toEqual([0, 3]);
    expect(body.queueData.map((u) => Number(u.tagsCode))).toEqual([tagsCode('B'), tagsCode('A')]);
    expect(Number(body.queueData[1]!.physicOffset)).toBeGreaterThan(Number(body.queueData[0]!.physicOffset));
    const none = await call(RequestCode.QUERY_CONSUME_QUEUE, { topic: 'T', queueId: '3', index: '0', count: '1' });
    expect([none.code, none.remark]).toEqual([ResponseCode.SYSTEM_ERROR, '3@T is not exist!']);
    const past = await call(RequestCode.QUERY_CONSUME_QUEUE, { topic: 'T', queueId: '0', index: '7', count: '1' });
    expect([past.code, past.remark, past.body?.length ?? 0]).toEqual([ResponseCode.SUCCESS, 'Index 7 of 0@T is not exist!', 0]);
  });

  it('CLEAN_UNUSED_TOPIC deletes the queues of topics without a config; CLEAN_EXPIRED_CONSUMEQUEUE keeps queues with messages', async () => {
    const { store, call, logged } = await broker(['Kept']);
    await store.putMessage(msg({ topic: 'Kept' }));
    await store.putMessage(msg({ topic: 'Gone' }));
    expect(store.topicsInStore()).toEqual(['Gone', 'Kept']);
    expect((await call(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE)).code).toBe(ResponseCode.SUCCESS);
    expect(store.topicsInStore()).toEqual(['Gone', 'Kept']);
    expect((await call(RequestCode.CLEAN_UNUSED_TOPIC)).code).toBe(ResponseCode.SUCCESS);
    expect(store.topicsInStore()).toEqual(['Kept']);
    expect(logged.join('\n')).toMatch(/Gone/);
    expect((await call(RequestCode.DELETE_EXPIRED_COMMITLOG)).code).toBe(ResponseCode.SUCCESS);
  });

  it('SET_COMMITLOG_READ_MODE answers as the Java broker', async () => {
    const { call } = await broker([]);
    const good = await call(RequestCode.SET_COMMITLOG_READ_MODE, { READ_AHEAD_MODE: '1' });
    expect([good.code, good.remark]).toEqual([ResponseCode.SUCCESS, 'set commitlog readahead mode success, mode: 1']);
    const bad = await call(RequestCode.SET_COMMITLOG_READ_MODE, { READ_AHEAD_MODE: '2' });
    expect([bad.code, bad.remark]).toEqual([ResponseCode.INVALID_PARAMETER, 'set commitlog readahead mode param value error']);
    const none = await call(RequestCode.SET_COMMITLOG_READ_MODE);
    expect([none.code, none.remark]).toEqual([ResponseCode.SYSTEM_ERROR, 'set commitlog readahead mode param error']);
    expect((await call(RequestCode.RESET_MASTER_FLUSH_OFFSET, { masterFlushOffset: '5' })).code).toBe(ResponseCode.SUCCESS);
  });
});
