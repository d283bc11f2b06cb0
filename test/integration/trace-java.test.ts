// Message trace against the embedded cluster with the real Java client's requests: the sends of
// the Java 5.3.3 producer with message trace on (the messages, then its trace message to
// RMQ_SYS_TRACE_TOPIC, which the broker creates from TBW102) and the trace messages of the
// Java push consumer (test/fixtures/rocketmq-5.3.3-more/trace-producer-java, trace-consumer-java),
// sent as captured. The broker stores and indexes them like any message, so the trace query
// finds the message's whole trace by its id.

import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { queryMessageTrace } from '../../src/admin/trace.js';
import { queryMessagesByIndex } from '../../src/admin/messages.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { scenarioFrames } from '../helpers/fixtures.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
afterEach(async () => {
  await cluster?.destroy();
  cluster = undefined;
});

function sends(scenario: string): RemotingCommand[] {
  return scenarioFrames(scenario)
    .filter((f) => f.dir === 'c2s' && f.code === 310)
    .map((f) => decodeFrame(f.bytes));
}

describe('Java clients with message trace on, against the embedded broker', () => {
  it('the trace producer and consumer write; the trace query finds the timeline by the message id', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!;
    const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
    const client = new RemotingClient();
    try {
      await admin.createAndUpdateTopicConfig(broker.address, { topic: 'FxTopic2', readQueueNums: 4, writeQueueNums: 4, perm: 6 });
      // The producer's two messages, its trace message, then the consumer's three trace messages,
      // to this broker (the captured broker name is broker-a5).
      const requests = [...sends('rocketmq-5.3.3-more/trace-producer-java'), ...sends('rocketmq-5.3.3-more/trace-consumer-java')];
      expect(requests.map((r) => r.extFields!.b)).toEqual(['FxTopic2', 'FxTopic2', 'RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRACE_TOPIC']);
      for (const r of requests) {
        const answer = await client.invoke(broker.address, { ...r, extFields: { ...r.extFields!, n: 'broker-a' } });
        expect([r.extFields!.b, answer.code, answer.remark ?? null]).toEqual([r.extFields!.b, 0, null]);
        // The producer's trace hook writes a Pub record only when the answer says so.
        expect(answer.extFields).toMatchObject({ TRACE_ON: 'true', MSG_REGION: 'DefaultRegion' });
      }
      // The trace topic was created from TBW102 and routed.
      expect((await admin.examineTopicRoute('RMQ_SYS_TRACE_TOPIC')).queueDatas[0]!.writeQueueNums).toBeGreaterThan(0);

      const id = 'FD00000000000000000000000000000272135FFD2B27104B33800000';
      const byKey = await queryMessagesByIndex(admin, { topic: 'RMQ_SYS_TRACE_TOPIC', key: id });
      expect(byKey.messages).toHaveLength(2);

      const trace = await queryMessageTrace(admin, { msgId: id });
      expect(trace.message).toMatchObject({ topic: 'FxTopic2', tags: 'TagA', keys: 'fx2trace-0', msgType: 'Normal_Msg', bodyLength: 10 });
      expect(trace.events.map((e) => e.kind)).toEqual(['sent', 'stored', 'consumed']);
      expect(trace.events[0]).toMatchObject({ group: 'RefTraceProducerGroup', costMs: 18, success: true, clientHost: '127.0.0.1' });
      expect(trace.consumers).toEqual([{ group: 'FxTraceGroup2', attempts: 1, retries: 0, status: 'consumed', lastTime: 1796356569765, clients: ['127.0.0.1'] }]);

      // Another id of the consumer's batches: its producer did not trace it, and three stored
      // messages carry it (queues 0, 1 and 2 in the consumer's transcript): three deliveries.
      const untracedSend = await queryMessageTrace(admin, { msgId: 'FD000000000000000000000000000002613C4E0E2F2A1048A3200000' });
      expect(untracedSend.message).toBeNull();
      expect(untracedSend.events.map((e) => [e.kind, e.kind === 'consumed' ? [e.group, e.success, e.reconsumeTimes] : null])).toEqual([
        ['consumed', ['FxTraceGroup2', true, 0]],
        ['consumed', ['FxTraceGroup2', true, 0]],
        ['consumed', ['FxTraceGroup2', true, 0]],
      ]);
      expect(untracedSend.consumers).toMatchObject([{ group: 'FxTraceGroup2', attempts: 3, retries: 0, status: 'consumed' }]);
    } finally {
      await client.close();
      await admin.close();
    }
  });
});
