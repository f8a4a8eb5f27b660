import { atomic, database, type Database, type QueryResult } from '../connection/index.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import { compileBulkUpdate, compileInsert, type WriteRow } from './compiler/write.js';
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
 * The values an instance writes for these fields (auto primary keys left out while unset), each
 * converted by its field: a value the column cannot hold exactly raises `ValidationError` here,
 * before any SQL. The instance keeps the converted value, so it holds what the row will hold.
 */
export function rowOf(instance: Record<string, unknown>, fields: readonly Field[]): Map<Field, unknown> {
  const row = new Map<Field, unknown>();
  for (const field of fields) {
    const value = instance[field.attname];
    if (value === undefined || value === null) {
      if (!field.isAuto) row.set(field, null);
      continue;
    }
    const converted = field.toColumnValue(value);
    instance[field.attname] = converted;
    row.set(field, converted);
  }
  return row;
}

/**
 * INSERTs rows in batches that respect the dialect's parameter limit, one statement per batch.
 * Returns the new primary keys in order where the dialect reports them, else `undefined`.
 */
export async function insertRows(
  meta: ModelOptions,
  rows: readonly WriteRow[],
  db: Database,
  batchSize?: number,
): Promise<(unknown[] | undefined)> {
  if (rows.length === 0) return [];
  const compiler = compilerFor(db);
  const width = rows[0]!.size;
  // A row with no columns is `INSERT ... DEFAULT VALUES`, which takes one row per statement.
  const size = width === 0 ? 1 : Math.max(1, Math.min(batchSize ?? Infinity, db.dialect.maxInsertRows, Math.floor(db.dialect.maxQueryParams / width)));
  await db.ready();
  const keys: unknown[] = [];
  let complete = true;
  await inOneTransaction(db, rows.length > size, async () => {
    for (let start = 0; start < rows.length; start += size) {
      const batch = rows.slice(start, start + size);
      const result = await db.run(compileInsert(meta, batch, compiler), db.dialect.supportsReturning);
      const returned = returnedKeys(result, meta, batch.length);
      if (returned) keys.push(...returned);
      else complete = false;
    }
  });
  return complete ? keys : undefined;
}

/** Several batches run in one transaction (as Django's bulk_create does), so a failure leaves nothing half-written. */
async function inOneTransaction(db: Database, needed: boolean, fn: () => Promise<void>): Promise<void> {
  if (needed) await atomic(fn, { using: db.alias });
  else await fn();
}

/** RETURNING rows, or a single-row insert's id (MySQL reports only the first id of a batch). */
function returnedKeys(result: QueryResult, meta: ModelOptions, count: number): unknown[] | undefined {
  const { rows, insertId } = result;
  if (rows.length === count) return rows.map((row) => row[meta.pk.column]);
  if (count === 1 && insertId !== null && insertId > 0) return [insertId];
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
