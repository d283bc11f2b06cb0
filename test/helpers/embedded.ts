// An embedded cluster for integration tests: a NameServer and brokers in this process, on
// ephemeral loopback ports, over a temporary data directory that the test removes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerController, type BrokerOptions } from '../../src/dev/broker/brokerController.js';
import { NameServer } from '../../src/dev/namesrv/nameServer.js';

export interface EmbeddedCluster {
  dataDir: string;
  namesrv: NameServer;
  namesrvAddr: string;
  brokers: BrokerController[];
  /** Stops everything; keeps the data directory (restart with `restartEmbedded`). */
  stop(): Promise<void>;
  /** Stops everything and removes the data directory. */
  destroy(): Promise<void>;
}

export interface EmbeddedOptions {
  brokers?: number;
  dataDir?: string;
  brokerOptions?: Partial<BrokerOptions>;
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedCluster> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mqadmin-it-'));
  const namesrv = new NameServer({ host: '127.0.0.1', port: 0, dataDir: join(dataDir, 'namesrv') });
  const { port } = await namesrv.start();
  const namesrvAddr = `127.0.0.1:${port}`;
  const brokers: BrokerController[] = [];
  try {
    for (let i = 0; i < (options.brokers ?? 1); i++) {
      const name = `broker-${String.fromCharCode(97 + i)}`;
      const broker = new BrokerController({
        brokerName: name,
        clusterName: 'DefaultCluster',
        port: 0,
        namesrvAddrs: [namesrvAddr],
        dataDir: join(dataDir, name),
        ...options.brokerOptions,
      });
      await broker.start();
      brokers.push(broker);
    }
  } catch (err) {
    for (const b of brokers) await b.close();
    await namesrv.close();
    throw err;
  }
  const stop = async () => {
    for (const b of brokers) await b.close();
    await namesrv.close();
  };
  return {
    dataDir,
    namesrv,
    namesrvAddr,
    brokers,
    stop,
    async destroy() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
