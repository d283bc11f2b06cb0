// Access to the real captured frames in test/fixtures (see test/fixtures/README.md).
import { readFileSync, readdirSync } from 'node:fs';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface FixtureFrame {
  scenario: string;
  file: string;
  /** 'c2s' towards the server on `serverPort`, 's2c' from it. */
  dir: 'c2s' | 's2c';
  serverPort: number;
  kind: 'req' | 'resp';
  code: number;
  bytes: Buffer;
}

const FILE_RE = /^(\d+)-(c2s|s2c)-(\d+)-(req|resp)-(-?\d+)\.bin$/;

/** Every frame of one scenario, e.g. `rocketmq-4.9.8/clusterList`, in capture order. */
export function scenarioFrames(scenario: string): FixtureFrame[] {
  const dir = join(FIXTURES_DIR, scenario);
  return readdirSync(dir)
    .filter((f) => FILE_RE.test(f))
    .sort()
    .map((file) => {
      const m = FILE_RE.exec(file)!;
      return {
        scenario,
        file,
        dir: m[2] as 'c2s' | 's2c',
        serverPort: Number(m[3]),
        kind: m[4] as 'req' | 'resp',
        code: Number(m[5]),
        bytes: readFileSync(join(dir, file)),
      };
    });
}

/** Every scenario folder under both capture sets. */
export function allScenarios(): string[] {
  const out: string[] = [];
  for (const set of readdirSync(FIXTURES_DIR, { withFileTypes: true })) {
    if (!set.isDirectory()) continue;
    for (const s of readdirSync(join(FIXTURES_DIR, set.name), { withFileTypes: true })) {
      if (s.isDirectory()) out.push(`${set.name}/${s.name}`);
    }
  }
  return out.sort();
}

export interface IndexEntry {
  file: string;
  connection: string;
  tMs: number;
  kind: 'request' | 'response';
  serializeType: 'JSON' | 'ROCKETMQ';
  header: Record<string, unknown>;
  bodyLen: number;
  bodyText?: string;
}

export function scenarioIndex(scenario: string): IndexEntry[] {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, scenario, 'index.json'), 'utf8')) as IndexEntry[];
}

export function transcript(scenario: string): string {
  return readFileSync(join(FIXTURES_DIR, scenario, 'transcript.txt'), 'utf8');
}

export interface ScenarioExchange {
  /** The request frame's file name. */
  file: string;
  dir: 'c2s' | 's2c';
  serverPort: number;
  request: RemotingCommand;
  /** The response on the same connection with the same opaque, if one was captured. */
  response: RemotingCommand | undefined;
}

/** Every captured request of a scenario (both directions), decoded, with its response. */
export function scenarioExchanges(scenario: string): ScenarioExchange[] {
  const index = scenarioIndex(scenario);
  const frames = scenarioFrames(scenario);
  const decoded = new Map(frames.map((f) => [f.file, decodeFrame(f.bytes)]));
  const byFile = new Map(index.map((e) => [e.file, e]));
  return frames
    .filter((f) => f.kind === 'req')
    .map((f) => {
      const request = decoded.get(f.file)!;
      const [client, server] = byFile.get(f.file)!.connection.split('>');
      const entry = index.find((e) => e.kind === 'response' && e.connection === `${server}>${client}` && e.header.opaque === request.opaque);
      return { file: f.file, dir: f.dir, serverPort: f.serverPort, request, response: entry ? decoded.get(entry.file) : undefined };
    });
}
