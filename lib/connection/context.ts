import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';

/** @internal One `atomic()` block: its knex transaction and the callbacks waiting for the outer commit. */
export interface AtomicFrame {
  readonly alias: string;
  readonly trx: Knex.Transaction;
  readonly parent: AtomicFrame | undefined;
  readonly onCommit: Array<() => unknown>;
  /** The last query sent on `trx`: queries in one transaction run one after another (see Database.run). */
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
