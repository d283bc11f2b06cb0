// The contract between the embedded broker (src/dev/broker) and its message store
// (src/dev/store). The store reproduces what the wire protocol exposes of the Java store
// (store.md): commit-log offsets, 20-byte consume-queue units, queue offsets, min/max
// semantics, search by time, hash-only key index. It knows nothing of requests or clients.

export type FlushMode = 'async' | 'sync';

export interface MessageStoreConfig {
  /** Root directory: commitlog/, consumequeue/, index/, checkpoint, abort. */
  dir: string;
  /** The broker's advertised `ip:port`: STOREHOSTADDRESS of every record and the offset msg ids. */
  storeHost: string;
  /** Java default 1 GiB. Files grow as written (no preallocation). */
  commitLogSegmentSize?: number;
  /** Java default 300 000 entries (6 000 000 bytes) per consume-queue file. */
  consumeQueueEntriesPerSegment?: number;
  /** Index geometry; Java defaults 5 000 000 slots / 20 000 000 entries (files are sparse). */
  indexSlots?: number;
  indexMaxEntries?: number;
  /** 'async' (Java's default): fsync every `flushIntervalMs`; 'sync': fsync before a put returns. */
  flush?: FlushMode;
  flushIntervalMs?: number;
  /** Largest body accepted, Java default 4 MiB. */
  maxMessageSize?: number;
  /** 'sync' flush: how long a put waits for its fsync before answering FLUSH_DISK_TIMEOUT (Java 5000). */
  syncFlushTimeoutMs?: number;
  /**
   * Delay levels (store.md §6), used for the consume-queue tag code (delivery time) of
   * SCHEDULE_TOPIC_XXXX records put without an explicit `tagsCode` and when recovery re-dispatches
   * them. Java default `"1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"`.
   */
  messageDelayLevel?: string;
  /** Clock, for tests. */
  now?: () => number;
}

/** One message to append, as the broker has assembled it from a send request. */
export interface PutMessageInput {
  topic: string;
  queueId: number;
  flag: number;
  /** Message sysFlag (compression, transaction type); the store adds the IPv6 host bits. */
  sysFlag: number;
  bornTimestamp: number;
  /** `ip:port` of the producer's socket. */
  bornHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /** Body as sent (still compressed when sysFlag says so); BODYCRC is computed over it. */
  body: Buffer;
  /** The encoded property string (message-format.md §6), or a map to encode. */
  properties: string | Record<string, string>;
  /** Consume-queue tag code; default: Java hashCode of the TAGS property (0 when absent). */
  tagsCode?: number;
  /** Defaults to now. Tests and the delay scheduler may set it. */
  storeTimestamp?: number;
}

export type PutStatus =
  | 'PUT_OK'
  | 'FLUSH_DISK_TIMEOUT'
  | 'MESSAGE_ILLEGAL'
  | 'PROPERTIES_SIZE_EXCEEDED'
  | 'SERVICE_NOT_AVAILABLE';

export interface PutMessageResult {
  status: PutStatus;
  /** Offset message id (message-format.md §8.1) of each appended record. */
  msgIds: string[];
  /** Commit-log offset of the first record. */
  commitLogOffset: number;
  /** Queue offset of the first record (a batch takes consecutive offsets). */
  queueOffset: number;
  storeTimestamp: number;
  wroteBytes: number;
  /** Why the put was refused, when it was. */
  remark?: string;
}

export type GetMessageStatus =
  | 'FOUND'
  | 'NO_MATCHED_MESSAGE'
  | 'MESSAGE_WAS_REMOVING'
  | 'OFFSET_FOUND_NULL'
  | 'OFFSET_OVERFLOW_BADLY'
  | 'OFFSET_OVERFLOW_ONE'
  | 'OFFSET_TOO_SMALL'
  | 'NO_MATCHED_LOGIC_QUEUE'
  | 'NO_MESSAGE_IN_QUEUE';

/** Decides from a consume-queue unit whether a message matches (TAG filtering by hash). */
export type MessageFilter = (tagsCode: number) => boolean;

export interface GetMessageResult {
  status: GetMessageStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Raw stored records, in queue order, ready to be concatenated into a pull body. */
  records: Buffer[];
  /** Queue offsets of `records`. */
  queueOffsets: number[];
}

export interface QueryMessageResult {
  /** Raw stored records whose index hash matched (the caller re-checks keys and topic). */
  records: Buffer[];
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

/** SEARCH_OFFSET_BY_TIMESTAMP flavours (store.md §3.2): 5.x LOWER/UPPER, 4.9.x NEAREST. */
export type TimeBoundary = 'LOWER' | 'UPPER' | 'NEAREST';

/** Called after a record is in its consume queue (wakes long-polling pulls). */
export type DispatchListener = (topic: string, queueId: number, queueOffset: number, tagsCode: number) => void;

export interface StoreStats {
  putMessageTimesTotal: number;
  putMessageSizeTotal: number;
  getMessageTimesTotal: number;
  commitLogMinOffset: number;
  commitLogMaxOffset: number;
  bootTimestamp: number;
}

export interface MessageStore {
  putMessage(msg: PutMessageInput): Promise<PutMessageResult>;
  /** All records take consecutive queue offsets in one queue (SEND_BATCH_MESSAGE). */
  putMessages(msgs: PutMessageInput[]): Promise<PutMessageResult>;
  getMessage(topic: string, queueId: number, offset: number, maxMsgNums: number, filter?: MessageFilter): GetMessageResult;
  getMaxOffsetInQueue(topic: string, queueId: number): number;
  getMinOffsetInQueue(topic: string, queueId: number): number;
  getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number, boundary?: TimeBoundary): number;
  /** Store time of the record at `queueOffset`, -1 when absent. */
  getMessageStoreTimestamp(topic: string, queueId: number, queueOffset: number): number;
  /** Store time of the queue's first kept message, -1 when empty. */
  getEarliestMessageTime(topic: string, queueId: number): number;
  /** Store time of the oldest record in the commit log, -1 when empty. */
  getEarliestMessageTimeOfStore(): number;
  /** One raw record at a commit-log offset (VIEW_MESSAGE_BY_ID), null when there is none. */
  lookMessageByOffset(commitLogOffset: number): Buffer | null;
  queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): QueryMessageResult;
  /** Queue ids that have a consume queue for the topic. */
  queueIdsOf(topic: string): number[];
  /** Drops the topic's consume queues (DELETE_TOPIC_IN_BROKER). */
  deleteTopic(topic: string): void;
  /** QUERY_CONSUME_QUEUE: up to `count` units from `index`, with the queue's range; undefined for no such queue. */
  consumeQueueUnits(topic: string, queueId: number, index: number, count: number): { minOffset: number; maxOffset: number; units: Array<{ commitLogOffset: number; size: number; tagsCode: number }> } | undefined;
  /** The topics the store has consume queues of. */
  topicsInStore(): string[];
  /** CLEAN_EXPIRED_CONSUMEQUEUE: destroys the queues whose messages have all left the commit log (not of topics `keep` names). */
  cleanExpiredConsumeQueues(keep: (topic: string) => boolean): string[];
  onDispatch(listener: DispatchListener): void;
  stats(): StoreStats;
  /** Bytes the store occupies on disk. */
  diskUsage(): number;
  flush(): Promise<void>;
  /** Flushes and marks a clean shutdown (no recovery scan at the next open). */
  close(): Promise<void>;
}
