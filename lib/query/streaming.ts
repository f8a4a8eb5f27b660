import type { Database } from '../connection/index.js';
import { cursorChunks } from '../connection/server-cursor.js';
import { selectShape, selectSql } from './compiler/select.js';
import { hydrateRows } from './evaluate.js';
import { requireTransactionForLock } from './locking.js';
import { prefetchChecked } from './prefetch.js';
import type { QueryState } from './state.js';
import { compilerFor } from './writes.js';

/**
 * A query's results streamed from a server-side cursor, `chunkSize` rows at a time: one query
 * however large the table, read once, in the order and snapshot of that one query (paging
 * with LIMIT/OFFSET re-runs the query per page, which grows quadratic and skips or repeats rows
 * that change meanwhile). Each chunk is hydrated as `evaluate()` hydrates a result, and its
 * prefetches run per chunk, as Django's iterator(chunk_size) does.
 */
export async function* streamQuery(state: QueryState, prototype: object, db: Database, chunkSize: number): AsyncGenerator<unknown> {
  if (state.empty) return;
  if (state.lock) {
    requireTransactionForLock(state, db);
    await db.ready();
  }
  const shape = selectShape(state);
  const { sql, bindings } = selectSql(state, compilerFor(db), shape);
  const arrayRows = db.driver.arrayRows;
  for await (const rows of cursorChunks(db, { sql, bindings, arrayRows }, chunkSize)) {
    const chunk = hydrateRows(state, shape, rows, prototype, db, arrayRows);
    if (state.prefetch.length && state.selection.kind === 'models') {
      await prefetchChecked(chunk as object[], state.prefetch, { alias: db.alias, mode: state.fetchMode ?? db.fetchMode });
    }
    yield* chunk;
  }
}
