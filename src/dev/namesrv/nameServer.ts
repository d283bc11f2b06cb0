// The embedded NameServer: a RemotingServer answering every NameServer request code the way an
// Apache RocketMQ 5.3.3 NameServer does (messages.md B.1, behaviours.md §4 and §8 item 1), so
// real brokers, Java and Node clients and mqadmin can use it unchanged.
//
// The route rules live in routeInfo.ts and the KV store in kvConfig.ts; this file decodes
// headers, shapes responses as Java's processors do (which responses carry an `extFields`
// object, remarks, bodies) and runs the expiry scan. Constructed with `version < 413`
// (e.g. 409) it follows 4.9.8 instead (routeInfo.ts), except that unknown codes still get
// REQUEST_CODE_NOT_SUPPORTED rather than 4.9.8's silence (framing.md §9).

import { homedir } from 'node:os';
import { join } from 'node:path';
import { RequestCode, ResponseCode } from '../../protocol/codes.js';
import { crc32 } from '../../protocol/message.js';
import { decodeTopicRouteData } from '../../protocol/bodies/route.js';
import { parseFastJson, stringifyFastJson, type FastJsonValue } from '../../protocol/fastjson.js';
import { formatJavaProperties, JavaPropertiesSyntaxError, parseJavaProperties } from '../../protocol/properties.js';
import { createResponse, type ExtFieldValue, type RemotingCommand } from '../../remoting/command.js';
import { formatAddress, type Connection, type RequestHandler } from '../../remoting/connection.js';
import { RemotingServer, type ServerTlsOptions } from '../../remoting/server.js';
import { KVConfigManager, NAMESPACE_ORDER_TOPIC_CONFIG } from './kvConfig.js';
import {
  decodeDataVersion,
  decodeRegisterBrokerBody,
  DEFAULT_BROKER_EXPIRY_MS,
  encodeClusterInfo,
  encodeDataVersion,
  encodeTopicList,
  encodeTopicRouteData,
  RegisterBrokerBodyError,
  RouteInfoManager,
  VERSION_V4_9_4,
  VERSION_V5_0_0,
  type RemovedBroker,
  type RouteInfoSnapshot,
} from './routeInfo.js';

export interface NameServerOptions {
  /** Interface to listen on. Default loopback. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Where `kvConfig.json` lives; in memory only when absent. */
  dataDir?: string;
  /** Expiry of brokers that do not send `heartbeatTimeoutMillis`. Default 120 000 ms (behaviours.md §4.3). */
  brokerExpiryMs?: number;
  /** Period of the dead-broker scan. Default 5000 ms (5.x `scanNotActiveBrokerInterval`). */
  scanIntervalMs?: number;
  /** The `MQVersion` ordinal we are: 479 (V5_3_3) by default; below 413 means 4.9.8 behaviour. */
  version?: number;
  /** Clock for liveness and expiry. Default `Date.now`. */
  now?: () => number;
  log?: (line: string) => void;
  /** TLS on the port (auth.md §5.2); plaintext only when absent. */
  tls?: ServerTlsOptions;
}

export interface NameServerSnapshot extends RouteInfoSnapshot {
  /** "ip:port" clients use; null when not listening. */
  address: string | null;
  kvConfig: Record<string, Record<string, string>>;
}

/** The 5.3.3 "FAQ" tail of route errors (FAQUrl.suggestTodo(APPLY_TOPIC_URL)); 4.9.8 links elsewhere. */
const FAQ_5 = '\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.';
const FAQ_4 = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';

type ConfigType = 'string' | 'int' | 'long' | 'boolean';

/**
 * NamesrvConfig + NettyServerConfig of 5.3.3 as GET_NAMESRV_CONFIG lists them (framing.md §11).
 * Paths, port and bind address are filled in at construction / start.
 */
