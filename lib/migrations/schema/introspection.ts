import type { Database } from '../../connection/index.js';
import type { Dialect } from '../../dialects/index.js';

/** An index or unique/primary constraint as the database's catalog reports it. */
export interface IndexInfo {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly primary: boolean;
}

type Row = Record<string, unknown>;

async function rows(db: Database, sql: string, bindings: readonly string[] = []): Promise<Row[]> {
  return (await db.run({ sql, bindings })).rows;
}

interface Catalog {
  tables(db: Database): Promise<string[]>;
  indexes(db: Database, table: string): Promise<IndexInfo[]>;
  /** FOREIGN KEY constraints of a table: name and (first) column. */
  foreignKeys(db: Database, table: string): Promise<{ name: string; column: string }[]>;
}

/** Catalog queries per database: the migrations need table names and index names only. */
const CATALOGS: Record<Dialect['vendor'], Catalog> = {
  sqlite: {
    async tables(db) {
      const found = await rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
      return found.map((row) => String(row.name));
    },
    async indexes(db, table) {
      const out: IndexInfo[] = [];
      for (const row of await rows(db, `SELECT * FROM pragma_index_list(?)`, [table])) {
        const info = await rows(db, `SELECT * FROM pragma_index_info(?) ORDER BY seqno`, [String(row.name)]);
        out.push({ name: String(row.name), columns: info.map((c) => String(c.name)), unique: Number(row.unique) === 1, primary: row.origin === 'pk' });
      }
      return out;
    },
    async foreignKeys(db, table) {
      const found = await rows(db, 'SELECT id, "from" AS col FROM pragma_foreign_key_list(?)', [table]);
      return found.map((row) => ({ name: `fk${String(row.id)}`, column: String(row.col) }));
    },
  },
  postgres: {
    async tables(db) {
      const found = await rows(db, 'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()');
      return found.map((row) => String(row.name));
    },
    async indexes(db, table) {
      const found = await rows(
        db,
        `SELECT COALESCE(c.conname, i.relname) AS name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
                (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                   FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS columns
           FROM pg_index ix
           JOIN pg_class t ON t.oid = ix.indrelid
           JOIN pg_class i ON i.oid = ix.indexrelid
           LEFT JOIN pg_constraint c ON c.conindid = ix.indexrelid AND c.conrelid = t.oid
          WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace`,
        [table],
      );
      return found.map((row) => ({ name: String(row.name), unique: row.is_unique === true, primary: row.is_primary === true, columns: String(row.columns).split(',') }));
    },
    async foreignKeys(db, table) {
      const found = await rows(
        db,
        `SELECT c.conname AS name, a.attname AS col FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'f' AND t.relname = ? AND t.relnamespace = current_schema()::regnamespace`,
        [table],
      );
      return found.map((row) => ({ name: String(row.name), column: String(row.col) }));
    },
  },
  mysql: {
    async tables(db) {
      const found = await rows(db, "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'");
      return found.map((row) => String(row.name));
    },
    async indexes(db, table) {
      const found = await rows(
        db,
        `SELECT INDEX_NAME AS name, MIN(NON_UNIQUE) AS non_unique, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns
           FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME`,
        [table],
      );
      return found.map((row) => ({ name: String(row.name), unique: Number(row.non_unique) === 0, primary: row.name === 'PRIMARY', columns: String(row.columns).split(',') }));
    },
    async foreignKeys(db, table) {
      const found = await rows(
        db,
        `SELECT CONSTRAINT_NAME AS name, COLUMN_NAME AS col FROM information_schema.KEY_COLUMN_USAGE
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL AND ORDINAL_POSITION = 1`,
        [table],
      );
      return found.map((row) => ({ name: String(row.name), column: String(row.col) }));
    },
  },
};

export function catalog(dialect: Dialect): Catalog {
  return CATALOGS[dialect.vendor];
}
