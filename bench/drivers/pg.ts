import pg from 'pg';
import type { RawDriver } from './driver.js';

/** node-postgres with one client; `?` placeholders become `$n` once per distinct statement. */
export async function openPg(url: string): Promise<RawDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const texts = new Map<string, string>();
  const numbered = (sql: string): string => {
    let text = texts.get(sql);
    if (text === undefined) {
      let n = 0;
      texts.set(sql, (text = sql.replace(/\?/g, () => `$${++n}`)));
    }
    return text;
  };
  return {
    all: async (sql, params = []) => (await client.query(numbered(sql), params as unknown[])).rows as Record<string, unknown>[],
    run: async (sql, params = []) => {
      await client.query(numbered(sql), params as unknown[]);
    },
    close: () => client.end(),
  };
}
