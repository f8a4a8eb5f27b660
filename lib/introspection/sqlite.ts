import { integerGuess, literalDefault, parseTypeName, sharedFieldFor, unknownType } from './common.js';
import type { ColumnInfo, FieldGuess, ForeignKeyInfo, IndexInfo, Introspector, RawQuery, TableInfo } from './types.js';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** SQLite: sqlite_master and the table_xinfo / foreign_key_list / index_list pragmas. */
export const sqliteIntrospector: Introspector = {
  async tableNames(query: RawQuery): Promise<string[]> {
    const rows = await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    return rows.map((row) => String(row.name));
  },

  async table(query: RawQuery, name: string): Promise<TableInfo> {
    const rows = await query(`PRAGMA table_xinfo(${quote(name)})`);
    const pkRows = rows.filter((row) => Number(row.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk));
    const primaryKey = pkRows.map((row) => String(row.name));
    const columns = rows.filter((row) => Number(row.hidden ?? 0) === 0).map((row) => column(row, primaryKey));
    const { uniques, indexes } = await indexesOf(query, name);
    return { name, columns, primaryKey, foreignKeys: await foreignKeysOf(query, name, primaryKey), uniques, indexes };
  },

  // The next key is derived from the largest one in the table (AUTO_INCREMENT, sqlite_sequence).
  sequenceResetSql(): string | null {
    return null;
  },

  // Wren's keys are DEFERRABLE already; this defers the others too, until COMMIT or until switched off.
  deferForeignKeysSql() {
    return { defer: 'PRAGMA defer_foreign_keys = ON', restore: 'PRAGMA defer_foreign_keys = OFF' };
  },

  fieldFor(column: ColumnInfo): FieldGuess {
    // SQLite accepts any type name; its affinity rules decide storage, and so do we.
    const base = column.dataType;
    if (/int/.test(base)) return integerGuess(base, column);
    return sharedFieldFor(column, base) ?? (base === '' ? { className: 'TextField', note: 'The column has no declared type' } : unknownType(column));
  },
};

function column(row: Record<string, unknown>, primaryKey: readonly string[]): ColumnInfo {
  const rawType = String(row.type ?? '');
  const { base, args, unsigned } = parseTypeName(rawType);
  const isChar = /char/.test(base);
  const name = String(row.name);
  // A lone INTEGER primary key is the rowid: SQLite fills it on insert.
  const rowid = primaryKey.length === 1 && primaryKey[0] === name && base === 'integer';
  return {
    name,
    dataType: base,
    rawType,
    maxLength: isChar ? (args[0] ?? null) : null,
    precision: isChar ? null : (args[0] ?? null),
    scale: isChar ? null : (args[1] ?? null),
    nullable: Number(row.notnull) === 0 && Number(row.pk) === 0,
    unsigned,
    autoIncrement: rowid,
    default: literalDefault(row.dflt_value as string | null),
  };
}

async function foreignKeysOf(query: RawQuery, table: string, _pk: readonly string[]): Promise<ForeignKeyInfo[]> {
  const rows = await query(`PRAGMA foreign_key_list(${quote(table)})`);
  const byId = new Map<number, { refTable: string; columns: string[]; refColumns: (string | null)[] }>();
  for (const row of rows) {
    const id = Number(row.id);
    const entry = byId.get(id) ?? { refTable: String(row.table), columns: [], refColumns: [] };
    entry.columns.push(String(row.from));
    entry.refColumns.push(row.to === null || row.to === undefined ? null : String(row.to));
    byId.set(id, entry);
  }
  const result: ForeignKeyInfo[] = [];
  for (const entry of byId.values()) {
    // A missing target column means the referenced table's primary key.
    const refColumns = entry.refColumns.includes(null) ? await primaryKeyOf(query, entry.refTable) : (entry.refColumns as string[]);
    result.push({ columns: entry.columns, refTable: entry.refTable, refColumns });
  }
  return result;
}

async function primaryKeyOf(query: RawQuery, table: string): Promise<string[]> {
  const rows = await query(`PRAGMA table_info(${quote(table)})`);
  return rows.filter((row) => Number(row.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((row) => String(row.name));
}

async function indexesOf(query: RawQuery, table: string): Promise<{ uniques: string[][]; indexes: IndexInfo[] }> {
  const uniques: string[][] = [];
  const indexes: IndexInfo[] = [];
  for (const row of await query(`PRAGMA index_list(${quote(table)})`)) {
    if (row.origin === 'pk' || Number(row.partial ?? 0) === 1) continue;
    const name = String(row.name);
    const columns = (await query(`PRAGMA index_info(${quote(name)})`)).sort((a, b) => Number(a.seqno) - Number(b.seqno)).map((c) => String(c.name));
    if (Number(row.unique) === 1) uniques.push(columns);
    else indexes.push({ name, columns, unique: false });
  }
  return { uniques, indexes };
}