const CONFIG_5: ReadonlyArray<[string, ConfigType, string]> = [
  ['rocketmqHome', 'string', ''],
  ['kvConfigPath', 'string', ''],
  ['configStorePath', 'string', ''],
  ['productEnvName', 'string', 'center'],
  ['clusterTest', 'boolean', 'false'],
  ['orderMessageEnable', 'boolean', 'false'],
  ['returnOrderTopicConfigToBroker', 'boolean', 'true'],
  ['clientRequestThreadPoolNums', 'int', '8'],
  ['defaultThreadPoolNums', 'int', '16'],
  ['clientRequestThreadPoolQueueCapacity', 'int', '50000'],
  ['defaultThreadPoolQueueCapacity', 'int', '10000'],
  ['scanNotActiveBrokerInterval', 'long', '5000'],
  ['unRegisterBrokerQueueCapacity', 'int', '3000'],
  ['supportActingMaster', 'boolean', 'false'],
  ['enableAllTopicList', 'boolean', 'true'],
  ['enableTopicList', 'boolean', 'true'],
  ['notifyMinBrokerIdChanged', 'boolean', 'false'],
  ['enableControllerInNamesrv', 'boolean', 'false'],
  ['needWaitForService', 'boolean', 'false'],
  ['waitSecondsForService', 'int', '45'],
  ['deleteTopicWithBrokerRegistration', 'boolean', 'false'],
  ['configBlackList', 'string', 'configBlackList;configStorePath;kvConfigPath'],
  ['bindAddress', 'string', '0.0.0.0'],
  ['listenPort', 'int', '0'],
  ['serverWorkerThreads', 'int', '8'],
  ['serverCallbackExecutorThreads', 'int', '0'],
  ['serverSelectorThreads', 'int', '3'],
  ['serverOnewaySemaphoreValue', 'int', '256'],
  ['serverAsyncSemaphoreValue', 'int', '64'],
  ['serverChannelMaxIdleTimeSeconds', 'int', '120'],
  ['serverSocketSndBufSize', 'int', '0'],
  ['serverSocketRcvBufSize', 'int', '0'],
  ['writeBufferHighWaterMark', 'int', '0'],
  ['writeBufferLowWaterMark', 'int', '0'],
  ['serverSocketBacklog', 'int', '1024'],
  ['serverNettyWorkerGroupEnable', 'boolean', 'true'],
  ['serverPooledByteBufAllocatorEnable', 'boolean', 'true'],
  ['enableShutdownGracefully', 'boolean', 'false'],
  ['shutdownWaitTimeSeconds', 'int', '30'],
  ['useEpollNativeSelector', 'boolean', 'false'],
];

/** The 4.9.8 key set, in the unsorted order a 4.9.8 NameServer sends it (fixture getNamesrvConfig). */
const LEGACY_KEYS = [
  'serverSocketBacklog', 'writeBufferHighWaterMark', 'serverWorkerThreads', 'serverSelectorThreads',
  'serverChannelMaxIdleTimeSeconds', 'configBlackList', 'writeBufferLowWaterMark', 'serverSocketRcvBufSize',
  'serverAsyncSemaphoreValue', 'kvConfigPath', 'configStorePath', 'clusterTest', 'orderMessageEnable',
  'serverSocketSndBufSize', 'serverOnewaySemaphoreValue', 'serverCallbackExecutorThreads', 'listenPort',
  'rocketmqHome', 'productEnvName', 'useEpollNativeSelector', 'serverPooledByteBufAllocatorEnable',
];

/** Keys UPDATE_NAMESRV_CONFIG refuses besides those in `configBlackList` (DefaultRequestProcessor). */
const FIXED_BLACKLIST = ['configBlackList', 'configStorePath', 'kvConfigPath', 'rocketmqHome'];

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Java `Long.parseLong` / `Integer.parseInt`: optional sign, decimal digits, nothing else. */
function parseJavaInteger(text: string | undefined, bits: 32 | 64): number | undefined {
  if (text === undefined || !/^[-+]?\d+$/.test(text)) return undefined;
  if (bits === 64) {
    const big = BigInt(text);
    if (big < -(2n ** 63n) || big >= 2n ** 63n) return undefined;
    return Number(big);
  }
  const n = Number(text);
  return n >= INT_MIN && n <= INT_MAX ? n : undefined;
}

