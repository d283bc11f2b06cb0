// dumpCompactionLog (admin-commands.md §10.1): the messages of one compaction-log file, a
// segment of a `cleanup.policy=COMPACTION` topic that holds stored records in the ordinary
// commit-log format (message-format.md §1), so a commit-log segment reads the same way. As the
// Java tool: from offset 0, read TOTALSIZE; stop when it is negative or larger than the file,
// or when the record does not decode (a BLANK filler, the zero-filled tail); otherwise print the
// record and go on. Reads the file record by record, never all of it at once. Sends nothing.

import { open, stat } from 'node:fs/promises';
import { decodeMessagesDetailed, type MessageExt } from '../protocol/message.js';
import { javaStringHashCode } from '../protocol/javaHash.js';
import { InvalidArgumentError, NotFoundError } from './errors.js';

/** A decoded record without its body (the Java tool decodes with readBody=false). */
export type DumpedMessage = Omit<MessageExt, 'body'> & { bodyLength: number };

export interface DumpCompactionLogResult {
  file: string;
  fileSize: number;
  messages: DumpedMessage[];
  /** The byte offset where reading stopped (the file size when every byte was a record). */
  endOffset: number;
  /** Why reading stopped before the end of the file, if it did. */
  stopReason: string | null;
}

const BLANK_MAGIC = -875286124;

export async function dumpCompactionLog(file: string): Promise<DumpCompactionLogResult> {
  if (file.trim() === '') throw new InvalidArgumentError('miss dump log file name', 'give -f the path of a compaction-log (or commit-log) file');
  let st;
  try {
    st = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`file ${file} not exist.`, 'give -f the path of a compaction-log file, e.g. ${storePathRootDir}/compaction/compactionLog/<topic>/<queueId>/<offset>');
    throw err;
  }
  if (st.isDirectory()) throw new InvalidArgumentError(`file ${file} is a directory.`, 'give -f one file of the directory (a segment named by its 20-digit start offset)');
  const fileSize = st.size;
  const messages: DumpedMessage[] = [];
  let pos = 0;
  let stopReason: string | null = null;
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    while (pos < fileSize) {
      const { bytesRead } = await fh.read(head, 0, Math.min(8, fileSize - pos), pos);
      if (bytesRead < 4) {
        stopReason = `${fileSize - pos} bytes left at offset ${pos}, too few for a record`;
        break;
      }
      const size = head.readInt32BE(0);
      if (bytesRead >= 8 && head.readInt32BE(4) === BLANK_MAGIC) {
        stopReason = `end-of-file filler (BLANK) at offset ${pos}`;
        break;
      }
      if (size < 0 || size > fileSize) {
        stopReason = `TOTALSIZE ${size} at offset ${pos} is not a record size`;
        break;
      }
      if (size === 0) {
        stopReason = `zero-filled from offset ${pos}`;
        break;
      }
      if (pos + size > fileSize) {
        stopReason = `record at offset ${pos} of ${size} bytes runs past the end of the file`;
        break;
      }
      const buf = Buffer.alloc(size);
      await fh.read(buf, 0, size, pos);
      const decoded = decodeMessagesDetailed(buf, { decompress: false });
      const msg = decoded.messages[0];
      if (msg === undefined || msg.storeSize !== size) {
        stopReason = `record at offset ${pos} does not decode: ${decoded.error ?? 'size mismatch'}`;
        break;
      }
      const { body, ...rest } = msg;
      messages.push({ ...rest, bodyLength: body.length });
      pos += size;
    }
  } finally {
    await fh.close();
  }
  return { file, fileSize, messages, endOffset: pos, stopReason };
}

// ---------------------------------------------------------------------------------------------
// Java MessageExt.toString() (admin-commands.md §2.2), as the Java tool prints each record

/** Java `InetSocketAddress.toString()` of an address built from bytes: `/ip:port`, IPv6 in full form. */
export function javaSocketAddress(hostPort: string): string {
  const v6 = /^\[(.*)\]:(\d+)$/.exec(hostPort);
  if (!v6) return `/${hostPort}`;
  return `/${expandIPv6(v6[1]!)}:${v6[2]}`;
}

function expandIPv6(addr: string): string {
  const [left, right] = addr.includes('::') ? (addr.split('::') as [string, string]) : [addr, undefined];
  const parse = (s: string | undefined) => (s === undefined || s === '' ? [] : s.split(':'));
  const l = parse(left);
  const r = parse(right);
  const groups = right === undefined ? l : [...l, ...Array<string>(Math.max(0, 8 - l.length - r.length)).fill('0'), ...r];
  return groups.map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16))).join(':');
}

/**
 * The iteration order of a Java `HashMap<String,String>` created with capacity 128 (as
 * `MessageDecoder.string2messageProperties`) and filled in this order: by bucket
 * (`(h ^ h>>>16) & (capacity-1)`), insertion order within a bucket.
 */
export function javaHashMapOrder(keys: readonly string[], initialCapacity = 128): string[] {
  let capacity = initialCapacity;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string) => {
    const h = javaStringHashCode(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((x) => x.k);
}

/** Java `HashMap.toString()` of the properties (`{k=v, k2=v2}`); `null` when there are none (Java never set the map). */
function javaProperties(props: Record<string, string>): string {
  const keys = Object.keys(props);
  if (keys.length === 0) return 'null';
  return `{${javaHashMapOrder(keys).map((k) => `${k}=${props[k]}`).join(', ')}}`;
}

/** `MessageExt.toString()` of a record decoded without its body (brokerName, body and transactionId unset). */
export function javaMessageExtString(m: DumpedMessage): string {
  return (
    `MessageExt [brokerName=null, queueId=${m.queueId}, storeSize=${m.storeSize}, queueOffset=${m.queueOffset}, sysFlag=${m.sysFlag}, ` +
    `bornTimestamp=${m.bornTimestamp}, bornHost=${javaSocketAddress(m.bornHost)}, storeTimestamp=${m.storeTimestamp}, ` +
    `storeHost=${javaSocketAddress(m.storeHost)}, msgId=${m.offsetMsgId}, commitLogOffset=${m.commitLogOffset}, bodyCRC=${m.bodyCRC}, ` +
    `reconsumeTimes=${m.reconsumeTimes}, preparedTransactionOffset=${m.preparedTransactionOffset}, ` +
    `toString()=Message{topic='${m.topic}', flag=${m.flag}, properties=${javaProperties(m.properties)}, body=null, transactionId='null'}]`
  );
}
