// Request signing (AclClientRPCHook, behaviours.md §6): the published test vectors, and every
// signed request captured from the real Java tools and clients (4.9.8 and 5.3.3), whose
// Signature we recompute from its own ext fields and body.

import { describe, expect, it } from 'vitest';
import { computeSignature, LEGACY_SIGNING_VERSION, signedContent, signRequest, verifySignature, UNIQUE_KEY_QUERY } from '../../src/protocol/acl.js';
import { createRequest } from '../../src/remoting/command.js';
import { decodeFrame, encodeFrame } from '../../src/remoting/codec.js';
import { allScenarios, scenarioFrames } from '../helpers/fixtures.js';

describe('test vectors (behaviours.md §6.2, secretKey 12345678, accessKey RocketMQ)', () => {
  const creds = { accessKey: 'RocketMQ', secretKey: '12345678' };

  it('GET_ROUTEINFO_BY_TOPIC topic=TopicTest', () => {
    const req = createRequest(105, { extFields: { topic: 'TopicTest' } });
    signRequest(req, creds);
    expect(signedContent(req.extFields, req.body).toString()).toBe('RocketMQTopicTest');
    expect(req.extFields).toEqual({ topic: 'TopicTest', AccessKey: 'RocketMQ', Signature: '0jiwhsaYp5ObE5GObbZH1I8/FT4=' });
  });

  it('fields sorted as Java TreeMap (upper case first), with a security token', () => {
    const req = createRequest(15, { extFields: { consumerGroup: 'G', topic: 'T', queueId: 0, commitOffset: 10 } });
    signRequest(req, { ...creds, securityToken: 'tok' });
    expect(signedContent(req.extFields, req.body).toString()).toBe('RocketMQtok10G0T');
    expect(req.extFields!.Signature).toBe('eRRdmHJoYJpHSmXBra+TdZYeAsU=');
    expect(req.extFields!.SecurityToken).toBe('tok');
  });

  it('a body is appended after the values', () => {
    const req = createRequest(34, { body: '{"clientID":"c"}' });
    signRequest(req, creds);
    expect(req.extFields!.Signature).toBe('fZbXBt3b3Z99UlS1RSrWBReZV4U=');
  });

  it('signing twice gives the same signature (a retried request)', () => {
    const req = createRequest(105, { extFields: { topic: 'TopicTest' } });
    signRequest(req, creds);
    signRequest(req, creds);
    expect(req.extFields!.Signature).toBe('0jiwhsaYp5ObE5GObbZH1I8/FT4=');
  });

  it('a key query by unique key: signed without _UNIQUE_KEY_QUERY, sent as version 399', () => {
    const req = createRequest(12, { extFields: { topic: 'T', key: 'K', maxNum: 32, beginTimestamp: 0, endTimestamp: 1, [UNIQUE_KEY_QUERY]: true } });
    signRequest(req, creds);
    expect(req.version).toBe(LEGACY_SIGNING_VERSION);
    expect(req.extFields![UNIQUE_KEY_QUERY]).toBe('true');
    // What a 4.9.8 ACL broker checks (it always leaves the flag out) ...
    expect(verifySignature(req, '12345678', true)).toBe('ok');
    // ... and a 5.x broker for a request of version <= 399 (it leaves it out, too).
    expect(verifySignature(req, 'other', true)).toBe('mismatch');
    // The signature survives the wire: encoded and decoded, it still verifies.
    const back = decodeFrame(encodeFrame(req));
    expect(verifySignature(back, '12345678', true)).toBe('ok');
  });
});

/** The secret of each account that signed the captured requests (fixture READMEs, transcripts). */
const SECRETS: Record<string, string> = {
  rocketmq2: '12345678',
  reader1: 'reader-secret-1',
  'nobody-here': 'whatever-123',
  rocketmq: '12345678',
  app1: 'app1-secret',
  nobody: 'nobody-secret',
  'rocketmq-inner': 'inner-secret-5',
};
/** Scenarios signed with a wrong secret on purpose. */
const WRONG_SECRET: Record<string, string> = {
  'rocketmq-4.9.8-more/acl-error-wrongSecret': 'wrong-secret-9',
  'rocketmq-5.3.3-more/error-secure-wrong-secret': 'wrong-password',
};

describe('every signed request captured from the Java tools verifies', () => {
  const signed = allScenarios().flatMap((scenario) =>
    scenarioFrames(scenario)
      .filter((f) => f.kind === 'req' && f.dir === 'c2s')
      .map((f) => ({ scenario, file: f.file, cmd: decodeFrame(f.bytes) }))
      .filter((f) => f.cmd.extFields?.AccessKey),
  );

  it('there are hundreds of them, from both versions', () => {
    expect(signed.length).toBeGreaterThan(400);
    expect(signed.some((s) => s.scenario.startsWith('rocketmq-5.3.3'))).toBe(true);
    expect(signed.some((s) => s.scenario.includes('-binary'))).toBe(true);
  });

  it('recomputing each Signature from its fields and body gives the captured value', () => {
    const mismatches: string[] = [];
    for (const { scenario, file, cmd } of signed) {
      const ak = cmd.extFields!.AccessKey!;
      const secret = (ak === 'rocketmq2' || ak === 'rocketmq') && WRONG_SECRET[scenario] ? WRONG_SECRET[scenario]! : SECRETS[ak];
      expect(secret, `${scenario}/${file}: unknown account ${ak}`).toBeDefined();
      // The Java client signs every ext field but Signature, _UNIQUE_KEY_QUERY included.
      const expected = computeSignature(secret!, signedContent(cmd.extFields, cmd.body));
      if (expected !== cmd.extFields!.Signature) mismatches.push(`${scenario}/${file}`);
      expect(verifySignature(cmd, secret!, false)).toBe(expected === cmd.extFields!.Signature ? 'ok' : 'mismatch');
    }
    expect(mismatches).toEqual([]);
  });

  it('our signer, given the same request, writes the same Signature', () => {
    for (const { cmd } of signed.filter((s) => !WRONG_SECRET[s.scenario] && !(s.cmd.extFields![UNIQUE_KEY_QUERY]))) {
      const ext = { ...cmd.extFields! };
      const captured = ext.Signature;
      delete ext.Signature;
      const ours = { ...cmd, extFields: ext };
      signRequest(ours, { accessKey: ext.AccessKey!, secretKey: SECRETS[ext.AccessKey!]!, securityToken: ext.SecurityToken });
      expect(ours.extFields.Signature).toBe(captured);
    }
  });

  it("the Java tool's unique-key query fails a 4.9.8 ACL broker's check; ours passes it", () => {
    const javaQuery = signed.find((s) => s.scenario === 'rocketmq-4.9.8-more/acl-queryMsgByUniqueKey' && s.cmd.code === 12)!;
    expect(javaQuery.cmd.extFields![UNIQUE_KEY_QUERY]).toBe('true');
    // The broker leaves the flag out of the content: the Java signature does not match.
    expect(verifySignature(javaQuery.cmd, '12345678', true)).toBe('mismatch');
    const ext = { ...javaQuery.cmd.extFields! };
    delete ext.Signature;
    const ours = { ...javaQuery.cmd, extFields: ext };
    signRequest(ours, { accessKey: 'rocketmq2', secretKey: '12345678' });
    expect(verifySignature(ours, '12345678', true)).toBe('ok');
  });
});