/** Java `Boolean.parseBoolean`. */
function parseJavaBoolean(text: string | undefined): boolean {
  return text !== undefined && text.toLowerCase() === 'true';
}

/** The address clients can dial when we listen on a wildcard interface. */
function dialableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '::0') return '::1';
  return host;
}

export class NameServer {
  readonly version: number;
  /** True when behaving as 4.9.8 (version < V5_0_0). */
  readonly legacy: boolean;
  private readonly host: string;
  private readonly port: number;
  private readonly scanIntervalMs: number;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly routes: RouteInfoManager<Connection>;
  private readonly kv: KVConfigManager;
  private readonly server: RemotingServer;
  private readonly config = new Map<string, string>();
  private readonly configTypes = new Map<string, ConfigType>();
  private readonly configBlackList: ReadonlySet<string>;
  private scanTimer: NodeJS.Timeout | undefined;
  private bound: { host: string; port: number } | null = null;
  private startedAt = 0;
  private closed = false;
  private starting: Promise<{ host: string; port: number }> | undefined;

  constructor(options: NameServerOptions = {}) {
    this.version = options.version ?? 479;
    this.legacy = this.version < VERSION_V5_0_0;
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.scanIntervalMs = options.scanIntervalMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.routes = new RouteInfoManager<Connection>({
      now: this.now,
      defaultBrokerExpiryMs: options.brokerExpiryMs ?? DEFAULT_BROKER_EXPIRY_MS,
      legacy: this.legacy,
    });
    const kvConfigPath = options.dataDir ? join(options.dataDir, 'kvConfig.json') : undefined;
    this.kv = new KVConfigManager({ path: kvConfigPath, log: this.log });

    // Java's defaults for the paths (user.home/namesrv/...) when nothing is persisted.
    const home = join(homedir(), 'namesrv');
    for (const [key, type, value] of CONFIG_5) {
      if (this.legacy && !LEGACY_KEYS.includes(key)) continue;
      this.configTypes.set(key, type);
      this.config.set(key, value);
    }
    this.config.set('rocketmqHome', process.env.ROCKETMQ_HOME ?? options.dataDir ?? process.cwd());
    this.config.set('kvConfigPath', kvConfigPath ?? join(home, 'kvConfig.json'));
    this.config.set('configStorePath', options.dataDir ? join(options.dataDir, 'namesrv.properties') : join(home, 'namesrv.properties'));
    if (!this.legacy) {
      this.config.set('bindAddress', this.host);
      this.config.set('scanNotActiveBrokerInterval', String(this.scanIntervalMs));
    }
    this.config.set('listenPort', String(this.port));
    this.configBlackList = new Set([...FIXED_BLACKLIST, ...(this.config.get('configBlackList') ?? '').split(';')]);

    this.server = new RemotingServer({ host: this.host, port: this.port, version: this.version, ...(options.tls ? { tls: options.tls } : {}) });
    this.registerProcessors();
    this.server.on('rejected', (peer, reason) => this.log(`NameServer: connection from ${peer} closed: ${reason}`));
    this.server.on('disconnect', (connection) => {
      // Java's BrokerHousekeepingService: a closed broker channel unregisters at once (§4.3).
      const gone = this.routes.onChannelDestroy(connection);
      if (this.closed) return;
      for (const broker of gone) {
        this.log(`broker ${broker.brokerName}[${broker.brokerId}] ${broker.brokerAddr} unregistered: its connection closed`);
      }
    });
  }

