// Users and ACLs (5.x): the results of src/admin/auth.ts as tables. Passwords arrive masked;
// nothing here can show one. With one broker the tables leave the broker columns out and name
// the broker in the heading; with several, every row says which broker it is from.

import type {
  AclChange,
  AclEntryView,
  CopyAclsPlan,
  CopyAclsResult,
  CopyUsersPlan,
  CopyUsersResult,
  CreateUserResult,
  DeleteAclPlan,
  DeleteAclResult,
  DeleteUserPlan,
  DeleteUserResult,
  GetAclResult,
  GetUserResult,
  ListAclsResult,
  ListUsersResult,
  PutAclPlan,
  PutAclResult,
  UpdateUserPlan,
  UpdateUserResult,
  UserChange,
  UserView,
} from '../../admin/auth.js';
import type { BrokerAddress } from '../../admin/cluster.js';
import type { Style } from '../style.js';
import { renderTable, type Column } from '../table.js';

const brokerColumns = <R extends BrokerAddress>(): Column<R>[] => [
  { header: 'BROKER', value: (r) => r.brokerName },
  { header: 'ADDRESS', value: (r) => r.addr },
];

const where = (brokers: readonly BrokerAddress[]): string =>
  brokers.length === 1 ? `${brokers[0]!.brokerName} (${brokers[0]!.addr})` : `${brokers.length} brokers`;

const outcomeColor = (t: string, outcome: string, s: Style): string =>
  outcome === 'failed' ? s.red(t) : outcome === 'unchanged' || outcome === 'absent' ? s.dim(t) : s.green(t);

// ---------------------------------------------------------------------------------------------
// Users

const userColumns = <R extends { user: UserView }>(): Column<R>[] => [
  { header: 'USERNAME', value: (r) => r.user.username },
  { header: 'PASSWORD', value: (r) => r.user.password ?? '' },
  { header: 'TYPE', value: (r) => r.user.userType },
  { header: 'STATUS', value: (r) => r.user.userStatus, color: (t, _r, s) => (t === 'disable' ? s.yellow(t) : t) },
];

export async function renderUsers(result: ListUsersResult, style: Style): Promise<string> {
  const rows = result.brokers.flatMap((b) => b.users.map((user) => ({ ...b, user })));
  const filter = result.filter !== null ? ` matching "${result.filter}"` : '';
  const answered = result.brokers;
  if (rows.length === 0) return answered.length === 0 ? '' : style.dim(`No users${filter} on ${where(answered)}.`);
  const multi = answered.length > 1;
  const table = await renderTable([...(multi ? brokerColumns<(typeof rows)[number]>() : []), ...userColumns<(typeof rows)[number]>()], rows, style);
  return `${style.bold('Users')}${filter} on ${where(answered)}\n\n${table}`;
}

export async function renderUser(result: GetUserResult, style: Style): Promise<string> {
  const multi = result.brokers.length + result.missingOn.length > 1;
  const table = await renderTable([...(multi ? brokerColumns<GetUserResult['brokers'][number]>() : []), ...userColumns<GetUserResult['brokers'][number]>()], result.brokers, style);
  const heading = multi ? `${style.bold('User')} ${result.username}` : `${style.bold('User')} ${result.username} on ${where(result.brokers)}`;
  const missing = result.missingOn.length > 0 ? `\n\n${style.yellow(`Not on: ${result.missingOn.join(', ')}`)}` : '';
  return `${heading}\n\n${table}${missing}`;
}

function describeUserChanges(changes: readonly UserChange[], style: Style): string {
  if (changes.length === 0) return style.dim('no change');
  return changes.map((c) => (c.field === 'password' ? 'password changed' : `${c.field} ${c.before ?? '-'} -> ${c.after}`)).join(', ');
}

export async function renderCreateUser(result: CreateUserResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      ...brokerColumns<CreateUserResult['brokers'][number]>(),
      { header: 'RESULT', value: (b) => b.outcome, color: (t, b, s) => outcomeColor(t, b.outcome, s) },
      { header: 'DETAIL', value: (b) => b.error ?? '' },
    ],
    result.brokers,
    style,
  );
  return `${style.bold('User')} ${result.user.username} (${result.user.userType}, ${result.user.userStatus}, password ${result.user.password ?? 'none'})\n\n${table}`;
}

