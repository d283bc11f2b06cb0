// Views of the ACL 1.0 commands (updateAclConfig, deleteAclConfig, updateGlobalWhiteAddr,
// clusterAclConfigVersion, getAclConfig) and the account table `dev acl list` shares. Secrets are
// never shown: the results hold them masked.

import type {
  AclAccountView,
  AclConfigResult,
  AclField,
  AclFieldChange,
  AclFieldPlan,
  AclFileVersion,
  AclVersionsResult,
  BrokerAclPlan,
  DeleteAclPlan,
  DeleteAclResult,
  UpdateAclPlan,
  UpdateAclResult,
  WhiteAddrPlan,
  WhiteAddrResult,
} from '../../admin/acl.js';
import type { BrokerAddress } from '../../admin/cluster.js';
import { formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';

const listText = (items: readonly string[]): string => (items.length > 0 ? items.join(', ') : '-');
const addressText = (a: string | null): string => (a && a.trim() !== '' ? a : '-');

/** The columns of an account table; `accessKey` labels the key column (dev marks its own account). */
export function accountColumns<A extends AclAccountView>(accessKey: (a: A) => string = (a) => a.accessKey): Column<A>[] {
  return [
    { header: 'ACCESS KEY', value: accessKey },
    { header: 'SECRET', value: (a) => a.secretKey },
    { header: 'ADMIN', value: (a) => (a.admin ? 'yes' : 'no') },
    { header: 'TOPICS', value: (a) => a.defaultTopicPerm ?? 'DENY' },
    { header: 'GROUPS', value: (a) => a.defaultGroupPerm ?? 'DENY' },
    { header: 'TOPIC PERMS', value: (a) => listText(a.topicPerms) },
    { header: 'GROUP PERMS', value: (a) => listText(a.groupPerms) },
    { header: 'WHITE ADDRESS', value: (a) => addressText(a.whiteRemoteAddress) },
  ];
}

const brokerColumns = <R extends BrokerAddress>(): Column<R>[] => [
  { header: 'CLUSTER', value: (b) => b.cluster },
  { header: 'BROKER', value: (b) => b.brokerName },
  { header: 'BID', value: (b) => b.brokerId, align: 'right' },
  { header: 'ADDRESS', value: (b) => b.addr },
];

// ---------------------------------------------------------------------------------------------
// updateAclConfig

function valueText(field: AclField, v: AclFieldChange['before']): string {
  if (v === null) return '-';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length > 0 ? v.join(',') : '[]';
  if (field === 'whiteRemoteAddress' && v.trim() === '') return "'' (none)";
  return v;
}

function fieldRow(f: AclFieldPlan, style: Style): readonly [string, string] {
  if (f.effect === 'kept') return [f.field, style.dim('not given: kept as stored')];
  const value = valueText(f.field, f.value);
  return [f.field, f.note ? `${value}  ${style.dim(`(${f.note})`)}` : value];
}

function changesText(b: BrokerAclPlan, style: Style): string {
  if (b.action === 'create-or-update') return style.dim('the broker does not show its accounts');
  if (b.action === 'create') return 'new account';
  if (b.action === 'unchanged' || !b.changes) return style.dim('no change');
  return b.changes.map((c) => `${c.field} ${valueText(c.field, c.before)} -> ${valueText(c.field, c.after)}`).join(', ');
}

export async function renderUpdateAcl(result: UpdateAclPlan | UpdateAclResult, style: Style): Promise<string> {
  const title = `${style.bold('Account')} ${result.accessKey}${result.dryRun ? ` ${style.dim('(dry run: nothing was changed)')}` : ''}`;
  const settings = renderKeyValues(result.fields.map((f) => fieldRow(f, style)), style);
  const done = 'result' in (result.brokers[0] ?? {});
  const table = await renderTable<BrokerAclPlan & { result?: string }>(
    [
      ...brokerColumns<BrokerAclPlan & { result?: string }>(),
      done
        ? { header: 'RESULT', value: (b) => b.result, color: (t, _b, s) => (t === 'failed' ? s.red(t) : t) }
        : { header: 'ACTION', value: (b) => (b.action === 'create-or-update' ? 'create or update' : b.action) },
      { header: 'CHANGES', value: (b) => changesText(b, style) },
    ],
    result.brokers,
    style,
  );
  return [title, style.dim('The broker merges the request into the stored account: settings not given are kept.'), '', settings, '', table].join('\n');
}

// ---------------------------------------------------------------------------------------------
// deleteAclConfig

export function deleteAclQuestion(plan: DeleteAclPlan, signedWith?: string): string {
  const where = plan.brokers.length === 1 ? plan.brokers[0]!.addr : `${plan.brokers.length} brokers (${plan.brokers.map((b) => b.addr).join(', ')})`;
  const own = signedWith === plan.accessKey ? ' mqadmin signs with this account: it cannot be used afterwards.' : '';
  return `Delete the account ${plan.accessKey} from ${where}? Its requests are refused from then on.${own}`;
}

export async function renderDeleteAcl(result: DeleteAclPlan | DeleteAclResult, style: Style, dryRun = false): Promise<string> {
  const title = `${style.bold('Account')} ${result.accessKey}${dryRun ? ` ${style.dim('(dry run: nothing was changed)')}` : ''}`;
  type Row = BrokerAddress & { result?: string };
  const table = await renderTable<Row>(
    [
      ...brokerColumns<Row>(),
      dryRun
        ? { header: 'ACTION', value: () => 'delete' }
        : {
            header: 'RESULT',
            value: (b) => (b.result === 'absent' ? 'no such account' : b.result),
            color: (t, b, s) => (b.result === 'failed' ? s.red(t) : b.result === 'absent' ? s.dim(t) : t),
          },
    ],
    result.brokers,
    style,
  );
  return [title, '', table].join('\n');
}

// ---------------------------------------------------------------------------------------------
// updateGlobalWhiteAddr

export async function renderWhiteAddr(result: WhiteAddrPlan | WhiteAddrResult, style: Style, dryRun = false): Promise<string> {
  const list = result.addresses.length > 0 ? result.addresses.join(', ') : style.dim('empty (the list is cleared)');
  const head = renderKeyValues(
    [
      ['Global white list', `${list}${dryRun ? ` ${style.dim('(dry run: nothing was changed)')}` : ''}`],
      ['ACL file', result.aclFileFullPath ?? style.dim("the broker's default (conf/plain_acl.yml)")],
    ],
    style,
  );
  type Row = BrokerAddress & { result?: string };
  const table = await renderTable<Row>(
    [...brokerColumns<Row>(), dryRun ? { header: 'ACTION', value: () => 'replace the list' } : { header: 'RESULT', value: (b) => b.result, color: (t, _b, s) => (t === 'failed' ? s.red(t) : t) }],
    result.brokers,
    style,
  );
  return [head, style.dim('The list replaces the one in the file; requests from these addresses are let in without any check.'), '', table].join('\n');
}

// ---------------------------------------------------------------------------------------------
// clusterAclConfigVersion

const fileColumns = <R extends { file: AclFileVersion | null }>(): Column<R>[] => [
  { header: 'ACL FILE', value: (r) => r.file?.file ?? '-' },
  { header: 'VERSION', value: (r) => r.file?.counter ?? '-', align: 'right' },
  { header: 'UPDATED', value: (r) => (r.file ? formatTimestamp(r.file.timestamp) : '-') },
];

export async function renderAclVersions(result: AclVersionsResult, style: Style): Promise<string> {
  type Row = BrokerAddress & { file: AclFileVersion | null };
  const rows = result.brokers.flatMap((b): Row[] => {
    const at: BrokerAddress = { cluster: b.cluster, brokerName: b.brokerName, brokerId: b.brokerId, addr: b.addr };
    return b.versions.files.length > 0 ? b.versions.files.map((file) => ({ ...at, file })) : [{ ...at, file: null }];
  });
  if (rows.length === 0) return '';
  return renderTable<Row>([...brokerColumns<Row>(), ...fileColumns<Row>()], rows, style);
}

// ---------------------------------------------------------------------------------------------
// getAclConfig

export async function renderAclConfig(result: AclConfigResult, style: Style): Promise<string> {
  const parts: string[] = [];
  for (const b of result.brokers) {
    const head = `${style.bold(b.brokerName)} ${b.addr} ${style.dim(`(${b.cluster}${b.brokerId === 0 ? ', master' : `, slave ${b.brokerId}`})`)}`;
    if (b.accountsServed) {
      const accounts = b.accounts ?? [];
      const lines = [head, renderKeyValues([['Global white list', listText(b.globalWhiteRemoteAddresses ?? [])]], style), ''];
      lines.push(accounts.length > 0 ? await renderTable(accountColumns(), accounts, style) : style.dim('No accounts.'));
      parts.push(lines.join('\n'));
    } else {
      type Row = { file: AclFileVersion | null };
      const files: Row[] = (b.files ?? []).map((file) => ({ file }));
      const lines = [
        head,
        style.yellow(`Accounts not served by this broker: ${b.note ?? ''}.`),
        style.dim("They are in its ACL files on the broker host (conf/plain_acl.yml, conf/acl/*.yml; for `mqadmin dev up --acl`: `mqadmin dev acl list`)."),
        '',
      ];
      lines.push(files.length > 0 ? await renderTable(fileColumns<Row>(), files, style) : style.dim('No ACL file.'));
      parts.push(lines.join('\n'));
    }
  }
  return parts.join('\n\n');
}
