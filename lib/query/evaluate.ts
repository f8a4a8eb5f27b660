import type { Database } from '../connection/index.js';
import { selectShape, selectSql, type SelectShape } from './compiler/select.js';
import { prepareLockedQuery } from './locking.js';
import { prefetchChecked } from './prefetch.js';
import { ResultBuilder } from './result-builder.js';
import type { QueryState } from './state.js';
import { compilerFor } from './writes.js';
import { attempt } from '../util/promises.js';

/**
 * Runs a query state's SELECT and turns the rows into what it asked for: plain objects
 * (`values()`), tuples (`valuesList()`) or model instances, with `selectRelated` objects attached
 * and `prefetchRelated` lookups loaded. Django splits this into its ModelIterable classes.
 * `keep` receives the result before the promise settles (a QuerySet's result cache).
 */
export function evaluate(state: QueryState, prototype: object, db: Database, keep?: (result: unknown[]) => void): Promise<unknown[]> {
  if (state.empty) return Promise.resolve([]);
  if (state.lock || state.prefetch.length) return evaluateInSteps(state, prototype, db, keep);
  // The common query in one chain, without async functions: inside atomic() Node 20 hooks every
  // promise, and this path makes one beyond the statement's own. A compile error still rejects.
  return attempt(() => selectAndHydrate(state, prototype, db, keep));
}

/** A locked query (checked first) or one with prefetches (loaded after the rows). */
async function evaluateInSteps(state: QueryState, prototype: object, db: Database, keep?: (result: unknown[]) => void): Promise<unknown[]> {
  await prepareLockedQuery(state, db);
  const result = await selectAndHydrate(state, prototype, db);
  await prefetchFor(state, result, db);
  keep?.(result);
  return result;
}

/** The SELECT and its rows as what the query asked for (see `runSelect`), handed to `keep` too. */
function selectAndHydrate(state: QueryState, prototype: object, db: Database, keep?: (result: unknown[]) => void): Promise<unknown[]> {
  const shape = selectShape(state);
  return runSelect(state, shape, prototype, db, selectSql(state, compilerFor(db), shape)).then((result) => {
    keep?.(result);
    return result;
  });
}

/**
 * Runs a query state's SELECT (compiled already: `statement`) and builds what it asked for (see
 * `ResultBuilder`). A driver that can hands the rows to the builder as it reads them (`Driver.rowSinks`).
 */
export function runSelect(state: QueryState, shape: SelectShape, prototype: object, db: Database, statement: { sql: string; bindings: readonly unknown[]; repeated?: boolean }): Promise<unknown[]> {
  const { arrayRows, rowSinks } = db.driver;
  const builder = new ResultBuilder(state, shape, prototype, db, arrayRows);
  const sink = rowSinks ? builder : undefined;
  return db.run({ ...statement, arrayRows, sink }).then(({ rows }) => (sink ? builder : builder.rows(rows)).finish());
}

/** Runs the query's `prefetchRelated` lookups for instances it loaded (one result, or one streamed chunk). */
export async function prefetchFor(state: QueryState, loaded: unknown[], db: Database): Promise<void> {
  if (state.prefetch.length && state.selection.kind === 'models' && loaded.length) {
    await prefetchChecked(loaded as object[], state.prefetch, { alias: db.alias, mode: state.fetchMode ?? db.fetchMode });
  }
}

/** A SELECT's rows, collected by the driver, as what the query asked for (prefetches are `evaluate`'s). */
export function hydrateRows(state: QueryState, shape: SelectShape, rows: Record<string, unknown>[], prototype: object, db: Database, arrays: boolean): unknown[] {
  return new ResultBuilder(state, shape, prototype, db, arrays).rows(rows).finish();
}
