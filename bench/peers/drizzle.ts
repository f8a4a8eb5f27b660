import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { unavailable, type Target } from '../config.js';
import { utcText, type ItemValues } from '../data.js';
import { mysqlTables, pgTables, sqliteTables } from './drizzle-tables.js';

type PgTables = typeof pgTables;

/**
 * Drizzle's query builder over one target. Drizzle gives each dialect the same builder API but its
 * own types, so the workloads write each query once against the PostgreSQL types and the SQLite
 * and MySQL database and tables are cast to them; what differs at run time is handled explicitly.
 */
export interface DrizzleHandle {
  readonly db: NodePgDatabase;
  readonly tables: PgTables;
  /**
   * Set on better-sqlite3 only: there Drizzle's transactions are synchronous (better-sqlite3's own
   * `transaction()`), so load-modify-save uses these typed objects and `.get()`/`.run()`.
   */
  readonly sqlite: { readonly db: BetterSQLite3Database; readonly tables: typeof sqliteTables } | null;
  /** An item's values as this dialect's Drizzle columns take them (converted before timing). */
  values(item: ItemValues): Record<string, unknown>;
  close(): Promise<void>;
}

/** Drizzle over one better-sqlite3 database, or the target's usual pool (pg.Pool, a mysql2 pool). */
export async function openDrizzle(target: Target, file: string): Promise<DrizzleHandle> {
  switch (target.name) {
    case 'better-sqlite3': {
      const [{ default: Database }, { drizzle }] = await Promise.all([import('better-sqlite3'), import('drizzle-orm/better-sqlite3')]);
      const client = new Database(file);
      const db = drizzle({ client });
      return {
        db: db as unknown as NodePgDatabase,
        tables: sqliteTables as unknown as PgTables,
        sqlite: { db, tables: sqliteTables },
        values: (item) => ({ ...item, created: utcText(item.created) }),
        close: async () => {
          client.close();
        },
      };
    }
    case 'postgres': {
      const [{ default: pg }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
      const pool = new pg.Pool({ connectionString: target.url! });
      return { db: drizzle({ client: pool }), tables: pgTables, sqlite: null, values: (item) => ({ ...item }), close: () => pool.end() };
    }
    case 'mysql': {
      const [{ default: mysql }, { drizzle }] = await Promise.all([import('mysql2/promise'), import('drizzle-orm/mysql2')]);
      const pool = mysql.createPool({ uri: target.url! });
      // No `mode` option: 0.45's config check rejects any object that has one; 'default' is the default.
      return {
        db: drizzle({ client: pool }) as unknown as NodePgDatabase,
        tables: mysqlTables as unknown as PgTables,
        sqlite: null,
        values: (item) => ({ ...item }),
        close: () => pool.end(),
      };
    }
    case 'sqlite3':
      throw new Error(unavailable('drizzle', target)!);
  }
}
