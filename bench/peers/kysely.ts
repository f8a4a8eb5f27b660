import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, type Dialect, type Generated } from 'kysely';
import { unavailable, type Target } from '../config.js';

/**
 * Kysely's view of the bench tables (made by Wren's schema editor). Values are typed as the
 * drivers hand them over and take them, as for knex: SQLite stores booleans as 0/1 and the
 * datetime as text, MySQL takes the datetime as text.
 */
export interface BenchDatabase {
  bench_items: {
    id: Generated<number>;
    name: string;
    category: string;
    age: number;
    score: number;
    active: boolean | number;
    created: Date | string;
  };
  bench_authors: { id: Generated<number>; name: string; email: string };
  bench_books: { id: Generated<number>; title: string; pages: number; author_id: number };
}

export type BenchKysely = Kysely<BenchDatabase>;

/** Each dialect's driver is imported only by the child process that measures it. */
async function dialectFor(target: Target, file: string): Promise<Dialect> {
  switch (target.name) {
    case 'better-sqlite3': {
      const { default: Database } = await import('better-sqlite3');
      return new SqliteDialect({ database: new Database(file) });
    }
    case 'postgres': {
      const { default: pg } = await import('pg');
      return new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url! }) });
    }
    case 'mysql': {
      const { createPool } = await import('mysql2');
      return new MysqlDialect({ pool: createPool({ uri: target.url! }) });
    }
    case 'sqlite3':
      throw new Error(unavailable('kysely', target)!);
  }
}

/** Kysely over the target's usual pool (pg.Pool, a mysql2 pool) or one better-sqlite3 database. */
export async function openKysely(target: Target, file: string): Promise<BenchKysely> {
  return new Kysely<BenchDatabase>({ dialect: await dialectFor(target, file) });
}
