import { TransactionManagementError } from '../errors.js';
import { atomicContext, captureContext, enqueue, type AtomicFrame, type CapturedQuery } from './context.js';
import type { Database } from './database.js';
import { database, DEFAULT_ALIAS } from './registry.js';
import { argumentError, checkOptions, requireFunction, requireString } from '../util/arguments.js';
import { ISOLATION_LEVELS, type IsolationLevel } from '../dialects/index.js';

export interface AtomicOptions {
  /** The connection alias (default `'default'`). */
  readonly using?: string;
  /**
   * The block must be the outermost one: raises `TransactionManagementError` when nested, so
   * code that must know its work is committed when it returns cannot be wrapped by a caller.
   */
  readonly durable?: boolean;
  /** The transaction's isolation level (outermost blocks only); the database's default when absent. */
  readonly isolation?: IsolationLevel;
}

/**
 * Runs `fn` in a transaction that every query inside it uses without being told. A nested
 * `atomic()` makes a savepoint. An error rolls back (to the savepoint) and is rethrown.
 *
 * @example await atomic(async () => { await a.save(); await b.save(); });
 * @example await atomic(async () => transfer(a, b, 10), { isolation: 'serializable' });
 */
export async function atomic<T>(fn: () => Promise<T>, options: AtomicOptions = {}): Promise<T> {
  requireFunction(fn, 'atomic(): fn');
  checkOptions(options, 'atomic() options', ['using', 'durable', 'isolation']);
  if (options.using !== undefined) requireString(options.using, 'atomic(): using');
  if (options.durable !== undefined && typeof options.durable !== 'boolean') throw argumentError('atomic(): durable', 'true or false', options.durable);
  if (options.isolation !== undefined && !(ISOLATION_LEVELS as readonly unknown[]).includes(options.isolation)) {
    throw argumentError('atomic(): isolation', `one of ${ISOLATION_LEVELS.map((level) => `'${level}'`).join(', ')}`, options.isolation);
  }
  const alias = options.using ?? DEFAULT_ALIAS;
  const frames = atomicContext.getStore();
  const parent = frames?.get(alias);
  // Inside a test's wrapping transaction, a durable block is what it would be outside the test.
  const nested = parent !== undefined && parent.wrapsTest !== true;
  if (nested && options.durable) throw new TransactionManagementError('A durable atomic() block cannot be nested within another atomic() block');
  if (parent && options.isolation) throw new TransactionManagementError(`atomic({ isolation: '${options.isolation}' }) inside another atomic() block: the isolation level is set when the outermost transaction begins`);
  const db = database(alias);
  const inside = (frame: AtomicFrame) => atomicContext.run(new Map(frames).set(alias, frame), fn);
  const frame = parent ? await savepointBlock(db, parent, inside) : await transactionBlock(db, inside, options.isolation);
  // Reached only when this block committed (or released its savepoint).
  if (parent) parent.onCommit.push(...frame.onCommit);
  else for (const callback of frame.onCommit) await callback();
  return frame.result;
}

/** What a block that committed (or released its savepoint) hands back: its result and its onCommit callbacks. */
type Finished<T> = { readonly result: T; readonly onCommit: AtomicFrame['onCommit'] };

const statement = (sql: string) => ({ sql, bindings: [] });

/**
 * The outermost block: BEGIN on a connection borrowed for the whole block, COMMIT when `fn`
 * resolves, ROLLBACK when it throws. The function's own error wins over a failing ROLLBACK (when
 * the server went away, both fail, and the first failure is the one that explains).
 */
