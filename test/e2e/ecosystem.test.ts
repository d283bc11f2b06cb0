// Shell completion (@oclif/plugin-autocomplete) and "did you mean" for mistyped commands,
// run as a user would: bin/run.js as a child process, no terminal.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closestCommand } from '../../src/cli/hooks/notFound.js';
import { runCli } from '../helpers/cli.js';

const cache = mkdtempSync(join(tmpdir(), 'mqadmin-ac-'));
const env = { XDG_CACHE_HOME: cache, MQADMIN_CACHE_DIR: join(cache, 'mqadmin'), NO_COLOR: '1' };
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('mistyped commands', () => {
  it('suggests the closest command and exits 2 (usage), one line and a hint', async () => {
    const r = await runCli(['clustrList'], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: `clustrList` is not a mqadmin command. Did you mean `mqadmin clusterList`?\n  `mqadmin --help` lists the commands\n');
  });

  it('suggests inside topics with the space separator', async () => {
    const r = await runCli(['dev', 'upp'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean `mqadmin dev up`?');
  });

  it('makes no wild guess for something unlike any command', async () => {
    const r = await runCli(['xyzzyplughfrobnicate'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('Did you mean');
    expect(r.stderr).toContain('`xyzzyplughfrobnicate` is not a mqadmin command.');
  });

  it('a bad flag value is one usage error (exit 2), without oclif warnings, whatever NODE_ENV', async () => {
    const r = await runCli(['topicRoute', '-t', 'T', '--timeout', '0', '-n', '127.0.0.1:1'], { env: { ...env, NODE_ENV: 'development' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Parsing --timeout/);
    expect(r.stderr).not.toContain('Warning');
  });

  it('closestCommand: case-insensitive, bounded distance', () => {
    const ids = ['clusterList', 'topicList', 'topicRoute', 'dev:up'];
    expect(closestCommand('clusterlist', ids)).toBe('clusterList');
    expect(closestCommand('topicRoot', ids)).toBe('topicRoute');
    expect(closestCommand('dev:upp', ids)).toBe('dev:up');
    expect(closestCommand('zzzzzzzzzz', ids)).toBeUndefined();
  });
});

describe('shell completion', () => {
  const dir = join(cache, 'mqadmin', 'autocomplete');

  it('builds the cache, and bash completes commands and flags from it', async () => {
    const built = await runCli(['autocomplete', '--refresh-cache'], { env, timeoutMs: 30_000 });
    expect(built.code).toBe(0);
    const script = await runCli(['autocomplete', 'script', 'bash'], { env, timeoutMs: 30_000 });
    expect(script.code).toBe(0);
    expect(script.stdout).toContain(`MQADMIN_AC_BASH_SETUP_PATH=${join(dir, 'bash_setup')}`);
    // What bash does at a Tab: run the completion function over the words typed so far.
    const fn = join(dir, 'functions', 'bash', 'mqadmin.bash');
    const complete = (words: string[]): string =>
      execFileSync('bash', ['-c', `source '${fn}'; COMP_WORDS=(${words.join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${words.join(' ')}'; _mqadmin_autocomplete; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).trim();
    expect(complete(['mqadmin', 'clusterL'])).toBe('clusterList');
    expect(complete(['mqadmin', 'topicR'])).toBe('topicRoute');
    expect(complete(['mqadmin', 'updateTopic', '--to'])).toBe('--topic');
  });

  it('zsh and PowerShell scripts are generated too', async () => {
    const zsh = await runCli(['autocomplete', 'script', 'zsh'], { env, timeoutMs: 30_000 });
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('MQADMIN_AC_ZSH_SETUP_PATH');
    expect(readFileSync(join(dir, 'functions', 'zsh', '_mqadmin'), 'utf8')).toContain('clusterList');
    const pwsh = await runCli(['autocomplete', 'script', 'powershell'], { env, timeoutMs: 30_000 });
    expect(pwsh.code).toBe(0);
    expect(pwsh.stdout.trim()).toBe(`. ${join(dir, 'functions', 'powershell', 'mqadmin.ps1')}`);
    expect(readFileSync(join(dir, 'functions', 'powershell', 'mqadmin.ps1'), 'utf8')).toContain('clusterList');
  });
});
