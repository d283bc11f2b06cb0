// Typed operations on a RocketMQ cluster: the NameServer and broker calls the commands are
// made of, and the few compositions (cluster overview, broker status) that need fan-out.
// Nothing here prints; every method returns data.

import { RemotingClient, type ClientTlsOptions } from '../remoting/client.js';
import { aclClientHook, type Credentials } from '../protocol/acl.js';
import { RemotingError } from '../remoting/errors.js';
import { ResponseCode } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import type { ClusterInfo } from '../protocol/bodies/cluster.js';
import type { TopicRouteData } from '../protocol/bodies/route.js';
import { buildRequest, readResponse, type RequestDefinition } from '../protocol/requests/define.js';
import { getAllTopicListFromNameServer, getBrokerClusterInfo, getRouteInfoByTopic, getTopicsByCluster } from '../protocol/requests/namesrv.js';
import { getBrokerRuntimeInfo, queryTopicConsumeByWho, updateAndCreateTopic, type TopicConfigArgs } from '../protocol/requests/broker.js';
import { parseNamesrvAddrs, validateAddress } from './addresses.js';
import { mapSettled, type Settled } from './concurrency.js';
import { InvalidArgumentError, NotFoundError } from './errors.js';

export interface MQAdminOptions {
  /** NameServers: an array or the Java `host:port;host:port` string. */
  namesrvAddr: string | string[];
  /** Per-request timeout; the Java admin tool's default is 5 s. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Requests in flight at once during a fan-out across brokers. */
  concurrency?: number;
  /** Sign every request with these (ACL 1.0 and 5.x authentication). */
  credentials?: Credentials;
  /** TLS on every connection, NameServers and brokers. */
  tls?: ClientTlsOptions;
  /** A client to share (credentials and tls are then the client's business); otherwise the admin owns one and closes it in `close()`. */
  client?: RemotingClient;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_CONCURRENCY = 16;

export class MQAdmin {
  readonly namesrvAddrs: string[];
  readonly timeoutMs: number;
  readonly concurrency: number;
  private readonly client: RemotingClient;
  private readonly ownsClient: boolean;
  /** The NameServer that answered last; tried first next time (Java sticks to one, too). */
  private preferredNamesrv = 0;

  constructor(options: MQAdminOptions) {
    this.namesrvAddrs = Array.isArray(options.namesrvAddr)
      ? options.namesrvAddr.map((a) => validateAddress(a, 'NameServer'))
      : parseNamesrvAddrs(options.namesrvAddr);
    if (this.namesrvAddrs.length === 0) throw new InvalidArgumentError('no NameServer address given');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.ownsClient = !options.client;
    this.client = options.client ?? new RemotingClient({
      requestTimeoutMs: this.timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? Math.min(this.timeoutMs, 3000),
      ...(options.credentials ? { rpcHook: aclClientHook(options.credentials) } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Transport

  /** Sends a request to one address and decodes the answer. */
  async call<A, R>(addr: string, def: RequestDefinition<A, R>, args: A): Promise<R> {
    const response = await this.client.invoke(addr, buildRequest(def, args), this.timeoutMs);
    return readResponse(def, response, args, addr);
  }

  /**
   * Sends a request to the NameServers, moving to the next one when a NameServer cannot be
   * reached or does not answer in time. An answer (even an error code) ends the search.
   */
  async callNamesrv<A, R>(def: RequestDefinition<A, R>, args: A): Promise<R> {
    let lastError: unknown;
    for (let i = 0; i < this.namesrvAddrs.length; i++) {
      const index = (this.preferredNamesrv + i) % this.namesrvAddrs.length;
      try {
        const result = await this.call(this.namesrvAddrs[index]!, def, args);
        this.preferredNamesrv = index;
        return result;
      } catch (err) {
        if (!(err instanceof RemotingError)) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }

  /**
   * Sends a request to every NameServer (the Java tool does so for KV config, NameServer config,
   * write permissions and topic deletion), in parallel. One result per NameServer, in the order
   * of `namesrvAddrs`, failures kept apart.
   */
  async callEachNamesrv<A, R>(def: RequestDefinition<A, R>, args: A): Promise<Array<{ addr: string } & Settled<R>>> {
    const settled = await this.fanOut(this.namesrvAddrs, (addr) => this.call(addr, def, args));
    return settled.map((s, i) => ({ addr: this.namesrvAddrs[i]!, ...s }));
  }

  /** Runs `fn` over many targets with bounded concurrency, keeping failures apart. */
  fanOut<I, T>(items: readonly I[], fn: (item: I) => Promise<T>): Promise<Settled<T>[]> {
    return mapSettled(items, this.concurrency, fn);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }

  // -------------------------------------------------------------------------------------------
  // NameServer

  examineClusterInfo(): Promise<ClusterInfo> {
    return this.callNamesrv(getBrokerClusterInfo, undefined);
  }

  async fetchAllTopicList(): Promise<string[]> {
    return (await this.callNamesrv(getAllTopicListFromNameServer, undefined)).topicList;
  }

  async fetchTopicsByCluster(cluster: string): Promise<string[]> {
    return (await this.callNamesrv(getTopicsByCluster, { cluster })).topicList;
  }

  /** The topic's route; NotFoundError when the NameServer has none (TOPIC_NOT_EXIST). */
  async examineTopicRoute(topic: string): Promise<TopicRouteData> {
    try {
      return await this.callNamesrv(getRouteInfoByTopic, { topic });
    } catch (err) {
      if (err instanceof ResponseError && err.code === ResponseCode.TOPIC_NOT_EXIST) {
        throw new NotFoundError(`topic "${topic}" not found: the NameServer has no route for it`, 'check the name with `mqadmin topicList`', { cause: err });
      }
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Broker

  fetchBrokerRuntimeStats(brokerAddr: string): Promise<Record<string, string>> {
    return this.call(validateAddress(brokerAddr, 'broker'), getBrokerRuntimeInfo, undefined);
  }

  queryTopicConsumeByWho(brokerAddr: string, topic: string): Promise<string[]> {
    return this.call(brokerAddr, queryTopicConsumeByWho, { topic });
  }

  /** Creates or replaces a topic's config on one broker (UPDATE_AND_CREATE_TOPIC). */
  createAndUpdateTopicConfig(brokerAddr: string, config: TopicConfigArgs): Promise<void> {
    return this.call(validateAddress(brokerAddr, 'broker'), updateAndCreateTopic, config);
  }
}