async function transactionBlock<T>(db: Database, fn: (frame: AtomicFrame) => Promise<T>, isolation: IsolationLevel | undefined): Promise<Finished<T>> {
  const connection = await db.acquire(statement('BEGIN'));
  const frame: AtomicFrame = { alias: db.alias, connection, parent: undefined, savepoint: null, onCommit: [], tail: Promise.resolve(), pending: 0 };
  let broken: unknown;
  try {
    for (const sql of db.dialect.beginStatements(isolation)) await db.send(connection, statement(sql));
    const result = await runBody(db, frame, fn, 'ROLLBACK');
    try {
      await db.runInFrame(frame, statement('COMMIT'));
    } catch (error) {
      // A COMMIT refused by a deferred constraint leaves SQLite's transaction open.
      if (db.dialect.commitFailureKeepsTransaction) await db.send(connection, statement('ROLLBACK')).catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    }
    return { result, onCommit: frame.onCommit };
  } catch (error) {
    if (error instanceof RollbackFailed) {
      broken = error.rollbackError;
      throw error.original;
    }
    throw error;
  } finally {
    db.release(connection, broken);
  }
}

/**
 * A nested block: a savepoint on the enclosing block's connection, released or rolled back to.
 * The whole block is one entry in the enclosing block's queue: statements the enclosing block
 * sends meanwhile (`Promise.all`) wait for it, since they share the connection.
 */
async function savepointBlock<T>(db: Database, parent: AtomicFrame, fn: (frame: AtomicFrame) => Promise<T>): Promise<Finished<T>> {
  const name = `wren_sp_${++savepoints}`;
  return enqueue(parent, async () => {
    await db.send(parent.connection, statement(`SAVEPOINT ${name}`));
    const frame: AtomicFrame = { alias: parent.alias, connection: parent.connection, parent, savepoint: name, onCommit: [], tail: Promise.resolve(), pending: 0 };
    const result = await runBody(db, frame, fn, `ROLLBACK TO SAVEPOINT ${name}`).catch((error: unknown) => {
      throw error instanceof RollbackFailed ? error.original : error;
    });
    await db.runInFrame(frame, statement(`RELEASE SAVEPOINT ${name}`));
    return { result, onCommit: frame.onCommit };
  });
}

let savepoints = 0;


/** A block's function failed and so did the ROLLBACK after it: the connection cannot be trusted. */
class RollbackFailed {
  constructor(readonly original: unknown, readonly rollbackError: unknown) {}
}

/** Runs the block's function, then waits for its statements; on failure rolls back and rethrows. */
async function runBody<T>(db: Database, frame: AtomicFrame, fn: (frame: AtomicFrame) => Promise<T>, rollbackSql: string): Promise<T> {
  try {
    const result = await fn(frame);
    await frame.tail;
    return result;
  } catch (error) {
    try {
      await db.runInFrame(frame, statement(rollbackSql));
    } catch (rollbackError) {
      throw new RollbackFailed(error, rollbackError);
    }
    throw error;
  }
}

/**
 * Runs `fn` after the outermost transaction commits; dropped if it rolls back. Outside
 * `atomic()` it runs at once, as Django's `on_commit` does in autocommit mode.
 */
export async function onCommit(fn: () => unknown, options: { using?: string } = {}): Promise<void> {
  requireFunction(fn, 'onCommit(): fn');
  checkOptions(options, 'onCommit() options', ['using']);
  const frame = atomicContext.getStore()?.get(options.using ?? DEFAULT_ALIAS);
  if (frame) frame.onCommit.push(fn);
  else await fn();
}

/** True inside an `atomic()` block for the alias. */
export function inAtomicBlock(alias: string = DEFAULT_ALIAS): boolean {
  return atomicContext.getStore()?.has(alias) ?? false;
}

/** Fails when called outside `atomic()`: for operations that must not run in autocommit mode. */
export function requireAtomic(what: string, alias: string = DEFAULT_ALIAS): void {
  if (!inAtomicBlock(alias)) throw new TransactionManagementError(`${what} must run inside atomic()`);
}

/**
 * Records the SQL every query runs while `fn` runs; for asserting query counts in tests.
 *
 * @example const queries = await captureQueries(() => Book.objects.all()); expect(queries).to.have.length(1);
 */
export async function captureQueries(fn: () => Promise<unknown>): Promise<CapturedQuery[]> {
  requireFunction(fn, 'captureQueries(): fn');
  const queries: CapturedQuery[] = [];
  await captureContext.run(queries, fn);
  return queries;
}
