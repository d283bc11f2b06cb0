// bin/run.js end to end for updateTopicPerm and the NameServer commands against an in-process
// dev cluster: exit codes, tables, --json, and the state read back with other commands.

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
afterEach(async () => {
  await cluster?.destroy();
  cluster = undefined;
});

describe('updateTopicPerm', () => {
  it('read-only needs --yes without a terminal; prints before -> after; bad perm 2, unknown 4', async () => {
    cluster = await startEmbedded();
    const n = ['-n', cluster.namesrvAddr];
    expect((await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'PermE2E'])).code).toBe(0);

    const refused = await runCli(['updateTopicPerm', ...n, '-c', 'DefaultCluster', '-t', 'PermE2E', '-p', '4']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/broker-a: 6 \(RW-\) -> 4 \(R--\).*pass --yes/);
    const dry = await runCli(['updateTopicPerm', ...n, '-c', 'DefaultCluster', '-t', 'PermE2E', '-p', '4', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/broker-a\s+\S+\s+6 \(RW-\)\s+4 \(R--\)\s+update/);
    expect(JSON.parse((await runCli(['topicRoute', ...n, '-t', 'PermE2E', '--json'])).stdout).queueDatas[0].perm).toBe(6);

    const done = await runCli(['updateTopicPerm', ...n, '-c', 'DefaultCluster', '-t', 'PermE2E', '-p', '4', '--yes']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/broker-a\s+\S+\s+6 \(RW-\)\s+4 \(R--\)\s+updated/);
    expect(JSON.parse((await runCli(['topicRoute', ...n, '-t', 'PermE2E', '--json'])).stdout).queueDatas[0].perm).toBe(4);

    // Giving write back is not lossy: no --yes needed.
    const back = await runCli(['updateTopicPerm', ...n, '-b', cluster.brokers[0]!.address, '-t', 'PermE2E', '-p', '6', '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ topic: 'PermE2E', perm: 6, brokers: [{ brokerName: 'broker-a', before: 4, after: 6, outcome: 'updated' }], failures: [] });

    expect((await runCli(['updateTopicPerm', ...n, '-c', 'DefaultCluster', '-t', 'PermE2E', '-p', '5'])).code).toBe(2);
    expect((await runCli(['updateTopicPerm', ...n, '-c', 'DefaultCluster', '-t', 'PermE2E'])).code).toBe(2);
    const noTopic = await runCli(['updateTopicPerm', ...n, '-c', 'DefaultCluster', '-t', 'NoSuch', '-p', '6', '--json']);
    expect(noTopic.code).toBe(4);
    expect(JSON.parse(noTopic.stdout).error.kind).toBe('not_found');
    expect((await runCli(['updateTopicPerm', ...n, '-c', 'Nope', '-t', 'PermE2E', '-p', '6'])).code).toBe(4);
  });
});

describe('NameServer commands', () => {
  it('getNamesrvConfig / updateNamesrvConfig: read back, unknown key 2, a dead NameServer 3', async () => {
    cluster = await startEmbedded();
    const ns = cluster.namesrvAddr;
    const n = ['-n', ns];
    const shown = await runCli(['getNamesrvConfig', ...n, '-k', 'order']);
    expect(shown.code).toBe(0);
    expect(shown.stdout.trimEnd().split('\n')).toEqual([ns, '  orderMessageEnable              false', '  returnOrderTopicConfigToBroker  true']);

    const upd = await runCli(['updateNamesrvConfig', ...n, '-k', 'orderMessageEnable', '-v', 'true']);
    expect(upd.code).toBe(0);
    expect(upd.stdout).toMatch(new RegExp(`${ns}\\s+orderMessageEnable\\s+false\\s+true\\s+changed`));
    const json = JSON.parse((await runCli(['getNamesrvConfig', ...n, '--json'])).stdout);
    expect(json.namesrvs[ns].orderMessageEnable).toBe('true');
    expect(json.failures).toEqual([]);

    const typo = await runCli(['updateNamesrvConfig', ...n, '-k', 'orderMessageEnabled', '-v', 'true', '--json']);
    expect(typo.code).toBe(2);
    expect(JSON.parse(typo.stdout).error.remedy).toMatch(/did you mean orderMessageEnable/);

    const partial = await runCli(['getNamesrvConfig', '-n', `${ns};127.0.0.1:1`, '--json', '--timeout', '2000']);
    expect(partial.code).toBe(3);
    expect(Object.keys(JSON.parse(partial.stdout).namesrvs)).toEqual([ns]);
    expect(partial.stderr).toMatch(/127\.0\.0\.1:1/);
  });

  it('updateKvConfig / deleteKvConfig per NameServer; deleting what is not there is exit 4', async () => {
    cluster = await startEmbedded();
    const ns = cluster.namesrvAddr;
    const n = ['-n', ns];
    const put = await runCli(['updateKvConfig', ...n, '-s', 'MyNS', '-k', 'k1', '-v', 'v1']);
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(new RegExp(`${ns}\\s+-\\s+v1\\s+set`));
    const del = await runCli(['deleteKvConfig', ...n, '-s', 'MyNS', '-k', 'k1', '--json']);
    expect(del.code).toBe(0);
    expect(JSON.parse(del.stdout)).toMatchObject({ namespace: 'MyNS', key: 'k1', namesrvs: [{ addr: ns, before: 'v1', after: null, outcome: 'deleted' }] });
    expect((await runCli(['deleteKvConfig', ...n, '-s', 'MyNS', '-k', 'k1'])).code).toBe(4);
    expect((await runCli(['updateKvConfig', ...n, '-s', 'MyNS', '-k', 'k1'])).code).toBe(2);

    const partial = await runCli(['updateKvConfig', '-n', `${ns};127.0.0.1:1`, '-s', 'MyNS', '-k', 'k2', '-v', 'v', '--timeout', '2000']);
    expect(partial.code).toBe(3);
    expect(partial.stdout).toMatch(new RegExp(`${ns}\\s+-\\s+v\\s+set`));
    expect(partial.stdout).toMatch(/127\.0\.0\.1:1\s+-\s+-\s+failed/);
  });

  it('wipeWritePerm --yes / addWritePerm: counts, route perms; an unknown broker name is exit 4', async () => {
    cluster = await startEmbedded();
    const n = ['-n', cluster.namesrvAddr];
    expect((await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'WpE2E'])).code).toBe(0);
    const wipe = await runCli(['wipeWritePerm', ...n, '-b', 'broker-a', '--yes', '--json']);
    expect(wipe.code).toBe(0);
    const wiped = JSON.parse(wipe.stdout);
    expect(wiped).toMatchObject({ brokerName: 'broker-a', action: 'wipe', failures: [] });
    expect(wiped.namesrvs[0].topicCount).toBeGreaterThanOrEqual(1);
    expect(JSON.parse((await runCli(['topicRoute', ...n, '-t', 'WpE2E', '--json'])).stdout).queueDatas[0].perm).toBe(4);

    const add = await runCli(['addWritePerm', ...n, '-b', 'broker-a']);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(new RegExp(`${cluster.namesrvAddr}\\s+${wiped.namesrvs[0].topicCount}$`, 'm'));
    expect(JSON.parse((await runCli(['topicRoute', ...n, '-t', 'WpE2E', '--json'])).stdout).queueDatas[0].perm).toBe(6);

    const unknown = await runCli(['wipeWritePerm', ...n, '-b', 'broker-z', '--yes', '--json']);
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.stdout).error.remedy).toMatch(/known broker names: broker-a/);
  });

  it('updateOrderConf put / get / delete; bad method 2; unknown broker 4', async () => {
    cluster = await startEmbedded();
    const n = ['-n', cluster.namesrvAddr];
    const put = await runCli(['updateOrderConf', ...n, '-t', 'OrdE2E', '-m', 'put', '-v', 'broker-a:4']);
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(/^Order configuration of topic OrdE2E/);
    const got = await runCli(['updateOrderConf', ...n, '-t', 'OrdE2E', '-m', 'get', '--json']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ method: 'get', key: 'OrdE2E', namesrvs: [{ value: 'broker-a:4' }] });
    expect((await runCli(['updateOrderConf', ...n, '-t', 'OrdE2E', '-m', 'delete'])).code).toBe(0);
    expect((await runCli(['updateOrderConf', ...n, '-t', 'OrdE2E', '-m', 'get'])).code).toBe(4);
    expect((await runCli(['updateOrderConf', ...n, '-t', 'OrdE2E', '-m', 'post'])).code).toBe(2);
    expect((await runCli(['updateOrderConf', ...n, '-t', 'OrdE2E', '-m', 'put', '-v', 'broker-a'])).code).toBe(2);
    expect((await runCli(['updateOrderConf', ...n, '-t', 'OrdE2E', '-m', 'put', '-v', 'broker-z:2'])).code).toBe(4);
  });
});
