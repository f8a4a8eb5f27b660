import type { Database } from '../connection/index.js';
import { chunkStream } from '../connection/server-cursor.js';
import { selectShape, selectSql, type SelectShape } from './compiler/select.js';
import { hydrateRows, prefetchFor } from './evaluate.js';
import { prepareLockedQuery } from './locking.js';
import type { QueryState } from './state.js';
import { compilerFor } from './writes.js';

/**
 * The chunks a query's rows stream in (see `chunkStream`), or null when the database can only
 * page here; checks a lock as `evaluate()` does, before any SQL.
 */
export async function openStream(state: QueryState, db: Database, chunkSize: number): Promise<{ chunks: AsyncGenerator<Record<string, unknown>[]>; shape: SelectShape } | null> {
  await prepareLockedQuery(state, db);
  const shape = selectShape(state);
  const { sql, bindings } = selectSql(state, compilerFor(db), shape);
  const chunks = chunkStream(db, { sql, bindings, arrayRows: db.driver.arrayRows }, chunkSize);
  return chunks && { chunks, shape };
}

/**
 * A query's results streamed from a server-side cursor or the socket, a chunk at a time: one query
 * however large the table, read once, in the order and snapshot of that one query (paging
 * with LIMIT/OFFSET re-runs the query per page, which grows quadratic and skips or repeats rows
 * that change meanwhile). Each chunk is hydrated as `evaluate()` hydrates a result, and its
 * prefetches run per chunk, as Django's iterator(chunk_size) does.
 */
export async function* streamQuery(state: QueryState, prototype: object, db: Database, chunks: AsyncGenerator<Record<string, unknown>[]>, shape: SelectShape): AsyncGenerator<unknown> {
  const arrayRows = db.driver.arrayRows;
  for await (const rows of chunks) {
    const chunk = hydrateRows(state, shape, rows, prototype, db, arrayRows);
    await prefetchFor(state, chunk, db);
    yield* chunk;
  }
}
