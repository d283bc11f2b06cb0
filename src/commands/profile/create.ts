import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { resolve } from 'node:path';
import { parseNamesrvAddrs } from '../../admin/addresses.js';
import { BaseCommand } from '../../cli/base.js';
import { CliError, ExitCode } from '../../cli/exitCodes.js';
import { checkProfileName, configPath, editProfileFile, expandHome, type Profile } from '../../cli/profiles.js';
import { registerSecret } from '../../cli/redact.js';
import { readTlsFile } from '../../cli/settings.js';
import { profileRecord, renderProfile, type ProfileRecord } from '../../render/views/profile.js';

export interface ProfileCreateResult {
  configFile: string;
  replaced: boolean;
  profile: ProfileRecord;
}

export default class ProfileCreate extends BaseCommand<typeof ProfileCreate> {
  static override summary = 'Save a NameServer list, credentials and TLS settings under a name.';
  static override description =
    'Stored in $MQADMIN_CONFIG, else $XDG_CONFIG_HOME/mqadmin/config.yaml, else ~/.config/mqadmin/config.yaml (mode 0600). A secret may be given as env:VARIABLE: the file then holds the variable\'s name and the secret is read from the environment at use. A profile that exists is an error (exit 2) unless --force, which replaces it whole. Use it with --profile NAME, MQADMIN_PROFILE=NAME, or make it the default with `mqadmin profile use NAME`.';
  static override examples = [
    '<%= config.bin %> profile create prod -n "10.0.0.1:9876;10.0.0.2:9876" --access-key ops --secret-key env:PROD_SECRET_KEY',
    '<%= config.bin %> profile create staging -n mq.staging:9876 --tls-ca ./ca.pem --timeout 10000',
  ];

  static override args = {
    name: Args.string({ description: 'Profile name (letters, digits, ".", "_", "-").', required: true }),
  };

  static override flags = {
    namesrvAddr: Flags.string({ char: 'n', description: 'NameServer address list, host:port;host:port.', required: true }),
    'access-key': Flags.string({ helpValue: 'AK', description: 'Access key (or env:VARIABLE).' }),
    'secret-key': Flags.string({ helpValue: 'SK', description: 'Secret key (or env:VARIABLE, so the file holds no secret).' }),
    'security-token': Flags.string({ helpValue: 'TOKEN', description: 'Security token (or env:VARIABLE).' }),
    tls: Flags.boolean({ description: 'Use TLS on every connection.' }),
    'tls-ca': Flags.string({ helpValue: 'FILE', description: 'CA certificate file (PEM) to trust instead of the system\'s; implies --tls.' }),
    'tls-cert': Flags.string({ helpValue: 'FILE', description: 'Client certificate file (PEM), with --tls-key; implies --tls.' }),
    'tls-key': Flags.string({ helpValue: 'FILE', description: 'Private key file (PEM) of --tls-cert.' }),
    'tls-insecure': Flags.boolean({ description: 'Do not verify the server\'s certificate (testing only); implies --tls.' }),
    timeout: Flags.integer({ helpValue: 'MS', description: 'Timeout of each request, in milliseconds (default 5000).', min: 1 }),
    force: Flags.boolean({ description: 'Replace the profile if it exists.' }),
  };

  async run(): Promise<ProfileCreateResult> {
    const name = checkProfileName(this.args.name);
    const profile = this.profileFromFlags();
    const path = configPath();
    const { file, result: replaced } = await editProfileFile(path, ({ doc, file: before, yaml }) => {
      const exists = Object.hasOwn(before.profiles, name);
      if (exists && !this.flags.force) {
        throw new CliError(`profile "${name}" already exists in ${path}`, ExitCode.USAGE, `--force replaces it; \`mqadmin profile delete ${name}\` removes it`);
      }
      if (!yaml.isMap(doc.get('profiles', true))) doc.set('profiles', doc.createNode({}));
      doc.setIn(['profiles', name], doc.createNode(toYaml(profile)));
      return exists;
    });
    const record = profileRecord(name, file.profiles[name]!, file);
    const verb = replaced ? 'replaced' : 'created';
    const notes: string[] = [];
    if (profile.secretKey && !profile.secretKey.startsWith('env:')) {
      notes.push('the secret key is stored in the file as given; --secret-key env:VARIABLE stores a reference instead');
    }
    if (!record.current) notes.push(`use it with --profile ${name}, or make it the default: mqadmin profile use ${name}`);
    this.print(
      `${this.style.green(`Profile ${name} ${verb}`)} in ${path}\n\n${renderProfile(record, path, this.style).split('\n').slice(1).join('\n')}` +
        (notes.length ? `\n\n${notes.map((n) => this.style.dim(n)).join('\n')}` : ''),
    );
    return { configFile: path, replaced, profile: record };
  }

  private profileFromFlags(): Profile {
    const f = this.flags;
    registerSecret(f['secret-key']);
    registerSecret(f['security-token']);
    const namesrv = parseNamesrvAddrs(f.namesrvAddr).join(';');
    const ak = f['access-key'] || undefined;
    const sk = f['secret-key'] || undefined;
    const token = f['security-token'] || undefined;
    if (ak && !sk) throw new CliError('--access-key needs --secret-key', ExitCode.USAGE, 'pass both (a secret may be given as env:VARIABLE)');
    if (sk && !ak) throw new CliError('--secret-key needs --access-key', ExitCode.USAGE, 'pass both');
    if (token && !ak) throw new CliError('--security-token needs --access-key and --secret-key', ExitCode.USAGE, 'pass them too');
    if (f['tls-cert'] && !f['tls-key']) throw new CliError('--tls-cert needs --tls-key', ExitCode.USAGE, 'pass the private key file of the certificate');
    if (f['tls-key'] && !f['tls-cert']) throw new CliError('--tls-key needs --tls-cert', ExitCode.USAGE, 'pass the certificate file of the key');
    const file = (flag: 'tls-ca' | 'tls-cert' | 'tls-key', what: string): string | undefined => {
      const given = f[flag]?.trim();
      if (!given) return undefined;
      const abs = resolve(expandHome(given));
      // Checked now, so a typo is found here rather than by the first command that uses it.
      readTlsFile({ value: abs, source: { kind: 'flag', flag: `--${flag}` } }, what);
      return abs;
    };
    const ca = file('tls-ca', 'CA file');
    const cert = file('tls-cert', 'client certificate');
    const key = file('tls-key', 'client key');
    const insecure = f['tls-insecure'] === true;
    const enabled = f.tls === true || Boolean(ca || cert || insecure);
    return {
      namesrvAddr: namesrv,
      ...(ak ? { accessKey: ak } : {}),
      ...(sk ? { secretKey: sk } : {}),
      ...(token ? { securityToken: token } : {}),
      ...(enabled ? { tls: { enabled, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(insecure ? { insecure } : {}) } } : {}),
      ...(f.timeout !== undefined ? { timeout: f.timeout } : {}),
    };
  }
}

/** The profile as written to the file, keys in the documented order. */
function toYaml(profile: Profile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (profile.namesrvAddr) out.namesrvAddr = profile.namesrvAddr;
  if (profile.accessKey) out.accessKey = profile.accessKey;
  if (profile.secretKey) out.secretKey = profile.secretKey;
  if (profile.securityToken) out.securityToken = profile.securityToken;
  if (profile.tls) out.tls = { ...profile.tls };
  if (profile.timeout !== undefined) out.timeout = profile.timeout;
  return out;
}
