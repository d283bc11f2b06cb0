// checkRocksdbCqWriteProgress, rocksDBConfigToJson and dumpCompactionLog below the CLI: the 354
// and 355 requests carry the Java tool's extFields and their answers decode (no captures of
// these codes exist: the 5.3.3 capture broker had no RocksDB store, so the bodies here are the
// shapes of admin-commands.md §4.6 / §6.6); the Java MessageExt.toString() of a stored record,
// with properties in Java HashMap order as the 5.3.3 consumeMessage transcript printed them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dumpCompactionLog, javaHashMapOrder, javaMessageExtString, javaSocketAddress } from '../../src/admin/compactionLog.js';
import { InvalidArgumentError, NotFoundError } from '../../src/admin/errors.js';
import { localRocksDBUnsupported, parseConfigTypes } from '../../src/admin/rocksdb.js';
import { RequestCode, ResponseCode } from '../../src/protocol/codes.js';
import { ProtocolError, ResponseError } from '../../src/protocol/errors.js';
import { encodeMessage } from '../../src/protocol/message.js';
import { buildRequest, readResponse } from '../../src/protocol/requests/define.js';
import { checkRocksdbCqWriteProgress, checkStatusName, configTypeHeader, exportRocksDBConfigToJson } from '../../src/protocol/requests/rocksdb.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { transcript } from '../helpers/fixtures.js';

const answer = (code: number, body: string | null, remark: string | null = null): RemotingCommand => ({
  code, language: 'JAVA', version: 479, opaque: 1, flag: 1, remark, extFields: null, body: body === null ? null : Buffer.from(body), serializeType: 'JSON',
});

describe('CHECK_ROCKSDB_CQ_WRITE_PROGRESS (354)', () => {
  it('sends topic and checkStoreTime; decodes CheckRocksdbCqWriteResult', () => {
    expect(RequestCode.CHECK_ROCKSDB_CQ_WRITE_PROGRESS).toBe(354);
    const req = buildRequest(checkRocksdbCqWriteProgress, { topic: '', checkStoreTime: 1700000000000 });
    expect(req.code).toBe(354);
    expect(req.extFields).toEqual({ topic: '', checkStoreTime: '1700000000000' });
    const r = readResponse(checkRocksdbCqWriteProgress, answer(0, '{"checkResult":"","checkStatus":2}'), { topic: '', checkStoreTime: 0 }, 'b:1');
    expect(r).toEqual({ checkResult: '', checkStatus: 2 });
    expect(checkStatusName(2)).toBe('CHECK_IN_PROGRESS');
    expect(checkStatusName(3)).toBe('CHECK_ERROR');
    expect(checkStatusName(9)).toBe('UNKNOWN(9)');
    // A Java default object: no checkResult, status 0.
    expect(readResponse(checkRocksdbCqWriteProgress, answer(0, '{}'), { topic: 'T', checkStoreTime: 0 }, 'b:1')).toEqual({ checkResult: null, checkStatus: 0 });
    expect(() => readResponse(checkRocksdbCqWriteProgress, answer(0, '{"checkStatus":"x"}'), { topic: 'T', checkStoreTime: 0 }, 'b:1')).toThrow(ProtocolError);
    expect(() => readResponse(checkRocksdbCqWriteProgress, answer(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, null, ' request type 354 not supported'), { topic: 'T', checkStoreTime: 0 }, 'b:1')).toThrow(ResponseError);
  });
});

