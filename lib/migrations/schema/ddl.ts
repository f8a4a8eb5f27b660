import type { Dialect } from '../../dialects/index.js';

/** A column's definition without key clauses: what ALTER COLUMN compares and sets. */
export interface ColumnParts {
  readonly type: string;
  readonly null: boolean;
  /** The DEFAULT literal, already quoted; undefined when there is none. */
  readonly default: string | undefined;
}

/**
 * How each database changes an existing table. Declared as data per database, so the schema
 * editor only asks questions (`rebuildsTables`, `alterColumnSql`). (Migration-only knowledge,
 * kept next to the schema editor rather than in lib/dialects/.)
 */
export interface DdlFeatures {
  /** ALTER TABLE cannot change columns or constraints: copy the table instead (SQLite). */
  readonly rebuildsTables: boolean;
  /** A column in a FOREIGN KEY constraint cannot be dropped until the constraint is (MySQL). */
  readonly dropsForeignKeysFirst: boolean;
  /** Statements around a migration, outside its transaction (SQLite turns FK enforcement off for rebuilds). */
  readonly beforeMigration: readonly string[];
  readonly afterMigration: readonly string[];
  /**
   * Run before each operation inside a migration's transaction: PostgreSQL refuses ALTER TABLE
   * while deferred key checks are pending (after a data operation), so they are checked first.
   */
  readonly beforeOperation: readonly string[];
  /** A query listing rows that break a foreign key (null when the database enforces them as it goes). */
  readonly integrityCheckSql: string | null;
  alterColumnSql(table: string, column: string, from: ColumnParts, to: ColumnParts, q: (id: string) => string): string[];
  dropIndexSql(table: string, name: string, q: (id: string) => string): string;
  dropConstraintSql(table: string, name: string, kind: 'unique' | 'check', q: (id: string) => string): string;
  dropForeignKeySql(table: string, name: string, q: (id: string) => string): string;
}

function postgresAlter(table: string, column: string, from: ColumnParts, to: ColumnParts, q: (id: string) => string): string[] {
  const alter = `ALTER TABLE ${q(table)} ALTER COLUMN ${q(column)}`;
  const out: string[] = [];
  if (from.type !== to.type) out.push(`${alter} TYPE ${to.type} USING ${q(column)}::${to.type}`);
  if (from.default !== to.default) out.push(to.default === undefined ? `${alter} DROP DEFAULT` : `${alter} SET DEFAULT ${to.default}`);
  if (from.null !== to.null) {
    out.push(`${alter} ${to.null ? 'DROP' : 'SET'} NOT NULL`);
  }
  return out;
}

function mysqlAlter(table: string, column: string, from: ColumnParts, to: ColumnParts, q: (id: string) => string): string[] {
  if (from.type === to.type && from.null === to.null && from.default === to.default) return [];
  const out: string[] = [];
  const def = `${to.type} ${to.null ? 'NULL' : 'NOT NULL'}${to.default === undefined ? '' : ` DEFAULT ${to.default}`}`;
  out.push(`ALTER TABLE ${q(table)} MODIFY ${q(column)} ${def}`);
  return out;
}

const FEATURES: Record<Dialect['vendor'], DdlFeatures> = {
  sqlite: {
    rebuildsTables: true,
    dropsForeignKeysFirst: false,
    // A rebuild drops the old table; with enforcement on, that would delete or reject child rows.
    beforeMigration: ['PRAGMA foreign_keys = OFF'],
    afterMigration: ['PRAGMA foreign_keys = ON'],
    integrityCheckSql: 'PRAGMA foreign_key_check',
    beforeOperation: [],
    alterColumnSql: () => [],
    dropIndexSql: (_table, name, q) => `DROP INDEX ${q(name)}`,
    dropConstraintSql: () => '',
    dropForeignKeySql: () => '',
  },
  postgres: {
    rebuildsTables: false,
    dropsForeignKeysFirst: false,
    beforeMigration: [],
    afterMigration: [],
    integrityCheckSql: null,
    beforeOperation: ['SET CONSTRAINTS ALL IMMEDIATE', 'SET CONSTRAINTS ALL DEFERRED'],
    alterColumnSql: postgresAlter,
    dropIndexSql: (_table, name, q) => `DROP INDEX ${q(name)}`,
    dropConstraintSql: (table, name, _kind, q) => `ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(name)}`,
    dropForeignKeySql: (table, name, q) => `ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(name)}`,
  },
  mysql: {
    rebuildsTables: false,
    dropsForeignKeysFirst: true,
    beforeMigration: [],
    afterMigration: [],
    integrityCheckSql: null,
    beforeOperation: [],
    alterColumnSql: mysqlAlter,
    dropIndexSql: (table, name, q) => `DROP INDEX ${q(name)} ON ${q(table)}`,
    dropConstraintSql: (table, name, kind, q) => (kind === 'unique' ? `ALTER TABLE ${q(table)} DROP INDEX ${q(name)}` : `ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(name)}`),
    dropForeignKeySql: (table, name, q) => `ALTER TABLE ${q(table)} DROP FOREIGN KEY ${q(name)}`,
  },
};

export function ddlFeatures(dialect: Dialect): DdlFeatures {
  return FEATURES[dialect.vendor];
}
