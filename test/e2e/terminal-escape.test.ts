// Text from the cluster cannot drive the terminal: control characters are shown escaped in
// tables and key/value lists (our own colour codes pass).

import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../src/render/format.js';
import { makeStyle } from '../../src/render/style.js';
import { renderKeyValues, renderTable } from '../../src/render/table.js';

describe('escapeControl', () => {
  it('escapes C0, DEL, C1 and direction overrides; keeps colour codes and plain text', () => {
    expect(escapeControl('plain text: ok')).toBe('plain text: ok');
    expect(escapeControl('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeControl('t\x1b]0;title\x07x')).toBe('t\\x1b]0;title\\x07x');
    expect(escapeControl('line1\nline2\r\tend\x7f\x9b')).toBe('line1\\nline2\\r\\tend\\x7f\\x9b');
    expect(escapeControl('abc\u202edcba')).toBe('abc\\u202edcba');
    expect(escapeControl('\x1b[2mdim\x1b[22m')).toBe('\x1b[2mdim\x1b[22m');
    expect(escapeControl('a\n\tb\x1b[Hc', { keepLines: true })).toBe('a\n\tb\\x1b[Hc');
  });

  it('tables and key/value lists escape what they show', async () => {
    const style = makeStyle(false);
    const table = await renderTable([{ header: 'KEY', value: (r: { k: string }) => r.k }], [{ k: 'evil\x1b[2J\x1b[H' }], style);
    expect(table).toBe('KEY\nevil\\x1b[2J\\x1b[H');
    expect(renderKeyValues([['brokerName\x1b[31m', 'v\r\nx']], style)).toBe('brokerName\x1b[31m  v\\r\\nx');
  });
});

describe('end to end: a message whose key and tag carry terminal codes', () => {
  it('printMsg shows them escaped; stdout holds no escape character', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startDevCluster } = await import('../../src/dev/cluster.js');
    const { runCli } = await import('../helpers/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'mqadmin-escape-'));
    const cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0 });
    try {
      const n = ['-n', cluster.namesrvAddr];
      const env = { MQADMIN_DEV_HOME: join(dir, 'none'), NO_COLOR: '1' };
      expect((await runCli(['updateTopic', '-c', 'DefaultCluster', '-t', 'Esc', ...n], { env })).code).toBe(0);
      const sent = await runCli(['sendMessage', '-t', 'Esc', '-p', 'x', '-k', 'evil\x1b[2J\x1b[H', '-c', 'tag\x1b]0;owned\x07', ...n], { env });
      expect(sent.code, sent.stderr).toBe(0);
      const shown = await runCli(['printMsg', '-t', 'Esc', ...n], { env });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('evil\\x1b[2J\\x1b[H');
      expect(shown.stdout).toContain('tag\\x1b]0;owned\\x07');
      expect(shown.stdout).not.toContain('\x1b');
    } finally {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
