import { integerGuess, literalDefault, sharedFieldFor, unknownType } from './common.js';
import type { ColumnInfo, FieldGuess, IndexInfo, Introspector, RawQuery, TableInfo } from './types.js';

const COLUMNS_SQL = `
SELECT c.column_name AS name, c.udt_name AS udt, format_type(a.atttypid, a.atttypmod) AS full_type,
       c.character_maximum_length AS max_length, c.numeric_precision AS precision, c.numeric_scale AS scale,
       c.is_nullable AS nullable, c.column_default AS "default", c.is_identity AS identity
FROM information_schema.columns c
JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name
WHERE c.table_schema = current_schema() AND c.table_name = ?
ORDER BY c.ordinal_position`;

/**
 * Types node-postgres parses into objects rather than giving their text, with an example of the
 * text to write; arrays (udt names starting with '_') read as arrays.
 */
const READ_AS_OBJECTS: Record<string, string> = { interval: "'1 day 02:00:00'", point: "'(1,2)'", circle: "'<(1,2),3>'" };

const COLUMN_LIST = (keys: string, relid: string) => `(SELECT array_agg(att.attname::text ORDER BY k.ord)
   FROM unnest(${keys}) WITH ORDINALITY AS k(attnum, ord)
   JOIN pg_attribute att ON att.attrelid = ${relid} AND att.attnum = k.attnum)`;

const CONSTRAINTS_SQL = `
SELECT con.contype AS type, ${COLUMN_LIST('con.conkey', 'con.conrelid')} AS columns,
       ref.relname AS ref_table, ${COLUMN_LIST('con.confkey', 'con.confrelid')} AS ref_columns
FROM pg_constraint con
JOIN pg_class cl ON cl.oid = con.conrelid
JOIN pg_namespace ns ON ns.oid = cl.relnamespace
LEFT JOIN pg_class ref ON ref.oid = con.confrelid
WHERE ns.nspname = current_schema() AND cl.relname = ? AND con.contype IN ('p', 'u', 'f')
ORDER BY con.conname`;

const INDEXES_SQL = `
SELECT ic.relname AS name, ix.indisunique AS is_unique, ${COLUMN_LIST('ix.indkey::int2[]', 'ix.indrelid')} AS columns
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_class ic ON ic.oid = ix.indexrelid
JOIN pg_namespace ns ON ns.oid = t.relnamespace
WHERE ns.nspname = current_schema() AND t.relname = ? AND ix.indpred IS NULL AND ix.indexprs IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
ORDER BY ic.relname`;

/** PostgreSQL: information_schema for columns, pg_catalog for keys and indexes (current schema only). */
export const postgresIntrospector: Introspector = {
  async tableNames(query: RawQuery): Promise<string[]> {
    const rows = await query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
    return rows.map((row) => String(row.name));
  },

  async table(query: RawQuery, name: string): Promise<TableInfo> {
    const columns = (await query(COLUMNS_SQL, [name])).map(column);
    const constraints = await query(CONSTRAINTS_SQL, [name]);
    const of = (type: string) => constraints.filter((row) => row.type === type);
    const indexRows = await query(INDEXES_SQL, [name]);
    const indexes: IndexInfo[] = indexRows.filter((row) => !row.is_unique).map((row) => ({ name: String(row.name), columns: list(row.columns), unique: false }));
    return {
      name,
      columns,
      primaryKey: of('p').flatMap((row) => list(row.columns)),
      foreignKeys: of('f').map((row) => ({ columns: list(row.columns), refTable: String(row.ref_table), refColumns: list(row.ref_columns) })),
      uniques: [...of('u').map((row) => list(row.columns)), ...indexRows.filter((row) => row.is_unique).map((row) => list(row.columns))],
      indexes,
    };
  },

  sequenceResetSql(table: string, column: string): string | null {
    const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
    const ident = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const sequence = `pg_get_serial_sequence(${literal(ident(table))}, ${literal(column)})`;
    return `SELECT setval(${sequence}, COALESCE(MAX(${ident(column)}), 1), MAX(${ident(column)}) IS NOT NULL) FROM ${ident(table)} WHERE ${sequence} IS NOT NULL`;
  },

  // Wren's keys are DEFERRABLE INITIALLY DEFERRED. SET CONSTRAINTS could defer only other
  // DEFERRABLE keys, and could not be undone exactly inside an enclosing transaction.
  deferForeignKeysSql() {
    return null;
  },

  fieldFor(column: ColumnInfo): FieldGuess {
    const base = column.dataType;
    // Wren has no field for these: a TextField writes their text, dumpdata dumps their text.
    if (base.startsWith('_')) return unknownType(column, "reads as an array; write PostgreSQL's text for it ('{a,b}')");
    if (base in READ_AS_OBJECTS) return unknownType(column, `reads as an object; write PostgreSQL's text for it (${READ_AS_OBJECTS[base]})`);
    if (/^(int2|int4|int8|smallint|integer|bigint)$/.test(base)) return integerGuess(base, column);
    if (base === 'bpchar' || base === 'varchar') return sharedFieldFor(column, 'char')!;
    return sharedFieldFor(column, base) ?? unknownType(column);
  },
};

function column(row: Record<string, unknown>): ColumnInfo {
  const defaultSql = row.default === null ? null : String(row.default);
  const udt = String(row.udt);
  const precision = row.precision === null ? null : Number(row.precision);
  return {
    name: String(row.name),
    dataType: udt,
    rawType: String(row.full_type),
    maxLength: row.max_length === null ? null : Number(row.max_length),
    precision: udt === 'numeric' ? precision : null,
    scale: udt === 'numeric' && row.scale !== null ? Number(row.scale) : null,
    nullable: row.nullable === 'YES',
    unsigned: false,
    autoIncrement: row.identity === 'YES' || (defaultSql?.startsWith('nextval(') ?? false),
    default: literalDefault(defaultSql),
  };
}

/** pg returns text[] as an array; be lenient with the '{a,b}' text form too. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}