export async function renderUpdateUser(result: UpdateUserPlan | UpdateUserResult, style: Style, dryRun = false): Promise<string> {
  type Row = UpdateUserResult['brokers'][number] | UpdateUserPlan['brokers'][number];
  const status = (b: Row): string => ('outcome' in b ? b.outcome : b.action);
  const table = await renderTable<Row>(
    [
      ...brokerColumns<Row>(),
      { header: dryRun ? 'ACTION' : 'RESULT', value: status, color: (t, b, s) => outcomeColor(t, status(b), s) },
      { header: 'CHANGES', value: (b) => ('error' in b && b.error ? b.error : b.action === 'absent' ? 'no such user' : describeUserChanges(b.changes, style)) },
    ],
    result.brokers,
    style,
  );
  return `${style.bold('User')} ${result.username}${dryRun ? ' (dry run: nothing was changed)' : ''}\n\n${table}`;
}

const aclEntriesNote = (n: number | null): string => (n === null ? '' : n === 0 ? 'no ACL' : `its ACL (${n} entr${n === 1 ? 'y' : 'ies'}) too`);

export function deleteUserQuestion(plan: DeleteUserPlan): string {
  const on = plan.brokers.filter((b) => b.present);
  const type = on[0]?.user?.userType ? ` (${on[0].user.userType})` : '';
  const acl = on.some((b) => (b.aclEntries ?? 0) > 0) ? ' and its ACL' : '';
  return `Delete user ${plan.username}${type}${acl} from ${on.map((b) => `${b.brokerName} ${b.addr}`).join(', ')}?`;
}

export async function renderDeleteUser(result: DeleteUserPlan | DeleteUserResult, style: Style, dryRun = false): Promise<string> {
  type Row = DeleteUserResult['brokers'][number] | DeleteUserPlan['brokers'][number];
  const status = (b: Row): string => ('outcome' in b ? b.outcome : b.present ? 'delete' : 'absent');
  const table = await renderTable<Row>(
    [
      ...brokerColumns<Row>(),
      { header: dryRun ? 'ACTION' : 'RESULT', value: status, color: (t, b, s) => outcomeColor(t, status(b), s) },
      { header: 'TYPE', value: (b) => b.user?.userType ?? '' },
      { header: 'DETAIL', value: (b) => ('error' in b && b.error ? b.error : b.present ? aclEntriesNote(b.aclEntries) : 'no such user') },
    ],
    result.brokers,
    style,
  );
  return `${style.bold('User')} ${result.username}${dryRun ? ' (dry run: nothing was changed)' : ''}\n\n${table}`;
}

export async function renderCopyUsers(result: CopyUsersPlan | CopyUsersResult, style: Style, dryRun = false): Promise<string> {
  type Row = CopyUsersResult['users'][number] | CopyUsersPlan['users'][number];
  const status = (u: Row): string => ('outcome' in u ? u.outcome : u.action);
  const table = await renderTable<Row>(
    [
      { header: 'USERNAME', value: (u) => u.username },
      { header: 'TYPE', value: (u) => u.userType },
      { header: 'STATUS', value: (u) => u.userStatus },
      { header: dryRun ? 'ACTION' : 'RESULT', value: status, color: (t, u, s) => outcomeColor(t, status(u), s) },
      { header: 'CHANGES', value: (u) => ('error' in u && u.error ? u.error : u.action === 'create' ? 'new on the target' : describeUserChanges(u.changes, style)) },
    ],
    result.users,
    style,
  );
  const missing = result.missing.length > 0 ? `\n\n${style.yellow(`Not on ${result.fromBroker}: ${result.missing.join(', ')}`)}` : '';
  return `${style.bold('Users')} from ${result.fromBroker} to ${result.toBroker}${dryRun ? ' (dry run: nothing was changed)' : ''}\n\n${table}${missing}`;
}

