import { TransactionManagementError } from '../errors.js';
import { atomicContext, captureContext, type AtomicFrame, type CapturedQuery } from './context.js';
import { database, DEFAULT_ALIAS } from './registry.js';

/**
 * Runs `fn` in a transaction that every query inside it uses without being told. A nested
 * `atomic()` makes a savepoint. An error rolls back (to the savepoint) and is rethrown.
 *
 * @example await atomic(async () => { await a.save(); await b.save(); });
 */
export async function atomic<T>(fn: () => Promise<T>, options: { using?: string } = {}): Promise<T> {
  const alias = options.using ?? DEFAULT_ALIAS;
  const frames = atomicContext.getStore();
  const parent = frames?.get(alias);
  const db = database(alias);
  let frame: AtomicFrame | undefined;
  let bodyDone = false;
  let result: T;
  try {
    result = await (parent ? parent.trx : db.knex).transaction(async (trx) => {
      frame = { alias, trx, parent, onCommit: [], tail: Promise.resolve() };
      const inner = new Map(frames);
      inner.set(alias, frame);
      const value = await atomicContext.run(inner, fn);
      bodyDone = true;
      return value;
    });
  } catch (error) {
    if (!bodyDone) throw error;
    // The COMMIT itself failed: deferred foreign keys are only checked there (PostgreSQL, SQLite).
    if (!parent && db.dialect.commitFailureKeepsTransaction) await db.knex.raw('ROLLBACK').catch(() => undefined);
    throw db.wrapError(error, db.knex.raw(parent ? 'RELEASE SAVEPOINT' : 'COMMIT'));
  }
  // Reached only when this block committed (or released its savepoint).
  if (parent) parent.onCommit.push(...frame!.onCommit);
  else for (const callback of frame!.onCommit) await callback();
  return result;
}

/**
 * Runs `fn` after the outermost transaction commits; dropped if it rolls back. Outside
 * `atomic()` it runs at once, as Django's `on_commit` does in autocommit mode.
 */
export async function onCommit(fn: () => unknown, options: { using?: string } = {}): Promise<void> {
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
  const queries: CapturedQuery[] = [];
  await captureContext.run(queries, fn);
  return queries;
}
