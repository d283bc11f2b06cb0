// ACL 1.0 ("plain ACL") administration of 4.x brokers (auth.md §1.7, admin-commands.md §9.3):
// accounts (UPDATE_AND_CREATE_ACL_CONFIG 50, DELETE_ACL_CONFIG 51), the global white list (53),
// the versions of the ACL files (52) and, where a broker still serves them (4.6 to 4.9.7), the
// accounts themselves (GET_BROKER_CLUSTER_ACL_CONFIG 54). Nothing here prints; each operation
// returns per broker what it found and did, the brokers that failed kept apart.
//
// What a broker answers when it cannot do this at all is told apart from a refusal:
// - REQUEST_CODE_NOT_SUPPORTED (3): a 5.x broker (ACL 1.0 replaced by users and ACLs, "ACL 2.0");
// - 209/210/211 with no remark, or no answer at all to 52 (and 54): a 4.9.x broker with
//   aclEnable=false (auth.md §1.8);
// - SYSTEM_ERROR with an AclException: the access check refused our account (exit 6).
// Secrets never leave this module in clear: accounts are returned with the secret masked, and
// every secret seen (given or read from a broker) is handed to `onSecret` for redaction.

import { maskSecret } from '../protocol/acl.js';
import { RequestCode, ResponseCode, requestCodeName, responseCodeName as responseCodeNameOf } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import { versionDesc } from '../protocol/bodies/consumer.js';
import {
  deleteAclConfig,
  getBrokerClusterAclConfig,
  getBrokerClusterAclInfo,
  updateAndCreateAclConfig,
  updateGlobalWhiteAddrsConfig,
  type AclAccountArgs,
  type AclDataVersion,
  type BrokerAclConfig,
  type BrokerAclInfo,
  type PlainAccessConfigBody,
} from '../protocol/requests/acl.js';
import type { RequestDefinition } from '../protocol/requests/define.js';
import { getBrokerConfig } from '../protocol/requests/brokerConfig.js';
import { RemotingTimeoutError } from '../remoting/errors.js';
import { compileAddress } from '../dev/broker/acl/address.js';
import { AclError, checkResourcePerms, PERM_TEXTS } from '../dev/broker/acl/permission.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, UnavailableOnServerError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { resolveBrokers, type TargetSelector } from './targets.js';

/** 4.9.x meanings of 209-211 (5.x reuses the numbers, codes.md §2). */
export const UPDATE_AND_CREATE_ACL_CONFIG_FAILED = 209;
export const DELETE_ACL_CONFIG_FAILED = 210;
export const UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED = 211;
const FAILED_NAMES: Record<number, string> = {
  209: 'UPDATE_AND_CREATE_ACL_CONFIG_FAILED',
  210: 'DELETE_ACL_CONFIG_FAILED',
  211: 'UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED',
};
/** MQVersion V5_0_0. */
const V5 = 413;

/** What to use on a 5.x broker instead, per ACL 1.0 code (README "ACL 2.0 (5.x)"). */
const ACL2_COMMANDS: Record<number, string> = {
  [RequestCode.UPDATE_AND_CREATE_ACL_CONFIG]: 'createUser or updateUser for the account, createAcl or updateAcl for its permissions',
  [RequestCode.DELETE_ACL_CONFIG]: 'deleteUser (and deleteAcl for its permissions)',
  [RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG]: 'createAcl or updateAcl with source IPs',
  [RequestCode.GET_BROKER_CLUSTER_ACL_INFO]: 'listUser and listAcl',
  [RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG]: 'listUser and listAcl',
};

export const ACL2_REMEDY = 'RocketMQ 5.x replaced ACL 1.0 (plain_acl.yml accounts) with users and ACLs (ACL 2.0): createUser, updateUser, deleteUser, listUser, createAcl, updateAcl, deleteAcl, listAcl';

