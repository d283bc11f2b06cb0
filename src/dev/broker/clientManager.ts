// Who is connected (behaviours.md §1.3, §3.2): producer and consumer groups learned from
// HEART_BEAT, per connection. Consumer membership or subscription changes are announced to the
// group with NOTIFY_CONSUMER_IDS_CHANGED; a closed connection leaves every group at once.

import type { Connection } from '../../remoting/connection.js';

export interface ClientChannelInfo {
  connection: Connection;
  clientId: string;
  language: string;
  version: number;
  lastUpdateTimestamp: number;
}

export interface SubscriptionData {
  topic: string;
  subString: string;
  tagsSet: string[];
  codeSet: number[];
  subVersion: number;
  expressionType: string;
  classFilterMode: boolean;
}

export interface ConsumerGroupInfo {
  groupName: string;
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
  subscriptionTable: Map<string, SubscriptionData>;
  channels: Map<Connection, ClientChannelInfo>;
  lastUpdateTimestamp: number;
}

export interface ConsumerRegistration {
  groupName: string;
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
  subscriptions: SubscriptionData[];
}

export class ClientManager {
  readonly consumers = new Map<string, ConsumerGroupInfo>();
  readonly producers = new Map<string, Map<Connection, ClientChannelInfo>>();

  constructor(private readonly notify: (group: string, channels: ClientChannelInfo[]) => void) {}

  registerProducer(group: string, channel: ClientChannelInfo): void {
    let m = this.producers.get(group);
    if (!m) this.producers.set(group, (m = new Map()));
    m.set(channel.connection, channel);
  }

  /**
   * Registers a consumer; returns whether the group changed (a new channel or other
   * subscriptions), in which case the group's members have been notified.
   */
  registerConsumer(reg: ConsumerRegistration, channel: ClientChannelInfo, notifyEnabled: boolean): boolean {
    let info = this.consumers.get(reg.groupName);
    if (!info) {
      info = {
        groupName: reg.groupName,
        consumeType: reg.consumeType,
        messageModel: reg.messageModel,
        consumeFromWhere: reg.consumeFromWhere,
        subscriptionTable: new Map(),
        channels: new Map(),
        lastUpdateTimestamp: Date.now(),
      };
      this.consumers.set(reg.groupName, info);
    }
    info.consumeType = reg.consumeType;
    info.messageModel = reg.messageModel;
    info.consumeFromWhere = reg.consumeFromWhere;
    info.lastUpdateTimestamp = Date.now();
    const newChannel = !info.channels.has(channel.connection);
    info.channels.set(channel.connection, channel);

    let subsChanged = false;
    const topics = new Set(reg.subscriptions.map((s) => s.topic));
    for (const sub of reg.subscriptions) {
      const old = info.subscriptionTable.get(sub.topic);
      if (!old || old.subString !== sub.subString || old.expressionType !== sub.expressionType) subsChanged = true;
      // A newer subscription version replaces the old; an older one never does (Java keeps the newest).
      if (!old || sub.subVersion >= old.subVersion) info.subscriptionTable.set(sub.topic, sub);
    }
    for (const topic of [...info.subscriptionTable.keys()]) {
      if (!topics.has(topic)) {
        info.subscriptionTable.delete(topic);
        subsChanged = true;
      }
    }
    const changed = newChannel || subsChanged;
    // 5.x does not notify BROADCASTING groups (behaviours.md §3.2).
    if (changed && notifyEnabled && info.messageModel !== 'BROADCASTING') this.notify(info.groupName, [...info.channels.values()]);
    return changed;
  }

  unregisterConsumer(group: string, connection: Connection, notifyEnabled: boolean): void {
    const info = this.consumers.get(group);
    if (!info || !info.channels.delete(connection)) return;
    if (info.channels.size === 0) this.consumers.delete(group);
    else if (notifyEnabled && info.messageModel !== 'BROADCASTING') this.notify(group, [...info.channels.values()]);
  }

  unregisterProducer(group: string, connection: Connection): void {
    const m = this.producers.get(group);
    if (!m) return;
    m.delete(connection);
    if (m.size === 0) this.producers.delete(group);
  }

  /** A connection closed: it leaves every group; consumer groups are told (behaviours.md §1.3). */
  connectionClosed(connection: Connection, notifyEnabled: (group: string) => boolean): void {
    for (const group of [...this.producers.keys()]) this.unregisterProducer(group, connection);
    for (const group of [...this.consumers.keys()]) this.unregisterConsumer(group, connection, notifyEnabled(group));
  }

  /** Drops channels silent for longer than `expiryMs` (no notification, as Java's scan). */
  expire(expiryMs: number, now = Date.now()): Connection[] {
    const dropped: Connection[] = [];
    for (const [group, info] of this.consumers) {
      for (const [conn, ch] of info.channels) {
        if (now - ch.lastUpdateTimestamp > expiryMs) {
          info.channels.delete(conn);
          dropped.push(conn);
        }
      }
      if (info.channels.size === 0) this.consumers.delete(group);
    }
    for (const [group, m] of this.producers) {
      for (const [conn, ch] of m) {
        if (now - ch.lastUpdateTimestamp > expiryMs) {
          m.delete(conn);
          dropped.push(conn);
        }
      }
      if (m.size === 0) this.producers.delete(group);
    }
    return dropped;
  }

  consumerIds(group: string): string[] {
    const info = this.consumers.get(group);
    return info ? [...new Set([...info.channels.values()].map((c) => c.clientId))] : [];
  }

  /** Groups whose live subscriptions include the topic. */
  groupsSubscribing(topic: string): string[] {
    return [...this.consumers.values()].filter((g) => g.subscriptionTable.has(topic)).map((g) => g.groupName);
  }

  findConsumerChannel(group: string, clientId: string): ClientChannelInfo | undefined {
    const info = this.consumers.get(group);
    return info ? [...info.channels.values()].find((c) => c.clientId === clientId) : undefined;
  }
}
