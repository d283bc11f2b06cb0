// The embedded broker: one master (brokerId 0) that real RocketMQ clients produce to and
// consume from. It wires the store, the managers and the request processors to a
// RemotingServer on 127.0.0.1, and keeps itself registered with the NameServers
// (behaviours.md §4.1, §8).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RemotingClient, type ClientTlsOptions } from '../../remoting/client.js';
import { createRequest } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { RemotingServer, type ServerTlsOptions } from '../../remoting/server.js';
import { RequestCode } from '../../protocol/codes.js';
import { stringifyFastJson } from '../../protocol/fastjson.js';
import { bodyCrc } from '../../protocol/message.js';
import { DefaultMessageStore } from '../store/messageStore.js';
import type { MessageStore } from '../store/types.js';
import { BrokerConfig } from './brokerConfig.js';
import { ClientManager, type ClientChannelInfo } from './clientManager.js';
import { ConsumerOffsetManager } from './consumerOffsetManager.js';
import type { BrokerContext, Processor } from './context.js';
import { AclAccounts } from './acl/accounts.js';
import { aclProcessors, installAclHook } from './acl/processors.js';
import { authProcessors, installAuthHook } from './auth/processors.js';
import { AuthStore, type AuthFiles } from './auth/store.js';
import { adminProcessors } from './processors/admin.js';
import { clientProcessors } from './processors/client.js';
import { pullProcessor } from './processors/pull.js';
import { sendProcessor } from './processors/send.js';
import { PullRequestHoldService } from './pullHold.js';
import { ScheduleMessageService } from './schedule.js';
import { BrokerStats } from './stats.js';
import { SubscriptionGroupManager } from './subscriptionGroupManager.js';
import { SCHEDULE_TOPIC, TopicConfigManager, type TopicConfig } from './topicConfigManager.js';

export interface BrokerOptions {
  brokerName: string;
  clusterName: string;
  /** Interface to listen on and to advertise; never anything but loopback for the dev cluster. */
  host?: string;
  /** 0 = an ephemeral port. */
  port: number;
  namesrvAddrs: string[];
  dataDir: string;
  flush?: 'async' | 'sync';
  /** MQVersion ordinal presented to peers; 479 = V5_3_3. */
  version?: number;
  /** Settings to start with (GET_BROKER_CONFIG keys), e.g. autoCreateTopicEnable=false. */
  config?: Record<string, string>;
  /** Store geometry overrides, for tests. */
  store?: { commitLogSegmentSize?: number; indexSlots?: number; indexMaxEntries?: number };
  log?: (line: string) => void;
  /**
   * Plain ACL (4.9 ACL 1.0, auth.md §1): every request is checked against the accounts in
   * `file` (plain_acl.yml, possibly shared with other brokers). Off when absent.
   */
  acl?: { file: string };
  /**
   * Authentication and authorization 2.0 (5.x, auth.md §2): every request is authenticated and
   * authorized against the users and ACLs in `files` (possibly shared with other brokers), and
   * codes 3001-3010 manage them. Off when absent (the codes then answer as a broker without a
   * metadata provider). Not together with `acl`.
   */
  auth?: { files: AuthFiles };
  /**
   * TLS: `server` on the broker's port; `client` for its own connections (registration with the
   * NameServers), as a Java broker's useTLS follows an enforcing tls.server.mode (auth.md §5.3).
   */
  tls?: { server: ServerTlsOptions; client: ClientTlsOptions };
}

export interface BrokerSnapshot {
  brokerName: string;
  clusterName: string;
  addr: string;
  topics: string[];
  groups: string[];
  consumers: Array<{ group: string; clients: number }>;
  producers: Array<{ group: string; clients: number }>;
  diskBytes: number;
  messagesPut: number;
  commitLogMaxOffset: number;
}

const NOTIFY_TIMEOUT_MS = 5000;

export class BrokerController {
  private server: RemotingServer | undefined;
  private readonly namesrvClient: RemotingClient;
  private ctx: BrokerContext | undefined;
  private schedule: ScheduleMessageService | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private addr = '';
  private closing = false;

  constructor(private readonly options: BrokerOptions) {
    this.namesrvClient = new RemotingClient({
      requestTimeoutMs: 24_000,
      connectTimeoutMs: 3000,
      ...(options.tls ? { tls: options.tls.client } : {}),
    });
  }

  get address(): string {
    return this.addr;
  }

  get context(): BrokerContext {
    if (!this.ctx) throw new Error('the broker is not started');
    return this.ctx;
  }