  /**
   * Loads the KV store, listens, and starts the dead-broker scan.
   * @throws KVConfigFileError when `<dataDir>/kvConfig.json` is unreadable
   */
  start(): Promise<{ host: string; port: number }> {
    // Concurrent calls share one attempt; a failed one (e.g. port in use) may be retried.
    this.starting ??= this.listen().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async listen(): Promise<{ host: string; port: number }> {
    if (this.closed) throw new Error('the NameServer was closed; create a new one');
    this.kv.load();
    const { host, port } = await this.server.listen();
    this.bound = { host, port };
    this.config.set('listenPort', String(port));
    this.startedAt = this.now();
    this.scanTimer = setInterval(() => this.scanNotActiveBrokers(), this.scanIntervalMs);
    this.scanTimer.unref();
    this.log(`NameServer listening on ${this.address} (version ${this.version})`);
    return { host, port };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.scanTimer) clearInterval(this.scanTimer);
    this.scanTimer = undefined;
    this.bound = null;
    await this.server.close();
  }

  /** "ip:port" for clients and brokers (`-n`). */
  get address(): string {
    if (!this.bound) throw new Error('the NameServer is not listening; call start() first');
    return formatAddress(dialableHost(this.bound.host), this.bound.port);
  }

  /** Brokers, clusters, topics and KV config, copied, for `dev status` and tests. */
  snapshot(): NameServerSnapshot {
    return {
      address: this.bound ? this.address : null,
      ...this.routes.snapshot(),
      kvConfig: this.kv.snapshot(),
    };
  }

  /**
   * One run of the expiry scan (behaviours.md §4.3); the timer calls it every `scanIntervalMs`.
   * As Java, the connection of an expired broker is closed, unless another live broker still
   * registers through it.
   */
  scanNotActiveBrokers(): Array<RemovedBroker<Connection>> {
    const expired = this.routes.scanNotActiveBroker();
    for (const gone of expired) {
      this.log(`broker ${gone.brokerName}[${gone.brokerId}] ${gone.brokerAddr} expired: no registration or heartbeat in time`);
      if (!this.routes.hasChannel(gone.channel)) void gone.channel.close();
    }
    return expired;
  }

  // -------------------------------------------------------------------------------------------

  private registerProcessors(): void {
    const on = (code: number, handler: RequestHandler): void => {
      this.server.registerProcessor(code, handler);
    };
    on(RequestCode.PUT_KV_CONFIG, (r) => this.putKVConfig(r));
    on(RequestCode.GET_KV_CONFIG, (r) => this.getKVConfig(r));
    on(RequestCode.DELETE_KV_CONFIG, (r) => this.deleteKVConfig(r));
    on(RequestCode.GET_KVLIST_BY_NAMESPACE, (r) => this.getKVListByNamespace(r));
    on(RequestCode.REGISTER_BROKER, (r, c) => this.registerBroker(r, c));
    on(RequestCode.UNREGISTER_BROKER, (r) => this.unregisterBroker(r));
    on(RequestCode.QUERY_DATA_VERSION, (r) => this.queryDataVersion(r));
    on(RequestCode.GET_ROUTEINFO_BY_TOPIC, (r) => this.getRouteInfoByTopic(r));
    on(RequestCode.GET_BROKER_CLUSTER_INFO, (r) => this.ok(r, { body: encodeClusterInfo(this.routes.getClusterInfo(), this.legacy) }));
    on(RequestCode.WIPE_WRITE_PERM_OF_BROKER, (r) =>
      this.ok(r, { extFields: { wipeTopicCount: this.routes.wipeWritePermOfBroker(this.header(r, 'brokerName') ?? '') } }),
    );
    on(RequestCode.ADD_WRITE_PERM_OF_BROKER, (r) =>
      this.ok(r, { extFields: { addTopicCount: this.routes.addWritePermOfBroker(this.header(r, 'brokerName') ?? '') } }),
    );
    on(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, (r) =>
      // 4.9.8 has no enableAllTopicList switch.
      !this.legacy && !this.bool('enableAllTopicList') ? this.disabled(r) : this.ok(r, { body: encodeTopicList(this.routes.getAllTopicList()) }),
    );
    on(RequestCode.DELETE_TOPIC_IN_NAMESRV, (r) => {
      const topic = this.header(r, 'topic');
      if (topic !== undefined) this.routes.deleteTopic(topic, this.header(r, 'clusterName'));
      return this.ok(r);
    });
    on(RequestCode.GET_TOPICS_BY_CLUSTER, (r) =>
      !this.legacy && !this.bool('enableTopicList')
        ? this.disabled(r)
        : this.ok(r, { body: encodeTopicList(this.routes.getTopicsByCluster(this.header(r, 'cluster') ?? '')) }),
    );
    on(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, (r) => {
      const list = this.routes.getSystemTopicList();
      return this.ok(r, { body: encodeTopicList(list.topicList, list.brokerAddr) });
    });
    const unitList = (topics: () => string[]): RequestHandler => (r) =>
      !this.legacy && !this.bool('enableTopicList') ? this.disabled(r) : this.ok(r, { body: encodeTopicList(topics()) });
    on(RequestCode.GET_UNIT_TOPIC_LIST, unitList(() => this.routes.getUnitTopics()));
    on(RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, unitList(() => this.routes.getHasUnitSubTopicList()));
    on(RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, unitList(() => this.routes.getHasUnitSubUnUnitTopicList()));
    on(RequestCode.UPDATE_NAMESRV_CONFIG, (r) => this.updateConfig(r));
    on(RequestCode.GET_NAMESRV_CONFIG, (r) => this.getConfig(r));
    if (this.legacy) return;
    // 5.x only; a 4.9.8 NameServer has no processor for these.
    on(RequestCode.REGISTER_TOPIC_IN_NAMESRV, (r) => this.registerTopic(r));
    on(RequestCode.BROKER_HEARTBEAT, (r) => {
      this.routes.updateBrokerInfoUpdateTimestamp(this.header(r, 'clusterName') ?? '', this.header(r, 'brokerAddr') ?? '');
      return this.ok(r);
    });
    on(RequestCode.GET_BROKER_MEMBER_GROUP, (r) => this.getBrokerMemberGroup(r));
  }

