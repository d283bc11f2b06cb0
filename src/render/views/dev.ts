// Views of the dev cluster commands: results in, text out.

import type { DevAclInfo, DevAuthInfo, DevBrokerStatus, DevDownResult, DevLogResult, DevResetPlan, DevResetResult, DevStatus, DevUpResult } from '../../dev/launcher.js';
import { formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';

const BIN = 'mqadmin';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = d > 0 ? [`${d}d`, `${h}h`] : h > 0 ? [`${h}h`, `${m}m`] : m > 0 ? [`${m}m`, `${s % 60}s`] : [`${s % 60}s`];
  return parts.join(' ');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `--data-dir` to repeat in suggested commands when the cluster is not in the default place. */
const dirFlag = (dataDir: string, defaultDir: string): string => (dataDir === defaultDir ? '' : ` --data-dir ${quote(dataDir)}`);
const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

/** `foreground`: the attached run, stopped with Ctrl-C rather than `dev down`. */
export function renderDevUp(result: DevUpResult, style: Style, defaultDir: string, foreground = false): string {
  const where = dirFlag(result.dataDir, defaultDir);
  const env = `NAMESRV_ADDR=${result.namesrvAddr}`;
  if (result.status === 'stopped') return style.dim(`The dev cluster (pid ${result.pid}) has stopped. Data kept in ${result.dataDir}.`);
  const head =
    result.status === 'already-up'
      ? `The dev cluster is already up (pid ${result.pid}, since ${formatTimestamp(Date.parse(result.startedAt))}); nothing changed.`
      : `The dev cluster is up: a NameServer and ${plural(result.brokers.length, 'broker')} on 127.0.0.1 (pid ${result.pid}).`;
  // Other commands find the dev cluster (and its CA) by themselves only in the default data directory.
  const target = where ? ` -n ${result.namesrvAddr}${result.tls ? ` ${tlsFlags(result.tls.caFile)}` : ''}` : '';
  const next: Array<[string, string]> = [
    [`${BIN} clusterList${target}`, 'the brokers and their load'],
    [`${BIN} topicList${target}`, 'the topics'],
    [`${BIN} dev status${where}`, 'processes, ports, topics, groups, disk'],
    [`${BIN} dev logs -f${where}`, 'follow the log'],
    foreground ? ['Ctrl-C', `stop it (data is kept in ${result.dataDir})`] : [`${BIN} dev down${where}`, `stop it (data is kept in ${result.dataDir})`],
  ];
  const width = Math.max(...next.map(([c]) => c.length));
  return [
    head,
    '',
    style.bold(env),
    '',
    ...(result.acl ? [...renderAclAccount(result.acl, style, where), ''] : []),
    ...(result.auth ? [...renderAuthUser(result.auth, style, where), ''] : []),
    ...(result.tls ? [renderTlsLine(result.tls.caFile, style, where !== ''), ''] : []),
    'Try:',
    ...next.map(([cmd, what]) => `  ${style.cyan(cmd.padEnd(width))}  ${style.dim(what)}`),
  ].join('\n');
}

/** The client flags that trust the dev cluster's CA. */
const tlsFlags = (caFile: string): string => `--tls --tls-ca ${quote(caFile)}`;

/** `TLS: on (trust <ca>: --tls --tls-ca <ca>)`, and whether other commands need the flags. */
function renderTlsLine(caFile: string, style: Style, elsewhere: boolean): string {
  const auto = elsewhere ? '' : style.dim('; mqadmin commands given no -n use it by themselves');
  return `TLS: on, every port, plaintext refused (trust ${caFile}: ${style.cyan(tlsFlags(caFile))})${auto}`;
}

/**
 * The admin account of an --acl cluster: its secret when it was just created (the one time
 * `dev up` shows it), else where to find it.
 */
function renderAclAccount(acl: DevAclInfo, style: Style, where: string): string[] {
  const again = `${BIN} dev status --credentials${where}`;
  if (acl.created && acl.secretKey !== undefined) {
    return [
      `ACL is on: every broker request must be signed. Admin account created (${style.cyan(again)} shows it again):`,
      renderKeyValues([['access key', acl.accessKey], ['secret key', acl.secretKey]], style, '  '),
      style.dim(
        `  Accounts: ${acl.accountsFile}; ${where ? 'give other commands --access-key and --secret-key' : 'other commands given no -n sign with this account by themselves'}.`,
      ),
    ];
  }
  return [`ACL is on: admin account ${style.bold(acl.accessKey)} (${style.cyan(again)} shows its secret); accounts in ${acl.accountsFile}.`];
}

/**
 * The Super user of an --auth cluster: its password when it was just created (the one time
 * `dev up` shows it), else where to find it.
 */
function renderAuthUser(auth: DevAuthInfo, style: Style, where: string): string[] {
  const again = `${BIN} dev status --credentials${where}`;
  if (auth.created && auth.secretKey !== undefined) {
    return [
      `Authentication is on (5.x users and ACLs): every broker request must be signed. Super user created (${style.cyan(again)} shows it again):`,
      renderKeyValues([['access key', auth.accessKey], ['secret key', auth.secretKey]], style, '  '),
      style.dim(
        `  Users: ${auth.usersFile}, ACLs: ${auth.aclsFile}; ${where ? 'give other commands --access-key and --secret-key' : 'other commands given no -n sign with this user by themselves'}.`,
      ),
    ];
  }
  return [`Authentication is on (5.x users and ACLs): Super user ${style.bold(auth.accessKey)} (${style.cyan(again)} shows its password); users in ${auth.usersFile}.`];
}

export function renderDevDown(result: DevDownResult, style: Style): string {
  const stale = result.staleStateRemoved ? ' (removed the state file of a process that had died)' : '';
  if (result.status === 'not-running') return `The dev cluster is not running${stale}.`;
  const how = result.forced ? ', killed after it did not stop in time' : '';
  return `Stopped the dev cluster (pid ${result.pid}${how}). Data kept in ${style.dim(result.dataDir)}.`;
}

/** System topics and groups are counted, not listed: a fresh broker has a dozen of each. */
const SYSTEM_TOPICS = new Set(['TBW102', 'SELF_TEST_TOPIC', 'BenchmarkTest', 'OFFSET_MOVED_EVENT', 'SCHEDULE_TOPIC_XXXX', 'TRANS_CHECK_MAX_TIME_TOPIC', 'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRANS_OP_HALF_TOPIC', 'CHECKPOINT_TOPIC']);
const SYSTEM_GROUPS = new Set(['TOOLS_CONSUMER', 'FILTERSRV_CONSUMER', 'SELF_TEST_C_GROUP', 'SELF_TEST_P_GROUP', 'CLIENT_INNER_PRODUCER', '__MONITOR_CONSUMER']);

export function isSystemTopic(topic: string, brokerNames: readonly string[] = []): boolean {
  return SYSTEM_TOPICS.has(topic) || brokerNames.includes(topic) || /^(rmq_sys_|RMQ_SYS_|%RETRY%|%DLQ%|%SYS%)/.test(topic);
}

export function isSystemGroup(group: string): boolean {
  return SYSTEM_GROUPS.has(group) || /^(CID_RMQ_SYS_|CID_ONS)/.test(group);
}

function namesLine(all: readonly string[], isSystem: (name: string) => boolean, style: Style): string {
  const user = all.filter((n) => !isSystem(n));
  const system = all.length - user.length;
  const shown = user.length > 0 ? user.join(', ') : style.dim('none of yours');
  return `${shown}${system > 0 ? style.dim(` (+${system} system)`) : ''}`;
}

export async function renderDevStatus(status: DevStatus, style: Style): Promise<string> {
  const stateText =
    status.state === 'running'
      ? style.green('running')
      : status.state === 'starting'
        ? style.yellow('starting')
        : style.dim('stopped');
  const entries: Array<[string, string]> = [['Dev cluster', stateText]];
  if (status.pid !== null) {
    entries.push(['Process', `pid ${status.pid}, up ${formatDuration(status.uptimeMs ?? 0)} (since ${formatTimestamp(Date.parse(status.startedAt ?? ''))})`]);
  }
  if (status.namesrvAddr) entries.push(['NameServer', status.namesrvAddr]);
  if (status.acl) {
    entries.push(['ACL', `on, accounts in ${status.acl.accountsFile}`]);
    entries.push(['Access key', status.acl.accessKey]);
    entries.push(['Secret key', status.acl.secretKey ?? style.dim('hidden (add --credentials to show it)')]);
  } else if (status.options?.acl) {
    entries.push(['ACL', 'on']);
  }
  if (status.auth) {
    entries.push(['Auth', `on (5.x users and ACLs), users in ${status.auth.usersFile}, ACLs in ${status.auth.aclsFile}`]);
    entries.push(['Access key', status.auth.accessKey]);
    entries.push(['Secret key', status.auth.secretKey ?? style.dim('hidden (add --credentials to show it)')]);
  } else if (status.options?.auth) {
    entries.push(['Auth', 'on']);
  }
  if (status.tls) entries.push(['TLS', `on, every port, plaintext refused (trust ${status.tls.caFile}: ${tlsFlags(status.tls.caFile)})`]);
  else if (status.options) entries.push(['TLS', status.options.tls ? 'on' : 'off']);
  entries.push(['Data', `${status.dataDir} ${style.dim(`(${formatBytes(status.diskBytes)} on disk)`)}`]);
  entries.push(['Log', status.logFile]);
  if (status.state === 'running') {
    entries.push(['Topics', `${status.topics.length}: ${namesLine(status.topics, (t) => isSystemTopic(t, status.brokers.map((b) => b.name)), style)}`]);
    entries.push(['Groups', status.groups === null ? '-' : `${status.groups.length}: ${namesLine(status.groups, isSystemGroup, style)}`]);
  }
  const parts = [renderKeyValues(entries, style)];
  if (status.brokers.length > 0) {
    const columns: Column<DevBrokerStatus>[] = [
      { header: 'BROKER', value: (b) => b.name },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'REGISTERED', value: (b) => (b.registered ? 'yes' : 'no'), color: (t, b, s) => (b.registered ? t : s.red(t)) },
      { header: 'STATE', value: (b) => (b.serving ? 'serving' : 'unreachable'), color: (t, b, s) => (b.serving ? s.green(t) : s.red(t)) },
      { header: 'VERSION', value: (b) => b.version },
    ];
    parts.push(await renderTable(columns, status.brokers, style));
  }
  if (status.staleStateRemoved) parts.push(style.dim('The previous run did not stop cleanly; its state file was removed.'));
  if (status.state === 'stopped') parts.push(style.dim(`Start it with \`${BIN} dev up\`.`));
  return parts.join('\n\n');
}

export function renderDevLog(result: DevLogResult): string {
  return result.lines.join('\n');
}

export function renderResetPrompt(plan: DevResetPlan): string {
  return `Delete the dev cluster's data in ${plan.dataDir} (${formatBytes(plan.bytes)}: ${plan.paths.map((p) => p.slice(plan.dataDir.length + 1)).join(', ')})?`;
}

export function renderDevReset(result: DevResetResult, style: Style): string {
  if (result.removed.length === 0) return `Nothing to delete in ${result.dataDir}.`;
  return `Deleted the dev cluster's data in ${result.dataDir} ${style.dim(`(${result.removed.join(', ')}; ${formatBytes(result.freedBytes)} freed)`)}.`;
}