  async start(): Promise<{ host: string; port: number }> {
    const o = this.options;
    const host = o.host ?? '127.0.0.1';
    const version = o.version ?? 479;
    const log = o.log ?? (() => undefined);
    const configDir = join(o.dataDir, 'config');
    mkdirSync(configDir, { recursive: true });

    // The accounts before anything: a broker that cannot check requests must not serve any.
    if (o.acl && o.auth) throw new Error('plain ACL (acl) and authentication 2.0 (auth) cannot both be on');
    const acl = o.acl ? new AclAccounts(o.acl.file, log).load() : undefined;
    const auth = o.auth ? new AuthStore(o.auth.files, log).load() : undefined;
    // Listen first: the advertised address (and so every offset message id) needs the port.
    const server = new RemotingServer({ host, port: o.port, version, ...(o.tls ? { tls: o.tls.server } : {}) });
    server.on('rejected', (peer, reason) => log(`${o.brokerName}: connection from ${peer} closed: ${reason}`));
    if (acl) installAclHook(server, acl, log);
    if (auth) installAuthHook(server, auth, o.clusterName, log);
    this.server = server;
    const bound = await server.listen();
    this.addr = `${host}:${bound.port}`;

    let store: MessageStore;
    try {
      const config = new BrokerConfig(
        { brokerName: o.brokerName, clusterName: o.clusterName, brokerId: 0, host, port: bound.port, namesrvAddr: o.namesrvAddrs.join(';'), dataDir: o.dataDir, flush: o.flush ?? 'async' },
        o.config,
      );
      store = await DefaultMessageStore.open({
        dir: join(o.dataDir, 'store'),
        storeHost: this.addr,
        flush: config.get('flushDiskType') === 'SYNC_FLUSH' ? 'sync' : 'async',
        maxMessageSize: config.num('maxMessageSize'),
        ...o.store,
      });
      const topics = new TopicConfigManager({
        configDir,
        clusterName: o.clusterName,
        brokerName: o.brokerName,
        autoCreateTopicEnable: () => config.bool('autoCreateTopicEnable'),
      });
      topics.load();
      const groups = new SubscriptionGroupManager(configDir, () => config.bool('autoCreateSubscriptionGroup'));
      groups.load();
      const offsets = new ConsumerOffsetManager(configDir);
      offsets.load();
      const stats = new BrokerStats(o.clusterName);
      stats.start();
      const pullHold = new PullRequestHoldService();
      const clients = new ClientManager((group, channels) => this.notifyConsumerIdsChanged(group, channels));

      this.ctx = {
        brokerName: o.brokerName,
        clusterName: o.clusterName,
        brokerId: 0,
        brokerAddr: this.addr,
        version,
        config,
        store,
        topics,
        groups,
        offsets,
        clients,
        stats,
        pullHold,
        bootTimestamp: Date.now(),
        registerBrokerAll: (only) => this.registerBrokerAll(only),
        log,
      };
    } catch (err) {
      await server.close();
      throw err;
    }
    const ctx = this.ctx;

    this.schedule = new ScheduleMessageService(ctx, configDir);
    store.onDispatch((topic, queueId, queueOffset, tagsCode) => {
      if (topic === SCHEDULE_TOPIC) this.schedule?.onDispatch(queueId);
      else ctx.pullHold.notifyMessageArriving(topic, queueId, queueOffset, tagsCode);
    });
    this.schedule.start();

    const processors = new Map<number, Processor>([...clientProcessors(ctx), ...adminProcessors(ctx)]);
    // Codes 50-53 as 4.9.8 answers them; a 5.3.3 broker (--auth) does not know them (REQUEST_CODE_NOT_SUPPORTED).
    if (!auth) for (const [code, fn] of aclProcessors(ctx, acl)) processors.set(code, fn);
    // Codes 3001-3010: a plain-ACL (4.9.8) broker does not know them (REQUEST_CODE_NOT_SUPPORTED).
    if (!acl) for (const [code, fn] of authProcessors(ctx, auth)) processors.set(code, fn);
    const send = sendProcessor(ctx);
    for (const code of [RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE]) processors.set(code, send);
    const pull = pullProcessor(ctx);
    processors.set(RequestCode.PULL_MESSAGE, pull);
    processors.set(RequestCode.LITE_PULL_MESSAGE, pull);
    for (const [code, fn] of processors) server.registerProcessor(code, fn);
    server.on('disconnect', (connection) => {
      ctx.clients.connectionClosed(connection, (g) => ctx.config.bool('notifyConsumerIdsChangedEnable') && (ctx.groups.table.get(g)?.notifyConsumerIdsChangedEnable ?? true));
      ctx.pullHold.connectionClosed(connection);
    });

    // Periodic work: registration (every 30 s), offsets to disk (5 s), silent clients (10 s).
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    const period = Math.max(10_000, Math.min(ctx.config.num('registerNameServerPeriod') || 30_000, 60_000));
    every(period, () => void this.registerBrokerAll().catch((err: Error) => log(`register broker failed: ${err.message}`)));
    every(5000, () => ctx.offsets.persist());
    every(10_000, () => {
      for (const conn of ctx.clients.expire(ctx.config.num('channelExpiredTimeout') || 120_000)) conn.destroy();
    });

    await this.registerBrokerAll();
    log(`broker ${o.brokerName} serving at ${this.addr}, registered with ${o.namesrvAddrs.join(', ')}`);
    return { host, port: bound.port };
  }