// ---------------------------------------------------------------------------------------------
// ACLs

const list = (items: readonly string[] | null): string => (items && items.length > 0 ? items.join(', ') : '');

/** `Topic:orders Pub, Sub Allow` (`from 10.0.0.0/8` when limited). */
export function describeEntry(e: AclEntryView): string {
  return `${e.resource} ${list(e.actions)} ${e.decision}${e.sourceIps ? ` from ${list(e.sourceIps)}` : ''}`;
}

function describeAclChange(c: AclChange): string {
  if (c.kind === 'added' || !c.before) return `+ ${describeEntry(c.after)}`;
  return `${c.resource}: ${describeEntry(c.before).slice(c.resource.length + 1)} -> ${describeEntry(c.after).slice(c.resource.length + 1)}`;
}

const entryColumns = <R extends { entry: AclEntryView }>(): Column<R>[] => [
  { header: 'SUBJECT', value: (r) => r.entry.subject },
  { header: 'POLICY', value: (r) => r.entry.policyType },
  { header: 'RESOURCE', value: (r) => r.entry.resource },
  { header: 'ACTIONS', value: (r) => list(r.entry.actions) },
  { header: 'SOURCE IPS', value: (r) => (r.entry.sourceIps ? list(r.entry.sourceIps) : 'any') },
  { header: 'DECISION', value: (r) => r.entry.decision, color: (t, _r, s) => (t === 'Deny' ? s.yellow(t) : t) },
];

async function aclTable(brokers: ReadonlyArray<BrokerAddress & { acls: ReadonlyArray<{ subject: string; entries: AclEntryView[] }> }>, multi: boolean, style: Style): Promise<string> {
  const rows = brokers.flatMap((b) =>
    b.acls.flatMap((acl) =>
      acl.entries.length > 0
        ? acl.entries.map((entry) => ({ ...b, entry }))
        : // A subject without policies still gets its row, as in the Java tool.
          [{ ...b, entry: { subject: acl.subject, policyType: '', resource: '', actions: [], sourceIps: null, decision: '' } satisfies AclEntryView }],
    ),
  );
  return renderTable([...(multi ? brokerColumns<(typeof rows)[number]>() : []), ...entryColumns<(typeof rows)[number]>()], rows, style);
}

export async function renderAcl(result: GetAclResult, style: Style): Promise<string> {
  const multi = result.brokers.length + result.missingOn.length > 1;
  const table = await aclTable(result.brokers.map((b) => ({ ...b, acls: [b.acl] })), multi, style);
  const heading = multi ? `${style.bold('ACL')} of ${result.subject}` : `${style.bold('ACL')} of ${result.subject} on ${where(result.brokers)}`;
  const missing = result.missingOn.length > 0 ? `\n\n${style.yellow(`No ACL on: ${result.missingOn.join(', ')}`)}` : '';
  return `${heading}\n\n${table}${missing}`;
}

export async function renderAcls(result: ListAclsResult, style: Style): Promise<string> {
  const filters = [result.subjectFilter !== null ? `subject "${result.subjectFilter}"` : '', result.resourceFilter !== null ? `resource "${result.resourceFilter}"` : ''].filter(Boolean);
  const filter = filters.length > 0 ? ` matching ${filters.join(' and ')}` : '';
  if (result.brokers.every((b) => b.acls.length === 0)) return result.brokers.length === 0 ? '' : style.dim(`No ACLs${filter} on ${where(result.brokers)}.`);
  const table = await aclTable(result.brokers, result.brokers.length > 1, style);
  return `${style.bold('ACLs')}${filter} on ${where(result.brokers)}\n\n${table}`;
}

