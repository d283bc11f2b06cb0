// Runs the built CLI (bin/run.js -> dist/) as a user would: a child process, no TTY.

import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RUN_JS = join(ROOT, 'bin', 'run.js');

/** The connection settings a developer may have exported (README "Credentials, TLS and profiles"). */
const CONNECTION_ENV = /^MQADMIN_(CONFIG|PROFILE|ACCESS_KEY|SECRET_KEY|SECURITY_TOKEN|TLS\w*)$/;
const NO_CONFIG = join(tmpdir(), `mqadmin-test-${process.pid}-no-config`, 'config.yaml');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(args: string[], options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NAMESRV_ADDR' && k !== 'FORCE_COLOR' && !CONNECTION_ENV.test(k)) env[k] = v;
  // Never the profiles of whoever runs the tests (a test that wants some sets MQADMIN_CONFIG).
  env.MQADMIN_CONFIG = NO_CONFIG;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_JS, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mqadmin ${args.join(' ')} did not exit within ${options.timeoutMs ?? 15000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 15000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
