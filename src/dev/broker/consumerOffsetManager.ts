// Committed consumer offsets (store.md §5 consumerOffset.json): "<topic>@<group>" -> queueId ->
// the next offset to consume. Also, in memory as a 5.x broker keeps them, the last pulled
// offsets (ConsumeStats.pullOffset) and pending server-side resets (behaviours.md §5.2).

import { join } from 'node:path';
import { newDataVersion, nextDataVersion, readConfigFile, readDataVersion, writeConfigFile, type DataVersion } from './persistence.js';

export const TOPIC_GROUP_SEPARATOR = '@';

const key = (topic: string, group: string) => `${topic}${TOPIC_GROUP_SEPARATOR}${group}`;

export class ConsumerOffsetManager {
  /** "<topic>@<group>" -> queueId -> offset. */
  readonly offsetTable = new Map<string, Map<number, number>>();
  private readonly pullOffsets = new Map<string, Map<number, number>>();
  private readonly resetOffsets = new Map<string, Map<number, number>>();
  dataVersion: DataVersion = newDataVersion();
  private readonly file: string;
  private dirty = false;

  constructor(configDir: string) {
    this.file = join(configDir, 'consumerOffset.json');
  }

  load(): void {
    const stored = readConfigFile(this.file) as { dataVersion?: unknown; offsetTable?: Record<string, unknown> } | undefined;
    if (!stored) return;
    this.dataVersion = readDataVersion(stored.dataVersion);
    for (const [k, queues] of Object.entries(stored.offsetTable ?? {})) {
      const m = new Map<number, number>();
      for (const [q, off] of Object.entries((queues ?? {}) as Record<string, unknown>)) m.set(Number(q), Number(off));
      this.offsetTable.set(k, m);
    }
  }

  commitOffset(group: string, topic: string, queueId: number, offset: number): void {
    const k = key(topic, group);
    let m = this.offsetTable.get(k);
    if (!m) this.offsetTable.set(k, (m = new Map()));
    m.set(queueId, offset);
    this.dirty = true;
  }

  /** Per group: [second, messages] pulled during the last minute. */
  private readonly consumed = new Map<string, Array<[number, number]>>();

  private recordConsumed(group: string, count: number, now = Date.now()): void {
    const second = Math.floor(now / 1000);
    let samples = this.consumed.get(group);
    if (!samples) this.consumed.set(group, (samples = []));
    const last = samples[samples.length - 1];
    if (last && last[0] === second) last[1] += count;
    else samples.push([second, count]);
    while (samples.length > 0 && samples[0]![0] <= second - 60) samples.shift();
  }

  /** Messages consumed per second by the group over the last minute, as the Java broker's consumeTps. */
  consumeTps(group: string, now = Date.now()): number {
    const samples = this.consumed.get(group);
    if (!samples) return 0;
    const second = Math.floor(now / 1000);
    let total = 0;
    for (const [s, n] of samples) if (s > second - 60) total += n;
    return total / 60;
  }

  /** The committed offset, or -1 when the group has none for the queue. */
  queryOffset(group: string, topic: string, queueId: number): number {
    return this.offsetTable.get(key(topic, group))?.get(queueId) ?? -1;
  }

  queryOffsets(group: string, topic: string): Map<number, number> {
    return new Map(this.offsetTable.get(key(topic, group)) ?? []);
  }

  /** After a pull that found messages: `offset` is the next one to pull. */
  commitPullOffset(group: string, topic: string, queueId: number, offset: number): void {
    const k = key(topic, group);
    let m = this.pullOffsets.get(k);
    if (!m) this.pullOffsets.set(k, (m = new Map()));
    // Messages handed to the group count towards its consumeTps, as the Java broker's
    // GROUP_GET_NUMS: from the last pulled (or committed) offset to the new one.
    const from = Math.max(0, m.get(queueId) ?? -1, this.queryOffset(group, topic, queueId));
    if (offset > from) this.recordConsumed(group, offset - from);
    m.set(queueId, offset);
  }

  queryPullOffset(group: string, topic: string, queueId: number): number {
    return this.pullOffsets.get(key(topic, group))?.get(queueId) ?? -1;
  }

  /** 5.x server-side reset: the offset is committed and the next pull is told to move there. */
  assignResetOffset(group: string, topic: string, queueId: number, offset: number): void {
    const k = key(topic, group);
    let m = this.resetOffsets.get(k);
    if (!m) this.resetOffsets.set(k, (m = new Map()));
    m.set(queueId, offset);
    this.commitOffset(group, topic, queueId, offset);
    // Not through commitPullOffset: a reset is no consumption (consumeTps).
    let pulled = this.pullOffsets.get(k);
    if (!pulled) this.pullOffsets.set(k, (pulled = new Map()));
    pulled.set(queueId, offset);
  }

  hasPendingReset(group: string, topic: string, queueId: number): boolean {
    return this.resetOffsets.get(key(topic, group))?.has(queueId) ?? false;
  }

  /** The pending reset offset, removed as the pull that reads it is answered. */
  takeResetOffset(group: string, topic: string, queueId: number): number | undefined {
    const m = this.resetOffsets.get(key(topic, group));
    const offset = m?.get(queueId);
    if (offset !== undefined) m!.delete(queueId);
    return offset;
  }

  /** Topics the group has offsets for. */
  topicsOfGroup(group: string): string[] {
    const out: string[] = [];
    for (const k of this.offsetTable.keys()) {
      const at = k.lastIndexOf(TOPIC_GROUP_SEPARATOR);
      if (k.slice(at + 1) === group) out.push(k.slice(0, at));
    }
    return out;
  }

  /** Groups having offsets for the topic. */
  groupsOfTopic(topic: string): string[] {
    const out: string[] = [];
    for (const k of this.offsetTable.keys()) {
      const at = k.lastIndexOf(TOPIC_GROUP_SEPARATOR);
      if (k.slice(0, at) === topic) out.push(k.slice(at + 1));
    }
    return out;
  }

  removeTopic(topic: string): void {
    for (const k of [...this.offsetTable.keys()]) if (k.slice(0, k.lastIndexOf(TOPIC_GROUP_SEPARATOR)) === topic) this.offsetTable.delete(k);
    this.dirty = true;
  }

  removeGroup(group: string): void {
    for (const k of [...this.offsetTable.keys()]) if (k.slice(k.lastIndexOf(TOPIC_GROUP_SEPARATOR) + 1) === group) this.offsetTable.delete(k);
    this.dirty = true;
  }

  /** The compact consumerOffset.json form (GET_ALL_CONSUMER_OFFSET body): int keys bare. */
  serialize(): Record<string, unknown> {
    const offsetTable: Record<string, Map<number, number>> = {};
    for (const [k, m] of this.offsetTable) offsetTable[k] = new Map([...m].sort((a, b) => a[0] - b[0]));
    return { dataVersion: { ...this.dataVersion }, offsetTable };
  }

  /** Writes consumerOffset.json when something changed (every 5 s and at shutdown). */
  persist(force = false): void {
    if (!this.dirty && !force) return;
    nextDataVersion(this.dataVersion);
    writeConfigFile(this.file, this.serialize());
    this.dirty = false;
  }
}
