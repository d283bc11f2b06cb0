// The broker's topic table (store.md §5 topics.json, §7 auto-creation): system topics created
// at start, user topics from UPDATE_AND_CREATE_TOPIC, topics auto-created from TBW102 on send,
// retry and DLQ topics created on demand. Every change bumps the DataVersion that the broker
// sends with REGISTER_BROKER.

import { join } from 'node:path';
import type { TopicConfig } from '../../protocol/bodies/topicAdmin.js';
import { PERM_INHERIT, PERM_READ, PERM_WRITE } from '../../protocol/perm.js';
import { newDataVersion, nextDataVersion, readConfigFile, readDataVersion, writeConfigFile, type DataVersion } from './persistence.js';

export type { TopicConfig };

export const AUTO_CREATE_TOPIC_KEY = 'TBW102';
export const SCHEDULE_TOPIC = 'SCHEDULE_TOPIC_XXXX';
export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';
export const DLQ_GROUP_TOPIC_PREFIX = '%DLQ%';
export const TRANS_HALF_TOPIC = 'RMQ_SYS_TRANS_HALF_TOPIC';
export const TRANS_OP_HALF_TOPIC = 'RMQ_SYS_TRANS_OP_HALF_TOPIC';

/** Topic name rules of Java's TopicValidator: `^[%|a-zA-Z0-9_-]+$`, at most 127 characters. */
export function validateTopicName(topic: string): string | null {
  if (!topic || topic.trim() === '') return 'The specified topic is blank.';
  if (!/^[%|a-zA-Z0-9_-]+$/.test(topic)) return 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$';
  if (topic.length > 127) return 'The specified topic is longer than topic max length.';
  return null;
}

/** Topics a send may not target directly (Java TopicValidator.NOT_ALLOWED_SEND_TOPIC_SET). */
export const NOT_ALLOWED_SEND_TOPICS = new Set([SCHEDULE_TOPIC, TRANS_HALF_TOPIC, TRANS_OP_HALF_TOPIC, 'TRANS_CHECK_MAX_TIME_TOPIC', 'CHECKPOINT_TOPIC']);

export function topicConfig(name: string, read: number, write: number, perm = PERM_READ | PERM_WRITE): TopicConfig {
  return { topicName: name, readQueueNums: read, writeQueueNums: write, perm, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, attributes: {} };
}

export interface TopicConfigManagerOptions {
  configDir: string;
  clusterName: string;
  brokerName: string;
  autoCreateTopicEnable: () => boolean;
  /** Called after a topic was created or changed (the broker registers it with the NameServers). */
  onChange?: (topics: TopicConfig[]) => void;
}

export class TopicConfigManager {
  readonly table = new Map<string, TopicConfig>();
  dataVersion: DataVersion = newDataVersion();
  private readonly file: string;
  /** System topics of this broker: they are recreated at every start and never persisted away. */
  readonly systemTopics = new Set<string>();

  constructor(private readonly options: TopicConfigManagerOptions) {
    this.file = join(options.configDir, 'topics.json');
  }

  /** Loads topics.json, then adds the system topics a 5.x broker creates at start (store.md §5). */
  load(): void {
    const stored = readConfigFile(this.file) as { dataVersion?: unknown; topicConfigTable?: Record<string, unknown> } | undefined;
    if (stored) {
      this.dataVersion = readDataVersion(stored.dataVersion);
      for (const [name, raw] of Object.entries(stored.topicConfigTable ?? {})) this.table.set(name, readTopicConfig(name, raw));
    }
    const { clusterName, brokerName } = this.options;
    const system: TopicConfig[] = [
      topicConfig('SELF_TEST_TOPIC', 1, 1),
      topicConfig('BenchmarkTest', 1024, 1024),
      topicConfig(clusterName, 16, 16, PERM_READ | PERM_WRITE | PERM_INHERIT),
      topicConfig(brokerName, 1, 1, PERM_READ | PERM_WRITE | PERM_INHERIT),
      topicConfig('OFFSET_MOVED_EVENT', 1, 1),
      topicConfig(SCHEDULE_TOPIC, 18, 18),
      topicConfig(`${clusterName}_REPLY_TOPIC`, 1, 1),
      topicConfig(`rmq_sys_REVIVE_LOG_${clusterName}`, 8, 8),
      topicConfig(`rmq_sys_SYNC_BROKER_MEMBER_${brokerName}`, 1, 1, PERM_INHERIT),
      topicConfig(TRANS_HALF_TOPIC, 1, 1),
      topicConfig(TRANS_OP_HALF_TOPIC, 1, 1),
    ];
    if (this.options.autoCreateTopicEnable()) system.push(topicConfig(AUTO_CREATE_TOPIC_KEY, 8, 8, PERM_READ | PERM_WRITE | PERM_INHERIT));
    for (const t of system) {
      this.systemTopics.add(t.topicName);
      if (!this.table.has(t.topicName)) this.table.set(t.topicName, t);
    }
    this.persist();
  }

