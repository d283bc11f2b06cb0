// Views of topic listings and routes.

import type { TopicDetail, TopicListResult } from '../../admin/topics.js';
import { sortedBrokerIds, type BrokerData, type QueueData, type TopicRouteData } from '../../protocol/bodies/route.js';
import { permToString } from '../../protocol/perm.js';
import type { Style } from '../style.js';
import { renderTable } from '../table.js';

export async function renderTopicList(result: TopicListResult, style: Style): Promise<string> {
  if (!result.details) return result.topics.join('\n');
  // One row per consumer group, as the Java tool prints them; a topic without groups gets one.
  const rows: Array<{ detail: TopicDetail; group: string | null }> = [];
  for (const detail of result.details) {
    if (detail.groups.length === 0) rows.push({ detail, group: null });
    for (const group of detail.groups) rows.push({ detail, group });
  }
  return renderTable(
    [
      { header: 'CLUSTER', value: (r) => r.detail.clusters.join(',') || null },
      { header: 'TOPIC', value: (r) => r.detail.topic },
      { header: 'CONSUMER GROUP', value: (r) => r.group },
    ],
    rows,
    style,
  );
}

export async function renderTopicRoute(topic: string, route: TopicRouteData, style: Style): Promise<string> {
  const brokerRows: Array<{ broker: BrokerData; id: string }> = [];
  for (const broker of [...route.brokerDatas].sort((a, b) => a.brokerName.localeCompare(b.brokerName))) {
    for (const id of sortedBrokerIds(broker)) brokerRows.push({ broker, id });
  }
  const brokers = await renderTable(
    [
      { header: 'BROKER', value: (r) => r.broker.brokerName },
      { header: 'CLUSTER', value: (r) => r.broker.cluster },
      { header: 'BID', value: (r) => r.id, align: 'right' },
      { header: 'ADDRESS', value: (r) => r.broker.brokerAddrs[r.id] },
    ],
    brokerRows,
    style,
  );
  const queueRows = [...route.queueDatas].sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  const queues = await renderTable<QueueData>(
    [
      { header: 'BROKER', value: (q) => q.brokerName },
      { header: 'READ QUEUES', value: (q) => q.readQueueNums, align: 'right' },
      { header: 'WRITE QUEUES', value: (q) => q.writeQueueNums, align: 'right' },
      { header: 'PERM', value: (q) => `${permToString(q.perm)} (${q.perm})` },
      { header: 'SYSFLAG', value: (q) => q.topicSysFlag, align: 'right' },
    ],
    queueRows,
    style,
  );
  const parts = [`${style.bold('Topic')} ${topic}`, '', brokers, '', queues];
  if (route.orderTopicConf) parts.push('', `${style.bold('Order configuration')} ${route.orderTopicConf}`);
  return parts.join('\n');
}
