import mysql from 'mysql2/promise';
import type { RawDriver } from './driver.js';

/** mysql2 with one connection and client-side parameter interpolation (`query`), as knex uses it. */
export async function openMysql(url: string): Promise<RawDriver> {
  const conn = await mysql.createConnection({ uri: url });
  return {
    all: async (sql, params = []) => (await conn.query(sql, params as unknown[]))[0] as Record<string, unknown>[],
    run: async (sql, params = []) => {
      await conn.query(sql, params as unknown[]);
    },
    close: () => conn.end(),
  };
}
