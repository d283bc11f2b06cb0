// The base of every command: shared flags, output that knows whether it goes to a terminal,
// `--json` (oclif's), and one place where errors become a one-line message and an exit code.

import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import type { Interfaces } from '@oclif/core';
import { MQAdmin } from '../admin/MQAdmin.js';
import type { TargetFailure } from '../admin/errors.js';
import { escapeControl } from '../render/format.js';
import { colorEnabled, makeStyle, type Style } from '../render/style.js';
import { accessRemedy, classifyError, ExitCode } from './exitCodes.js';
import { configPath, loadProfileFile, type ProfileFile } from './profiles.js';
import { redact, redactDeep, registerProcessSecrets } from './redact.js';
import { adminOptions, resolveSettings, runningDevClusterSettings, type ConnectionFlags, type Settings } from './settings.js';
import { spinnerAllowed, withSpinner } from './spinner.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    debug: Flags.boolean({ description: 'Print stack traces on errors.', helpGroup: 'GLOBAL' }),
  };

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;
  private styleCache?: Style;

  override async init(): Promise<void> {
    await super.init();
    // A parse error is reported by catch() as a usage error; oclif must not also warn (outside
    // NODE_ENV=production) that the command "did not parse its arguments".
    this.parsed = true;
    const { flags, args } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.args = args as BaseArgs<T>;
  }

  /** Colours for stdout; plain when piped, under NO_COLOR, or with --json. */
  protected get style(): Style {
    this.styleCache ??= makeStyle(!this.jsonEnabled() && colorEnabled(process.stdout));
    return this.styleCache;
  }

  /** Runs long work under a spinner on stderr (terminals only; never with --json or in CI). */
  protected spin<R>(text: string, work: Promise<R>): Promise<R> {
    return withSpinner(text, work, { enabled: spinnerAllowed(this.jsonEnabled()) });
  }

  /** Prints a rendered view unless --json is on (oclif then prints the returned result). */
  protected print(text: string): void {
    if (!this.jsonEnabled() && text.length > 0) this.log(text);
  }

  /**
   * Names the targets that failed during a fan-out on stderr and makes the exit code 3, while
   * the rows from the others have been printed (or are in the --json result).
   */
  protected reportFailures(failures: readonly TargetFailure[]): void {
    if (failures.length === 0) return;
    const warn = makeStyle(colorEnabled(process.stderr));
    for (const f of failures) process.stderr.write(`${warn.yellow('warning:')} ${f.target}: ${escapeControl(redact(f.error))}\n`);
    // Refused by access checks, each of them: that is the one thing to fix, and exit 6 says so.
    const denied = failures.filter((f) => f.accessDenied !== undefined);
    if (denied.length === failures.length) {
      process.stderr.write(`  ${warn.dim(accessRemedy(denied[0]!.accessDenied!))}\n`);
      process.exitCode = ExitCode.ACCESS_DENIED;
    } else {
      process.exitCode = ExitCode.SERVER_ERROR;
    }
  }

  protected override async catch(err: Error & { exitCode?: number }): Promise<void> {
    // A secret given on the command line can come back in an oclif parse error
    // ("Nonexistent flag: --secret-keys=..."): everything printed here is redacted.
    registerProcessSecrets(this.argv);
    const classified = redactDeep(classifyError(err));
    process.exitCode = classified.exitCode;
    if (classified.exitCode === ExitCode.OK) return;
    if (this.jsonEnabled()) {
      this.logJson({ error: classified });
    } else {
      const s = makeStyle(colorEnabled(process.stderr));
      // Remarks come from servers: shown, never obeyed by the terminal.
      let text = `${s.red('error:')} ${escapeControl(classified.message, { keepLines: true })}\n`;
      if (classified.remedy) text += `  ${s.dim(escapeControl(classified.remedy, { keepLines: true }))}\n`;
      process.stderr.write(text);
    }
    if (this.flagsDebug() && err.stack) process.stderr.write(`${redact(err.stack)}\n`);
  }

  private flagsDebug(): boolean {
    return this.flags?.debug === true || this.argv.includes('--debug');
  }
}

/**
 * The flags of every command that talks to a cluster: where it is, how long to wait, how to
 * sign and how to connect. Each also comes from the environment or a profile (src/cli/settings.ts).
 * No oclif defaults and no oclif `env:`: the settings module must tell a given flag from nothing.
 */
