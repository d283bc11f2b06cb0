// Tables for people: borderless, aligned columns with a header row, like rpk and kubectl.
// cli-table3 is loaded only when a table is drawn, so commands that print none start faster.

import { escapeControl } from './format.js';
import type { Style } from './style.js';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
  align?: 'left' | 'right';
  /** Colours a cell; receives the already formatted text. */
  color?: (text: string, row: Row, style: Style) => string;
}

export async function renderTable<Row>(columns: Column<Row>[], rows: readonly Row[], style: Style): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const blank = {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
    bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
    left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
  };
  const table = new Table({
    head: columns.map((c) => style.bold(c.header)),
    chars: blank,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: columns.map((c) => c.align ?? 'left'),
  });
  for (const row of rows) {
    table.push(columns.map((c) => {
      const raw = c.value(row);
      const text = raw === null || raw === undefined ? '-' : escapeControl(String(raw));
      return c.color ? c.color(text, row, style) : text;
    }));
  }
  // cli-table3 pads the last column too; trailing blanks only get in the way of grep and diff.
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}

/** `key : value` lines with the keys aligned, for one record (brokerStatus, configs). */
export function renderKeyValues(entries: ReadonlyArray<readonly [string, string]>, style: Style, indent = ''): string {
  const width = entries.reduce((w, [k]) => Math.max(w, k.length), 0);
  return entries.map(([k, v]) => `${indent}${style.cyan(escapeControl(k).padEnd(width))}  ${escapeControl(v)}`).join('\n');
}