  private header(request: RemotingCommand, name: string): string | undefined {
    return request.extFields?.[name] ?? undefined;
  }

  private bool(key: string): boolean {
    return parseJavaBoolean(this.config.get(key));
  }

  /**
   * A SUCCESS response. Java's processors that declare a response header class send an
   * `extFields` object even when every field is null (`"extFields":{}` in the fixtures); the
   * others send none. Passing `extFields` (possibly `{}`) selects the first kind.
   */
  private ok(request: RemotingCommand, init: { extFields?: Record<string, ExtFieldValue>; body?: Buffer } = {}): RemotingCommand {
    return createResponse(request, ResponseCode.SUCCESS, { extFields: init.extFields ?? null, body: init.body ?? null, version: this.version });
  }

  private fail(request: RemotingCommand, code: number, remark: string, extFields?: Record<string, ExtFieldValue>): RemotingCommand {
    return createResponse(request, code, { remark, extFields: extFields ?? null, version: this.version });
  }

  private disabled(request: RemotingCommand): RemotingCommand {
    return this.fail(request, ResponseCode.SYSTEM_ERROR, 'disable');
  }

  /**
   * Required header fields. Java only logs a missing `@CFNotNull` field and fails later with a
   * NullPointerException (framing.md §10.1); we answer SYSTEM_ERROR naming the field instead.
   */
  private required(request: RemotingCommand, names: readonly string[]): RemotingCommand | undefined {
    for (const name of names) {
      if (this.header(request, name) === undefined) {
        return this.fail(request, ResponseCode.SYSTEM_ERROR, `the custom field <${name}> is null`);
      }
    }
    return undefined;
  }

  // --- KV config (codes 100, 101, 102, 219) ----------------------------------------------------

  private putKVConfig(request: RemotingCommand): RemotingCommand {
    const namespace = this.header(request, 'namespace');
    const key = this.header(request, 'key');
    if (namespace === undefined || key === undefined) {
      return this.fail(request, ResponseCode.SYSTEM_ERROR, 'namespace or key is null');
    }
    this.kv.put(namespace, key, this.header(request, 'value'));
    return this.ok(request);
  }

