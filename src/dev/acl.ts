// `mqadmin dev acl list|set|delete`: the accounts of a dev cluster started with --acl. `list`
// reads the accounts file (<dataDir>/acl/plain_acl.yml) directly; `set` and `delete` go, as the
// Java tools do, through UPDATE_AND_CREATE_ACL_CONFIG (50) / DELETE_ACL_CONFIG (51) to every
// broker of the running cluster, signed with its admin account from dev.json.

import { existsSync } from 'node:fs';
import { toTargetFailure, type TargetFailure } from '../admin/errors.js';
import { MQAdmin } from '../admin/MQAdmin.js';
import { CliError, ExitCode } from '../cli/exitCodes.js';
import { accountProblem, accountView, type AclAccountView } from '../admin/acl.js';
import { ResponseError } from '../protocol/errors.js';
import { deleteAclConfig, updateAndCreateAclConfig, type AclAccountArgs } from '../protocol/requests/acl.js';
import { aclFilePath, readAclFile } from './broker/acl/accounts.js';
import { DELETE_ACL_CONFIG_FAILED } from './broker/acl/processors.js';
import { devClientOptions, inspectState, type DevBrokerInfo, type DevState } from './state.js';

/** An account of the accounts file (secret masked, as the `updateAclConfig` family shows them). */
export interface DevAclAccount extends AclAccountView {
  /** The account mqadmin itself signs with (dev.json). */
  devAdmin: boolean;
}

export interface DevAclList {
  dataDir: string;
  accountsFile: string;
  /** Whether a cluster that checks these accounts runs now. */
  enforced: boolean;
  globalWhiteRemoteAddresses: string[];
  accounts: DevAclAccount[];
  dataVersion: { counter: number; timestamp: number } | null;
}

export interface DevAclBrokerResult extends DevBrokerInfo {
  ok: boolean;
}

export interface DevAclChangeResult {
  action: 'set' | 'delete';
  accessKey: string;
  brokers: DevAclBrokerResult[];
  failures: TargetFailure[];
}

export function listDevAccounts(dataDir: string): DevAclList {
  const file = aclFilePath(dataDir);
  if (!existsSync(file)) {
    throw new CliError(`no ACL accounts file in ${dataDir}`, ExitCode.NOT_FOUND, 'start the cluster with `mqadmin dev up --acl` once to create it');
  }
  let data;
  try {
    data = readAclFile(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, ExitCode.UNEXPECTED);
  }
  const { live } = inspectState(dataDir);
  const adminKey = live?.security?.acl?.accessKey;
  return {
    dataDir,
    accountsFile: file,
    enforced: live?.status === 'running' && live.options.acl,
    globalWhiteRemoteAddresses: data.globalWhiteRemoteAddresses ?? [],
    accounts: (data.accounts ?? []).map((a) => ({ ...accountView(a), devAdmin: adminKey !== undefined && a.accessKey === adminKey })),
    dataVersion: data.dataVersion?.[0] ?? null,
  };
}

/** The running --acl cluster of `dataDir`, or the reason it cannot take account changes. */
function runningAclCluster(dataDir: string): DevState & { namesrvAddr: string; security: { acl: { accessKey: string; secretKey: string } } } {
  const { live } = inspectState(dataDir);
  if (!live || live.status !== 'running' || !live.namesrvAddr) {
    throw new CliError(`the dev cluster in ${dataDir} is not running`, ExitCode.UNREACHABLE, 'start it with `mqadmin dev up --acl`');
  }
  if (!live.options.acl || !live.security?.acl) {
    throw new CliError(`the dev cluster in ${dataDir} runs without --acl: it checks no accounts`, ExitCode.USAGE, 'restart it with `mqadmin dev down` and `mqadmin dev up --acl`');
  }
  return live as ReturnType<typeof runningAclCluster>;
}

/** The checks the broker makes (auth.md §1.7; shared with updateAclConfig), made here first so that a mistake is a usage error. */
export function validateAccount(args: AclAccountArgs): void {
  // The broker's own message names the secret: this one does not.
  const problem = accountProblem(args);
  if (problem) throw new CliError(problem, ExitCode.USAGE);
}

function refuseDevAdmin(state: { security: { acl: { accessKey: string } } }, accessKey: string, what: string): void {
  if (accessKey !== state.security.acl.accessKey) return;
  throw new CliError(
    `${accessKey} is the dev cluster's own admin account (kept in dev.json, mqadmin signs with it): it cannot be ${what}`,
    ExitCode.USAGE,
    'create another account; to get a new secret for it, remove it from the accounts file and restart the cluster',
  );
}

async function toEveryBroker(dataDir: string, timeoutMs: number, action: DevAclChangeResult['action'], accessKey: string, send: (admin: MQAdmin, addr: string) => Promise<void>): Promise<DevAclChangeResult> {
  const state = runningAclCluster(dataDir);
  if (action === 'delete') refuseDevAdmin(state, accessKey, 'deleted');
  else refuseDevAdmin(state, accessKey, 'changed');
  const admin = new MQAdmin({ namesrvAddr: state.namesrvAddr, timeoutMs, ...devClientOptions(state) });
  try {
    const brokers = state.brokers ?? [];
    // One after the other: the brokers share one file, each rewrites it.
    const settled: Array<{ ok: true } | { ok: false; error: unknown }> = [];
    for (const b of brokers) {
      settled.push(await send(admin, b.addr).then(() => ({ ok: true as const }), (error: unknown) => ({ ok: false as const, error })));
    }
    const failed = settled.flatMap((s, i) => (s.ok ? [] : [{ broker: brokers[i]!, error: s.error }]));
    // Nothing changed anywhere: the reason is the error (its exit code says what kind).
    if (brokers.length > 0 && failed.length === brokers.length) throw failed[0]!.error;
    return {
      action,
      accessKey,
      brokers: brokers.map((b, i) => ({ ...b, ok: settled[i]!.ok })),
      failures: failed.map((f) => toTargetFailure(f.broker.addr, f.error)),
    };
  } finally {
    await admin.close();
  }
}

export async function setDevAccount(dataDir: string, args: AclAccountArgs, timeoutMs = 5000): Promise<DevAclChangeResult> {
  validateAccount(args);
  return toEveryBroker(dataDir, timeoutMs, 'set', args.accessKey, (admin, addr) => admin.call(addr, updateAndCreateAclConfig, args));
}

export async function deleteDevAccount(dataDir: string, accessKey: string, timeoutMs = 5000): Promise<DevAclChangeResult> {
  const file = aclFilePath(dataDir);
  runningAclCluster(dataDir);
  if (!(readAclFile(file).accounts ?? []).some((a) => a.accessKey === accessKey)) {
    throw new CliError(`no account ${accessKey} in ${file}`, ExitCode.NOT_FOUND, 'see the accounts with `mqadmin dev acl list`');
  }
  let deleted = false;
  return toEveryBroker(dataDir, timeoutMs, 'delete', accessKey, async (admin, addr) => {
    try {
      await admin.call(addr, deleteAclConfig, { accessKey });
      deleted = true;
    } catch (err) {
      // The brokers share the file: after the first one deleted the account, the others find none.
      if (deleted && err instanceof ResponseError && err.code === DELETE_ACL_CONFIG_FAILED) return;
      throw err;
    }
  });
}
