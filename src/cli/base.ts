// The base of every command: shared flags, output that knows whether it goes to a terminal,
// `--json` (oclif's), and one place where errors become a one-line message and an exit code.

import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import type { Interfaces } from '@oclif/core';
import { MQAdmin } from '../admin/MQAdmin.js';
import type { TargetFailure } from '../admin/errors.js';
import { colorEnabled, makeStyle, type Style } from '../render/style.js';
import { classifyError, ExitCode } from './exitCodes.js';
import { resolveNamesrvAddrs } from './namesrv.js';
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
    for (const f of failures) process.stderr.write(`${warn.yellow('warning:')} ${f.target}: ${f.error}\n`);
    process.exitCode = ExitCode.SERVER_ERROR;
  }

  protected override async catch(err: Error & { exitCode?: number }): Promise<void> {
    const classified = classifyError(err);
    process.exitCode = classified.exitCode;
    if (classified.exitCode === ExitCode.OK) return;
    if (this.jsonEnabled()) {
      this.logJson({ error: classified });
    } else {
      const s = makeStyle(colorEnabled(process.stderr));
      let text = `${s.red('error:')} ${classified.message}\n`;
      if (classified.remedy) text += `  ${s.dim(classified.remedy)}\n`;
      process.stderr.write(text);
    }
    if (this.flagsDebug() && err.stack) process.stderr.write(`${err.stack}\n`);
  }

  private flagsDebug(): boolean {
    return this.flags?.debug === true || this.argv.includes('--debug');
  }
}

/** A command that talks to a cluster: -n / NAMESRV_ADDR, --timeout, and the admin client. */
export abstract class AdminCommand<T extends typeof Command> extends BaseCommand<T> {
  static override baseFlags = {
    ...BaseCommand.baseFlags,
    namesrvAddr: Flags.string({
      char: 'n',
      description: 'NameServer address list, host:port;host:port (default: $NAMESRV_ADDR, else the running `mqadmin dev` cluster).',
      helpGroup: 'GLOBAL',
    }),
    timeout: Flags.integer({
      description: 'Timeout of each request, in milliseconds.',
      default: 5000,
      min: 1,
      helpGroup: 'GLOBAL',
    }),
  };

  private adminInstance?: MQAdmin;

  /** The admin client, created on first use from -n / NAMESRV_ADDR. */
  protected get admin(): MQAdmin {
    if (!this.adminInstance) {
      const flags = this.flags as unknown as { namesrvAddr?: string; timeout: number };
      this.adminInstance = new MQAdmin({
        namesrvAddr: resolveNamesrvAddrs(flags.namesrvAddr),
        timeoutMs: flags.timeout,
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
