// The broker's settings as GET_BROKER_CONFIG / UPDATE_BROKER_CONFIG see them (messages.md B.2,
// framing.md §11): one flat map of Java-named keys with string values, typed by their defaults.
// Updates are persisted to config/broker.properties so they survive a restart, as a Java
// broker started with a config file does.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { formatJavaProperties, parseJavaProperties } from '../../protocol/properties.js';
import { writeFileSync, mkdirSync } from 'node:fs';

export interface BrokerIdentity {
  brokerName: string;
  clusterName: string;
  brokerId: number;
  host: string;
  port: number;
  namesrvAddr: string;
  dataDir: string;
  flush: 'async' | 'sync';
}

const BLACKLIST = new Set(['brokerConfigPath', 'rocketmqHome', 'configBlackList', 'storePathRootDir', 'storePathCommitLog', 'listenPort', 'brokerName', 'brokerClusterName', 'brokerId', 'brokerIP1']);

function defaults(id: BrokerIdentity): Record<string, string> {
  return {
    brokerName: id.brokerName,
    brokerClusterName: id.clusterName,
    brokerId: String(id.brokerId),
    brokerIP1: id.host,
    brokerIP2: id.host,
    listenPort: String(id.port),
    namesrvAddr: id.namesrvAddr,
    storePathRootDir: join(id.dataDir, 'store'),
    storePathCommitLog: join(id.dataDir, 'store', 'commitlog'),
    brokerConfigPath: join(id.dataDir, 'config', 'broker.properties'),
    rocketmqHome: id.dataDir,
    configBlackList: 'configBlackList;brokerConfigPath',
    brokerRole: 'ASYNC_MASTER',
    flushDiskType: id.flush === 'sync' ? 'SYNC_FLUSH' : 'ASYNC_FLUSH',
    autoCreateTopicEnable: 'true',
    autoCreateSubscriptionGroup: 'true',
    brokerPermission: '6',
    defaultTopicQueueNums: '8',
    clusterTopicEnable: 'true',
    brokerTopicEnable: 'true',
    traceTopicEnable: 'false',
    traceOn: 'true',
    regionId: 'DefaultRegion',
    rejectTransactionMessage: 'true',
    notifyConsumerIdsChangedEnable: 'true',
    longPollingEnable: 'true',
    shortPollingTimeMills: '1000',
    useServerSideResetOffset: 'true',
    enablePropertyFilter: 'false',
    registerNameServerPeriod: '30000',
    channelExpiredTimeout: '120000',
    messageDelayLevel: '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
    maxMessageSize: String(4 * 1024 * 1024),
    mappedFileSizeCommitLog: String(1024 * 1024 * 1024),
    mappedFileSizeConsumeQueue: String(300000 * 20),
    maxTransferCountOnMessageInMemory: '32',
    maxTransferBytesOnMessageInMemory: '262144',
    fileReservedTime: '72',
    // A Java broker's default is its processor count (exportMetrics reports it as cpuNum).
    clientCallbackExecutorThreads: String(availableParallelism()),
    deleteWhen: '04',
    sendMessageThreadPoolNums: '4',
    pullMessageThreadPoolNums: '16',
    defaultQueryMaxNum: '32',
    maxMsgsNumBatch: '64',
    fetchNamesrvAddrByAddressServer: 'false',
    enableDLQ: 'true',
    retryQueueNums: '1',
    offsetCheckInSlave: 'false',
  };
}

export class BrokerConfig {
  private readonly values: Record<string, string>;
  private readonly file: string;
  /** Bumped on every update; sent as the `version` header of GET_BROKER_CONFIG. */
  private version = { counter: 0, stateVersion: 0, timestamp: Date.now() };

  constructor(id: BrokerIdentity, overrides: Record<string, string> = {}) {
    this.values = defaults(id);
    this.file = join(id.dataDir, 'config', 'broker.properties');
    // Settings changed earlier with UPDATE_BROKER_CONFIG, then explicit overrides.
    if (existsSync(this.file)) {
      for (const [k, v] of Object.entries(parseJavaProperties(readFileSync(this.file)))) if (k in this.values && !BLACKLIST.has(k)) this.values[k] = v;
    }
    Object.assign(this.values, overrides);
  }

  get(key: string): string | undefined {
    return this.values[key];
  }

  bool(key: string): boolean {
    return (this.values[key] ?? '').toLowerCase() === 'true';
  }

  num(key: string): number {
    return Number(this.values[key]);
  }

  all(): Record<string, string> {
    return { ...this.values };
  }

  /** Sorted `key=value` lines, as a 5.x broker answers GET_BROKER_CONFIG. */
  toText(): string {
    return formatJavaProperties(this.values, { sort: true });
  }

  versionJson(): string {
    return JSON.stringify(this.version);
  }

  /**
   * Applies an UPDATE_BROKER_CONFIG body. Like Java: unknown keys are ignored, blacklisted keys
   * refuse the whole update. Returns the keys changed, or an error text.
   */
  update(body: Buffer | string): { changed: string[] } | { error: string } {
    const props = parseJavaProperties(body);
    const blacklist = new Set([...BLACKLIST, ...(this.values.configBlackList ?? '').split(';').map((s) => s.trim()).filter(Boolean)]);
    if (Object.keys(props).some((k) => blacklist.has(k))) return { error: 'Can not update config in black list.' };
    const changed: string[] = [];
    for (const [k, v] of Object.entries(props)) {
      if (!(k in this.values)) continue;
      // Java converts by the field's type: a boolean field reads anything but "true" as false.
      const current = this.values[k]!;
      const next = current === 'true' || current === 'false' ? String(v.trim().toLowerCase() === 'true') : v.trim();
      if (next !== current) {
        this.values[k] = next;
        changed.push(k);
      }
    }
    if (changed.length > 0) {
      this.version = { ...this.version, counter: this.version.counter + 1, timestamp: Date.now() };
      this.persist();
    }
    return { changed };
  }

  private persist(): void {
    const keep: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.values)) if (!BLACKLIST.has(k)) keep[k] = v;
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileSync(this.file, formatJavaProperties(keep, { sort: true }));
  }
}
