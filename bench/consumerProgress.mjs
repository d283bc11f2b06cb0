// Benchmark: `mqadmin consumerProgress` (every group) over a dev cluster holding 1,000 consumer
// groups, each with committed offsets on a topic with messages. Starts the cluster with
// `mqadmin dev up` in a temporary data directory on free ports, times the command (median of
// alternating runs), checks it listed every group, and stops the cluster. Not a test.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MQAdmin, defineRequest, RequestCode } from '../dist/index.js';
import { updateConsumerOffset } from '../dist/protocol/requests/consumer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUN = join(root, 'bin', 'run.js');
const GROUPS = Number(process.env.BENCH_GROUPS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUEUES = 4;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const createGroup = defineRequest({
  code: RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  body: ({ groupName }) => JSON.stringify({ groupName }),
  decode: () => undefined,
});

const dataDir = mkdtempSync(join(tmpdir(), 'mqadmin-bench-cp-'));
const env = { ...process.env, NO_COLOR: '1', CI: 'true' };
const run = (...args) => spawnSync(process.execPath, [RUN, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const namesrvPort = await freePort();
const brokerPort = await freePort();
const namesrvAddr = `127.0.0.1:${namesrvPort}`;

const up = run('dev', 'up', '--data-dir', dataDir, '--namesrv-port', String(namesrvPort), '--broker-port', String(brokerPort), '--json');
if (up.status !== 0) {
  console.error(up.stdout, up.stderr);
  process.exit(1);
}

const times = [];
let listed = 0;
try {
  const admin = new MQAdmin({ namesrvAddr, concurrency: 64 });
  const info = await admin.examineClusterInfo();
  const broker = Object.values(info.brokerAddrTable)[0];
  const addr = broker.brokerAddrs['0'];
  await admin.createAndUpdateTopicConfig(addr, { topic: 'BenchCpTopic', readQueueNums: QUEUES, writeQueueNums: QUEUES, perm: 6 });
  const names = Array.from({ length: GROUPS }, (_, i) => `BenchGroup-${String(i).padStart(4, '0')}`);
  const settled = await admin.fanOut(names, async (groupName, i) => {
    await admin.call(addr, createGroup, { groupName });
    for (let q = 0; q < QUEUES; q++) {
      await admin.call(addr, updateConsumerOffset, { consumerGroup: groupName, topic: 'BenchCpTopic', queueId: q, brokerName: broker.brokerName, commitOffset: 0 });
    }
    return i;
  });
  const failed = settled.filter((s) => !s.ok);
  if (failed.length > 0) throw failed[0].error;
  await admin.close();

  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const r = run('consumerProgress', '-n', namesrvAddr, '--json');
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== 0) throw new Error(`consumerProgress exited ${r.status}: ${r.stderr}`);
    listed = JSON.parse(r.stdout).groups.filter((g) => g.group.startsWith('BenchGroup-')).length;
  }
} finally {
  run('dev', 'down', '--data-dir', dataDir);
  rmSync(dataDir, { recursive: true, force: true });
}

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`\nconsumerProgress over ${GROUPS} groups (dev cluster, 1 broker, ${RUNS} runs)`);
console.log(`${'groups listed'.padEnd(26)}${String(listed).padStart(10)}`);
console.log(`${'wall time (median)'.padEnd(26)}${median.toFixed(0).padStart(10)} ms`);
console.log(`${'wall time (min / max)'.padEnd(26)}${`${times[0].toFixed(0)} / ${times[times.length - 1].toFixed(0)}`.padStart(10)} ms`);
if (listed !== GROUPS) {
  console.error(`expected ${GROUPS} groups, listed ${listed}`);
  process.exitCode = 1;
}
