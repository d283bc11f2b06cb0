// Crash safety with synchronous flush: the cluster runs in a child process, is killed with
// SIGKILL in the middle of a stream of sends, and every message whose send was acknowledged
// is afterwards found, pulled and queried on the same data directory.

import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { decodeMessage, decodeMessages } from '../../src/protocol/message.js';
import { decodeMessageId } from '../../src/protocol/messageId.js';
import { encodeMessageProperties } from '../../src/protocol/properties.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'clusterChild.mjs');

let child: ChildProcess | undefined;
let cluster: EmbeddedCluster | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await cluster?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  child = cluster = dataDir = undefined;
});

function startChild(dir: string): Promise<{ namesrv: string; broker: string }> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [CHILD, dir, 'sync'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { namesrv: string; broker: string });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`cluster child exited ${code}: ${err}`)));
  });
}

describe('kill -9 during sends with synchronous flush', () => {
  it('keeps every acknowledged message, consumable and queryable', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mqadmin-crash-'));
    const addrs = await startChild(dataDir);
    const admin = new MQAdmin({ namesrvAddr: addrs.namesrv });
    await admin.createAndUpdateTopicConfig(addrs.broker, { topic: 'Durable', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    await admin.close();

    const client = new RemotingClient({ requestTimeoutMs: 3000 });
    const acked: Array<{ key: string; queueId: number; queueOffset: number; commitLogOffset: number }> = [];
    let stop = false;
    let next = 0;
    // Four senders in parallel, so the kill lands while appends are in flight.
    const sender = async () => {
      while (!stop) {
        const i = next++;
        const key = `durable-${i}`;
        try {
          const r = await client.invoke(addrs.broker, createRequest(310, {
            extFields: { a: 'PG', b: 'Durable', c: 'TBW102', d: 4, e: i % 2, f: 0, g: Date.now(), h: 0, i: encodeMessageProperties({ KEYS: key, WAIT: 'true' }), j: 0, k: false, m: false },
            body: `payload ${i} ${'x'.repeat(200)}`,
          }));
          if (r.code !== 0) continue;
          const id = decodeMessageId(r.extFields!.msgId!);
          if (id.kind !== 'offset') throw new Error('not an offset id');
          acked.push({ key, queueId: Number(r.extFields!.queueId), queueOffset: Number(r.extFields!.queueOffset), commitLogOffset: Number(id.commitLogOffset) });
        } catch {
          return; // the broker is gone
        }
      }
    };
    const senders = [sender(), sender(), sender(), sender()];
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 5));
    child!.kill('SIGKILL');
    stop = true;
    await Promise.all(senders);
    await client.close();
    expect(acked.length).toBeGreaterThanOrEqual(150);

    // Restart in this process on the same data: recovery runs, then check every ack.
    cluster = await startEmbedded({ dataDir });
    const broker = cluster.brokers[0]!.address;
    const c = new RemotingClient();
    try {
      for (const a of acked) {
        const view = await c.invoke(broker, createRequest(33, { extFields: { offset: a.commitLogOffset } }));
        expect(view.code, a.key).toBe(0);
        const m = decodeMessage(view.body!);
        expect([m.keys, m.queueId, m.queueOffset], a.key).toEqual([[a.key], a.queueId, a.queueOffset]);
      }
      // Every acknowledged offset is below the queue's max and pullable with its key.
      for (const queueId of [0, 1]) {
        const mine = acked.filter((a) => a.queueId === queueId).sort((x, y) => x.queueOffset - y.queueOffset);
        if (mine.length === 0) continue;
        const pulled = new Map<number, string>();
        let offset = 0;
        for (;;) {
          const p = await c.invoke(broker, createRequest(11, { extFields: { consumerGroup: 'CrashCheck', topic: 'Durable', queueId, queueOffset: offset, maxMsgNums: 32, sysFlag: 4, commitOffset: 0, suspendTimeoutMillis: 0, subscription: '*', subVersion: 0, expressionType: 'TAG' } }));
          if (p.code !== 0) break;
          for (const m of decodeMessages(p.body!)) pulled.set(m.queueOffset, m.keys![0]!);
          offset = Number(p.extFields!.nextBeginOffset);
        }
        for (const a of mine) expect(pulled.get(a.queueOffset), a.key).toBe(a.key);
      }
      // And queryable by key through the rebuilt index.
      for (const a of acked.filter((_, i) => i % 15 === 0)) {
        const q = await c.invoke(broker, createRequest(12, { extFields: { topic: 'Durable', key: a.key, maxNum: 64, beginTimestamp: 0, endTimestamp: Number.MAX_SAFE_INTEGER } }));
        expect(q.code, a.key).toBe(0);
        expect(decodeMessages(q.body!).some((m) => m.keys?.includes(a.key)), a.key).toBe(true);
      }
    } finally {
      await c.close();
    }
  }, 60_000);
});
