import type { Database } from '../connection/index.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import { dbValue } from './compiler/write.js';
import { Expression } from './expressions.js';
import { BEYOND_RANGE, keyBinding } from './by-key.js';
import { shapeId, statementCacheOf } from './statement-cache.js';
import { compilerFor } from './writes.js';

type Row = Record<string, unknown>;

/**
 * `save()`'s UPDATE of one row by primary key through the statement cache (see
 * statement-cache.ts): the SQL for a model and a list of fields is compiled once, by the general
 * path, and reused. Every value is still converted by its field (`toColumnValue`), and the
 * instance keeps the converted values, as on the general path.
 */
export function cachedUpdateByKey(db: Database, meta: ModelOptions, pk: unknown, fields: readonly Field[], instance: Row): Promise<number> | null {
  const sql = statementCacheOf(db).get(updateShape(meta, fields));
  if (sql === undefined) return null;
  for (const field of fields) if (instance[field.attname] instanceof Expression) return null;
  const key = keyBinding(db, meta.pk, pk);
  if (key === BEYOND_RANGE) return null;
  const compiler = compilerFor(db);
  const bindings: unknown[] = [];
  const converted: unknown[] = [];
  for (const field of fields) {
    const value = field.toColumnValue(instance[field.attname] ?? null);
    converted.push(value);
    bindings.push(dbValue(field, value, compiler));
  }
  bindings.push(key);
  for (let i = 0; i < fields.length; i++) instance[fields[i]!.attname] = converted[i];
  return db.run({ sql, bindings, repeated: true }, false).then(rowCount);
}

const rowCount = (result: { rowCount: number }): number => result.rowCount;

/**
 * Keeps the UPDATE the general path compiled when its parameters are the fields' values in
 * order and then the key, as `cachedUpdateByKey` binds them.
 */
export function rememberUpdateByKey(db: Database, meta: ModelOptions, pk: unknown, fields: readonly Field[], instance: Row, statement: { sql: string; bindings: readonly unknown[] }): void {
  // An F() expression writes SQL of its own in place of a placeholder: that UPDATE is not the shape.
  for (const field of fields) if (instance[field.attname] instanceof Expression) return;
  if (statement.bindings.length !== fields.length + 1) return;
  if (!Object.is(statement.bindings[fields.length], keyBinding(db, meta.pk, pk))) return;
  statementCacheOf(db).set(updateShape(meta, fields), statement.sql);
}

const shapeKeys = new WeakMap<readonly Field[], string>();

/**
 * The fields in their order: `updateFields` may name them in any order, each its own shape. A
 * plain `save()` passes the model's one list of non-key fields, whose key is worked out once.
 */
function updateShape(meta: ModelOptions, fields: readonly Field[]): string {
  let key = shapeKeys.get(fields);
  if (key === undefined) {
    key = `update:${shapeId(meta)}`;
    for (const field of fields) key += `:${field.attname}`;
    if (Object.isFrozen(fields)) shapeKeys.set(fields, key);
  }
  return key;
}