  /**
   * REGISTER_BROKER (messages.md B.1, A.22) to every NameServer: the whole topic table, or only
   * the topics given (an incremental registration after a topic change, as 5.x brokers send).
   */
  async registerBrokerAll(only?: TopicConfig[]): Promise<void> {
    const ctx = this.ctx;
    if (!ctx || this.closing) return;
    const permMask = ctx.config.num('brokerPermission') & 7;
    const wrapper = ctx.topics.serializeWrapper(only ?? ctx.topics.all(), permMask === 0 ? 7 : permMask | 1);
    const body = Buffer.from(stringifyFastJson({ filterServerList: [], topicConfigSerializeWrapper: wrapper }), 'utf8');
    const request = () =>
      createRequest(RequestCode.REGISTER_BROKER, {
        version: ctx.version,
        extFields: {
          brokerName: ctx.brokerName,
          brokerAddr: ctx.brokerAddr,
          clusterName: ctx.clusterName,
          haServerAddr: `${ctx.brokerAddr.split(':')[0]}:${Number(ctx.brokerAddr.split(':')[1]) + 1}`,
          brokerId: 0,
          heartbeatTimeoutMillis: 120_000,
          enableActingMaster: false,
          compressed: false,
          bodyCrc32: bodyCrc(body),
        },
        body,
      });
    const results = await Promise.allSettled(this.options.namesrvAddrs.map((addr) => this.namesrvClient.invoke(addr, request())));
    const failed = results.filter((r) => r.status === 'rejected' || (r.status === 'fulfilled' && r.value.code !== 0));
    if (failed.length === results.length && results.length > 0) {
      const first = failed[0]!;
      throw new Error(first.status === 'rejected' ? String((first.reason as Error).message) : `NameServer answered code ${(first as PromiseFulfilledResult<{ code: number; remark: string | null }>).value.code}: ${(first as PromiseFulfilledResult<{ code: number; remark: string | null }>).value.remark ?? ''}`);
    }
  }

  /** NOTIFY_CONSUMER_IDS_CHANGED, oneway and in JSON (ali-ons reads JSON only), to every member. */
  private notifyConsumerIdsChanged(group: string, channels: ClientChannelInfo[]): void {
    for (const ch of channels) {
      const req = createRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, { extFields: { consumerGroup: group }, oneway: true, version: this.ctx?.version });
      void withTimeout(ch.connection.invokeOneway(req), NOTIFY_TIMEOUT_MS).catch(() => undefined);
    }
  }

  snapshot(): BrokerSnapshot {
    const ctx = this.context;
    const stats = ctx.store.stats();
    return {
      brokerName: ctx.brokerName,
      clusterName: ctx.clusterName,
      addr: ctx.brokerAddr,
      topics: ctx.topics.all().map((t) => t.topicName).sort(),
      groups: [...ctx.groups.table.keys()].sort(),
      consumers: [...ctx.clients.consumers.values()].map((g) => ({ group: g.groupName, clients: g.channels.size })),
      producers: [...ctx.clients.producers.entries()].map(([group, m]) => ({ group, clients: m.size })),
      diskBytes: ctx.store.diskUsage(),
      messagesPut: ctx.stats.putTotal,
      commitLogMaxOffset: stats.commitLogMaxOffset,
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    const ctx = this.ctx;
    if (ctx) {
      // UNREGISTER_BROKER so routes drop this broker at once rather than after 120 s.
      await Promise.allSettled(
        this.options.namesrvAddrs.map((addr) =>
          this.namesrvClient.invoke(
            addr,
            createRequest(RequestCode.UNREGISTER_BROKER, { version: ctx.version, extFields: { brokerName: ctx.brokerName, brokerAddr: ctx.brokerAddr, clusterName: ctx.clusterName, brokerId: 0 } }),
            2000,
          ),
        ),
      );
      ctx.pullHold.close();
      this.schedule?.close();
      ctx.stats.stop();
      ctx.offsets.persist(true);
    }
    await this.namesrvClient.close();
    await this.server?.close();
    await ctx?.store.close();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    t.unref();
    p.then((v) => (clearTimeout(t), resolve(v)), (e: unknown) => (clearTimeout(t), reject(e)));
  });
}

export type { Connection };
