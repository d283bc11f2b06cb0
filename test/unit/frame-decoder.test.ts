// FrameDecoder against real captured byte streams cut at every possible point (framing.md §2:
// "frames may be split across TCP reads or coalesced"), in the manner of pg-protocol's
// split-buffer suites.
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { FrameDecodeError, FrameTooLargeError } from '../../src/remoting/errors.js';
import { scenarioFrames } from '../helpers/fixtures.js';

/** mulberry32: a tiny deterministic RNG, so a failing chunking can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every field of a command, body as hex, as one comparable string. */
function canonical(cmd: RemotingCommand): string {
  return JSON.stringify({ ...cmd, body: cmd.body?.toString('hex') ?? null });
}

function framesOf(scenario: string): Buffer[] {
  return scenarioFrames(scenario).map((f) => f.bytes);
}

/** What the decoder must yield for these frames: the bytes after each length prefix. */
function contents(frames: Buffer[]): Buffer[] {
  return frames.map((f) => f.subarray(4));
}

function feed(decoder: FrameDecoder, stream: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, stream.length]) {
    out.push(...decoder.pushRaw(stream.subarray(start, cut)));
    start = cut;
  }
  return out;
}

function expectSameBytes(actual: Buffer[], expected: Buffer[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!actual[i]!.equals(expected[i]!)) expect.fail(`frame ${i} differs`);
  }
}

describe('FrameDecoder on real streams', () => {
  const consumer = framesOf('rocketmq-4.9.8/consumer-java');
  const consumerStream = Buffer.concat(consumer);
  // A binary-header ("ROCKETMQ") capture, so both header types go through the splitter.
  const binary = framesOf('rocketmq-4.9.8-binary/topicRoute');
  const producer = framesOf('rocketmq-4.9.8/producer-java');

  it('uses non-trivial captures', () => {
    expect(consumer.length).toBeGreaterThan(50);
    expect(consumerStream.length).toBeGreaterThan(20_000);
    expect(binary[0]![4]).toBe(1); // serialize type byte of the first binary frame
  });

  it('yields every frame of a whole capture given in one chunk', () => {
    const decoder = new FrameDecoder();
    expectSameBytes(decoder.pushRaw(consumerStream), contents(consumer));
    expect(decoder.pendingBytes).toBe(0);
  });

  it('yields the same frames with the stream cut in two at every byte boundary', () => {
    const expected = contents(consumer);
    for (let cut = 1; cut < consumerStream.length; cut++) {
      const decoder = new FrameDecoder();
      const got = feed(decoder, consumerStream, [cut]);
      if (got.length !== expected.length || decoder.pendingBytes !== 0) expect.fail(`cut at ${cut}: ${got.length} frames`);
      for (let i = 0; i < expected.length; i++) {
        if (!got[i]!.equals(expected[i]!)) expect.fail(`cut at ${cut}: frame ${i} differs`);
      }
    }
  });

  it('yields the same frames when fed one byte at a time', () => {
    const decoder = new FrameDecoder();
    const got: Buffer[] = [];
    for (let i = 0; i < consumerStream.length; i++) got.push(...decoder.pushRaw(consumerStream.subarray(i, i + 1)));
    expectSameBytes(got, contents(consumer));
    expect(decoder.pendingBytes).toBe(0);
  });

  it('decodes the same commands at every two-way cut of JSON and binary captures', () => {
    for (const frames of [producer, binary]) {
      const stream = Buffer.concat(frames);
      const expected = frames.map((f) => canonical(decodeFrame(f)));
      for (let cut = 0; cut <= stream.length; cut++) {
        const decoder = new FrameDecoder();
        const got = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))].map(canonical);
        // Plain string comparison: a deep toEqual per cut would take seconds over thousands of cuts.
        if (got.join('\n') !== expected.join('\n')) expect(got, `cut at ${cut}`).toEqual(expected);
      }
    }
  });

  it('yields the same frames in random chunk sizes (seeded)', () => {
    const expected = contents(consumer);
    for (const seed of [1, 2, 3, 42, 1234]) {
      const random = seededRandom(seed);
      for (const maxChunk of [3, 17, 300, 5000]) {
        const cuts: number[] = [];
        for (let pos = 1 + Math.floor(random() * maxChunk); pos < consumerStream.length; pos += 1 + Math.floor(random() * maxChunk)) {
          cuts.push(pos);
        }
        const decoder = new FrameDecoder();
        const got = feed(decoder, consumerStream, cuts);
        expect(got.length, `seed ${seed}, chunks up to ${maxChunk}`).toBe(expected.length);
        expectSameBytes(got, expected);
      }
    }
  });

  it('keeps a partial frame until it is complete and reports the pending bytes', () => {
    const frame = consumer[0]!;
    const decoder = new FrameDecoder();
    expect(decoder.pushRaw(frame.subarray(0, 3))).toEqual([]);
    expect(decoder.pendingBytes).toBe(3);
    expect(decoder.pushRaw(frame.subarray(3, 10))).toEqual([]);
    expect(decoder.pendingBytes).toBe(10);
    const [content] = decoder.pushRaw(frame.subarray(10));
    expect(content!.equals(frame.subarray(4))).toBe(true);
    expect(decoder.pendingBytes).toBe(0);
  });
});

