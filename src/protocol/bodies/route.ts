// TopicRouteData and its parts (messages.md A.4), as returned by GET_ROUTEINFO_BY_TOPIC.
// The NameServer writes `brokerAddrs` with bare numeric keys for old clients and quoted keys
// for version >= 401 (framing.md §10.7); the lenient reader gives both as string keys.

import { asArray, asNumber, asRecord, asString, optionalArray, optionalRecord, optionalString } from './fields.js';

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId -> "ip:port"; id 0 is the master. */
  brokerAddrs: Record<string, string>;
  zoneName?: string;
  enableActingMaster?: boolean;
}

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface TopicRouteData {
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  filterServerTable: Record<string, string[]>;
}

export const MASTER_ID = '0';

export function decodeBrokerData(value: unknown, path = 'brokerData'): BrokerData {
  const r = asRecord(value, path);
  const addrs = optionalRecord(r.brokerAddrs, `${path}.brokerAddrs`);
  const brokerAddrs: Record<string, string> = {};
  for (const [id, addr] of Object.entries(addrs)) brokerAddrs[id] = asString(addr, `${path}.brokerAddrs.${id}`);
  const out: BrokerData = {
    cluster: optionalString(r.cluster, `${path}.cluster`) ?? '',
    brokerName: asString(r.brokerName, `${path}.brokerName`),
    brokerAddrs,
  };
  const zoneName = optionalString(r.zoneName, `${path}.zoneName`);
  if (zoneName !== undefined) out.zoneName = zoneName;
  if (typeof r.enableActingMaster === 'boolean') out.enableActingMaster = r.enableActingMaster;
  return out;
}

export function decodeQueueData(value: unknown, path = 'queueData'): QueueData {
  const r = asRecord(value, path);
  return {
    brokerName: asString(r.brokerName, `${path}.brokerName`),
    readQueueNums: asNumber(r.readQueueNums, `${path}.readQueueNums`),
    writeQueueNums: asNumber(r.writeQueueNums, `${path}.writeQueueNums`),
    perm: asNumber(r.perm, `${path}.perm`),
    topicSysFlag: asNumber(r.topicSysFlag, `${path}.topicSysFlag`, 0),
  };
}

export function decodeTopicRouteData(value: unknown): TopicRouteData {
  const r = asRecord(value, 'TopicRouteData');
  const filterServerTable: Record<string, string[]> = {};
  for (const [addr, list] of Object.entries(optionalRecord(r.filterServerTable, 'filterServerTable'))) {
    filterServerTable[addr] = asArray(list, `filterServerTable.${addr}`).map((v, i) => asString(v, `filterServerTable.${addr}[${i}]`));
  }
  const route: TopicRouteData = {
    queueDatas: optionalArray(r.queueDatas, 'queueDatas').map((q, i) => decodeQueueData(q, `queueDatas[${i}]`)),
    brokerDatas: optionalArray(r.brokerDatas, 'brokerDatas').map((b, i) => decodeBrokerData(b, `brokerDatas[${i}]`)),
    filterServerTable,
  };
  const orderTopicConf = optionalString(r.orderTopicConf, 'orderTopicConf');
  if (orderTopicConf !== undefined) route.orderTopicConf = orderTopicConf;
  return route;
}

/** Java `BrokerData.selectBrokerAddr`: the master when there is one, else any address. */
export function selectBrokerAddr(broker: BrokerData): string | undefined {
  return broker.brokerAddrs[MASTER_ID] ?? Object.values(broker.brokerAddrs)[0];
}

/** Broker ids sorted numerically, master first. */
export function sortedBrokerIds(broker: BrokerData): string[] {
  return Object.keys(broker.brokerAddrs).sort((a, b) => Number(a) - Number(b));
}