  private getKVConfig(request: RemotingCommand): RemotingCommand {
    const namespace = this.header(request, 'namespace');
    const key = this.header(request, 'key');
    const value = namespace === undefined || key === undefined ? undefined : this.kv.get(namespace, key);
    if (value !== undefined) return this.ok(request, { extFields: { value } });
    // GetKVConfigResponseHeader is declared, so even the failure carries `"extFields":{}`.
    return this.fail(request, ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${namespace ?? 'null'} Key: ${key ?? 'null'}`, {});
  }

  private deleteKVConfig(request: RemotingCommand): RemotingCommand {
    const namespace = this.header(request, 'namespace');
    const key = this.header(request, 'key');
    if (namespace !== undefined && key !== undefined) this.kv.delete(namespace, key);
    return this.ok(request);
  }

  private getKVListByNamespace(request: RemotingCommand): RemotingCommand {
    const namespace = this.header(request, 'namespace');
    const body = namespace === undefined ? undefined : this.kv.encodeNamespace(namespace);
    if (body) return this.ok(request, { body });
    return this.fail(request, ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${namespace ?? 'null'}`);
  }

  // --- brokers (codes 103, 104, 322, 901) ------------------------------------------------------

  private registerBroker(request: RemotingCommand, connection: Connection): RemotingCommand {
    const missing = this.required(request, ['brokerName', 'brokerAddr', 'clusterName', 'brokerId']);
    if (missing) return missing;
    const brokerName = this.header(request, 'brokerName') as string;
    const brokerAddr = this.header(request, 'brokerAddr') as string;
    const clusterName = this.header(request, 'clusterName') as string;
    const brokerId = parseJavaInteger(this.header(request, 'brokerId'), 64);
    if (brokerId === undefined) {
      return this.fail(request, ResponseCode.SYSTEM_ERROR, `invalid brokerId "${this.header(request, 'brokerId')}"`);
    }

    // bodyCrc32 0 (or absent) means "not checked" (messages.md B.1).
    const bodyCrc32 = parseJavaInteger(this.header(request, 'bodyCrc32'), 32) ?? 0;
    if (bodyCrc32 !== 0) {
      const actual = request.body && request.body.length > 0 ? crc32(request.body) & 0x7fffffff : 0;
      if (actual !== bodyCrc32) {
        this.log(`receive registerBroker request, crc32 not match, from ${connection.remoteAddress}`);
        return this.fail(request, ResponseCode.SYSTEM_ERROR, 'crc32 not match', {});
      }
    }

    let body;
    try {
      body = decodeRegisterBrokerBody(request.body, {
        compressed: parseJavaBoolean(this.header(request, 'compressed')),
        version: request.version,
        now: this.now(),
      });
    } catch (err) {
      if (err instanceof RegisterBrokerBodyError) return this.fail(request, ResponseCode.SYSTEM_ERROR, err.message);
      throw err;
    }

    const enableActingMaster = this.header(request, 'enableActingMaster');
    const known = this.routes.queryBrokerTopicConfig(clusterName, brokerAddr) !== undefined;
    const result = this.routes.registerBroker({
      clusterName,
      brokerAddr,
      brokerName,
      brokerId,
      haServerAddr: this.header(request, 'haServerAddr'),
      zoneName: this.legacy ? undefined : this.header(request, '__ZONE_NAME'),
      heartbeatTimeoutMillis: this.legacy ? undefined : parseJavaInteger(this.header(request, 'heartbeatTimeoutMillis'), 64),
      enableActingMaster: enableActingMaster === undefined || this.legacy ? undefined : parseJavaBoolean(enableActingMaster),
      topicConfigWrapper: body.topicConfigWrapper,
      filterServerList: body.filterServerList,
      channel: connection,
    });
    if (!result) {
      // A single-topic registration before the broker's full one (behaviours.md §4.2 step 3).
      return this.fail(request, ResponseCode.SYSTEM_ERROR, 'register broker failed', {});
    }
    if (!known) {
      this.log(`new broker registered: ${clusterName}/${brokerName}[${brokerId}] ${brokerAddr} HAService: ${this.header(request, 'haServerAddr') ?? 'null'}`);
    }
    // The broker marks these topics ordered (behaviours.md §4.1); absent when the namespace is.
    const orderConf = this.legacy || this.bool('returnOrderTopicConfigToBroker') ? this.kv.encodeNamespace(NAMESPACE_ORDER_TOPIC_CONFIG) : undefined;
    return this.ok(request, { extFields: { haServerAddr: result.haServerAddr, masterAddr: result.masterAddr }, body: orderConf });
  }

