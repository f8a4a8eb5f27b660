import { TransactionManagementError } from '../errors.js';
import { atomicContext, captureContext, type AtomicFrame, type CapturedQuery } from './context.js';
import type { Database } from './database.js';
import { database, DEFAULT_ALIAS } from './registry.js';
import { checkOptions, requireFunction, requireString } from '../util/arguments.js';

/**
 * Runs `fn` in a transaction that every query inside it uses without being told. A nested
 * `atomic()` makes a savepoint. An error rolls back (to the savepoint) and is rethrown.
 *
 * @example await atomic(async () => { await a.save(); await b.save(); });
 */
export async function atomic<T>(fn: () => Promise<T>, options: { using?: string } = {}): Promise<T> {
  requireFunction(fn, 'atomic(): fn');
  checkOptions(options, 'atomic() options', ['using']);
  if (options.using !== undefined) requireString(options.using, 'atomic(): using');
  const alias = options.using ?? DEFAULT_ALIAS;
  const frames = atomicContext.getStore();
  const parent = frames?.get(alias);
  const db = database(alias);
  let frame: AtomicFrame | undefined;
  const body: BodyOutcome = { state: 'not started' };
  let result: T;
  try {
    result = await (parent ? parent.trx : db.knex).transaction(async (trx) => {
      body.state = 'running';
      frame = { alias, trx, parent, onCommit: [], tail: Promise.resolve() };
      const inner = new Map(frames);
      inner.set(alias, frame);
      try {
        const value = await atomicContext.run(inner, fn);
        body.state = 'done';
        return value;
      } catch (error) {
        Object.assign(body, { state: 'failed', error });
        throw error;
      }
    });
  } catch (error) {
    throw await blockFailure(db, error, body, parent !== undefined);
  }
  // Reached only when this block committed (or released its savepoint).
  if (parent) parent.onCommit.push(...frame!.onCommit);
  else for (const callback of frame!.onCommit) await callback();
  return result;
}

/** How far the block's own function got: decides which error the block rejects with. */
type BodyOutcome = { state: 'not started' | 'running' | 'done' } | { state: 'failed'; error: unknown };

/**
 * The error an `atomic()` block rejects with. The function's own error wins: when the server went
 * away, the ROLLBACK fails too, and knex would report that instead of the query that failed first.
 * Otherwise BEGIN (or SAVEPOINT) or COMMIT (or RELEASE) failed, translated like any statement.
 */
async function blockFailure(db: Database, error: unknown, body: BodyOutcome, nested: boolean): Promise<unknown> {
  if (body.state === 'failed') return body.error;
  if (body.state === 'done') {
    // The COMMIT itself failed: deferred foreign keys are only checked there (PostgreSQL, SQLite).
    if (!nested && db.dialect.commitFailureKeepsTransaction) await db.knex.raw('ROLLBACK').catch(() => undefined);
    return db.wrapError(error, { sql: nested ? 'RELEASE SAVEPOINT' : 'COMMIT', bindings: [] });
  }
  // Not started: BEGIN (or SAVEPOINT), or getting a connection for it, failed.
  const sql = body.state === 'not started' ? (nested ? 'SAVEPOINT' : 'BEGIN') : '';
  return db.wrapError(error, { sql, bindings: [] });
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
