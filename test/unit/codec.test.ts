import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { createRequest } from '../../src/remoting/command.js';
import { FrameDecodeError, FrameTooLargeError } from '../../src/remoting/errors.js';
import { allScenarios, scenarioFrames, scenarioIndex } from '../helpers/fixtures.js';

const emptyToNull = (o: Record<string, string> | null | undefined) => (o && Object.keys(o).length > 0 ? o : null);

/** Requests whose Java header implements FastCodesHeader: send V2, batch send, pull. */
const FAST_CODES_HEADERS = new Set([310, 320, 11]);

describe('frame codec on every captured frame', () => {
  const scenarios = allScenarios();

  it('finds the capture sets', () => {
    expect(scenarios.length).toBeGreaterThan(50);
  });

  for (const scenario of scenarios) {
    it(`${scenario}: decodes every frame as index.json describes it and re-encodes byte for byte`, () => {
      const index = scenarioIndex(scenario);
      const frames = scenarioFrames(scenario);
      expect(frames.length).toBe(index.length);
      for (const frame of frames) {
        const entry = index.find((e) => e.file === frame.file)!;
        const cmd = decodeFrame(frame.bytes);
        expect(cmd.serializeType).toBe(entry.serializeType);
        expect(cmd.code).toBe(entry.header.code);
        expect(cmd.opaque).toBe(entry.header.opaque);
        expect(cmd.flag).toBe(entry.header.flag);
        expect(cmd.version).toBe(entry.header.version);
        expect(cmd.remark ?? null).toBe(entry.header.remark ?? null);
        // An empty binary ext area and no ext fields are the same thing on the wire.
        expect(emptyToNull(cmd.extFields)).toEqual(emptyToNull(entry.header.extFields as Record<string, string> | undefined));
        expect(cmd.body?.length ?? 0).toBe(entry.bodyLen);
        // index.json cuts body texts at 4000 characters.
        if (entry.bodyText !== undefined) expect((cmd.body?.toString('utf8') ?? '').slice(0, 4000)).toBe(entry.bodyText);
        const reencoded = encodeFrame(cmd);
        if (cmd.serializeType === 'ROCKETMQ' && FAST_CODES_HEADERS.has(cmd.code) && !reencoded.equals(frame.bytes)) {
          // Java writes these headers' fields first and then the ext map again, so keys repeat on
          // the wire (framing.md §5); the decoded map keeps the last value, as Java's does.
          expect(reencoded.length).toBeLessThan(frame.bytes.length);
          expect(decodeFrame(reencoded)).toEqual(cmd);
        } else {
          expect(reencoded.equals(frame.bytes), `${frame.file} re-encodes to the same bytes`).toBe(true);
        }
      }
    });
  }
});
