import type { Converter, InsertConflictSpec, SqlFragment } from '../../dialects/index.js';
import type { Field } from '../../fields/index.js';
import type { ModelOptions } from '../../models/options.js';
import type { InsertConflict } from '../insert-conflicts.js';
import { hasSubquery, isExpressionNode, type ExpressionNode } from '../nodes.js';
import { patchState, type QueryState } from '../state.js';
import { selectShape, selectSql, splitHaving } from './select.js';
import type { SqlCompiler } from './sql-compiler.js';

/** A row to write: field -> JS value (or an expression for UPDATE). */
export type WriteRow = ReadonlyMap<Field, unknown>;

/**
 * INSERT, UPDATE and DELETE as SQL strings with `?` placeholders, written here rather than by
 * knex's builder: the same few statements run for every `save()`, and building them through
 * knex cost more than running them on SQLite. Values arrive converted by their fields
 * (`toColumnValue`); the dialect's `toDb` turns them into what the driver binds.
 */

/** A value as the driver binds it, or an expression's SQL. */
function valueSql(field: Field, value: unknown, compiler: SqlCompiler, bindings: unknown[], placeholder = '?'): string {
  if (isExpressionNode(value)) {
    const fragment = compiler.expression(value as ExpressionNode);
    for (const binding of fragment.bindings) bindings.push(binding);
    return fragment.sql;
  }
  bindings.push(dbValue(field, value, compiler));
  return placeholder;
}

/** A field's (already converted) value as the driver binds it. */
export function dbValue(field: Field, value: unknown, compiler: SqlCompiler): unknown {
  if (value === null || value === undefined) return null;
  const convert = compiler.dialect.toDb(field.kind);
  return convert ? converted(field, convert, value, compiler) : value;
}

/** The dialect's conversion of one value; a value the database cannot hold is the field's ValidationError. */
function converted(field: Field, convert: Converter, value: unknown, compiler: SqlCompiler): unknown {
  try {
    return convert(value);
  } catch (error) {
    throw field.refusedBy(compiler.dialect.displayName, error);
  }
}

/**
 * One INSERT for all rows, each a list of values in `fields` order (converted by their fields,
 * never expressions); with RETURNING of the primary key where the dialect has it, so the new keys
 * come back in the same statement. Written for bulkCreate's thousands of rows: each field's
 * converter is looked up once and every row shares one placeholder tuple.
 */
export function compileInsert(meta: ModelOptions, fields: readonly Field[], rows: readonly (readonly unknown[])[], compiler: SqlCompiler, conflict: InsertConflict | null = null): SqlFragment {
  const { dialect } = compiler;
  const table = compiler.quote(meta.tableName);
  const returning = dialect.supportsReturning ? ` returning ${compiler.quote(meta.pk.column)}` : '';
  const onConflict = conflict ? dialect.insertConflictSql(conflictSpec(meta, conflict, compiler)) : '';
  if (fields.length === 0) {
    if (rows.length !== 1) throw new Error('Internal error: rows without columns are inserted one per statement');
    return { sql: `insert into ${table} ${dialect.defaultValuesSql()}${onConflict}${returning}`, bindings: [] };
  }
  const converters = fields.map((field) => dialect.toDb(field.kind));
  const width = fields.length;
  const bindings = new Array<unknown>(rows.length * width);
  let at = 0;
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      const value = row[i];
      const convert = converters[i];
      bindings[at++] = value === null || value === undefined ? null : convert ? converted(fields[i]!, convert, value, compiler) : value;
    }
  }
  const tuple = `(${fields.map(() => '?').join(', ')})`;
  const columns = fields.map((field) => compiler.quote(field.column)).join(', ');
  return { sql: `insert into ${table} (${columns}) values ${new Array<string>(rows.length).fill(tuple).join(', ')}${onConflict}${returning}`, bindings };
}

function conflictSpec(meta: ModelOptions, conflict: InsertConflict, compiler: SqlCompiler): InsertConflictSpec {
  const columns = (fields: readonly Field[]) => fields.map((field) => compiler.quote(field.column));
  if (conflict.kind === 'ignore') return { kind: 'ignore', anyColumn: compiler.quote(meta.pk.column) };
  return { kind: 'update', target: columns(conflict.target), update: columns(conflict.update) };
}

export function compileUpdate(state: QueryState, values: WriteRow, compiler: SqlCompiler): SqlFragment {
  const bindings: unknown[] = [];
  const assignments: string[] = [];
  for (const [field, value] of values) assignments.push(`${compiler.quote(field.column)} = ${valueSql(field, value, compiler, bindings)}`);
  const where = writeFilters(state, compiler);
  for (const binding of where.bindings) bindings.push(binding);
  return { sql: `update ${compiler.quote(state.meta.tableName)} set ${assignments.join(', ')}${where.sql}`, bindings };
}

export function compileDelete(state: QueryState, compiler: SqlCompiler): SqlFragment {
  const where = writeFilters(state, compiler);
  return { sql: `delete from ${compiler.quote(state.meta.tableName)}${where.sql}`, bindings: where.bindings };
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
): SqlFragment {
  const table = compiler.quote(meta.tableName);
  const pkColumn = `${table}.${compiler.quote(meta.pk.column)}`;
  const bindings: unknown[] = [];
  const assignments = fields.map((field) => {
    const placeholder = compiler.dialect.typedPlaceholder(field.columnSpec());
    const whens = batch.map(({ pk, values }) => {
      bindings.push(dbValue(meta.pk, pk, compiler));
      return `WHEN ? THEN ${valueSql(field, values.get(field), compiler, bindings, placeholder)}`;
    });
    return `${compiler.quote(field.column)} = CASE ${pkColumn} ${whens.join(' ')} END`;
  });
  for (const { pk } of batch) bindings.push(dbValue(meta.pk, pk, compiler));
  const keys = batch.map(() => '?').join(', ');
  return { sql: `update ${table} set ${assignments.join(', ')} where ${pkColumn} in (${keys})`, bindings };
}

const NO_WHERE: SqlFragment = { sql: '', bindings: [] };

/**
 * UPDATE and DELETE cannot join, so a filter across relations becomes `pk IN (SELECT pk ...)`.
 * The extra derived table is for MySQL, which refuses a subquery on the table being changed (as
 * `exclude()` across a multi-valued relation writes one).
 */
function writeFilters(state: QueryState, compiler: SqlCompiler): SqlFragment {
  if (!state.where) return NO_WHERE;
  const { where, having } = splitHaving(state.where);
  if (state.joins.length === 0 && !having && !hasSubquery(state.where)) {
    const fragment = compiler.where(where!);
    return { sql: ` where ${fragment.sql}`, bindings: fragment.bindings };
  }
  // Conditions on aggregates need the grouping their annotations make: the subquery keeps them.
  const pk = state.meta.pk;
  const annotations = having ? state.annotations : {};
  const inner = patchState(state, { selection: { kind: 'values', names: [pk.name] }, annotations, ordering: [], low: 0, high: null, distinct: false });
  const { sql, bindings } = selectSql(inner, compiler, selectShape(inner));
  return { sql: ` where ${compiler.quote(state.meta.tableName)}.${compiler.quote(pk.column)} in (select * from (${sql}) as ${compiler.quote('wren_keys')})`, bindings };
}