  private unregisterBroker(request: RemotingCommand): RemotingCommand {
    const missing = this.required(request, ['brokerName', 'brokerAddr', 'clusterName', 'brokerId']);
    if (missing) return missing;
    const brokerId = parseJavaInteger(this.header(request, 'brokerId'), 64);
    if (brokerId === undefined) {
      return this.fail(request, ResponseCode.SYSTEM_ERROR, `invalid brokerId "${this.header(request, 'brokerId')}"`);
    }
    const req = {
      clusterName: this.header(request, 'clusterName') as string,
      brokerAddr: this.header(request, 'brokerAddr') as string,
      brokerName: this.header(request, 'brokerName') as string,
      brokerId,
    };
    this.routes.unregisterBroker(req);
    this.log(`broker ${req.brokerName}[${req.brokerId}] ${req.brokerAddr} unregistered`);
    return this.ok(request);
  }

  /** QUERY_DATA_VERSION (messages.md B.1): `changed`, our copy of the DataVersion, and a liveness refresh. */
  private queryDataVersion(request: RemotingCommand): RemotingCommand {
    const clusterName = this.header(request, 'clusterName') ?? '';
    const brokerAddr = this.header(request, 'brokerAddr') ?? '';
    let changed = true;
    if (request.body && request.body.length > 0) {
      let sent: FastJsonValue;
      try {
        sent = parseFastJson(request.body);
      } catch (err) {
        return this.fail(request, ResponseCode.SYSTEM_ERROR, `invalid DataVersion: ${(err as Error).message}`);
      }
      changed = this.routes.isBrokerTopicConfigChanged(clusterName, brokerAddr, decodeDataVersion(sent, this.now()));
    }
    this.routes.updateBrokerInfoUpdateTimestamp(clusterName, brokerAddr);
    const ours = this.routes.queryBrokerTopicConfig(clusterName, brokerAddr);
    return this.ok(request, {
      extFields: { changed },
      body: ours ? Buffer.from(encodeDataVersion(ours, this.legacy), 'utf8') : undefined,
    });
  }

  /** GET_BROKER_MEMBER_GROUP (5.x): `{"brokerMemberGroup":{"brokerAddrs":{0:..},"brokerName":..,"cluster":..}}`. */
  private getBrokerMemberGroup(request: RemotingCommand): RemotingCommand {
    const brokerName = this.header(request, 'brokerName') ?? '';
    const addrs = [...this.routes.getBrokerMemberGroup(brokerName)].sort(([a], [b]) => a - b);
    const group: Record<string, FastJsonValue> = {
      brokerAddrs: new Map<FastJsonValue, FastJsonValue>(addrs),
      brokerName,
    };
    const cluster = this.header(request, 'clusterName');
    if (cluster !== undefined) group.cluster = cluster;
    return this.ok(request, { body: Buffer.from(stringifyFastJson({ brokerMemberGroup: group }), 'utf8') });
  }

  // --- routes (codes 105, 217) -----------------------------------------------------------------

