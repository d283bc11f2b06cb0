export * from './types.js';
export { DefaultMessageStore, type StoreOpenInfo } from './messageStore.js';
export { CommitLog, parseStoredRecord, END_FILE_MIN_BLANK_LENGTH, type RecordView } from './commitLog.js';
export { ConsumeQueue, CQ_UNIT_SIZE, CQ_BLANK_SIZE, type CqUnit } from './consumeQueue.js';
export { IndexFile, IndexService, INDEX_HEADER_SIZE, indexFileName } from './indexService.js';
