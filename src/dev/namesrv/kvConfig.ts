// The NameServer's namespaced key/value store (Java's KVConfigManager; messages.md B.1 codes
// 100, 101, 102, 219). The well-known namespace ORDER_TOPIC_CONFIG maps a topic to
// "brokerName:queueNums;..." and feeds REGISTER_BROKER responses and `orderTopicConf` in routes
// (behaviours.md §4.2 step 7).
//
// With a file path, every put and delete rewrites the file as Java does, in Java's layout
// `{"configTable":{"<namespace>":{"<key>":"<value>"}}}`, so a directory can be shared with a
// Java NameServer's `kvConfigPath`.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { asObject, asString, entriesOf, parseFastJson, stringifyFastJson } from '../../protocol/fastjson.js';

/** NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG. */
export const NAMESPACE_ORDER_TOPIC_CONFIG = 'ORDER_TOPIC_CONFIG';

export interface KVConfigOptions {
  /** The `kvConfig.json` to load and persist; in memory only when absent. */
  path?: string;
  log?: (line: string) => void;
}

export class KVConfigFileError extends Error {
  constructor(path: string, reason: string) {
    super(`cannot read KV config ${path}: ${reason}`);
    this.name = 'KVConfigFileError';
  }
}

export class KVConfigManager {
  readonly path: string | undefined;
  private readonly log: (line: string) => void;
  private readonly configTable = new Map<string, Map<string, string>>();

  constructor(options: KVConfigOptions = {}) {
    this.path = options.path;
    this.log = options.log ?? (() => {});
  }

  /**
   * Reads the file, if any. A missing file is an empty store; an unreadable one throws, as a
   * Java NameServer fails to start on it rather than overwrite it at the next put.
   * @throws KVConfigFileError
   */
  load(): void {
    if (!this.path) return;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new KVConfigFileError(this.path, (err as Error).message);
    }
    if (text.trim() === '') return;
    let root: unknown;
    try {
      root = parseFastJson(text);
    } catch (err) {
      throw new KVConfigFileError(this.path, (err as Error).message);
    }
    const table = asObject(root)?.configTable;
    for (const [namespace, kv] of entriesOf(table)) {
      const map = new Map<string, string>();
      for (const [key, value] of entriesOf(kv)) {
        const s = asString(value);
        if (s !== undefined) map.set(String(key), s);
      }
      this.configTable.set(String(namespace), map);
    }
    this.log(`load KV config table OK: ${this.path}`);
  }

  /**
   * PUT_KV_CONFIG. Java stores a missing value as a null entry, which reads as absent; the
   * namespace exists afterwards either way.
   */
  put(namespace: string, key: string, value: string | undefined): void {
    let kv = this.configTable.get(namespace);
    if (!kv) this.configTable.set(namespace, (kv = new Map()));
    if (value === undefined) kv.delete(key);
    else kv.set(key, value);
    this.persist();
  }

  get(namespace: string, key: string): string | undefined {
    return this.configTable.get(namespace)?.get(key);
  }

  /** DELETE_KV_CONFIG. The namespace stays, even when emptied, as in Java. */
  delete(namespace: string, key: string): void {
    this.configTable.get(namespace)?.delete(key);
    this.persist();
  }

  /** A copy of one namespace; undefined when it was never created. */
  getNamespace(namespace: string): Record<string, string> | undefined {
    const kv = this.configTable.get(namespace);
    return kv ? Object.fromEntries(kv) : undefined;
  }

  /** KVTable body (A.7) of one namespace, `{"table":{...}}`; undefined when it does not exist. */
  encodeNamespace(namespace: string): Buffer | undefined {
    const kv = this.configTable.get(namespace);
    if (!kv) return undefined;
    return Buffer.from(stringifyFastJson({ table: Object.fromEntries(kv) }), 'utf8');
  }

  /** Every namespace, copied. */
  snapshot(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [namespace, kv] of this.configTable) out[namespace] = Object.fromEntries(kv);
    return out;
  }

  /** Writes through a temporary file and a rename, so a crash never leaves half a file. */
  private persist(): void {
    if (!this.path) return;
    const content = stringifyFastJson({ configTable: this.snapshot() });
    const tmp = `${this.path}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(tmp, content, 'utf8');
      renameSync(tmp, this.path);
    } catch (err) {
      // Java logs and keeps serving from memory.
      this.log(`persist kvconfig Exception, ${this.path}: ${(err as Error).message}`);
    }
  }
}
