import type { Knex } from 'knex';
import type { SqlFragment } from '../../dialects/index.js';
import type { Field } from '../../fields/index.js';
import type { ModelOptions } from '../../models/options.js';
import { containsAggregate, type WhereNode } from '../nodes.js';
import { resolveOrdering } from '../resolve.js';
import type { OrderTerm, QueryState } from '../state.js';
import { SqlCompiler } from './sql-compiler.js';

/** The columns a SELECT returns, in order, as the hydrator will read them. */
export interface SelectShape {
  /** Model fields selected (keys in each row: their column names). */
  readonly fields: readonly Field[];
  /** Annotation names selected (keys in each row: the names themselves). */
  readonly annotations: readonly string[];
}

export function selectShape(state: QueryState): SelectShape {
  const annotations = Object.keys(state.annotations);
  if (state.selection.kind === 'models') return { fields: state.loaded ?? state.meta.fields, annotations };
  const names = state.selection.names;
  return {
    fields: names.filter((name) => !state.annotations[name]).map((name) => state.meta.field(name)),
    annotations: names.filter((name) => state.annotations[name]),
  };
}

/** Builds the knex SELECT for a query state. The compiler is the only place knex queries are made. */
export function compileSelect(state: QueryState, compiler: SqlCompiler, runner: Knex, shape: SelectShape = selectShape(state)): Knex.QueryBuilder {
  const table = state.meta.tableName;
  const quotedTable = compiler.quote(table);
  const columns: string[] = shape.fields.map((field) => `${quotedTable}.${compiler.quote(field.column)}`);
  const columnBindings: unknown[] = [];
  for (const name of shape.annotations) {
    const fragment = compiler.expression(state.annotations[name]!);
    columns.push(`${fragment.sql} AS ${compiler.quote(name)}`);
    columnBindings.push(...fragment.bindings);
  }
  const select = runner.raw(columns.join(', '), columnBindings as Knex.RawBinding[]);
  const query = runner.from(table);
  if (state.distinct) query.distinct(select);
  else query.select(select);
  applyFilters(query, state, compiler);
  applyGrouping(query, state, shape, compiler);
  applyOrdering(query, state, compiler);
  applySlice(query, state);
  return query;
}

/** WHERE for row conditions, HAVING for conditions on aggregates. */
export function applyFilters(query: Knex.QueryBuilder, state: QueryState, compiler: SqlCompiler): void {
  if (!state.where) return;
  const { where, having } = splitHaving(state.where);
  if (where) addRaw(query, 'whereRaw', compiler.where(where));
  if (having) addRaw(query, 'havingRaw', compiler.where(having));
}

function splitHaving(node: WhereNode): { where: WhereNode | null; having: WhereNode | null } {
  if (node.kind === 'lookup') return node.aggregate ? { where: null, having: node } : { where: node, having: null };
  const mixed = node.children.some((child) => hasAggregate(child));
  if (!mixed) return { where: node, having: null };
  if (node.kind === 'or' || node.negated) return { where: null, having: node };
  const rows = node.children.filter((child) => !hasAggregate(child));
  const aggregates = node.children.filter((child) => hasAggregate(child));
  return {
    where: rows.length ? { kind: 'and', negated: false, children: rows } : null,
    having: { kind: 'and', negated: false, children: aggregates },
  };
}

function hasAggregate(node: WhereNode): boolean {
  return node.kind === 'lookup' ? node.aggregate : node.children.some(hasAggregate);
}

function applyGrouping(query: Knex.QueryBuilder, state: QueryState, shape: SelectShape, compiler: SqlCompiler): void {
  const aggregated = Object.values(state.annotations).some(containsAggregate);
  if (!aggregated) return;
  const quotedTable = compiler.quote(state.meta.tableName);
  const groups = shape.fields.map((field) => `${quotedTable}.${compiler.quote(field.column)}`);
  for (const name of shape.annotations) {
    if (!containsAggregate(state.annotations[name]!)) groups.push(compiler.quote(name));
  }
  if (groups.length) query.groupByRaw(groups.join(', '));
}

const defaultOrderings = new WeakMap<ModelOptions, readonly OrderTerm[]>();

export function orderingOf(state: QueryState): readonly OrderTerm[] {
  if (state.ordering) return state.ordering;
  let terms = defaultOrderings.get(state.meta);
  if (!terms) {
    terms = resolveOrdering(state.meta.ordering, { meta: state.meta, annotations: {} });
    defaultOrderings.set(state.meta, terms);
  }
  return terms;
}

function applyOrdering(query: Knex.QueryBuilder, state: QueryState, compiler: SqlCompiler): void {
  const terms = orderingOf(state);
  for (const term of terms) {
    if (term.kind === 'random') {
      query.orderByRaw(compiler.dialect.randomOrderSql());
      continue;
    }
    const fragment = compiler.expression(term.node);
    const descending = term.descending !== state.reversed;
    query.orderByRaw(`${fragment.sql} ${descending ? 'DESC' : 'ASC'}`, fragment.bindings as Knex.RawBinding[]);
  }
}

function applySlice(query: Knex.QueryBuilder, state: QueryState): void {
  if (state.high !== null) query.limit(state.high - state.low);
  if (state.low) query.offset(state.low);
}

function addRaw(query: Knex.QueryBuilder, method: 'whereRaw' | 'havingRaw', fragment: SqlFragment): void {
  query[method](fragment.sql, fragment.bindings as Knex.RawBinding[]);
}
