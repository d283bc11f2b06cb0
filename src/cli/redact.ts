// Secrets never reach the output: every secret key and security token the process has seen
// (flags, MQADMIN_* environment, profiles and the variables they name) is registered here, and
// error messages, remedies, --json errors and --debug stacks pass through `redact` on their way
// out. Cheap and dependency-free: loaded by every command.

export const MASK = '******';

/** Environment variables that hold secrets (README "Credentials, TLS and profiles"). */
export const SECRET_ENV_VARS = ['MQADMIN_SECRET_KEY', 'MQADMIN_SECURITY_TOKEN'] as const;

const secrets = new Set<string>();

export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length > 0) secrets.add(value);
}

/** Forgets every registered secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
}

/**
 * The values given to secret flags in a raw argv: `--secret-key V`, `--secret-key=V`,
 * `--security-token V`, and misspellings of them (`--secret-keys=V`), which oclif would otherwise
 * echo back in "Nonexistent flag: --secret-keys=V".
 */
export function secretsFromArgv(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?(?:secret|security)[\w-]*(?:=([\s\S]*))?$/i.exec(argv[i]!);
    if (!m) continue;
    if (m[1] !== undefined) found.push(m[1]);
    else if (i + 1 < argv.length) found.push(argv[i + 1]!);
  }
  return found.filter((s) => s.length > 0);
}

/** Registers what the process was given on the command line and in the environment. */
export function registerProcessSecrets(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  for (const s of secretsFromArgv(argv)) registerSecret(s);
  for (const name of SECRET_ENV_VARS) registerSecret(env[name]);
}

/**
 * Below this length a secret is masked only where it stands alone (not inside a longer word
 * or number): `--secret-key y` must not turn "accessKey" into "accessKe******".
 */
const WHOLE_WORD_BELOW = 8;

/** The text with every registered secret replaced by the mask (longest first). */
export function redact(text: string): string {
  if (secrets.size === 0 || text.length === 0) return text;
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (!out.includes(secret)) continue;
    if (secret.length >= WHOLE_WORD_BELOW) {
      out = out.split(secret).join(MASK);
    } else {
      const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), MASK);
    }
  }
  return out;
}

/** A copy of a JSON-like value with every string redacted. */
export function redactDeep<T>(value: T): T {
  if (secrets.size === 0) return value;
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
