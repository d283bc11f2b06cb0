// The embedded cluster in one process: a NameServer and N master brokers, all on 127.0.0.1,
// under one data directory (<dataDir>/namesrv, <dataDir>/broker-a, ...). Used by
// `mqadmin dev up --foreground` and by tests that want a real cluster in-process.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { aclFilePath, ensureDevAclFile, type DevAdminAccount } from './broker/acl/accounts.js';
import { brokerAuthDir, ensureDevAuthFiles, type DevSuperUser } from './broker/auth/store.js';
import { BrokerController, type BrokerSnapshot } from './broker/brokerController.js';
import { NameServer } from './namesrv/nameServer.js';
import { devTlsDir, ensureDevTls } from './tls.js';
import { brokerName, CLUSTER_NAME, type FlushMode } from './state.js';

/** Never anything else: the dev cluster is not meant to be reachable from other machines. */
export const DEV_HOST = '127.0.0.1';
export const MAX_BROKERS = 26;
/** Broker i listens on brokerPort + PORT_STEP * i, leaving room for the ports Java brokers add (port-2, port+1). */
export const PORT_STEP = 10;

export interface DevClusterOptions {
  dataDir: string;
  /** Default 1. */
  brokers?: number;
  /** Default 9876; 0 = an ephemeral port. */
  namesrvPort?: number;
  /** Default 10911; broker i listens on brokerPort + 10 * i; 0 = an ephemeral port for each. */
  brokerPort?: number;
  flush?: FlushMode;
  /** Plain ACL (4.9 ACL 1.0) on every broker; accounts in <dataDir>/acl. */
  acl?: boolean;
  /**
   * Authentication and authorization 2.0 (5.x) on every broker; users and ACLs in
   * <dataDir>/auth. Not together with `acl`.
   */
  auth?: boolean;
  /** TLS only, on every port, with a certificate generated in <dataDir>/tls. */
  tls?: boolean;
  log?: (line: string) => void;
}

export interface DevClusterBroker {
  name: string;
  addr: string;
  dataDir: string;
}

export interface DevClusterSnapshot {
  namesrv: ReturnType<NameServer['snapshot']>;
  brokers: BrokerSnapshot[];
}

export interface DevCluster {
  clusterName: typeof CLUSTER_NAME;
  namesrvAddr: string;
  brokers: DevClusterBroker[];
  /** With `acl`: the shared accounts file and the admin account in it (`created` on first start). */
  acl?: DevAdminAccount;
  /** With `auth`: the cluster's Super user (`created` on first start) and broker-a's users/ACL files. */
  auth?: DevSuperUser;
  /** With `tls`: the CA a client must trust (file and PEM), e.g. MQAdmin({ tls: { ca } }). */
  tls?: { caFile: string; ca: string };
  snapshot(): DevClusterSnapshot;
  /** Stops the brokers (they unregister), then the NameServer. Safe to call twice. */
  close(): Promise<void>;
}

/** A port we were asked to listen on is taken (or not ours to take). */
export class DevPortError extends Error {
  constructor(readonly port: number, readonly role: string, readonly reason: 'in-use' | 'denied', options?: { cause?: unknown }) {
    super(
      reason === 'in-use'
        ? `port ${port} (${role}) is already in use on ${DEV_HOST}`
        : `cannot listen on port ${port} (${role}) on ${DEV_HOST}: permission denied`,
      options,
    );
    this.name = 'DevPortError';
  }
}

/** The port each process listens on; 0 stays 0 (ephemeral). */
export function plannedPorts(options: { brokers: number; namesrvPort: number; brokerPort: number }): Array<{ role: string; port: number }> {
  const ports = [{ role: 'NameServer', port: options.namesrvPort }];
  for (let i = 0; i < options.brokers; i++) {
    ports.push({ role: `broker ${brokerName(i)}`, port: options.brokerPort === 0 ? 0 : options.brokerPort + PORT_STEP * i });
  }
  return ports;
}

/** Why these options cannot work, or undefined. */
export function validateClusterOptions(options: { brokers: number; namesrvPort: number; brokerPort: number }): string | undefined {
  const { brokers, namesrvPort, brokerPort } = options;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > MAX_BROKERS) return `the number of brokers must be between 1 and ${MAX_BROKERS}, not ${brokers}`;
  for (const [name, port] of [['NameServer', namesrvPort], ['broker', brokerPort]] as const) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) return `the ${name} port must be between 0 and 65535, not ${port}`;
  }
  const ports = plannedPorts(options);
  const last = ports[ports.length - 1]!;
  if (last.port > 65535) return `${brokers} brokers from port ${brokerPort} need ports up to ${last.port}, beyond 65535`;
  if (namesrvPort !== 0 && ports.slice(1).some((p) => p.port === namesrvPort)) {
    return `the NameServer port ${namesrvPort} is also a broker port (brokers use ${ports.slice(1).map((p) => p.port).join(', ')})`;
  }
  return undefined;
}