describe('EXPORT_ROCKSDB_CONFIG_TO_JSON (355)', () => {
  it('sends every type followed by ";"; the answer is the remark', () => {
    expect(RequestCode.EXPORT_ROCKSDB_CONFIG_TO_JSON).toBe(355);
    const req = buildRequest(exportRocksDBConfigToJson, { configTypes: ['topics', 'subscriptionGroups', 'consumerOffsets'] });
    expect(req.extFields).toEqual({ configType: 'topics;subscriptionGroups;consumerOffsets;' });
    expect(configTypeHeader(['consumerOffsets'])).toBe('consumerOffsets;');
    expect(readResponse(exportRocksDBConfigToJson, answer(0, null, 'export done.'), { configTypes: ['topics'] }, 'b:1')).toBe('export done.');
    expect(() => readResponse(exportRocksDBConfigToJson, answer(1, null, 'java.io.IOException: disk full'), { configTypes: ['topics'] }, 'b:1')).toThrow(/disk full/);
  });

  it('-t: case-insensitive, ";"-joined, default all three; anything else is a usage error', () => {
    expect(parseConfigTypes(undefined)).toEqual(['topics', 'subscriptionGroups', 'consumerOffsets']);
    expect(parseConfigTypes('TOPICS;consumeroffsets;')).toEqual(['topics', 'consumerOffsets']);
    expect(() => parseConfigTypes('topics;brokers')).toThrow(/Invalid configType: brokers/);
    expect(localRocksDBUnsupported('rocksDBConfigToJson', '/x')).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('dumpCompactionLog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqadmin-compaction-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('orders properties as Java HashMap(128) does (the 5.3.3 consumeMessage transcript)', () => {
    const java = /properties=\{([^}]*)\}/.exec(transcript('rocketmq-5.3.3-more/consumeMessage'))![1]!.split(', ').map((kv) => kv.split('=')[0]!);
    // Any insertion order but UNIQ_KEY's before CLUSTER's: they share a bucket, kept in insertion order.
    const shuffled = [...java.filter((k) => k !== 'CLUSTER').sort(), 'CLUSTER'];
    expect(javaHashMapOrder(shuffled)).toEqual(java);
    expect(javaSocketAddress('127.0.0.1:10911')).toBe('/127.0.0.1:10911');
    expect(javaSocketAddress('[::1]:10911')).toBe('/0:0:0:0:0:0:0:1:10911');
    expect(javaSocketAddress('[fd00::2:67]:1')).toBe('/fd00:0:0:0:0:0:2:67:1');
  });

  it('prints each record of a commit-log-format file as MessageExt.toString() without the body, stopping at the BLANK filler', async () => {
    const base = { queueId: 1, bornTimestamp: 1700000000000, bornHost: '127.0.0.1:50000', storeTimestamp: 1700000000100, storeHost: '127.0.0.1:10911' };
    const a = encodeMessage({ ...base, topic: 'CompactT', queueOffset: 0, commitLogOffset: 0, body: 'v1', properties: { KEYS: 'k1', UNIQ_KEY: 'AC11000100002A9F0000000000000001', TAGS: 'TagA' } });
    const b = encodeMessage({ ...base, topic: 'CompactT', queueOffset: 1, commitLogOffset: a.length, body: 'value-2', properties: { KEYS: 'k2' } });
    const blank = Buffer.alloc(8);
    blank.writeInt32BE(72, 0);
    blank.writeInt32BE(-875286124, 4);
    const file = join(dir, '00000000000000000000');
    writeFileSync(file, Buffer.concat([a, b, blank, Buffer.alloc(64)]));
    const r = await dumpCompactionLog(file);
    expect(r.messages).toHaveLength(2);
    expect(r.endOffset).toBe(a.length + b.length);
    expect(r.stopReason).toMatch(/BLANK/);
    expect(r.messages[1]!.bodyLength).toBe(7);
    const line = javaMessageExtString(r.messages[0]!);
    expect(line).toBe(
      `MessageExt [brokerName=null, queueId=1, storeSize=${a.length}, queueOffset=0, sysFlag=0, bornTimestamp=1700000000000, bornHost=/127.0.0.1:50000, ` +
        `storeTimestamp=1700000000100, storeHost=/127.0.0.1:10911, msgId=${r.messages[0]!.offsetMsgId}, commitLogOffset=0, bodyCRC=${r.messages[0]!.bodyCRC}, ` +
        `reconsumeTimes=0, preparedTransactionOffset=0, toString()=Message{topic='CompactT', flag=0, properties={UNIQ_KEY=AC11000100002A9F0000000000000001, TAGS=TagA, KEYS=k1}, body=null, transactionId='null'}]`,
    );
    expect(r.messages[0]!.offsetMsgId).toMatch(/^7F00000100002A9F0{16}$/);

    // Zero-filled tail, and a record whose TOTALSIZE is larger than the file.
    writeFileSync(file, Buffer.concat([a, Buffer.alloc(100)]));
    expect((await dumpCompactionLog(file)).stopReason).toMatch(/zero-filled from offset/);
    const big = Buffer.from(a);
    big.writeInt32BE(1 << 30, 0);
    writeFileSync(file, big);
    const none = await dumpCompactionLog(file);
    expect(none.messages).toEqual([]);
    expect(none.stopReason).toMatch(/not a record size/);
  });

  it('a missing file is not found; a directory or no name is a usage error', async () => {
    await expect(dumpCompactionLog(join(dir, 'nope'))).rejects.toThrow(NotFoundError);
    await expect(dumpCompactionLog(join(dir, 'nope'))).rejects.toThrow(/not exist\.$/);
    await expect(dumpCompactionLog(dir)).rejects.toThrow(/is a directory\.$/);
    await expect(dumpCompactionLog('')).rejects.toThrow(InvalidArgumentError);
  });
});
