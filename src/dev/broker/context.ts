// What a request processor of the embedded broker can reach: the broker's identity and
// settings, its store and managers, and the NameServer registration. Processors are plain
// functions registered by code; they get this context instead of the controller itself.

import type { RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import type { MessageStore } from '../store/types.js';
import type { BrokerConfig } from './brokerConfig.js';
import type { ClientManager } from './clientManager.js';
import type { ConsumerOffsetManager } from './consumerOffsetManager.js';
import type { SubscriptionGroupManager } from './subscriptionGroupManager.js';
import type { TopicConfig, TopicConfigManager } from './topicConfigManager.js';
import type { BrokerStats } from './stats.js';
import type { PullRequestHoldService } from './pullHold.js';

export type Processor = (request: RemotingCommand, connection: Connection) => RemotingCommand | null | undefined | Promise<RemotingCommand | null | undefined>;

export interface BrokerContext {
  readonly brokerName: string;
  readonly clusterName: string;
  readonly brokerId: number;
  /** The advertised `ip:port`: what clients connect to and what offset message ids carry. */
  readonly brokerAddr: string;
  /** The MQVersion ordinal this broker presents (479 = V5_3_3). */
  readonly version: number;
  readonly config: BrokerConfig;
  readonly store: MessageStore;
  readonly topics: TopicConfigManager;
  readonly groups: SubscriptionGroupManager;
  readonly offsets: ConsumerOffsetManager;
  readonly clients: ClientManager;
  readonly stats: BrokerStats;
  readonly pullHold: PullRequestHoldService;
  readonly bootTimestamp: number;
  /** Registers the given topics (all when omitted) with every NameServer now. */
  registerBrokerAll(topics?: TopicConfig[]): Promise<void>;
  log(line: string): void;
}
