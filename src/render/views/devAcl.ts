// Views of `mqadmin dev acl ...`: the accounts of an --acl dev cluster. Secrets are never shown.

import type { DevAclChangeResult, DevAclList } from '../../dev/acl.js';
import { formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable } from '../table.js';
import { accountColumns } from './acl.js';

type Account = DevAclList['accounts'][number];

export async function renderDevAclList(list: DevAclList, style: Style): Promise<string> {
  const version = list.dataVersion ? `version ${list.dataVersion.counter}, ${formatTimestamp(list.dataVersion.timestamp)}` : 'no version';
  const head = renderKeyValues(
    [
      ['Accounts file', `${list.accountsFile} ${style.dim(`(${version})`)}`],
      ['Checked', list.enforced ? 'yes: the dev cluster runs with --acl' : style.yellow('no: no dev cluster with --acl runs on this data directory')],
      ['Global white list', list.globalWhiteRemoteAddresses.length > 0 ? list.globalWhiteRemoteAddresses.join(', ') : style.dim('none')],
    ],
    style,
  );
  if (list.accounts.length === 0) return `${head}\n\n${style.dim('No accounts.')}`;
  const columns = accountColumns<Account>((a) => (a.devAdmin ? `${a.accessKey} (mqadmin)` : a.accessKey));
  return `${head}\n\n${await renderTable(columns, list.accounts, style)}`;
}

export function renderDevAclChange(result: DevAclChangeResult, style: Style): string {
  const done = result.brokers.filter((b) => b.ok).map((b) => b.name);
  const verb = result.action === 'set' ? 'Created or updated' : 'Deleted';
  const where = done.length > 0 ? ` on ${done.join(', ')}` : '';
  const failed = result.brokers.filter((b) => !b.ok).map((b) => b.name);
  return `${verb} the account ${style.bold(result.accessKey)}${where}${failed.length > 0 ? style.yellow(` (not on ${failed.join(', ')})`) : ''}.`;
}
