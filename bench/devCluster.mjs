// `npm run bench` (second part): the embedded cluster. Time from `mqadmin dev up` to ready
// (measured around the command, which returns once every broker is registered and serving),
// then send and consume throughput of 1 KiB messages through ali-ons (a third-party client),
// and the peak memory of the cluster process. Not a test: figures depend on the machine.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MQAdmin } from '../dist/index.js';

const require = createRequire(import.meta.url);
const { Producer, Consumer, Message } = require('ali-ons');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUN = join(root, 'bin', 'run.js');
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20000);
const CONCURRENCY = 32;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const dataDir = mkdtempSync(join(tmpdir(), 'mqadmin-bench-dev-'));
const namesrvPort = await freePort();
const brokerPort = await freePort();
const env = { ...process.env, NO_COLOR: '1', CI: 'true' };
const cli = (...args) => spawnSync(process.execPath, [RUN, ...args, '--data-dir', dataDir], { env, encoding: 'utf8' });

const upStarted = process.hrtime.bigint();
const up = cli('dev', 'up', '--namesrv-port', String(namesrvPort), '--broker-port', String(brokerPort), '--json');
const upMs = Number(process.hrtime.bigint() - upStarted) / 1e6;
if (up.status !== 0) {
  console.error(up.stdout, up.stderr);
  process.exit(1);
}
const status = JSON.parse(cli('dev', 'status', '--json').stdout);
const pid = status.pid ?? status.process?.pid;
const namesrvAddr = `127.0.0.1:${namesrvPort}`;

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const httpclient = { request() { throw new Error('no address server'); }, curl() { throw new Error('no address server'); } };

let sendRate = 0;
let consumeRate = 0;
try {
  const admin = new MQAdmin({ namesrvAddr });
  const info = await admin.examineClusterInfo();
  for (const b of Object.values(info.brokerAddrTable)) {
    await admin.createAndUpdateTopicConfig(b.brokerAddrs['0'], { topic: 'BenchTopic', readQueueNums: 8, writeQueueNums: 8, perm: 6 });
  }
  await admin.close();

  const body = Buffer.alloc(1024, 'x');
  const producer = new Producer({ nameSrv: namesrvAddr, producerGroup: 'BenchProducer', httpclient, logger: quiet, instanceName: `bench-p-${process.pid}` });
  producer.on('error', () => undefined);
  await producer.ready();
  let sent = 0;
  const sendStarted = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < MESSAGES) {
        sent++;
        const r = await producer.send(new Message('BenchTopic', 'TagA', body));
        if (r.sendStatus !== 'SEND_OK') throw new Error(`send: ${r.sendStatus}`);
      }
    }),
  );
  sendRate = MESSAGES / (Number(process.hrtime.bigint() - sendStarted) / 1e9);
  await producer.close();

  let received = 0;
  const consumer = new Consumer({ nameSrv: namesrvAddr, consumerGroup: 'BenchConsumer', httpclient, logger: quiet, instanceName: `bench-c-${process.pid}`, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', rebalanceInterval: 1000, persistConsumerOffsetInterval: 1000 });
  consumer.on('error', () => undefined);
  const consumeStarted = process.hrtime.bigint();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${received} of ${MESSAGES} in 120 s`)), 120_000);
    consumer.subscribe('BenchTopic', '*', async () => {
      received++;
      if (received === MESSAGES) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  consumeRate = MESSAGES / (Number(process.hrtime.bigint() - consumeStarted) / 1e9);
  await consumer.close();
} finally {
  let peakMb = NaN;
  try {
    const statusText = readFileSync(`/proc/${pid}/status`, 'utf8');
    peakMb = Number(/VmHWM:\s+(\d+) kB/.exec(statusText)?.[1]) / 1024;
  } catch {
    // Not Linux, or the process is gone: no peak memory figure.
  }
  cli('dev', 'down');
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`\nembedded cluster benchmark (${MESSAGES} messages of 1 KiB, ali-ons, ${CONCURRENCY} sends in flight)`);
  console.log(`${'dev up -> ready'.padEnd(26)}${upMs.toFixed(0).padStart(10)} ms`);
  console.log(`${'send throughput'.padEnd(26)}${sendRate.toFixed(0).padStart(10)} msg/s`);
  console.log(`${'consume throughput'.padEnd(26)}${consumeRate.toFixed(0).padStart(10)} msg/s`);
  console.log(`${'cluster peak RSS'.padEnd(26)}${peakMb.toFixed(1).padStart(10)} MB`);
  process.exit(0);
}
