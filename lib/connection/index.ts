export { connect, database, disconnect, DEFAULT_ALIAS } from './registry.js';
export { Database, FETCH_MODES, type DatabaseConfig, type FetchMode } from './database.js';
export { atomic, onCommit, inAtomicBlock, captureQueries, type AtomicOptions } from './atomic.js';
export { retry, type RetryOptions } from './retry.js';
export type { CapturedQuery } from './context.js';
export type { QueryResult } from './drivers/index.js';
export type { Logger } from './logger.js';
