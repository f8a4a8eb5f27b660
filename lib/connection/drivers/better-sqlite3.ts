import type { Driver, DriverConnection, DriverStatement, QueryResult } from './driver.js';
import { withLiteralQuestionMarks } from './placeholders.js';

interface Statement {
  readonly reader: boolean;
  raw(toggle: boolean): Statement;
  all(bindings: readonly unknown[]): Record<string, unknown>[];
  iterate(bindings: readonly unknown[]): IterableIterator<Record<string, unknown>>;
  run(bindings: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

interface Connection {
  prepare(sql: string): Statement;
  unsafeMode(on: boolean): unknown;
}

/**
 * better-sqlite3 is synchronous: a statement finishes before the next starts, so one prepared
 * statement per SQL string is reused (the connection's `prepare` is cached, see the dialect).
 */
export const betterSqlite3Driver: Driver = {
  arrayRows: true,
  query(connection: DriverConnection, statement: DriverStatement): Promise<QueryResult> {
    try {
      return Promise.resolve(querySync(connection, statement));
    } catch (error) {
      return Promise.reject(error);
    }
  },
  querySync,
  streamsBetweenQueries: true,
  stream: iterateRows,
};

function querySync(connection: DriverConnection, statement: DriverStatement): QueryResult {
  const prepared = (connection as Connection).prepare(withLiteralQuestionMarks(statement.sql));
  return run(prepared, sqliteBindings(statement.bindings), statement.arrayRows === true);
}

/** Streams open on each connection: while any is, statements may run between an iterator's rows. */
const openStreams = new WeakMap<Connection, number>();

/**
 * A SELECT read with the statement's iterator, `count` rows per chunk: SQLite steps through the
 * result as it is read, so memory holds one chunk. better-sqlite3 refuses other statements on a
 * connection while one of its iterators is open unless the connection is in "unsafe mode", which
 * is on exactly while some stream is: the loop body's queries run between chunks, as Django's
 * fetchmany() cursor allows on SQLite. SQLite gives no isolation between them: rows the loop
 * body writes to the table being read may or may not be seen later in the same loop.
 */
async function* iterateRows(connection: DriverConnection, statement: DriverStatement, count: number): AsyncGenerator<Record<string, unknown>[]> {
  const db = connection as Connection;
  // A statement of its own: the cached one for this SQL may be needed by the loop body meanwhile.
  const prepared = (Object.getPrototypeOf(db) as Connection).prepare.call(db, withLiteralQuestionMarks(statement.sql));
  const rows = prepared.raw(statement.arrayRows === true).iterate(sqliteBindings(statement.bindings));
  const open = openStreams.get(db) ?? 0;
  openStreams.set(db, open + 1);
  if (open === 0) db.unsafeMode(true);
  try {
    for (;;) {
      const chunk: Record<string, unknown>[] = [];
      while (chunk.length < count) {
        const next = rows.next();
        if (next.done) break;
        chunk.push(next.value);
      }
      if (chunk.length) yield chunk;
      if (chunk.length < count) return;
    }
  } finally {
    rows.return?.();
    const left = (openStreams.get(db) ?? 1) - 1;
    openStreams.set(db, left);
    if (left === 0) db.unsafeMode(false);
  }
}

function run(statement: Statement, bindings: readonly unknown[], arrayRows: boolean): QueryResult {
  if (statement.reader) {
    // The mode is the statement's own and the statement is shared: set it on every call.
    const rows = statement.raw(arrayRows).all(bindings);
    return { rows, rowCount: rows.length, insertId: null };
  }
  const { changes, lastInsertRowid } = statement.run(bindings);
  return { rows: [], rowCount: changes, insertId: lastInsertRowid };
}

/** SQLite binds no booleans or dates: they travel as 1/0 and epoch milliseconds, as knex sends them. */
export function sqliteBindings(bindings: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < bindings.length; i++) {
    const value = bindings[i];
    if (typeof value === 'boolean' || value instanceof Date) return bindings.map(sqliteBinding);
  }
  return bindings;
}

function sqliteBinding(value: unknown): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (value instanceof Date) return value.valueOf();
  return value;
}