describe('FrameDecoder limits', () => {
  it('accepts a frame exactly at the maximum size and rejects one byte more', () => {
    const body = Buffer.alloc(100, 0x61);
    const frame = encodeFrame(createRequest(105, { body }));
    expect(new FrameDecoder(frame.length).pushRaw(frame)).toHaveLength(1);
    const tooSmall = new FrameDecoder(frame.length - 1);
    // Rejected from the length prefix alone, before the body arrives.
    expect(() => tooSmall.pushRaw(frame.subarray(0, 4))).toThrow(FrameTooLargeError);
  });

  it('rejects a length prefix over 16 MiB by default (Java: frameLength + 4 > 16777216)', () => {
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(16 * 1024 * 1024 - 4 + 1, 0);
    let error: unknown;
    try {
      new FrameDecoder().pushRaw(prefix);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FrameTooLargeError);
    expect((error as FrameTooLargeError).frameLength).toBe(16 * 1024 * 1024 + 1);
    expect((error as FrameTooLargeError).maxFrameSize).toBe(16 * 1024 * 1024);

    const atLimit = Buffer.alloc(4);
    atLimit.writeInt32BE(16 * 1024 * 1024 - 4, 0);
    expect(new FrameDecoder().pushRaw(atLimit)).toEqual([]);
  });

  it('rejects a negative length and one too short for the header-info word', () => {
    const negative = Buffer.from([0xff, 0xff, 0xff, 0xfe]);
    expect(() => new FrameDecoder().pushRaw(negative)).toThrow(FrameDecodeError);
    const short = Buffer.from([0, 0, 0, 3, 0, 0, 0]);
    expect(() => new FrameDecoder().pushRaw(short)).toThrow(/invalid frame length 3/);
  });

  it('returns the good frames of a chunk on push() and throws on a bad serialize type', () => {
    const good = encodeFrame(createRequest(105));
    const bad = Buffer.from(good);
    bad[4] = 7; // serialize type 7 in the high byte of headerInfo
    expect(() => new FrameDecoder().push(bad)).toThrow(/unknown serialization type 7/);
  });

  it('serves the frames completed before a bad length prefix, then reports the break', () => {
    const first = encodeFrame(createRequest(105));
    const second = encodeFrame(createRequest(106));
    const decoder = new FrameDecoder();
    const frames = decoder.pushRaw(Buffer.concat([first, second, Buffer.from([0xff, 0xff, 0xff, 0xff])]));
    expect(frames.map((f) => f.length)).toEqual([first.length - 4, second.length - 4]);
    expect(decoder.broken).toBeInstanceOf(FrameDecodeError);
    expect(() => decoder.pushRaw(Buffer.alloc(0))).toThrow(/invalid frame length -1/);
  });
});
