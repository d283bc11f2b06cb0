import * as Flags from '@oclif/core/flags';
import {
  applyApplyMetadata,
  planApplyMetadata,
  readClusterMetadata,
  readMetadataFile,
  type ApplyMetadataPlan,
  type ApplyMetadataResult,
  type SourceMetadata,
} from '../admin/applyMetadata.js';
import type { TargetFailure } from '../admin/errors.js';
import { MQAdmin } from '../admin/MQAdmin.js';
import { AdminCommand, warnTlsInsecure } from '../cli/base.js';
import { canAsk, confirmOrCancel } from '../cli/confirm.js';
import { CliError, ExitCode } from '../cli/exitCodes.js';
import { configPath, loadProfileFile, type ProfileFile } from '../cli/profiles.js';
import { adminOptions, ENV, resolveSettings, runningDevClusterSettings, type ConnectionFlags, type Settings } from '../cli/settings.js';
import { applyMetadataQuestion, renderApplyMetadata, renderApplyMetadataPlan } from '../render/views/applyMetadata.js';


export default class ApplyMetadata extends AdminCommand<typeof ApplyMetadata> {
  static override summary = "Copy user topics and subscription groups from an exported metadata file or another cluster to a cluster.";
  static override description = [
    'Compares the source (a file written by exportMetadata, or a live cluster given by --from-profile or --from-namesrvAddr) with the masters of the target cluster -c and shows the plan: topics and groups to create, to change (queue numbers, perm, order flag, topic attributes on 5.x targets; consumeEnable, retry queues, retry max times, broadcast, whichBrokerWhenConsumeSlowly, ...) and those only on the target, which are kept unless --prune.',
    'System topics and groups (TBW102, SCHEDULE_TOPIC_XXXX, RMQ_SYS_*, rmq_sys_*, %RETRY%/%DLQ% topics, the predefined groups, CID_RMQ_SYS_*) are left alone. The plan and the sending are those of updateTopicList and updateSubGroupList: only what differs is sent, one batch per broker (one request per item on 4.9.x).',
    'Applying asks on a terminal and needs --yes elsewhere (exit 2 without it); --dry-run shows the plan only. A broker that fails is named on stderr and the exit code is 3.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> applyMetadata -f /tmp/rocketmq/export/metadata.json -c DefaultCluster --dry-run',
    '<%= config.bin %> applyMetadata --from-profile old --to-profile new -c DefaultCluster --yes',
    '<%= config.bin %> applyMetadata --from-namesrvAddr 10.0.0.1:9876 -n 10.0.1.1:9876 -c DefaultCluster --prune',
  ];

  static override flags = {
    filename: Flags.string({ char: 'f', description: 'Metadata file written by exportMetadata (metadata.json, topic.json or subscriptionGroup.json).', exclusive: ['from-profile', 'from-namesrvAddr'] }),
    'from-profile': Flags.string({ helpValue: 'NAME', description: 'Source cluster: the NameServers, account and TLS settings of this profile.' }),
    'from-namesrvAddr': Flags.string({ helpValue: 'host:port', description: 'Source cluster: these NameServers (with the account and TLS settings of --from-profile, if given, else none).' }),
    'from-cluster': Flags.string({ helpValue: 'CLUSTER', description: 'Cluster of the source to read (default: the same name as -c).' }),
    clusterName: Flags.string({ char: 'c', description: 'Target cluster: every master of it.', required: true }),
    'to-profile': Flags.string({ helpValue: 'NAME', description: 'Target cluster: this profile (the same as --profile).', exclusive: ['profile'] }),
    prune: Flags.boolean({ description: 'Delete the user topics and groups that are only on the target (asks first).' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before applying.' }),
    'dry-run': Flags.boolean({ description: 'Show the plan, change nothing.' }),
  };

  private sourceAdmin?: MQAdmin;
  private profiles?: ProfileFile;

  override async init(): Promise<void> {
    await super.init();
    this.profiles = await loadProfileFile(configPath());
  }

  /** The target: the connection flags, with --to-profile as --profile. */
  protected override resolveSettings(): Settings {
    const flags = { ...(this.flags as unknown as ConnectionFlags) };
    if (this.flags['to-profile'] !== undefined) flags.profile = this.flags['to-profile'];
    return resolveSettings({ flags, env: process.env, file: this.profiles!, dev: () => runningDevClusterSettings(process.env) });
  }

  /** The source cluster: only --from-profile / --from-namesrvAddr (the environment's connection settings are the target's). */
  private source(): MQAdmin {
    if (!this.sourceAdmin) {
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const v of Object.values(ENV)) delete env[v];
      const flags: ConnectionFlags = { timeout: (this.flags as unknown as ConnectionFlags).timeout };
      if (this.flags['from-profile'] !== undefined) flags.profile = this.flags['from-profile'];
      if (this.flags['from-namesrvAddr'] !== undefined) flags.namesrvAddr = this.flags['from-namesrvAddr'];
      const options = adminOptions(resolveSettings({ flags, env, file: { ...this.profiles!, current: undefined } }));
      if (options.tls?.insecure) warnTlsInsecure();
      this.sourceAdmin = new MQAdmin({
        namesrvAddr: options.namesrvAddr,
        timeoutMs: options.timeoutMs,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.tls ? { tls: options.tls } : {}),
      });
    }
    return this.sourceAdmin;
  }

  async run(): Promise<ApplyMetadataPlan | ApplyMetadataResult> {
    const f = this.flags;
    let meta: SourceMetadata;
    const sourceFailures: TargetFailure[] = [];
    if (f.filename === undefined && f['from-profile'] === undefined && f['from-namesrvAddr'] === undefined) {
      throw new CliError('give the source: a metadata file (-f FILE) or a cluster (--from-profile NAME or --from-namesrvAddr ADDRS)', ExitCode.USAGE);
    }
    if (f.filename !== undefined) meta = readMetadataFile(f.filename);
    else {
      const r = await this.spin('Reading the source cluster', readClusterMetadata(this.source(), f['from-cluster'] ?? f.clusterName));
      meta = r.meta;
      sourceFailures.push(...r.failures.map((x) => ({ ...x, target: `source ${x.target}` })));
    }
    const plan = await this.spin('Reading the target cluster', planApplyMetadata(this.admin, { source: meta, cluster: f.clusterName, prune: f.prune }));
    plan.failures.unshift(...sourceFailures);
    if (f['dry-run'] || plan.empty) {
      this.print(await renderApplyMetadataPlan(plan, this.style, f['dry-run']));
      this.reportFailures(plan.failures);
      return plan;
    }
    if (!f.yes) {
      if (!canAsk({ json: this.jsonEnabled() })) {
        throw new CliError(
          `${applyMetadataQuestion(plan).replace(/ Go ahead\?$/, '').replace(/\.$/, '')}: pass --yes to do it`,
          ExitCode.USAGE,
          'there is no terminal to ask on; --dry-run shows the whole plan',
        );
      }
      this.print(await renderApplyMetadataPlan(plan, this.style, false));
      await confirmOrCancel(applyMetadataQuestion(plan), { yes: false, json: this.jsonEnabled() });
    }
    const result = await this.spin('Applying', applyApplyMetadata(this.admin, plan));
    this.print(await renderApplyMetadata(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }

  protected override async finally(err: Error | undefined): Promise<void> {
    await this.sourceAdmin?.close();
    await super.finally(err);
  }
}