export async function renderPutAcl(result: PutAclPlan | PutAclResult, style: Style, dryRun = false): Promise<string> {
  type Row = PutAclResult['brokers'][number] | PutAclPlan['brokers'][number];
  const status = (b: Row): string => ('outcome' in b ? b.outcome : b.action);
  const table = await renderTable<Row>(
    [
      ...brokerColumns<Row>(),
      { header: dryRun ? 'ACTION' : 'RESULT', value: status, color: (t, b, s) => outcomeColor(t, status(b), s) },
      { header: 'CHANGES', value: (b) => ('error' in b && b.error ? b.error : b.changes.length === 0 ? style.dim('no change') : b.changes.map(describeAclChange).join('; ')) },
    ],
    result.brokers,
    style,
  );
  return `${style.bold('ACL')} of ${result.subject}${dryRun ? ' (dry run: nothing was changed)' : ''}\n\n${table}`;
}

export function deleteAclQuestion(plan: DeleteAclPlan): string {
  const on = plan.brokers.filter((b) => b.action !== 'absent');
  const brokers = on.map((b) => `${b.brokerName} ${b.addr}`).join(', ');
  if (plan.resources === null) {
    const n = Math.max(...on.map((b) => b.removed.length), 0);
    return `Delete the whole ACL of ${plan.subject} (${n} entr${n === 1 ? 'y' : 'ies'}) from ${brokers}?`;
  }
  const resources = [...new Set(on.flatMap((b) => b.removed.map((e) => e.resource)))];
  return `Delete ${resources.join(', ')} from the ACL of ${plan.subject} on ${brokers}?`;
}

export async function renderDeleteAcl(result: DeleteAclPlan | DeleteAclResult, style: Style, dryRun = false): Promise<string> {
  type Row = DeleteAclResult['brokers'][number] | DeleteAclPlan['brokers'][number];
  const status = (b: Row): string => ('outcome' in b ? b.outcome : b.action === 'absent' ? 'absent' : 'delete');
  const detail = (b: Row): string => {
    if ('error' in b && b.error) return b.error;
    if (b.before === null) return 'no ACL';
    const parts: string[] = [];
    if (b.action === 'all') parts.push(`whole ACL (${b.removed.length} entr${b.removed.length === 1 ? 'y' : 'ies'})`);
    else if (b.removed.length > 0) parts.push(b.removed.map((e) => `- ${describeEntry(e)}`).join('; '));
    if (b.notFound.length > 0) parts.push(style.dim(`not there: ${b.notFound.join(', ')}`));
    return parts.join('; ');
  };
  const table = await renderTable<Row>(
    [...brokerColumns<Row>(), { header: dryRun ? 'ACTION' : 'RESULT', value: status, color: (t, b, s) => outcomeColor(t, status(b), s) }, { header: 'ENTRIES', value: detail }],
    result.brokers,
    style,
  );
  return `${style.bold('ACL')} of ${result.subject}${dryRun ? ' (dry run: nothing was changed)' : ''}\n\n${table}`;
}

export async function renderCopyAcls(result: CopyAclsPlan | CopyAclsResult, style: Style, dryRun = false): Promise<string> {
  type Row = CopyAclsResult['acls'][number] | CopyAclsPlan['acls'][number];
  const status = (a: Row): string => ('outcome' in a ? a.outcome : a.action);
  const table = await renderTable<Row>(
    [
      { header: 'SUBJECT', value: (a) => a.subject },
      { header: 'ENTRIES', value: (a) => a.entries.length, align: 'right' },
      { header: dryRun ? 'ACTION' : 'RESULT', value: status, color: (t, a, s) => outcomeColor(t, status(a), s) },
      {
        header: 'CHANGES',
        value: (a) => ('error' in a && a.error ? a.error : a.action === 'create' ? a.entries.map(describeEntry).join('; ') : a.changes.length === 0 ? style.dim('no change') : a.changes.map(describeAclChange).join('; ')),
      },
    ],
    result.acls,
    style,
  );
  const missing = result.missing.length > 0 ? `\n\n${style.yellow(`No ACL on ${result.fromBroker}: ${result.missing.join(', ')}`)}` : '';
  return `${style.bold('ACLs')} from ${result.fromBroker} to ${result.toBroker}${dryRun ? ' (dry run: nothing was changed)' : ''}\n\n${table}${missing}`;
}
