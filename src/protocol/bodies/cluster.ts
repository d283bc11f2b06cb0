// ClusterInfo (messages.md A.5), the body of GET_BROKER_CLUSTER_INFO: broker name -> BrokerData
// and cluster name -> set of broker names. Always the plain form with bare numeric keys.

import { decodeBrokerData, type BrokerData } from './route.js';
import { asArray, asRecord, asString, optionalRecord } from './fields.js';

export interface ClusterInfo {
  brokerAddrTable: Record<string, BrokerData>;
  clusterAddrTable: Record<string, string[]>;
}

export function decodeClusterInfo(value: unknown): ClusterInfo {
  const r = asRecord(value, 'ClusterInfo');
  const brokerAddrTable: Record<string, BrokerData> = {};
  for (const [name, data] of Object.entries(optionalRecord(r.brokerAddrTable, 'brokerAddrTable'))) {
    brokerAddrTable[name] = decodeBrokerData(data, `brokerAddrTable.${name}`);
  }
  const clusterAddrTable: Record<string, string[]> = {};
  for (const [cluster, names] of Object.entries(optionalRecord(r.clusterAddrTable, 'clusterAddrTable'))) {
    clusterAddrTable[cluster] = asArray(names, `clusterAddrTable.${cluster}`).map((n, i) => asString(n, `clusterAddrTable.${cluster}[${i}]`));
  }
  return { brokerAddrTable, clusterAddrTable };
}
