// `npm run bench`: start-up cost of the CLI. Runs `mqadmin clusterList` against a local
// in-process cluster stand-in (a RemotingServer answering the NameServer and broker calls) and
// `node -e 0` alternately, and prints wall time and peak memory of each, side by side, with the
// ratio. Not a test: the numbers depend on the machine; the ratio is what to compare.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createResponse, RemotingServer, RequestCode } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);

const server = new RemotingServer({ host: '127.0.0.1', port: 0 });
const { port } = await server.listen();
const addr = `127.0.0.1:${port}`;
server.registerProcessor(RequestCode.GET_BROKER_CLUSTER_INFO, (req) =>
  createResponse(req, 0, {
    body: `{"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"${addr}"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}`,
  }),
);
server.registerProcessor(RequestCode.GET_BROKER_RUNTIME_INFO, (req) =>
  createResponse(req, 0, {
    body: JSON.stringify({ table: { brokerVersionDesc: 'V5_3_3', putTps: '1.0 1.0 1.0', getTransferredTps: '2.0 2.0 2.0', commitLogDiskRatio: '0.2' } }),
  }),
);

const dir = mkdtempSync(join(tmpdir(), 'mqadmin-bench-'));
const probe = pathToFileURL(join(root, 'bench', 'rss-probe.mjs')).href;

// spawnSync would block the in-process server, so the measured CLI runs in a child that is
// given the address, while this process keeps serving on its own event loop: use async spawn.
function measure(args) {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  writeFileSync(rssFile, '');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', probe, ...args], {
      env: { ...process.env, MQADMIN_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ ms, rssKb: Number(readFileSync(rssFile, 'utf8').trim()) });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const cli = [join(root, 'bin', 'run.js'), 'clusterList', '-n', addr];
const baseline = ['-e', '0'];
await measure(cli); // warm the file cache
const a = [];
const b = [];
for (let i = 0; i < runs; i++) {
  a.push(await measure(cli));
  b.push(await measure(baseline));
}
await server.close();
rmSync(dir, { recursive: true, force: true });

const row = (name, xs) => ({ name, ms: median(xs.map((x) => x.ms)), rssMb: median(xs.map((x) => x.rssKb)) / 1024 });
const cliRow = row('mqadmin clusterList', a);
const baseRow = row('node -e 0', b);
console.log(`start-up benchmark: median of ${runs} alternating runs each`);
console.log(`${'command'.padEnd(22)}${'wall ms'.padStart(10)}${'peak RSS MB'.padStart(14)}`);
for (const r of [cliRow, baseRow]) console.log(`${r.name.padEnd(22)}${r.ms.toFixed(1).padStart(10)}${r.rssMb.toFixed(1).padStart(14)}`);
console.log(`${'ratio'.padEnd(22)}${(cliRow.ms / baseRow.ms).toFixed(2).padStart(9)}x${(cliRow.rssMb / baseRow.rssMb).toFixed(2).padStart(13)}x`);
