import sqlite3 from 'sqlite3';
import type { RawDriver } from './driver.js';

export async function openSqlite3(file: string): Promise<RawDriver> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(opened)));
  });
  return {
    all: (sql, params = []) =>
      new Promise((resolve, reject) => db.all(sql, params as unknown[], (err, rows) => (err ? reject(err) : resolve(rows as Record<string, unknown>[])))),
    run: (sql, params = []) => new Promise((resolve, reject) => db.run(sql, params as unknown[], (err) => (err ? reject(err) : resolve()))),
    close: () => new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve()))),
  };
}
