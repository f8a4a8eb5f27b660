import Database from 'better-sqlite3';
import type { RawDriver } from './driver.js';

/** better-sqlite3 as its docs recommend: statements prepared once and reused. */
export function openBetterSqlite3(file: string): RawDriver {
  const db = new Database(file);
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  return {
    all: async (sql, params = []) => prepared(sql).all(...params) as Record<string, unknown>[],
    run: async (sql, params = []) => {
      prepared(sql).run(...params);
    },
    close: async () => {
      db.close();
    },
  };
}