  get(topic: string): TopicConfig | undefined {
    return this.table.get(topic);
  }

  /** Creates or replaces a topic (UPDATE_AND_CREATE_TOPIC); persists, bumps the version, notifies. */
  put(config: TopicConfig): void {
    this.table.set(config.topicName, config);
    this.changed([config]);
  }

  delete(topic: string): boolean {
    if (!this.table.delete(topic)) return false;
    nextDataVersion(this.dataVersion);
    this.persist();
    return true;
  }

  /**
   * Auto-creation on send (store.md §7): from the default topic named in the request when it
   * exists with the inherit bit and auto-creation is on. With auto-creation off, TBW102 counts
   * as not inheritable even if it is still in the table.
   */
  createTopicInSendMessageMethod(topic: string, defaultTopic: string, defaultTopicQueueNums: number, topicSysFlag: number): TopicConfig | undefined {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const template = this.table.get(defaultTopic);
    if (!template) return undefined;
    if (defaultTopic === AUTO_CREATE_TOPIC_KEY && !this.options.autoCreateTopicEnable()) {
      // A Java broker strips TBW102's inherit bit in memory when a send meets it while
      // auto-creation is off (store.md §7 point 3); turning the switch back on is then not
      // enough until TBW102 is repaired (perm 7) — which `mqadmin autoCreateTopic` does.
      template.perm = PERM_READ | PERM_WRITE;
      return undefined;
    }
    if ((template.perm & PERM_INHERIT) === 0) return undefined;
    const queues = Math.max(1, Math.min(defaultTopicQueueNums, template.writeQueueNums));
    const created: TopicConfig = {
      ...topicConfig(topic, queues, queues, template.perm & ~PERM_INHERIT),
      topicFilterType: template.topicFilterType,
      topicSysFlag,
    };
    this.put(created);
    return created;
  }

  /** Retry and DLQ topics are created on demand whatever autoCreateTopicEnable says. */
  createTopicIfAbsent(topic: string, queueNums: number, perm = PERM_READ | PERM_WRITE): TopicConfig {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const created = topicConfig(topic, queueNums, queueNums, perm);
    this.put(created);
    return created;
  }

  all(): TopicConfig[] {
    return [...this.table.values()];
  }

  /** The TopicConfigSerializeWrapper (messages.md A.8, 5.x AndMapping form). */
  serializeWrapper(topics: Iterable<TopicConfig> = this.table.values(), permMask = 7): Record<string, unknown> {
    const topicConfigTable: Record<string, unknown> = {};
    for (const t of topics) topicConfigTable[t.topicName] = writeTopicConfig({ ...t, perm: t.perm & permMask });
    return {
      dataVersion: { ...this.dataVersion },
      mappingDataVersion: { counter: 0, stateVersion: 0, timestamp: this.dataVersion.timestamp },
      topicConfigTable,
      topicQueueMappingDetailMap: {},
      topicQueueMappingInfoMap: {},
    };
  }

  private changed(topics: TopicConfig[]): void {
    nextDataVersion(this.dataVersion);
    this.persist();
    this.options.onChange?.(topics);
  }

  persist(): void {
    const topicConfigTable: Record<string, unknown> = {};
    for (const t of this.table.values()) topicConfigTable[t.topicName] = writeTopicConfig(t);
    writeConfigFile(this.file, { dataVersion: this.dataVersion, topicConfigTable });
  }
}

/** TopicConfig as Java writes it: properties in alphabetical order (messages.md A.3). */
export function writeTopicConfig(t: TopicConfig): Record<string, unknown> {
  return {
    attributes: { ...t.attributes },
    order: t.order,
    perm: t.perm,
    readQueueNums: t.readQueueNums,
    topicFilterType: t.topicFilterType,
    topicName: t.topicName,
    topicSysFlag: t.topicSysFlag,
    writeQueueNums: t.writeQueueNums,
  };
}

export function readTopicConfig(name: string, raw: unknown): TopicConfig {
  const r = (raw ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries((r.attributes ?? {}) as Record<string, unknown>)) attributes[k] = String(v);
  return {
    topicName: typeof r.topicName === 'string' ? r.topicName : name,
    readQueueNums: Number(r.readQueueNums ?? 16),
    writeQueueNums: Number(r.writeQueueNums ?? 16),
    perm: Number(r.perm ?? 6),
    topicFilterType: r.topicFilterType === 'MULTI_TAG' ? 'MULTI_TAG' : 'SINGLE_TAG',
    topicSysFlag: Number(r.topicSysFlag ?? 0),
    order: r.order === true || r.order === 'true',
    attributes,
  };
}
