// Topic listings: all topic names from the NameServer, optionally with the clusters that host
// each topic and the consumer groups that consume it (`topicList -c`, behaviours.md §7).

import type { ClusterInfo } from '../protocol/bodies/cluster.js';
import { selectBrokerAddr, type TopicRouteData } from '../protocol/bodies/route.js';
import { toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';

export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';
export const DLQ_GROUP_TOPIC_PREFIX = '%DLQ%';

export interface TopicDetail {
  topic: string;
  /** Clusters whose brokers host the topic's queues. */
  clusters: string[];
  /** Consumer groups consuming the topic, from every broker that hosts it. */
  groups: string[];
}

export interface TopicListResult {
  topics: string[];
  /** Only with `withDetails`: retry and DLQ topics are left out, as the Java tool does. */
  details?: TopicDetail[];
  failures: TargetFailure[];
}

export async function topicList(admin: MQAdmin, options: { withDetails?: boolean } = {}): Promise<TopicListResult> {
  const topics = (await admin.fetchAllTopicList()).sort();
  if (!options.withDetails) return { topics, failures: [] };

  const info = await admin.examineClusterInfo();
  const candidates = topics.filter((t) => !t.startsWith(RETRY_GROUP_TOPIC_PREFIX) && !t.startsWith(DLQ_GROUP_TOPIC_PREFIX));
  const failures: TargetFailure[] = [];
  const settled = await admin.fanOut(candidates, async (topic) => {
    const route = await admin.examineTopicRoute(topic);
    const addrs = route.brokerDatas.map(selectBrokerAddr).filter((a): a is string => a !== undefined);
    const answers = await admin.fanOut(addrs, (addr) => admin.queryTopicConsumeByWho(addr, topic));
    const groups = new Set<string>();
    answers.forEach((a, i) => {
      if (a.ok) a.value.forEach((g) => groups.add(g));
      else failures.push(toTargetFailure(addrs[i]!, a.error));
    });
    return { topic, clusters: clustersOfRoute(route, info), groups: [...groups].sort() };
  });
  const details = settled.map((r, i): TopicDetail => {
    if (r.ok) return r.value;
    failures.push(toTargetFailure(candidates[i]!, r.error));
    return { topic: candidates[i]!, clusters: [], groups: [] };
  });
  return { topics, details, failures };
}

/** The clusters that contain any of the route's broker names. */
export function clustersOfRoute(route: TopicRouteData, info: ClusterInfo): string[] {
  const names = new Set(route.brokerDatas.map((b) => b.brokerName));
  return Object.keys(info.clusterAddrTable)
    .filter((c) => info.clusterAddrTable[c]!.some((n) => names.has(n)))
    .sort();
}
