// Refusals by access checks become exit code 6 with one line naming what was refused, by which
// server, and what to check: every refusal captured from a real 4.9.8 ACL broker (code 1,
// AclException) and a real 5.3.3 broker with authentication on (code 16).

import { describe, expect, it } from 'vitest';
import { classifyError, ExitCode } from '../../src/cli/exitCodes.js';
import { ResponseError } from '../../src/protocol/errors.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { scenarioFrames, scenarioIndex } from '../helpers/fixtures.js';

/** The first refusal of a scenario with the request it answered. */
function refusal(scenario: string): { error: ResponseError; port: number } {
  const index = scenarioIndex(scenario);
  const frames = scenarioFrames(scenario);
  const resp = frames.find((f) => f.kind === 'resp' && f.code !== 0)!;
  const cmd = decodeFrame(resp.bytes);
  const conn = index.find((e) => e.file === resp.file)!.connection;
  const [server, client] = conn.split('>');
  const reqFrame = frames.find((f) => f.kind === 'req' && index.find((e) => e.file === f.file)!.connection === `${client}>${server}` && decodeFrame(f.bytes).opaque === cmd.opaque)!;
  const req = decodeFrame(reqFrame.bytes);
  return { error: new ResponseError(cmd.code, cmd.remark, `127.0.0.1:${resp.serverPort}`, req.code), port: resp.serverPort };
}

const cases: Array<[scenario: string, message: string, remedy: RegExp]> = [
  ['rocketmq-4.9.8-more/acl-error-wrongSecret', 'access denied by 127.0.0.1:10981 for UPDATE_AND_CREATE_TOPIC: Check signature failed for accessKey=rocketmq2', /secret key does not match/],
  ['rocketmq-4.9.8-more/acl-error-unknownAccessKey', 'access denied by 127.0.0.1:10981 for GET_BROKER_CONFIG: No acl config for nobody-here', /does not know .* account: check --access-key/],
  ['rocketmq-4.9.8-more/acl-error-unsigned', 'access denied by 127.0.0.1:10981 for SEND_MESSAGE_V2: No accessKey is configured', /requires credentials: pass --access-key and --secret-key/],
  ['rocketmq-4.9.8-more/acl-error-reader1-notAdmin', 'access denied by 127.0.0.1:10981 for UPDATE_AND_CREATE_TOPIC: Need admin permission for request code=17, but accessKey=reader1 is not', /admin account/],
  ['rocketmq-4.9.8-more/acl-error-reader1-pubDenied', 'access denied by 127.0.0.1:10981 for SEND_MESSAGE_V2: No default permission for topic:SecureTopic', /lacks permission for this topic or group/],
  ['rocketmq-5.3.3-more/error-secure-wrong-secret', 'access denied by 127.0.0.1:10971 for AUTH_LIST_USER: check signature failed.', /secret key does not match/],
  ['rocketmq-5.3.3-more/error-secure-unknown-user', 'access denied by 127.0.0.1:10971 for AUTH_LIST_USER: User:nobody is not found.', /does not know/],
  ['rocketmq-5.3.3-more/error-secure-unsigned', 'access denied by 127.0.0.1:10971 for GET_BROKER_RUNTIME_INFO: username cannot be null.', /requires credentials/],
  ['rocketmq-5.3.3-more/error-secure-denied-updateTopic', 'access denied by 127.0.0.1:10971 for UPDATE_AND_CREATE_TOPIC: User:app1 has no permission to access Topic:SecureTopic5 from 127.0.0.1, no matched policies.', /lacks permission/],
];

describe('captured refusals are exit 6, kind access_denied', () => {
  for (const [scenario, message, remedy] of cases) {
    it(scenario, () => {
      const { error } = refusal(scenario);
      const c = classifyError(error);
      expect(c.exitCode).toBe(ExitCode.ACCESS_DENIED);
      expect(c.kind).toBe('access_denied');
      expect(c.message).toBe(message);
      expect(c.message).not.toContain('\n');
      expect(c.remedy).toMatch(remedy);
      expect(c.response?.code).toBe(error.code);
    });
  }
});

describe('what is not an access refusal stays what it was', () => {
  it('NO_PERMISSION for a topic that is not writable is a server error (exit 3)', () => {
    const e = new ResponseError(16, 'the topic[T] sending message is forbidden', '127.0.0.1:10911', 310);
    expect(classifyError(e).exitCode).toBe(ExitCode.SERVER_ERROR);
  });
  it('SYSTEM_ERROR without an AclException is a server error', () => {
    expect(classifyError(new ResponseError(1, 'java.lang.NullPointerException', '127.0.0.1:10911', 17)).exitCode).toBe(ExitCode.SERVER_ERROR);
  });
});