  private getRouteInfoByTopic(request: RemotingCommand): RemotingCommand {
    if (!this.legacy && this.bool('needWaitForService')) {
      const waitMs = (parseJavaInteger(this.config.get('waitSecondsForService'), 32) ?? 45) * 1000;
      if (this.now() - this.startedAt < waitMs) return this.fail(request, ResponseCode.SYSTEM_ERROR, 'name server not ready');
    }
    const topic = this.header(request, 'topic');
    const route = topic === undefined ? null : this.routes.pickupTopicRouteData(topic);
    if (!route) {
      return this.fail(
        request,
        ResponseCode.TOPIC_NOT_EXIST,
        `No topic route info in name server for the topic: ${topic ?? 'null'}${this.legacy ? FAQ_4 : FAQ_5}`,
      );
    }
    // Java fills orderTopicConf only when orderMessageEnable=true (default false).
    if (this.bool('orderMessageEnable')) {
      const conf = this.kv.get(NAMESPACE_ORDER_TOPIC_CONFIG, topic as string);
      if (conf !== undefined) route.orderTopicConf = conf;
    }
    // framing.md §10.7: standard JSON for V4_9_4+ peers or on request; bare numeric keys otherwise.
    const standard = request.version >= VERSION_V4_9_4 || parseJavaBoolean(this.header(request, 'acceptStandardJsonOnly'));
    return this.ok(request, { body: encodeTopicRouteData(route, { standard, legacy: this.legacy }) });
  }

  private registerTopic(request: RemotingCommand): RemotingCommand {
    const topic = this.header(request, 'topic');
    if (topic !== undefined && request.body && request.body.length > 0) {
      let queueDatas;
      try {
        queueDatas = decodeTopicRouteData(parseFastJson(request.body)).queueDatas;
      } catch (err) {
        return this.fail(request, ResponseCode.SYSTEM_ERROR, `invalid TopicRouteData: ${(err as Error).message}`);
      }
      this.routes.registerTopic(topic, queueDatas);
    }
    return this.ok(request);
  }

  // --- configuration (codes 318, 319) ----------------------------------------------------------

  private getConfig(request: RemotingCommand): RemotingCommand {
    const keys = this.legacy ? LEGACY_KEYS.filter((k) => this.config.has(k)) : [...this.config.keys()];
    const text = formatJavaProperties(new Map(keys.map((k) => [k, this.config.get(k)])), { sort: !this.legacy });
    return this.ok(request, { body: text.trim() === '' ? undefined : Buffer.from(text, 'utf8') });
  }

  /**
   * UPDATE_NAMESRV_CONFIG (messages.md B.1): Java decodes the body as UTF-8, re-encodes it and
   * loads it with `Properties.load`, i.e. as ISO-8859-1; only existing keys are applied, and a
   * value that does not parse as the setting's type is ignored.
   */
  private updateConfig(request: RemotingCommand): RemotingCommand {
    if (!request.body || request.body.length === 0) return this.ok(request);
    let props: Record<string, string>;
    try {
      props = parseJavaProperties(Buffer.from(request.body.toString('utf8'), 'utf8'), { encoding: 'latin1' });
    } catch (err) {
      if (err instanceof JavaPropertiesSyntaxError) return this.fail(request, ResponseCode.SYSTEM_ERROR, 'string2Properties error');
      throw err;
    }
    if (Object.keys(props).some((k) => this.configBlackList.has(k))) {
      return this.fail(request, ResponseCode.NO_PERMISSION, 'Can not update config in black list.');
    }
    for (const [key, raw] of Object.entries(props)) {
      const type = this.configTypes.get(key);
      if (!type) continue;
      let value: string | undefined;
      if (type === 'string') value = raw.trim();
      else if (type === 'boolean') value = String(parseJavaBoolean(raw));
      else value = parseJavaInteger(raw, type === 'int' ? 32 : 64)?.toString();
      if (value === undefined) continue;
      this.config.set(key, value);
      this.log(`namesrv config updated: ${key}=${value}`);
    }
    this.routes.deleteTopicWithBrokerRegistration = this.bool('deleteTopicWithBrokerRegistration');
    return this.ok(request);
  }
}
