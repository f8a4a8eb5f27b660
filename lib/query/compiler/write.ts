import type { Knex } from 'knex';
import type { Field } from '../../fields/index.js';
import type { ModelOptions } from '../../models/options.js';
import { hasSubquery, isExpressionNode, type ExpressionNode } from '../nodes.js';
import { patchState, type QueryState } from '../state.js';
import { applyFilters, selectShape, selectSql } from './select.js';
import type { SqlCompiler } from './sql-compiler.js';

/** A row to write: field -> JS value (or an expression for UPDATE). */
export type WriteRow = ReadonlyMap<Field, unknown>;

function dbValue(field: Field, value: unknown, compiler: SqlCompiler, runner: Knex): unknown {
  if (isExpressionNode(value)) {
    const fragment = compiler.expression(value as ExpressionNode);
    return runner.raw(fragment.sql, fragment.bindings as Knex.RawBinding[]);
  }
  if (value === null || value === undefined) return null;
  const convert = compiler.dialect.toDb(field.kind);
  if (!convert) return value;
  try {
    return convert(value);
  } catch (error) {
    throw field.refusedBy(compiler.dialect.displayName, error);
  }
}

/** One INSERT for all rows; returns the primary keys where the dialect can return them. */
export function compileInsert(meta: ModelOptions, rows: readonly WriteRow[], compiler: SqlCompiler, runner: Knex): Knex.QueryBuilder | Knex.Raw {
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [field, value] of row) record[field.column] = dbValue(field, value, compiler, runner);
    return record;
  });
  const query = runner(meta.tableName).insert(records);
  const { dialect } = compiler;
  if (!dialect.supportsReturning) return query;
  if (!dialect.appendsReturning) return query.returning(meta.pk.column);
  const { sql, bindings } = query.toSQL();
  return runner.raw(`${sql} RETURNING ${compiler.quote(meta.pk.column)}`, bindings as Knex.RawBinding[]);
}

export function compileUpdate(state: QueryState, values: WriteRow, compiler: SqlCompiler, runner: Knex): Knex.QueryBuilder {
  const record: Record<string, unknown> = {};
  for (const [field, value] of values) record[field.column] = dbValue(field, value, compiler, runner);
  const query = runner(state.meta.tableName);
  applyWriteFilters(query, state, compiler);
  return query.update(record);
}

export function compileDelete(state: QueryState, compiler: SqlCompiler, runner: Knex): Knex.QueryBuilder {
  const query = runner(state.meta.tableName);
  applyWriteFilters(query, state, compiler);
  return query.delete();
}

/**
 * One UPDATE per batch: `SET col = CASE pk WHEN ? THEN ? ... END` for each field, as Django's
 * `bulk_update` does, so N objects cost one statement per batch rather than N.
 */
export function compileBulkUpdate(
  meta: ModelOptions,
  batch: readonly { pk: unknown; values: WriteRow }[],
  fields: readonly Field[],
  compiler: SqlCompiler,
  runner: Knex,
): Knex.QueryBuilder {
  const pkColumn = `${compiler.quote(meta.tableName)}.${compiler.quote(meta.pk.column)}`;
  const record: Record<string, unknown> = {};
  for (const field of fields) {
    const bindings: unknown[] = [];
    const whens = batch.map(({ pk, values }) => {
      bindings.push(dbValue(meta.pk, pk, compiler, runner), dbValue(field, values.get(field), compiler, runner));
      return `WHEN ? THEN ${castPlaceholder(field, compiler)}`;
    });
    record[field.column] = runner.raw(`CASE ${pkColumn} ${whens.join(' ')} END`, bindings as Knex.RawBinding[]);
  }
  const pks = batch.map(({ pk }) => dbValue(meta.pk, pk, compiler, runner));
  return runner(meta.tableName).whereIn(meta.pk.column, pks as Knex.Value[]).update(record);
}

function castPlaceholder(field: Field, compiler: SqlCompiler): string {
  return compiler.dialect.typedPlaceholder(field.columnSpec());
}

/**
 * UPDATE and DELETE cannot join, so a filter across relations becomes `pk IN (SELECT pk ...)`.
 * The extra derived table is for MySQL, which refuses a subquery on the table being changed (as
 * `exclude()` across a multi-valued relation writes one).
 */
function applyWriteFilters(query: Knex.QueryBuilder, state: QueryState, compiler: SqlCompiler): void {
  if (state.joins.length === 0 && !(state.where && hasSubquery(state.where))) return applyFilters(query, state, compiler);
  const pk = state.meta.pk;
  const inner = patchState(state, { selection: { kind: 'values', names: [pk.name] }, annotations: {}, ordering: [], low: 0, high: null, distinct: false });
  const { sql, bindings } = selectSql(inner, compiler, selectShape(inner));
  query.whereRaw(`${compiler.quote(state.meta.tableName)}.${compiler.quote(pk.column)} in (select * from (${sql}) as ${compiler.quote('wren_keys')})`, bindings as Knex.RawBinding[]);
}
