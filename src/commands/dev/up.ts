import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base.js';
import { MAX_BROKERS } from '../../dev/cluster.js';
import { DEFAULT_START_TIMEOUT_MS, runForeground, startInBackground, type DevUpResult } from '../../dev/launcher.js';
import { resolveDevHome } from '../../dev/state.js';
import { renderDevUp } from '../../render/views/dev.js';

export default class DevUp extends BaseCommand<typeof DevUp> {
  static override summary = 'Start a local RocketMQ cluster (a NameServer and N brokers on 127.0.0.1).';
  static override description =
    'Starts the embedded cluster in the background and waits until every broker is registered and serving, then prints NAMESRV_ADDR. Its data, dev.json and dev.log live in the data directory ($MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev, else ~/.local/share/mqadmin/dev) and survive down/up. If it is already up, nothing changes; if it is up with other options, that is an error (exit 2). A port in use exits with 5. Other mqadmin commands use this cluster when given no -n and no NAMESRV_ADDR.';
  static override examples = [
    '<%= config.bin %> dev up',
    '<%= config.bin %> dev up --brokers 2',
    '<%= config.bin %> dev up --foreground',
    '<%= config.bin %> dev up --tls',
    '<%= config.bin %> dev up --auth',
    '<%= config.bin %> dev up --namesrv-port 19876 --broker-port 20911 --data-dir /tmp/mq',
  ];

  // No defaults here: a second `dev up` must tell the flags given from those left out.
  static override flags = {
    brokers: Flags.integer({ description: 'Number of brokers: broker-a, broker-b, ... [default: 1]', min: 1, max: MAX_BROKERS }),
    'namesrv-port': Flags.integer({ description: 'NameServer port; 0 picks a free one. [default: 9876]', min: 0, max: 65535 }),
    'broker-port': Flags.integer({ description: 'Port of broker-a; broker i listens 10 ports further each. 0 picks free ones. [default: 10911]', min: 0, max: 65535 }),
    flush: Flags.option({ options: ['async', 'sync'] as const, description: 'Flush the commit log to disk before each send returns (sync) or in the background (async). [default: async]' })(),
    acl: Flags.boolean({ description: 'Check every request as a 4.9 broker with plain ACL does; an admin account is created on first start (see `dev status --credentials`).', allowNo: true }),
    auth: Flags.boolean({
      description: 'Authenticate and authorize every request as a 5.x broker with users and ACLs (authentication 2.0) does; a Super user is created on first start (see `dev status --credentials`). Not with --acl.',
      allowNo: true,
    }),
    tls: Flags.boolean({ description: 'Serve TLS only, on every port, with a certificate generated in the data directory; prints the CA file to trust.', allowNo: true }),
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
    foreground: Flags.boolean({ description: 'Run attached, logs on stdout, until Ctrl-C.' }),
    // Set by `dev up` on the process it starts, whose stdout is the log: no hints for people there.
    detached: Flags.boolean({ hidden: true }),
    timeout: Flags.integer({ description: 'How long to wait for the brokers to serve, in milliseconds.', default: DEFAULT_START_TIMEOUT_MS, min: 1 }),
  };

  async run(): Promise<DevUpResult> {
    const f = this.flags;
    const request = {
      dataDir: resolveDevHome({ dataDir: f['data-dir'] }),
      brokers: f.brokers,
      namesrvPort: f['namesrv-port'],
      brokerPort: f['broker-port'],
      flush: f.flush,
      acl: f.acl,
      auth: f.auth,
      tls: f.tls,
      timeoutMs: f.timeout,
    };
    const defaultDir = resolveDevHome();
    const show = (r: DevUpResult): void => {
      if (!f.detached) this.print(renderDevUp(r, this.style, defaultDir, f.foreground));
    };
    const result = f.foreground
      ? await runForeground(request, { log: (line) => this.log(line), onReady: show })
      : await this.spin('Starting the dev cluster', startInBackground(request));
    show(result);
    // The admin secret is shown once, as text; --json output never carries it (`dev status --credentials` does).
    if (result.auth?.secretKey !== undefined) {
      const { secretKey: _password, ...auth } = result.auth;
      return { ...result, auth };
    }
    if (result.acl?.secretKey === undefined) return result;
    const { secretKey: _secret, ...acl } = result.acl;
    return { ...result, acl };
  }
}