export const connectionFlags = {
  namesrvAddr: Flags.string({
    char: 'n',
    description: 'NameServer address list, host:port;host:port (default: $NAMESRV_ADDR, else the profile\'s, else the running `mqadmin dev` cluster).',
    helpGroup: 'GLOBAL',
  }),
  timeout: Flags.integer({
    description: 'Timeout of each request, in milliseconds (default 5000, or the profile\'s).',
    min: 1,
    helpGroup: 'GLOBAL',
  }),
  profile: Flags.string({
    helpValue: 'NAME',
    description: 'Profile to use (default: $MQADMIN_PROFILE, else the current one, see `mqadmin profile use`).',
    helpGroup: 'GLOBAL',
  }),
  'access-key': Flags.string({
    helpValue: 'AK',
    description: 'Access key to sign every request with (ACL); default $MQADMIN_ACCESS_KEY, else the profile\'s.',
    helpGroup: 'GLOBAL',
  }),
  'secret-key': Flags.string({
    helpValue: 'SK',
    description: 'Secret key of --access-key; default $MQADMIN_SECRET_KEY, else the profile\'s. Never printed.',
    helpGroup: 'GLOBAL',
  }),
  'security-token': Flags.string({
    helpValue: 'TOKEN',
    description: 'Security token sent with the signature (temporary credentials); default $MQADMIN_SECURITY_TOKEN.',
    helpGroup: 'GLOBAL',
  }),
  tls: Flags.boolean({
    description: 'Use TLS on every connection (default $MQADMIN_TLS, else the profile\'s); --no-tls turns it off.',
    allowNo: true,
    helpGroup: 'GLOBAL',
  }),
  'tls-ca': Flags.string({
    helpValue: 'FILE',
    description: 'CA certificate file (PEM) to trust instead of the system\'s; implies --tls.',
    helpGroup: 'GLOBAL',
  }),
  'tls-cert': Flags.string({
    helpValue: 'FILE',
    description: 'Client certificate file (PEM), with --tls-key; implies --tls.',
    helpGroup: 'GLOBAL',
  }),
  'tls-key': Flags.string({
    helpValue: 'FILE',
    description: 'Private key file (PEM) of --tls-cert.',
    helpGroup: 'GLOBAL',
  }),
  'tls-insecure': Flags.boolean({
    description: 'Do not verify the server\'s certificate (testing only); implies --tls.',
    helpGroup: 'GLOBAL',
  }),
};

let insecureWarned = false;

/** The warning of --tls-insecure, once per process. */
export function warnTlsInsecure(stream: NodeJS.WriteStream = process.stderr): void {
  if (insecureWarned) return;
  insecureWarned = true;
  const s = makeStyle(colorEnabled(stream));
  stream.write(`${s.yellow('warning:')} TLS certificate verification is off (--tls-insecure)\n`);
}

/** A command that talks to a cluster: the connection flags, their environment and profiles, and the admin client. */
export abstract class AdminCommand<T extends typeof Command> extends BaseCommand<T> {
  static override baseFlags = {
    ...BaseCommand.baseFlags,
    ...connectionFlags,
  };

  private adminInstance?: MQAdmin;
  private profileFile?: ProfileFile;

  override async init(): Promise<void> {
    await super.init();
    // Read (and check) the profile file up front: the admin getter below is synchronous.
    this.profileFile = await loadProfileFile(configPath());
  }

  /** The effective connection settings and where each came from. */
  protected resolveSettings(): Settings {
    return resolveSettings({
      flags: this.flags as unknown as ConnectionFlags,
      env: process.env,
      file: this.profileFile!,
      dev: () => runningDevClusterSettings(process.env),
    });
  }

  /** The admin client, created on first use from the flags, the environment, the profile or the dev cluster. */
  protected get admin(): MQAdmin {
    if (!this.adminInstance) {
      const options = adminOptions(this.resolveSettings());
      if (options.tls?.insecure) warnTlsInsecure();
      this.adminInstance = new MQAdmin({
        namesrvAddr: options.namesrvAddr,
        timeoutMs: options.timeoutMs,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.tls ? { tls: options.tls } : {}),
      });
    }
    return this.adminInstance;
  }

  protected override async finally(err: Error | undefined): Promise<void> {
    // Close every connection so the process exits as soon as the output is written.
    await this.adminInstance?.close();
    await super.finally(err);
  }
}