export async function startDevCluster(options: DevClusterOptions): Promise<DevCluster> {
  const planned = {
    brokers: options.brokers ?? 1,
    namesrvPort: options.namesrvPort ?? 9876,
    brokerPort: options.brokerPort ?? 10911,
  };
  const invalid = validateClusterOptions(planned);
  if (invalid) throw new RangeError(invalid);
  if (options.acl && options.auth) throw new RangeError('plain ACL (acl) and authentication 2.0 (auth) cannot both be on');
  const log = options.log ?? (() => undefined);
  const [namesrvPort, ...brokerPorts] = plannedPorts(planned);

  // What has been started, so a failure half-way closes exactly that, newest first.
  const started: Array<{ close(): Promise<void> }> = [];
  const closeStarted = async (): Promise<void> => {
    for (const part of started.splice(0).reverse()) {
      await part.close().catch((err: Error) => log(`error while closing after a failed start: ${err.message}`));
    }
  };

  try {
    // Plain ACL: one accounts file for every broker, with the admin account mqadmin signs with.
    const acl = options.acl ? ensureDevAclFile(aclFilePath(options.dataDir)) : undefined;
    if (acl) log(`ACL on: accounts in ${acl.file}, admin account ${acl.accessKey}${acl.created ? ' (created now)' : ''}`);
    // Authentication 2.0: users and ACLs per broker (as on a real cluster), each with the Super
    // user mqadmin signs with, the same password everywhere (broker-a's decides).
    let auth: DevSuperUser | undefined;
    const brokerAuth = (name: string): { files: DevSuperUser['files'] } | undefined => {
      if (!options.auth) return undefined;
      const own = ensureDevAuthFiles(brokerAuthDir(options.dataDir, name), log, auth?.secretKey);
      if (!auth) auth = own;
      else if (own.secretKey !== auth.secretKey) log(`auth: warning: ${own.accessKey} in ${own.files.users} has another password than in ${auth.files.users}: mqadmin's requests to ${name} will be refused`);
      log(`authentication and authorization on ${name}: users in ${own.files.users}, ACLs in ${own.files.acls}, Super user ${own.accessKey}${own.created ? ' (created now)' : ''}`);
      return { files: own.files };
    };
    // TLS: enforcing on every port, so that a plaintext client is refused as by a real
    // TLS-enforcing cluster; the brokers register over TLS with the same CA (auth.md §5.3).
    const tls = options.tls ? await ensureDevTls(devTlsDir(options.dataDir), { log }) : undefined;
    if (tls) log(`TLS on (enforcing): clients must trust ${tls.caFile}`);
    const serverTls = tls ? { key: tls.key, cert: tls.cert, mode: 'enforcing' as const } : undefined;
    const namesrvDir = join(options.dataDir, 'namesrv');
    mkdirSync(namesrvDir, { recursive: true });
    const namesrv = new NameServer({ host: DEV_HOST, port: namesrvPort!.port, dataDir: namesrvDir, log, ...(serverTls ? { tls: serverTls } : {}) });
    started.push(namesrv);
    await listening(namesrv.start(), namesrvPort!);
    const namesrvAddr = namesrv.address;

    const brokers: Array<{ controller: BrokerController; info: DevClusterBroker }> = [];
    for (const [i, planned] of brokerPorts.entries()) {
      const name = brokerName(i);
      const dataDir = join(options.dataDir, name);
      const controller = new BrokerController({
        brokerName: name,
        clusterName: CLUSTER_NAME,
        host: DEV_HOST,
        port: planned.port,
        namesrvAddrs: [namesrvAddr],
        dataDir,
        flush: options.flush ?? 'async',
        log,
        ...(acl ? { acl: { file: acl.file } } : {}),
        ...(options.auth ? { auth: brokerAuth(name)! } : {}),
        ...(tls && serverTls ? { tls: { server: serverTls, client: { ca: tls.ca } } } : {}),
      });
      started.push(controller);
      await listening(controller.start(), planned);
      brokers.push({ controller, info: { name, addr: controller.address, dataDir } });
    }

    let closing: Promise<void> | undefined;
    return {
      clusterName: CLUSTER_NAME,
      namesrvAddr,
      brokers: brokers.map((b) => b.info),
      ...(acl ? { acl } : {}),
      ...(auth ? { auth } : {}),
      ...(tls ? { tls: { caFile: tls.caFile, ca: tls.ca } } : {}),
      snapshot: () => ({ namesrv: namesrv.snapshot(), brokers: brokers.map((b) => b.controller.snapshot()) }),
      close: () => (closing ??= closeStarted()),
    };
  } catch (err) {
    await closeStarted();
    throw err;
  }
}

/** Names the port when listening failed for a reason the user can act on. */
async function listening<T>(start: Promise<T>, planned: { role: string; port: number }): Promise<T> {
  try {
    return await start;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new DevPortError(planned.port, planned.role, 'in-use', { cause: err });
    if (code === 'EACCES') throw new DevPortError(planned.port, planned.role, 'denied', { cause: err });
    throw err;
  }
}
