import { integerGuess, literalDefault, sharedFieldFor, unknownType } from './common.js';
import type { ColumnInfo, FieldGuess, IndexInfo, Introspector, RawQuery, TableInfo } from './types.js';

const COLUMNS_SQL = `
SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, CHARACTER_MAXIMUM_LENGTH AS max_length,
       NUMERIC_PRECISION AS \`precision\`, NUMERIC_SCALE AS scale, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS \`default\`,
       EXTRA AS extra
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
ORDER BY ORDINAL_POSITION`;

const FOREIGN_KEYS_SQL = `
SELECT CONSTRAINT_NAME AS name, COLUMN_NAME AS \`column\`, REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_column
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION`;

const INDEXES_SQL = `
SELECT INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS \`column\`
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
ORDER BY INDEX_NAME, SEQ_IN_INDEX`;

// MariaDB stores JSON as LONGTEXT with a json_valid() check; the check tells the two apart.
const JSON_CHECKS_SQL = `
SELECT cc.CHECK_CLAUSE AS clause
FROM information_schema.TABLE_CONSTRAINTS tc
JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'CHECK'`;

/**
 * Unsigned columns reach twice the signed maximum: the smallest field that holds every value (a
 * bigint unsigned stays a BigIntegerField, exact up to 2^53). PositiveIntegerField goes to
 * 2147483647, as everywhere in Wren.
 */
const UNSIGNED_INTEGERS: Record<string, FieldGuess> = {
  tinyint: { className: 'SmallIntegerField' },
  smallint: { className: 'PositiveIntegerField' },
  mediumint: { className: 'PositiveIntegerField' },
  int: { className: 'BigIntegerField', note: 'The column is int unsigned: 0 to 4294967295, more than IntegerField holds' },
};

/** MySQL and MariaDB: information_schema of the connected database. */
export const mysqlIntrospector: Introspector = {
  async tableNames(query: RawQuery): Promise<string[]> {
    const rows = await query("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
    return rows.map((row) => String(row.name));
  },

  async table(query: RawQuery, name: string): Promise<TableInfo> {
    const jsonColumns = await jsonChecked(query, name);
    const columns = (await query(COLUMNS_SQL, [name])).map(column).map((c) => (jsonColumns.has(c.name) ? { ...c, dataType: 'json' } : c));
    const foreignKeys = group(await query(FOREIGN_KEYS_SQL, [name])).map((rows) => ({
      columns: rows.map((row) => String(row.column)),
      refTable: String(rows[0]!.ref_table),
      refColumns: rows.map((row) => String(row.ref_column)),
    }));
    const primaryKey: string[] = [];
    const uniques: string[][] = [];
    const indexes: IndexInfo[] = [];
    for (const rows of group(await query(INDEXES_SQL, [name]))) {
      const indexName = String(rows[0]!.name);
      const cols = rows.map((row) => String(row.column));
      if (indexName === 'PRIMARY') primaryKey.push(...cols);
      else if (Number(rows[0]!.non_unique) === 0) uniques.push(cols);
      else indexes.push({ name: indexName, columns: cols, unique: false });
    }
    return { name, columns, primaryKey, foreignKeys, uniques, indexes };
  },

  // The next key is derived from the largest one in the table (AUTO_INCREMENT, sqlite_sequence).
  sequenceResetSql(): string | null {
    return null;
  },

  // InnoDB checks every key row by row and cannot defer one; the setting lasts for the session.
  deferForeignKeysSql() {
    return { defer: 'SET FOREIGN_KEY_CHECKS = 0', restore: 'SET FOREIGN_KEY_CHECKS = 1' };
  },

  fieldFor(column: ColumnInfo): FieldGuess {
    const base = column.dataType;
    // MySQL spells BOOLEAN as tinyint(1).
    if (base === 'tinyint' && /^tinyint\(1\)/.test(column.rawType)) return { className: 'BooleanField' };
    if (/int$/.test(base)) {
      const unsigned = column.unsigned && !column.autoIncrement ? UNSIGNED_INTEGERS[base] : undefined;
      return unsigned ?? integerGuess(base === 'mediumint' ? 'int' : base, { ...column, unsigned: false });
    }
    // mysql2 reads a year as a number and bits as bytes (a Buffer).
    if (base === 'year') return { className: 'SmallIntegerField', note: 'The column is year: a year from 1901 to 2155, or 0' };
    if (base === 'bit') return { className: 'BinaryField', note: `The column is ${column.rawType}: read and written as bytes (a Buffer), the bits right-aligned` };
    return sharedFieldFor(column, base) ?? unknownType(column);
  },
};

function column(row: Record<string, unknown>): ColumnInfo {
  const columnType = String(row.column_type).toLowerCase();
  const base = String(row.data_type).toLowerCase();
  const rawDefault = row.default === null || row.default === undefined ? null : String(row.default);
  return {
    name: String(row.name),
    dataType: base,
    rawType: columnType,
    maxLength: /char/.test(base) && row.max_length !== null ? Number(row.max_length) : null,
    precision: /decimal|numeric/.test(base) && row.precision !== null ? Number(row.precision) : null,
    scale: /decimal|numeric/.test(base) && row.scale !== null ? Number(row.scale) : null,
    nullable: row.nullable === 'YES',
    unsigned: /unsigned/.test(columnType),
    autoIncrement: /auto_increment/i.test(String(row.extra ?? '')),
    default: mysqlDefault(rawDefault, base),
  };
}

/**
 * MariaDB reports defaults as SQL ('abc' quoted, NULL as the word); MySQL gives the bare value.
 * Either way only literals are kept.
 */
function mysqlDefault(raw: string | null, base: string): ColumnInfo['default'] {
  if (raw === null || raw.toUpperCase() === 'NULL') return undefined;
  const literal = literalDefault(raw);
  if (literal !== undefined) return literal;
  if (/char|text/.test(base) && !/^[a-z_]+\(.*\)$/i.test(raw) && !/^current_timestamp/i.test(raw)) return raw;
  return undefined;
}

/** Consecutive rows with the same `name`. */
function group(rows: Record<string, unknown>[]): Record<string, unknown>[][] {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = String(row.name);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()];
}

/** Columns whose CHECK is `json_valid(col)`; none on servers without CHECK_CONSTRAINTS (MySQL < 8.0.16). */
async function jsonChecked(query: RawQuery, table: string): Promise<Set<string>> {
  let rows: Record<string, unknown>[];
  try {
    rows = await query(JSON_CHECKS_SQL, [table]);
  } catch {
    return new Set();
  }
  const names = rows.map((row) => /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(String(row.clause).trim())?.[1]).filter((n): n is string => n !== undefined);
  return new Set(names.map((n) => n.replace(/``/g, '`')));
}