export interface AclOptions {
  /** Called with every secret handled (given or read from a broker), before anything is printed. */
  onSecret?: (secret: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Accounts as shown

/** An account as the commands show it: the secret masked, always. */
export interface AclAccountView {
  accessKey: string;
  /** `******`, or '' when the account has none. */
  secretKey: string;
  admin: boolean;
  whiteRemoteAddress: string | null;
  defaultTopicPerm: string | null;
  defaultGroupPerm: string | null;
  topicPerms: string[];
  groupPerms: string[];
}

/** The view of a stored account (a plain_acl.yml entry or a GET_BROKER_CLUSTER_ACL_CONFIG one). */
export function accountView(a: {
  accessKey?: string | null;
  secretKey?: string | null;
  admin?: boolean;
  whiteRemoteAddress?: string | null;
  defaultTopicPerm?: string | null;
  defaultGroupPerm?: string | null;
  topicPerms?: string[] | null;
  groupPerms?: string[] | null;
}): AclAccountView {
  return {
    accessKey: a.accessKey ?? '',
    secretKey: maskSecret(a.secretKey ?? '') ?? '',
    admin: a.admin === true,
    whiteRemoteAddress: a.whiteRemoteAddress ?? null,
    defaultTopicPerm: a.defaultTopicPerm ?? null,
    defaultGroupPerm: a.defaultGroupPerm ?? null,
    topicPerms: a.topicPerms ?? [],
    groupPerms: a.groupPerms ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Validation: the checks a 4.9.8 broker makes (auth.md §1.2, §1.4, §1.7), made first so that a
// mistake is a usage error before anything is sent.

/** The permission texts a broker reads as meant (anything else is DENY there, silently). */
export const ACL_PERMS: readonly string[] = PERM_TEXTS;

/** Why the broker would refuse (or misread) this account, or undefined. Never names the secret. */
export function accountProblem(args: AclAccountArgs): string | undefined {
  if (args.accessKey.length <= 6 || args.secretKey.length <= 6) {
    return `the access key and the secret key must be longer than 6 characters (access key ${args.accessKey}: ${args.accessKey.length}, secret key: ${args.secretKey.length})`;
  }
  for (const [flag, value] of [['defaultTopicPerm', args.defaultTopicPerm], ['defaultGroupPerm', args.defaultGroupPerm]] as const) {
    if (value !== undefined && !ACL_PERMS.includes(value)) {
      return `invalid ${flag} "${value}": expected ${ACL_PERMS.join(', ')} (a broker reads anything else as DENY)`;
    }
  }
  try {
    checkResourcePerms(args.topicPerms);
    checkResourcePerms(args.groupPerms);
    if (args.whiteRemoteAddress !== undefined) compileAddress(args.whiteRemoteAddress);
  } catch (err) {
    if (err instanceof AclError) return err.aclMessage?.split('\n')[0] ?? 'invalid account';
    throw err;
  }
  return undefined;
}

/** A global white list the broker can load: every expression valid (auth.md §1.4). */
export function whiteListProblem(addresses: readonly string[]): string | undefined {
  for (const a of addresses) {
    try {
      compileAddress(a);
    } catch (err) {
      if (err instanceof AclError) return `invalid address expression "${a}": ${err.aclMessage ?? 'not an address expression'}`;
      throw err;
    }
  }
  return undefined;
}

/** Java `UtilAll.split(s, ",")` as the tools send lists: items trimmed, empty ones dropped. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// ---------------------------------------------------------------------------------------------
// Answers

interface Answer<R> {
  code: number;
  remark: string | null;
  serverVersion: number;
  value?: R;
}

/** The same request, with the answers that say "not here" or "off" kept as answers. */
function answering<A, R>(def: RequestDefinition<A, R>): RequestDefinition<A, Answer<R>> {
  return {
    code: def.code,
    ...(def.header ? { header: def.header } : {}),
    ...(def.body ? { body: def.body } : {}),
    answerCodes: [ResponseCode.REQUEST_CODE_NOT_SUPPORTED, UPDATE_AND_CREATE_ACL_CONFIG_FAILED, DELETE_ACL_CONFIG_FAILED, UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED],
    decode: (res, args) => ({
      code: res.code,
      remark: res.remark,
      serverVersion: res.version,
      ...(res.code === ResponseCode.SUCCESS ? { value: def.decode(res, args) } : {}),
    }),
  };
}

/** REQUEST_CODE_NOT_SUPPORTED to an ACL 1.0 code. */
export function notSupportedError(addr: string, requestCode: number, serverVersion: number): UnavailableOnServerError {
  const answered = `it answered ${requestCodeName(requestCode)} with REQUEST_CODE_NOT_SUPPORTED`;
  const use = ACL2_COMMANDS[requestCode] ?? 'the user and ACL commands';
  const message =
    serverVersion >= V5
      ? `${addr} is a RocketMQ 5.x broker (${versionDesc(serverVersion)}), which has no ACL 1.0 (${answered}): use the ACL 2.0 commands, ${use}`
      : `${addr} has no ACL 1.0 (${answered}): a RocketMQ 5.x broker (use the ACL 2.0 commands, ${use}) or one older than 4.4`;
  return new UnavailableOnServerError(message, addr, 'acl1-not-supported', ACL2_REMEDY);
}

const ACL_OFF_REMEDY = 'ACL 1.0 is read at start-up: set aclEnable=true in the broker configuration and restart the broker (or check that -b/-c name the brokers you meant)';

/** 209/210/211 with no remark: what a 4.9.x broker with aclEnable=false answers (auth.md §1.8). */
export function aclOffError(addr: string, requestCode: number, code: number): UnavailableOnServerError {
  return new UnavailableOnServerError(
    `ACL 1.0 is off on ${addr} (aclEnable=false): it answered ${requestCodeName(requestCode)} with ${FAILED_NAMES[code] ?? code} (${code}) and no reason, as a 4.9.x broker with ACL off does`,
    addr,
    'acl-off',
    ACL_OFF_REMEDY,
  );
}

/** A refusal with the broker's reason, named with the 4.x meaning of its code. */
function refusedError(addr: string, requestCode: number, code: number, remark: string): ResponseError {
  const err = new ResponseError(code, remark, addr, requestCode);
  err.message = `${requestCodeName(requestCode)} refused by ${addr}: ${FAILED_NAMES[code] ?? responseCodeNameOf(code)} (${code}): ${remark.split('\n')[0]!.trim()}`;
  return err;
}

function failedAnswer(addr: string, requestCode: number, answer: Answer<unknown>): Error {
  if (answer.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) return notSupportedError(addr, requestCode, answer.serverVersion);
  if (answer.remark === null || answer.remark === '') return aclOffError(addr, requestCode, answer.code);
  return refusedError(addr, requestCode, answer.code, answer.remark);
}

/**
 * No answer to 52 or 54: a 4.9.x broker with ACL off never answers them (auth.md §1.8). Its
 * configuration says for sure (`aclEnable`); without it, "probably".
 */
async function explainSilence(admin: MQAdmin, addr: string, err: unknown): Promise<unknown> {
  if (!(err instanceof RemotingTimeoutError)) return err;
  const request = requestCodeName(err.requestCode);
  // The broker answers its configuration (no ACL check needed): it is up, speaks plaintext
  // (the timeout's TLS hint does not apply), and says whether ACL is on.
  let aclEnable: string | undefined;
  try {
    aclEnable = (await admin.call(addr, getBrokerConfig, undefined)).aclEnable;
  } catch {
    return err;
  }
  if (aclEnable === 'true') return err;
  if (aclEnable === 'false') {
    return new UnavailableOnServerError(
      `ACL 1.0 is off on ${addr} (aclEnable=false in its configuration): it did not answer ${request} within ${err.timeoutMs} ms, as a 4.9.x broker with ACL off never does`,
      addr,
      'acl-off',
      ACL_OFF_REMEDY,
      { cause: err },
    );
  }
  return new UnavailableOnServerError(
    `${addr} did not answer ${request} within ${err.timeoutMs} ms: ACL 1.0 is probably off on this broker (a 4.9.x broker with aclEnable=false never answers it)`,
    addr,
    'acl-off-probably',
    `check with \`mqadmin getBrokerConfig -b ${addr} -k aclEnable\`; if ACL is on, the broker may be overloaded: retry or raise --timeout`,
    { cause: err },
  );
}

/** A failure of one broker as the result keeps it; `kind` names our classification. */
function failureOf(addr: string, err: unknown): TargetFailure {
  const f = toTargetFailure(addr, err);
  return err instanceof UnavailableOnServerError ? { ...f, kind: err.reason } : f;
}

/** What kind of failure this is, to tell whether every broker failed alike. */
function failureKind(err: unknown): string {
  if (err instanceof UnavailableOnServerError) return `unavailable:${err.reason}`;
  if (err instanceof ResponseError) return `response:${err.code}:${toTargetFailure('', err).accessDenied ?? ''}`;
  return err instanceof Error ? err.name : 'error';
}

/**
 * Nothing was done anywhere, every broker for the same reason: that reason is the error (its
 * exit code says what kind), naming the other brokers. Failures of mixed kinds are left to the
 * result (each named on stderr by the command).
 */
function throwIfAllFailedAlike(failed: ReadonlyArray<{ addr: string; error: unknown }>, total: number): void {
  if (total === 0 || failed.length !== total) return;
  const first = failed[0]!.error;
  if (!failed.every((f) => failureKind(f.error) === failureKind(first))) return;
  if (failed.length > 1 && first instanceof Error) first.message += ` (likewise on ${failed.slice(1).map((f) => f.addr).join(', ')})`;
  throw first;
}

/** The failed brokers of a fan-out. */
function failedOf<T>(brokers: readonly BrokerAddress[], settled: ReadonlyArray<{ ok: true; value: T } | { ok: false; error: unknown }>): Array<{ addr: string; error: unknown }> {
  return brokers.flatMap((b, i) => {
    const s = settled[i]!;
    return s.ok ? [] : [{ addr: b.addr, error: s.error }];
  });
}

// ---------------------------------------------------------------------------------------------
// Reading: the accounts (54, up to 4.9.7) and the file versions (52)

export type AccountsRead =
  | { served: true; config: BrokerAclConfig }
  | { served: false; reason: 'not-supported'; serverVersion: number }
  | { served: false; reason: 'no-answer'; error: RemotingTimeoutError };

/** GET_BROKER_CLUSTER_ACL_CONFIG: the accounts (secrets handed to onSecret), or why not. */
async function readAccounts(admin: MQAdmin, addr: string, options: AclOptions): Promise<AccountsRead> {
  let answer: Answer<BrokerAclConfig>;
  try {
    answer = await admin.call(addr, answering(getBrokerClusterAclConfig), undefined);
  } catch (err) {
    if (err instanceof RemotingTimeoutError) return { served: false, reason: 'no-answer', error: err };
    throw err;
  }
  if (answer.code === ResponseCode.SUCCESS && answer.value) {
    for (const a of answer.value.plainAccessConfigs) if (a.secretKey) options.onSecret?.(a.secretKey);
    return { served: true, config: answer.value };
  }
  if (answer.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) return { served: false, reason: 'not-supported', serverVersion: answer.serverVersion };
  throw failedAnswer(addr, RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG, answer);
}

export interface AclFileVersion {
  file: string;
  counter: number;
  timestamp: number;
}

export interface BrokerAclVersions {
  /** The broker's default ACL file (Java `getAclConfigVersion`). */
  version: AclDataVersion;
  files: AclFileVersion[];
  brokerName: string;
  brokerAddr: string;
  clusterName: string;
}

/** GET_BROKER_CLUSTER_ACL_INFO with its failures explained. */
async function readVersions(admin: MQAdmin, addr: string): Promise<BrokerAclVersions> {
  let answer: Answer<BrokerAclInfo>;
  try {
    answer = await admin.call(addr, answering(getBrokerClusterAclInfo), undefined);
  } catch (err) {
    throw await explainSilence(admin, addr, err);
  }
  if (answer.code !== ResponseCode.SUCCESS || !answer.value) throw failedAnswer(addr, RequestCode.GET_BROKER_CLUSTER_ACL_INFO, answer);
  const info = answer.value;
  return {
    version: info.version,
    files: Object.entries(info.allAclFileVersion)
      .map(([file, v]) => ({ file, counter: v.counter, timestamp: v.timestamp }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    brokerName: info.brokerName,
    brokerAddr: info.brokerAddr,
    clusterName: info.clusterName,
  };
}

export interface AclVersionsEntry extends BrokerAddress {
  versions: BrokerAclVersions;
}

export interface AclVersionsResult {
  brokers: AclVersionsEntry[];
  failures: TargetFailure[];
}

/** `clusterAclConfigVersion`: the ACL files of one broker or of every master of a cluster, with their versions. */
export async function aclConfigVersions(admin: MQAdmin, selector: TargetSelector): Promise<AclVersionsResult> {
  const { brokers } = await resolveBrokers(admin, selector);
  const settled = await admin.fanOut(brokers, (b) => readVersions(admin, b.addr));
  throwIfAllFailedAlike(failedOf(brokers, settled), brokers.length);
  return {
    brokers: brokers.flatMap((b, i) => {
      const s = settled[i]!;
      return s.ok ? [{ ...b, versions: s.value }] : [];
    }),
    failures: brokers.flatMap((b, i) => {
      const s = settled[i]!;
      return s.ok ? [] : [failureOf(b.addr, s.error)];
    }),
  };
}

export interface AclConfigEntry extends BrokerAddress {
  /** The broker served its accounts (4.6 to 4.9.7). */
  accountsServed: boolean;
  /** Why not, when not. */
  note: string | null;
  globalWhiteRemoteAddresses: string[] | null;
  accounts: AclAccountView[] | null;
  /** The ACL files and their versions (code 52), when the accounts are not served. */
  files: AclFileVersion[] | null;
}

export interface AclConfigResult {
  brokers: AclConfigEntry[];
  failures: TargetFailure[];
}

export const ACCOUNTS_NOT_SERVED =
  'GET_BROKER_CLUSTER_ACL_CONFIG (54), the request that returns them, was removed in RocketMQ 4.9.8 (4.6 to 4.9.7 answer it) and nothing replaced it; only the versions of the ACL files can be read';

async function brokerAclConfig(admin: MQAdmin, b: BrokerAddress, options: AclOptions): Promise<AclConfigEntry> {
  const read = await readAccounts(admin, b.addr, options);
  if (read.served) {
    return {
      ...b,
      accountsServed: true,
      note: null,
      globalWhiteRemoteAddresses: read.config.globalWhiteAddrs,
      accounts: read.config.plainAccessConfigs.map(accountView),
      files: null,
    };
  }
  // No answer: 4.9.7 or older with ACL off (its 54 handler fails before answering), or a broker
  // too slow; 52 would be as silent.
  if (read.reason === 'no-answer') throw await explainSilence(admin, b.addr, read.error);
  // 4.9.8 (54 not supported, 52 answered), 5.x (neither), 4.9.8 with ACL off (52 silent): 52 says which.
  let versions: BrokerAclVersions;
  try {
    versions = await readVersions(admin, b.addr);
  } catch (err) {
    if (read.reason === 'not-supported' && err instanceof UnavailableOnServerError && err.reason === 'acl1-not-supported') {
      throw notSupportedError(b.addr, RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG, read.serverVersion);
    }
    throw err;
  }
  return { ...b, accountsServed: false, note: ACCOUNTS_NOT_SERVED, globalWhiteRemoteAddresses: null, accounts: null, files: versions.files };
}

/** `getAclConfig`: the accounts of one broker or of every master of a cluster (secrets masked), as far as the brokers serve them. */
export async function getAclConfig(admin: MQAdmin, selector: TargetSelector, options: AclOptions = {}): Promise<AclConfigResult> {
  const { brokers } = await resolveBrokers(admin, selector);
  const settled = await admin.fanOut(brokers, (b) => brokerAclConfig(admin, b, options));
  throwIfAllFailedAlike(failedOf(brokers, settled), brokers.length);
  return {
    brokers: settled.flatMap((s) => (s.ok ? [s.value] : [])),
    failures: brokers.flatMap((b, i) => {
      const s = settled[i]!;
      return s.ok ? [] : [failureOf(b.addr, s.error)];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// updateAclConfig

export interface UpdateAclOptions extends TargetSelector {
  accessKey: string;
  secretKey: string;
  /** -m; absent: kept when the broker shows the account (4.9.7 and older), else false as the Java tool sends. */
  admin?: boolean;
  whiteRemoteAddress?: string;
  defaultTopicPerm?: string;
  defaultGroupPerm?: string;
  topicPerms?: string[];
  groupPerms?: string[];
}

export type AclField = 'secretKey' | 'admin' | 'defaultTopicPerm' | 'defaultGroupPerm' | 'topicPerms' | 'groupPerms' | 'whiteRemoteAddress';

export const ACL_FIELDS: readonly AclField[] = ['secretKey', 'admin', 'defaultTopicPerm', 'defaultGroupPerm', 'topicPerms', 'groupPerms', 'whiteRemoteAddress'];

/** What the request does to one setting of the stored account (the broker merges, Java `createAclAccessConfigMap`). */
export interface AclFieldPlan {
  field: AclField;
  /** `set`: written (lists replace the stored list); `kept`: not sent, the stored value stays. */
  effect: 'set' | 'kept';
  /** The value written (the secret masked); null when kept. */
  value: string | boolean | string[] | null;
  /** Why, when it is not plain: admin always written, lists replaced. */
  note: string | null;
}

export interface AclFieldChange {
  field: AclField;
  before: string | boolean | string[] | null;
  after: string | boolean | string[] | null;
}

export interface BrokerAclPlan extends BrokerAddress {
  /** create/update/unchanged when the broker showed its accounts; otherwise `create-or-update`. */
  action: 'create' | 'update' | 'unchanged' | 'create-or-update';
  /** The stored account before (masked), when the broker showed it. */
  before: AclAccountView | null;
  /** before -> after, when known. */
  changes: AclFieldChange[] | null;
  /** The admin flag this broker gets. */
  admin: boolean;
}

export interface UpdateAclPlan {
  accessKey: string;
  fields: AclFieldPlan[];
  brokers: BrokerAclPlan[];
  failures: TargetFailure[];
  dryRun: boolean;
}

export interface BrokerAclOutcome extends BrokerAclPlan {
  result: 'created' | 'updated' | 'created or updated' | 'unchanged' | 'failed';
  error?: string;
}

export interface UpdateAclResult extends Omit<UpdateAclPlan, 'brokers'> {
  brokers: BrokerAclOutcome[];
}

/** The request arguments of each plan (the secret in clear): kept out of the plan, which is printed. */
const planArgs = new WeakMap<UpdateAclPlan, AclAccountArgs>();

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Reads the account on every target (where served), validates, and computes what the update does. */
export async function planUpdateAclConfig(admin: MQAdmin, options: UpdateAclOptions, aclOptions: AclOptions = {}): Promise<UpdateAclPlan> {
  const args: AclAccountArgs = {
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    ...(options.whiteRemoteAddress !== undefined ? { whiteRemoteAddress: options.whiteRemoteAddress } : {}),
    ...(options.defaultTopicPerm !== undefined ? { defaultTopicPerm: options.defaultTopicPerm } : {}),
    ...(options.defaultGroupPerm !== undefined ? { defaultGroupPerm: options.defaultGroupPerm } : {}),
    ...(options.topicPerms !== undefined ? { topicPerms: options.topicPerms } : {}),
    ...(options.groupPerms !== undefined ? { groupPerms: options.groupPerms } : {}),
  };
  aclOptions.onSecret?.(options.secretKey);
  const problem = accountProblem(args);
  if (problem) throw new InvalidArgumentError(problem);
  if (options.topicPerms !== undefined && options.topicPerms.length === 0) throw new InvalidArgumentError('-t names no topic permission (TOPIC=PERM,...)');
  if (options.groupPerms !== undefined && options.groupPerms.length === 0) throw new InvalidArgumentError('-g names no group permission (GROUP=PERM,...)');

  const { brokers } = await resolveBrokers(admin, options, { includeSlaves: true });
  // The stored accounts, where the broker shows them (4.9.7 and older): exact before -> after.
  const reads = await admin.fanOut(brokers, (b) => readAccounts(admin, b.addr, aclOptions));

  const adminGiven = options.admin !== undefined;
  const fields: AclFieldPlan[] = [
    { field: 'secretKey', effect: 'set', value: maskSecret(options.secretKey) ?? '', note: null },
    {
      field: 'admin',
      effect: 'set',
      value: options.admin ?? false,
      note: adminGiven ? null : 'not given: 4.9.8 always writes it, so an admin account needs -m true; where the broker shows its accounts (4.9.7 and older) the stored flag is kept',
    },
    ...(['defaultTopicPerm', 'defaultGroupPerm'] as const).map((field): AclFieldPlan => (args[field] !== undefined ? { field, effect: 'set', value: args[field]!, note: null } : { field, effect: 'kept', value: null, note: null })),
    ...(['topicPerms', 'groupPerms'] as const).map((field): AclFieldPlan =>
      args[field] !== undefined ? { field, effect: 'set', value: [...args[field]!], note: 'replaces the stored list' } : { field, effect: 'kept', value: null, note: null },
    ),
    args.whiteRemoteAddress !== undefined
      ? { field: 'whiteRemoteAddress', effect: 'set', value: args.whiteRemoteAddress, note: null }
      : { field: 'whiteRemoteAddress', effect: 'kept', value: null, note: null },
  ];

  const planned = brokers.map((b, i): BrokerAclPlan => {
    const read = reads[i]!;
    if (!read.ok || !read.value.served) return { ...b, action: 'create-or-update', before: null, changes: null, admin: options.admin ?? false };
    const stored = read.value.config.plainAccessConfigs.find((a) => a.accessKey === options.accessKey);
    const adminFlag = options.admin ?? stored?.admin ?? false;
    if (!stored) return { ...b, action: 'create', before: null, changes: null, admin: adminFlag };
    const changes = diffAccount(stored, { ...args, admin: adminFlag });
    return { ...b, action: changes.length === 0 ? 'unchanged' : 'update', before: accountView(stored), changes, admin: adminFlag };
  });
  const plan: UpdateAclPlan = { accessKey: options.accessKey, fields, brokers: planned, failures: [], dryRun: false };
  planArgs.set(plan, args);
  return plan;
}

/** before -> after of one stored account under this update (secrets compared, never shown). */
function diffAccount(stored: PlainAccessConfigBody, args: AclAccountArgs & { admin: boolean }): AclFieldChange[] {
  const changes: AclFieldChange[] = [];
  if (stored.secretKey !== args.secretKey) changes.push({ field: 'secretKey', before: maskSecret(stored.secretKey ?? '') ?? '', after: maskSecret(args.secretKey) ?? '' });
  if (stored.admin !== args.admin) changes.push({ field: 'admin', before: stored.admin, after: args.admin });
  for (const field of ['defaultTopicPerm', 'defaultGroupPerm', 'whiteRemoteAddress'] as const) {
    const after = args[field];
    if (after !== undefined && after !== stored[field]) changes.push({ field, before: stored[field], after });
  }
  for (const field of ['topicPerms', 'groupPerms'] as const) {
    const after = args[field];
    if (after !== undefined && !same(after, stored[field])) changes.push({ field, before: stored[field], after });
  }
  return changes;
}

/** Sends UPDATE_AND_CREATE_ACL_CONFIG to every broker of the plan that needs it. */
export async function applyUpdateAclConfig(admin: MQAdmin, plan: UpdateAclPlan): Promise<UpdateAclResult> {
  const args = planArgs.get(plan);
  if (!args) throw new Error('applyUpdateAclConfig needs a plan made by planUpdateAclConfig');
  const todo = plan.brokers.filter((b) => b.action !== 'unchanged');
  const settled = await admin.fanOut(todo, async (b) => {
    const answer = await admin.call(b.addr, answering(updateAndCreateAclConfig), { ...args, admin: b.admin });
    if (answer.code !== ResponseCode.SUCCESS) throw failedAnswer(b.addr, RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, answer);
  });
  const failed = failedOf(todo, settled);
  throwIfAllFailedAlike(failed, todo.length);
  const errors = new Map(failed.map((f) => [f.addr, f.error] as const));
  return {
    ...plan,
    brokers: plan.brokers.map((b): BrokerAclOutcome => {
      const error = errors.get(b.addr);
      if (error !== undefined) return { ...b, result: 'failed', error: failureOf(b.addr, error).error };
      const result = b.action === 'create' ? 'created' : b.action === 'update' ? 'updated' : b.action === 'unchanged' ? 'unchanged' : 'created or updated';
      return { ...b, result };
    }),
    failures: [...errors].map(([addr, error]) => failureOf(addr, error)),
  };
}

/** The plan of a dry run. */
export function dryRunPlan(plan: UpdateAclPlan): UpdateAclPlan {
  return { ...plan, dryRun: true };
}

// ---------------------------------------------------------------------------------------------
// deleteAclConfig

export interface DeleteAclPlan {
  accessKey: string;
  brokers: BrokerAddress[];
}

export interface BrokerDeleteOutcome extends BrokerAddress {
  result: 'deleted' | 'absent' | 'failed';
  error?: string;
}

export interface DeleteAclResult {
  accessKey: string;
  brokers: BrokerDeleteOutcome[];
  failures: TargetFailure[];
}

/** The brokers the account is deleted from: every address (masters and slaves) of -c, or -b. */
export async function planDeleteAclConfig(admin: MQAdmin, options: TargetSelector & { accessKey: string }): Promise<DeleteAclPlan> {
  if (options.accessKey.trim() === '') throw new InvalidArgumentError('the access key is blank');
  const { brokers } = await resolveBrokers(admin, options, { includeSlaves: true });
  return { accessKey: options.accessKey, brokers };
}

/** 210 with the broker's "has been deleted failed": it holds no such account (Java `deleteAccessConfig` returned false). */
const isAbsent = (answer: Answer<unknown>): boolean => answer.code === DELETE_ACL_CONFIG_FAILED && /has been deleted failed/.test(answer.remark ?? '');

export async function applyDeleteAclConfig(admin: MQAdmin, plan: DeleteAclPlan): Promise<DeleteAclResult> {
  const settled = await admin.fanOut(plan.brokers, async (b): Promise<'deleted' | 'absent'> => {
    const answer = await admin.call(b.addr, answering(deleteAclConfig), { accessKey: plan.accessKey });
    if (answer.code === ResponseCode.SUCCESS) return 'deleted';
    if (isAbsent(answer)) return 'absent';
    throw failedAnswer(b.addr, RequestCode.DELETE_ACL_CONFIG, answer);
  });
  throwIfAllFailedAlike(failedOf(plan.brokers, settled), plan.brokers.length);
  if (settled.every((s) => s.ok && s.value === 'absent')) {
    throw new NotFoundError(
      `no account ${plan.accessKey} on ${plan.brokers.length === 1 ? plan.brokers[0]!.addr : `any of the ${plan.brokers.length} brokers`}: nothing was deleted`,
      'check the access key; clusterAclConfigVersion shows the ACL files of each broker',
    );
  }
  return {
    accessKey: plan.accessKey,
    brokers: plan.brokers.map((b, i) => {
      const s = settled[i]!;
      return s.ok ? { ...b, result: s.value } : { ...b, result: 'failed', error: failureOf(b.addr, s.error).error };
    }),
    failures: plan.brokers.flatMap((b, i) => {
      const s = settled[i]!;
      return s.ok ? [] : [failureOf(b.addr, s.error)];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// updateGlobalWhiteAddr

export interface WhiteAddrOptions extends TargetSelector {
  addresses: string[];
  /** -p: the ACL file (full path on the broker host) whose list is replaced; default: the broker's default file. */
  aclFileFullPath?: string;
}

export interface WhiteAddrPlan {
  addresses: string[];
  aclFileFullPath: string | null;
  brokers: BrokerAddress[];
  /** Expressions that let every address in (ACL checks nothing for them). */
  opensToAll: string[];
}

export interface BrokerWhiteAddrOutcome extends BrokerAddress {
  result: 'updated' | 'failed';
  error?: string;
}

export interface WhiteAddrResult extends WhiteAddrPlan {
  brokers: BrokerWhiteAddrOutcome[];
  failures: TargetFailure[];
}

const OPEN_TO_ALL = new Set(['*', '*.*.*.*', '*:*:*:*:*:*:*:*']);

export async function planUpdateGlobalWhiteAddr(admin: MQAdmin, options: WhiteAddrOptions): Promise<WhiteAddrPlan> {
  const problem = whiteListProblem(options.addresses);
  if (problem) throw new InvalidArgumentError(problem);
  const file = options.aclFileFullPath?.trim();
  if (file !== undefined && file !== '' && !/\.ya?ml$/.test(file)) {
    throw new InvalidArgumentError(`-p ${file} is not an ACL file: a broker reads only .yml and .yaml files`);
  }
  const { brokers } = await resolveBrokers(admin, options, { includeSlaves: true });
  return {
    addresses: options.addresses,
    aclFileFullPath: file === undefined || file === '' ? null : file,
    brokers,
    opensToAll: options.addresses.filter((a) => OPEN_TO_ALL.has(a.trim())),
  };
}

export async function applyUpdateGlobalWhiteAddr(admin: MQAdmin, plan: WhiteAddrPlan): Promise<WhiteAddrResult> {
  const settled = await admin.fanOut(plan.brokers, async (b) => {
    const answer = await admin.call(b.addr, answering(updateGlobalWhiteAddrsConfig), {
      globalWhiteAddrs: plan.addresses,
      ...(plan.aclFileFullPath !== null ? { aclFileFullPath: plan.aclFileFullPath } : {}),
    });
    if (answer.code === ResponseCode.SUCCESS) return;
    const error = failedAnswer(b.addr, RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, answer);
    // Refused with a reason: most likely the file (it must exist under the broker's home and be
    // one of its ACL files). Name the files the broker has, when it says.
    if (error instanceof ResponseError && plan.aclFileFullPath !== null) {
      const files = await readVersions(admin, b.addr).then((v) => v.files.map((f) => f.file), () => [] as string[]);
      if (files.length > 0 && !files.includes(plan.aclFileFullPath)) {
        throw refusedError(b.addr, RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, answer.code, `${answer.remark ?? ''} (${plan.aclFileFullPath} is not one of its ACL files: ${files.join(', ')})`);
      }
    }
    throw error;
  });
  throwIfAllFailedAlike(failedOf(plan.brokers, settled), plan.brokers.length);
  return {
    ...plan,
    brokers: plan.brokers.map((b, i) => {
      const s = settled[i]!;
      return s.ok ? { ...b, result: 'updated' } : { ...b, result: 'failed', error: failureOf(b.addr, s.error).error };
    }),
    failures: plan.brokers.flatMap((b, i) => {
      const s = settled[i]!;
      return s.ok ? [] : [failureOf(b.addr, s.error)];
    }),
  };
}
