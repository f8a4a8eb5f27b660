import { AsyncLocalStorage } from 'node:async_hooks';
import type { DriverConnection } from './drivers/index.js';

/** @internal One `atomic()` block: its transaction's connection and the callbacks waiting for the outer commit. */
export interface AtomicFrame {
  readonly alias: string;
  readonly connection: DriverConnection;
  readonly parent: AtomicFrame | undefined;
  /** The savepoint a nested block made; null for the outermost block (the transaction itself). */
  readonly savepoint: string | null;
  readonly onCommit: Array<() => unknown>;
  /** The last query sent on `trx`: queries in one transaction run one after another (see Database.runInFrame). */
  tail: Promise<unknown>;
}

/** @internal The innermost open `atomic()` frame per connection alias, for the current async context. */
export const atomicContext = new AsyncLocalStorage<ReadonlyMap<string, AtomicFrame>>();

export interface CapturedQuery {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  readonly alias: string;
}

/** Active `captureQueries()` collectors for the current async context. */
export const captureContext = new AsyncLocalStorage<CapturedQuery[]>();
