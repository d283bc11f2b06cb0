// Users and ACLs over a cluster of two brokers with `dev up --auth`: as on a real 5.x cluster,
// each broker keeps its own, and the -c commands write every broker (one result each).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { processesUsing } from '../helpers/processes.js';

let dir: string;
let env: Record<string, string | undefined>;
let brokers: Array<{ name: string; addr: string }>;
const run = (args: string[]): Promise<CliResult> => runCli(args, { env, timeoutMs: 30_000 });
const asApp = (args: string[]) => run([...args, '--access-key', 'app2', '--secret-key', 'app2-password']);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-auth-2b-'));
  env = { MQADMIN_DEV_HOME: dir, NAMESRV_ADDR: undefined, MQADMIN_ACCESS_KEY: undefined, MQADMIN_SECRET_KEY: undefined, MQADMIN_PROFILE: undefined, XDG_CONFIG_HOME: dir, CI: '1' };
  const up = await runCli(['dev', 'up', '--auth', '--brokers', '2', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
  expect(up.code, up.stderr).toBe(0);
  brokers = (JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as { brokers: typeof brokers }).brokers;
}, 60_000);

afterAll(async () => {
  await runCli(['dev', 'down', '--grace', '2000'], { env });
  for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('dev up --auth --brokers 2', () => {
  it('createUser, createAcl and deleteUser -c act on each broker; the user works on both', async () => {
    const created = await run(['createUser', '-c', 'DefaultCluster', '-u', 'app2', '-p', 'app2-password', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).not.toContain('app2-password');
    const results = JSON.parse(created.stdout).brokers as Array<{ brokerName: string; outcome: string }>;
    expect(results.map((r) => [r.brokerName, r.outcome]).sort()).toEqual([['broker-a', 'created'], ['broker-b', 'created']]);

    expect((await run(['updateTopic', '-c', 'DefaultCluster', '-t', 'Two'])).code).toBe(0);
    for (const b of brokers) expect((await asApp(['sendMessage', '-t', 'Two', '-p', 'x', '-b', b.name])).code).toBe(6);
    const acl = await run(['createAcl', '-c', 'DefaultCluster', '-s', 'User:app2', '-r', 'Topic:Two', '-a', 'Pub', '-d', 'Allow']);
    expect(acl.code, acl.stderr).toBe(0);
    for (const b of brokers) {
      const sent = await asApp(['sendMessage', '-t', 'Two', '-p', 'x', '-b', b.name]);
      expect(sent.code, `${b.name}: ${sent.stderr}`).toBe(0);
    }

    const gone = await run(['deleteUser', '-c', 'DefaultCluster', '-u', 'app2', '--yes']);
    expect(gone.code, gone.stderr).toBe(0);
    for (const b of brokers) {
      const refused = await asApp(['sendMessage', '-t', 'Two', '-p', 'x', '-b', b.name]);
      expect(refused.code).toBe(6);
      expect(refused.stderr).toContain('User:app2 is not found.');
    }
  }, 90_000);
});
