// A NameServer and a broker from the built package (dist/), in a child process that a test
// can kill -9. Prints one JSON line with the addresses once serving.
//   node clusterChild.mjs <dataDir> <sync|async>
import { join } from 'node:path';
import { BrokerController } from '../../dist/dev/broker/brokerController.js';
import { NameServer } from '../../dist/dev/namesrv/nameServer.js';

const [dataDir, flush = 'sync'] = process.argv.slice(2);
const namesrv = new NameServer({ host: '127.0.0.1', port: 0, dataDir: join(dataDir, 'namesrv') });
const { port } = await namesrv.start();
const broker = new BrokerController({
  brokerName: 'broker-a',
  clusterName: 'DefaultCluster',
  port: 0,
  namesrvAddrs: [`127.0.0.1:${port}`],
  dataDir: join(dataDir, 'broker-a'),
  flush,
});
await broker.start();
process.stdout.write(`${JSON.stringify({ namesrv: `127.0.0.1:${port}`, broker: broker.address })}\n`);
