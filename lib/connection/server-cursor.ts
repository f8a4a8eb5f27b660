import { captureContext, atomicContext } from './context.js';
import type { Database } from './database.js';
import type { DriverConnection, DriverStatement } from './drivers/index.js';

let cursors = 0;

/**
 * One query's rows, `count` at a time, through a named server-side cursor (PostgreSQL): the
 * server keeps the result and hands over one chunk per FETCH, so neither side holds it all.
 * Inside `atomic()` the cursor lives in the block's transaction and its statements queue with
 * the block's others; outside, a connection is borrowed for the whole loop and the cursor is
 * declared WITH HOLD. Leaving early (`break`, an error) closes the cursor and returns the
 * connection. `captureQueries()` records the query once, as the SELECT it streams.
 */
export async function* cursorChunks(db: Database, statement: DriverStatement, count: number): AsyncGenerator<Record<string, unknown>[]> {
  const frame = atomicContext.getStore()?.get(db.alias);
  const sql = db.dialect.cursorStatements!(`wren_cursor_${++cursors}`, statement.sql, count, frame === undefined);
  captureContext.getStore()?.push({ sql: statement.sql, bindings: statement.bindings, alias: db.alias });
  const connection: DriverConnection | undefined = frame ? undefined : await db.acquire(statement);
  const run = (text: string, bindings: readonly unknown[] = []) => {
    const next = { sql: text, bindings, arrayRows: statement.arrayRows };
    return frame ? db.runInFrame(frame, next) : db.send(connection!, next);
  };
  // Set when CLOSE fails: a connection whose cursor may still be open is not handed out again.
  let broken: unknown;
  let declared = false;
  try {
    await run(sql.declare, statement.bindings);
    declared = true;
    for (;;) {
      const { rows } = await run(sql.fetch);
      if (rows.length) yield rows;
      if (rows.length < count) return;
    }
  } finally {
    // Inside a failed transaction CLOSE is refused too, and the block's ROLLBACK drops the cursor.
    if (declared) await run(sql.close).catch((error: unknown) => (broken = error));
    if (connection) db.release(connection, broken);
  }
}

/**
 * One query's rows read from the socket `count` at a time (MariaDB/MySQL through mysql2), on a
 * connection borrowed for the whole loop: the connection runs nothing else until the result
 * ends, so the loop body's queries use other pooled connections. Leaving early closes the
 * connection (the rest of the result is still on its way) and the pool replaces it.
 */
export async function* socketChunks(db: Database, statement: DriverStatement, count: number): AsyncGenerator<Record<string, unknown>[]> {
  captureContext.getStore()?.push({ sql: statement.sql, bindings: statement.bindings, alias: db.alias });
  const connection = await db.acquire(statement);
  let closed: unknown;
  try {
    yield* db.driver.stream!(connection, statement, count, () => (closed = new Error('stream left before its end')));
  } catch (error) {
    throw db.wrapError(error, statement);
  } finally {
    db.release(connection, closed);
  }
}

/**
 * One query's rows from a driver whose stream leaves the connection free between chunks
 * (better-sqlite3): the block's connection inside `atomic()`, else the pool's, handed back at
 * once so the loop body's queries run on it between chunks.
 */
export async function* sharedConnectionChunks(db: Database, statement: DriverStatement, count: number): AsyncGenerator<Record<string, unknown>[]> {
  captureContext.getStore()?.push({ sql: statement.sql, bindings: statement.bindings, alias: db.alias });
  let connection = atomicContext.getStore()?.get(db.alias)?.connection;
  if (!connection) {
    connection = await db.acquire(statement);
    db.release(connection);
  }
  try {
    yield* db.driver.stream!(connection, statement, count, () => undefined);
  } catch (error) {
    throw db.wrapError(error, statement);
  }
}

/**
 * How `iterator()` can stream on this database in the current context: a server-side cursor, a
 * socket stream outside `atomic()` (inside, the block's one connection must stay free for the
 * loop body), a statement iterator between the loop body's queries, or null when it must page.
 */
export function chunkStream(db: Database, statement: DriverStatement, count: number): AsyncGenerator<Record<string, unknown>[]> | null {
  if (db.dialect.cursorStatements) return cursorChunks(db, statement, count);
  if (db.driver.streamsBetweenQueries) return sharedConnectionChunks(db, statement, count);
  if (db.driver.stream && !atomicContext.getStore()?.has(db.alias)) return socketChunks(db, statement, count);
  return null;
}
