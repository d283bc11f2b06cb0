// The brokers of a topic's route, as the commands address them: sorted by broker name in Java's
// String.compareTo order, each with its master address first (BrokerData.selectBrokerAddr).

import { sortedBrokerIds, type TopicRouteData } from '../protocol/bodies/route.js';

export interface BrokerTarget {
  brokerName: string;
  cluster: string;
  /** Master first, then the slaves by id. */
  addrs: string[];
}

/** One address per broker: its master, else its first slave. */
export interface BrokerAddrTarget {
  brokerName: string;
  cluster: string;
  addr: string;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every broker of the route (optionally of one cluster), master address first. */
export function brokerTargets(route: TopicRouteData, cluster?: string): BrokerTarget[] {
  return route.brokerDatas
    .filter((b) => cluster === undefined || b.cluster === cluster)
    .map((b) => ({ brokerName: b.brokerName, cluster: b.cluster, addrs: sortedBrokerIds(b).map((id) => b.brokerAddrs[id]!) }))
    .filter((t) => t.addrs.length > 0)
    .sort((a, b) => byCodeUnits(a.brokerName, b.brokerName));
}

/** One address per broker of the route: its master, else any. */
export function routeTargets(route: TopicRouteData, cluster?: string): BrokerAddrTarget[] {
  return brokerTargets(route, cluster).map((t) => ({ brokerName: t.brokerName, cluster: t.cluster, addr: t.addrs[0]! }));
}
