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
  /** The last statement queued on the connection: statements in one block run one after another. */
  tail: Promise<unknown>;
  /** Statements (or nested blocks) queued or running; at 0 the next one starts at once. */
  pending: number;
  /**
   * The transaction wren/testing wraps a test in. Blocks inside it act as outermost blocks do
   * where they can (a `durable` block, `retry()`), as in Django's TestCase.
   */
  wrapsTest?: boolean;
}

/**
 * Runs `task` on the block's connection once everything queued before it has finished: a driver
 * must not be sent a statement while another runs (`Promise.all` inside a block). An idle
 * block's statement starts at once, without waiting a turn.
 */
export function enqueue<T>(frame: AtomicFrame, task: () => Promise<T>): Promise<T> {
  const result = frame.pending === 0 ? task() : frame.tail.then(task);
  frame.pending++;
  const done = () => {
    frame.pending--;
  };
  frame.tail = result.then(done, done);
  return result;
}

/**
 * An `AsyncLocalStorage` that is switched off while no scope is open. On Node 20 an enabled
 * AsyncLocalStorage installs promise hooks that tax every promise in the process (about 2 µs of
 * a 16 µs pk lookup), and Wren needs it only inside `atomic()` and `captureQueries()`. Code still
 * running from a scope that has ended (a query left un-awaited in a block) then sees no scope,
 * rather than a transaction that has already committed.
 */
export class ScopedStorage<T> {
  private readonly storage = new AsyncLocalStorage<T>();
  private open = 0;

  getStore(): T | undefined {
    return this.open === 0 ? undefined : this.storage.getStore();
  }

  async run<R>(store: T, fn: () => Promise<R>): Promise<R> {
    this.open++;
    try {
      return await this.storage.run(store, fn);
    } finally {
      if (--this.open === 0) this.storage.disable();
    }
  }

  /**
   * @internal Makes `store` current for the rest of this synchronous execution and for what it
   * schedules (`AsyncLocalStorage.enterWith`). For wren/testing only: mocha runs a beforeEach
   * hook and the test in separate async contexts, so `run()` cannot reach from one to the other.
   * Seen only while some `run()` scope is open (the test's transaction holds one).
   */
  enterWith(store: T): void {
    this.storage.enterWith(store);
  }

  /** Runs `fn` outside any scope of this storage. */
  exit<R>(fn: () => R): R {
    return this.open === 0 ? fn() : this.storage.exit(fn);
  }
}

/** @internal The innermost open `atomic()` frame per connection alias, for the current async context. */
export const atomicContext = new ScopedStorage<ReadonlyMap<string, AtomicFrame>>();

export interface CapturedQuery {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  readonly alias: string;
}

/** Active `captureQueries()` collectors for the current async context. */
export const captureContext = new ScopedStorage<CapturedQuery[]>();
