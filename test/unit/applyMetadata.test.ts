// readMetadataFile: what applyMetadata takes from an exported file, and what it refuses.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMetadataFile } from '../../src/admin/applyMetadata.js';
import { InvalidArgumentError } from '../../src/admin/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'mqadmin-apply-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const topic = (extra: object = {}) => ({ readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0, order: false, ...extra });

describe('readMetadataFile', () => {
  it('keeps user topics and groups, skips system ones with the reason', () => {
    const meta = readMetadataFile(
      file(
        'm.json',
        JSON.stringify({
          topicConfigTable: { T1: topic({ perm: 7 }), TBW102: topic(), rmq_sys_x: topic(), '%RETRY%G1': topic(), BAD: topic({ perm: 1 }) },
          subscriptionGroupTable: { G1: { groupName: 'G1', retryMaxTimes: 3 }, DEFAULT_CONSUMER: { groupName: 'DEFAULT_CONSUMER' }, CID_RMQ_SYS_A: { groupName: 'CID_RMQ_SYS_A' } },
          exportTime: 1,
        }),
      ),
    );
    expect([...meta.topics.keys()]).toEqual(['T1']);
    expect(meta.topics.get('T1')!.perm).toBe(6);
    expect([...meta.groups.keys()]).toEqual(['G1']);
    expect(meta.skipped.map((s) => `${s.kind} ${s.name}`).sort()).toEqual(
      ['group CID_RMQ_SYS_A', 'group DEFAULT_CONSUMER', 'topic %RETRY%G1', 'topic BAD', 'topic TBW102', 'topic rmq_sys_x'],
    );
  });

  it('takes a topic.json or subscriptionGroup.json alone', () => {
    expect(readMetadataFile(file('t.json', JSON.stringify({ topicConfigTable: { T: topic() }, dataVersion: {} }))).topics.size).toBe(1);
    expect(readMetadataFile(file('g.json', JSON.stringify({ subscriptionGroupTable: { G: { groupName: 'G' } } }))).groups.size).toBe(1);
  });

  it('refuses what is not a metadata export (exit 2)', () => {
    for (const text of ['[]', '{}', '{"topicConfigTable":[]}', 'not json', '{"topicConfigTable":{"T":{"readQueueNums":"x","writeQueueNums":1,"perm":6}}}']) {
      expect(() => readMetadataFile(file('bad.json', text)), text).toThrow(InvalidArgumentError);
    }
    expect(() => readMetadataFile(join(dir, 'missing.json'))).toThrow(/does not exist/);
  });
});
