import { atomic, database, type Database, type QueryResult } from '../connection/index.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import { compileBulkUpdate, compileInsert, type WriteRow } from './compiler/write.js';
import type { InsertConflict } from './insert-conflicts.js';
import { SqlCompiler } from './compiler/sql-compiler.js';

const compilers = new WeakMap<Database, SqlCompiler>();

/** One compiler per database, reused across queries. */
export function compilerFor(db: Database): SqlCompiler {
  let compiler = compilers.get(db);
  if (!compiler) compilers.set(db, (compiler = new SqlCompiler(db.dialect)));
  return compiler;
}

export function resolveDatabase(alias: string | null | undefined): Database {
  return database(alias ?? undefined);
}

/**
 * The values an instance writes for these fields (bulkUpdate's), keyed by field, each converted
 * by its field: a value the column cannot hold exactly raises `ValidationError` here, before any
 * SQL. The instance keeps the converted value, so it holds what the row will hold.
 */
export function rowOf(instance: Record<string, unknown>, fields: readonly Field[]): Map<Field, unknown> {
  const row = new Map<Field, unknown>();
  for (const field of fields) {
    const value = instance[field.attname];
    const converted = value === undefined || value === null ? null : field.toColumnValue(value);
    if (converted !== null) instance[field.attname] = converted;
    row.set(field, converted);
  }
  return row;
}

/** The columns an INSERT writes: every field, or all but an auto key the database is to make. */
export function insertFields(meta: ModelOptions, generatedKey: boolean): readonly Field[] {
  return generatedKey ? meta.fieldsButAutoKey : meta.fields;
}

/** True when the database is to make this instance's primary key: an auto key with no value yet. */
export function generatesKey(meta: ModelOptions, instance: Record<string, unknown>): boolean {
  return meta.pk.isAuto && instance[meta.pk.attname] == null;
}

/**
 * The values an instance inserts into `fields`, in order, each converted by its field: a value
 * the column cannot hold exactly raises `ValidationError` here, before any SQL. The instance keeps
 * the converted value, so it holds what the row will hold.
 */
export function insertValues(instance: Record<string, unknown>, fields: readonly Field[]): unknown[] {
  const values = new Array<unknown>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const value = instance[field.attname];
    values[i] = value === undefined || value === null ? null : (instance[field.attname] = field.toColumnValue(value));
  }
  return values;
}

/**
 * INSERTs rows (values in `fields` order) in batches that respect the dialect's parameter limit,
 * one statement per batch. Returns the new primary keys in order where the dialect reports them,
 * else `undefined`. With a `conflict` clause only RETURNING counts: a conflicting row's
 * MySQL insert id is not its key.
 */
export async function insertRows(
  meta: ModelOptions,
  fields: readonly Field[],
  rows: readonly (readonly unknown[])[],
  db: Database,
  batchSize?: number,
  conflict: InsertConflict | null = null,
): Promise<(unknown[] | undefined)> {
  if (rows.length === 0) return [];
  const compiler = compilerFor(db);
  const width = fields.length;
  const size = insertBatchSize(db, width, batchSize);
  if (!db.versionKnown) await db.ready();
  // One statement (every save()'s INSERT): no transaction to open, and few promises.
  if (rows.length <= size) return returnedKeys(await db.run(compileInsert(meta, fields, rows, compiler, conflict), db.dialect.supportsReturning), meta, rows.length, conflict);
  const keys: unknown[] = [];
  let complete = true;
  // Several batches run in one transaction (as Django's bulk_create does): a failure leaves nothing half-written.
  await atomic(async () => {
    for (let start = 0; start < rows.length; start += size) {
      const batch = rows.slice(start, start + size);
      // Full batches repeat the same statement: PostgreSQL then parses and plans it once per
      // connection (20 INSERTs of 500 rows took 40% less time prepared). A lone or last, shorter
      // batch is not, so one-off statements never pile up as prepared ones.
      const statement = { ...compileInsert(meta, fields, batch, compiler, conflict), repeated: batch.length === size };
      const result = await db.run(statement, db.dialect.supportsReturning);
      const returned = returnedKeys(result, meta, batch.length, conflict);
      if (returned) for (const key of returned) keys.push(key);
      else complete = false;
    }
  }, { using: db.alias });
  return complete ? keys : undefined;
}

/** Rows per INSERT: as many as asked, within the dialect's row and parameter limits. */
function insertBatchSize(db: Database, width: number, batchSize: number | undefined): number {
  // A row with no columns is `INSERT ... DEFAULT VALUES`, which takes one row per statement.
  if (width === 0) return 1;
  return Math.max(1, Math.min(batchSize ?? Infinity, db.dialect.maxInsertRows, Math.floor(db.dialect.maxQueryParams / width)));
}

/** Several batches run in one transaction (as Django's bulk_create does), so a failure leaves nothing half-written. */
export async function inOneTransaction(db: Database, needed: boolean, fn: () => Promise<void>): Promise<void> {
  if (needed) await atomic(fn, { using: db.alias });
  else await fn();
}

/** RETURNING rows, or a single-row insert's id (MySQL reports only the first id of a batch). */
function returnedKeys(result: QueryResult, meta: ModelOptions, count: number, conflict: InsertConflict | null): unknown[] | undefined {
  const { rows, insertId } = result;
  if (rows.length === count) return rows.map((row) => row[meta.pk.column]);
  if (count === 1 && insertId !== null && insertId > 0 && !conflict) return [insertId];
  return undefined;
}

/** UPDATEs each object's `fields` by primary key, one CASE statement per batch. */
export async function bulkUpdateRows(
  meta: ModelOptions,
  objects: readonly { pk: unknown; values: WriteRow }[],
  fields: readonly Field[],
  db: Database,
  batchSize?: number,
): Promise<number> {
  const compiler = compilerFor(db);
  const perRow = fields.length * 2 + 1;
  const size = Math.max(1, Math.min(batchSize ?? Infinity, Math.floor(db.dialect.maxQueryParams / perRow)));
  let updated = 0;
  await inOneTransaction(db, objects.length > size, async () => {
    for (let start = 0; start < objects.length; start += size) {
      const batch = objects.slice(start, start + size);
      updated += (await db.run(compileBulkUpdate(meta, batch, fields, compiler), false)).rowCount;
    }
  });
  return updated;
}
