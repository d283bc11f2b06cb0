// Which brokers a command addresses: those of a topic's route, sorted by broker name in Java's
// String.compareTo order, each with its master address first (BrokerData.selectBrokerAddr); and
// the Java tool's -c CLUSTER / -b ADDR selection (resolveBrokers).

import { sortedBrokerIds, type TopicRouteData } from '../protocol/bodies/route.js';
import type { ClusterInfo } from '../protocol/bodies/cluster.js';
import { getBrokerConfig } from '../protocol/requests/brokerConfig.js';
import { validateAddress } from './addresses.js';
import { listBrokerAddresses, type BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';

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

// ---------------------------------------------------------------------------------------------
// Targets

export interface TargetSelector {
  cluster?: string;
  brokerAddr?: string;
}

export interface TargetOptions {
  /** Slaves too (deleteTopic, getBrokerConfig); masters only otherwise. */
  includeSlaves?: boolean;
  /** Neither -c nor -b: every master of every cluster instead of an error. */
  allWhenNone?: boolean;
}

/**
 * The brokers a command acts on: masters (or all brokers) of a cluster, or the one broker at an
 * address, which must be in the NameServer's cluster table. Fails before anything is changed.
 */
export async function resolveBrokers(admin: MQAdmin, selector: TargetSelector, options: TargetOptions = {}): Promise<{ brokers: BrokerAddress[]; info: ClusterInfo }> {
  const info = await admin.examineClusterInfo();
  const all = listBrokerAddresses(info);
  if (selector.brokerAddr !== undefined) {
    const addr = validateAddress(selector.brokerAddr, 'broker');
    const found = all.find((b) => b.addr === addr);
    if (!found) {
      const known = all.map((b) => `${b.addr} (${b.brokerName}${b.brokerId === 0 ? '' : ` id ${b.brokerId}`})`);
      throw new NotFoundError(`broker ${addr} is not in the cluster table of the NameServer`, known.length ? `known brokers: ${known.join(', ')}` : 'the NameServer knows no broker');
    }
    return { brokers: [found], info };
  }
  if (selector.cluster !== undefined) {
    if (!(selector.cluster in info.clusterAddrTable)) {
      const known = Object.keys(info.clusterAddrTable).sort();
      throw new NotFoundError(`cluster "${selector.cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
    }
    const brokers = listBrokerAddresses(info, selector.cluster).filter((b) => options.includeSlaves || b.brokerId === 0);
    if (brokers.length === 0) throw new NotFoundError(`cluster "${selector.cluster}" has no ${options.includeSlaves ? '' : 'master '}broker registered`);
    return { brokers, info };
  }
  if (options.allWhenNone) return { brokers: all.filter((b) => options.includeSlaves || b.brokerId === 0), info };
  throw new InvalidArgumentError('give a cluster (-c) or a broker address (-b)');
}
