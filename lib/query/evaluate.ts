import type { Database } from '../connection/index.js';
import { selectShape, selectSql, type SelectShape } from './compiler/select.js';
import { shareResult, stateMaker } from './fetch-mode.js';
import { hydrateInstances, hydrateObjects, hydrateTuples, planFor, withRelations } from './hydrate.js';
import { prepareLockedQuery } from './locking.js';
import { prefetchChecked } from './prefetch.js';
import { attachSelected, relatedOffsets, relationNames } from './select-related.js';
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

/** The SELECT and its rows as what the query asked for (see `hydrateRows`), handed to `keep` too. */
function selectAndHydrate(state: QueryState, prototype: object, db: Database, keep?: (result: unknown[]) => void): Promise<unknown[]> {
  const shape = selectShape(state);
  const { sql, bindings } = selectSql(state, compilerFor(db), shape);
  const arrayRows = db.driver.arrayRows;
  return db.run({ sql, bindings, arrayRows }).then(({ rows }) => {
    const result = hydrateRows(state, shape, rows, prototype, db, arrayRows);
    keep?.(result);
    return result;
  });
}

/** Runs the query's `prefetchRelated` lookups for instances it loaded (one result, or one streamed chunk). */
export async function prefetchFor(state: QueryState, loaded: unknown[], db: Database): Promise<void> {
  if (state.prefetch.length && state.selection.kind === 'models' && loaded.length) {
    await prefetchChecked(loaded as object[], state.prefetch, { alias: db.alias, mode: state.fetchMode ?? db.fetchMode });
  }
}

/** A SELECT's rows as what the query asked for, `selectRelated` objects attached (prefetches are `evaluate`'s). */
export function hydrateRows(
  state: QueryState,
  shape: SelectShape,
  rows: Record<string, unknown>[],
  prototype: object,
  db: Database,
  arrays: boolean,
): unknown[] {
  const fieldPlan = planFor(state, shape, db.dialect, arrays);
  const selection = state.selection;
  if (selection.kind === 'values') return hydrateObjects(rows, fieldPlan);
  if (selection.kind === 'valuesList') return hydrateTuples(rows, fieldPlan, selection.flat);
  const mode = state.fetchMode ?? db.fetchMode;
  const makeState = stateMaker(db.alias, mode);
  const plan = shape.related?.length ? withRelations(fieldPlan, relationNames(shape.related)) : fieldPlan;
  const instances = hydrateInstances<object>(rows, plan, prototype, makeState);
  if (shape.related?.length) {
    // Related columns follow the fields and annotations (see selectSql).
    const offsets = arrays ? relatedOffsets(shape.related, shape.fields.length + shape.annotations.length) : undefined;
    attachSelected(instances, rows, shape.related, { dialect: db.dialect, makeState, mode, offsets });
  }
  shareResult(instances, mode);
  return instances;
}
