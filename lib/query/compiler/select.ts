import type { SqlFragment } from '../../dialects/index.js';
import { WrenError } from '../../errors.js';
import type { Field } from '../../fields/index.js';
import type { ModelOptions } from '../../models/options.js';
import { allOf, containsAggregate, containsWindow, type ExpressionNode, type WhereNode } from '../nodes.js';
import { outputFieldOf, resolveOrdering } from '../resolve.js';
import { relatedColumns, type RelatedSelection } from '../select-related.js';
import { baseAlias, nullsAfterReverse, pathAlias, type OrderTerm, type QueryState, type SelectedPaths } from '../state.js';
import { joinListSql } from './joins-sql.js';
import { rowLockClause } from '../locking.js';
import { SqlCompiler } from './sql-compiler.js';
import { combinedSql } from './compound.js';
import { hasWindowCondition, windowFilteredSql, type OrderOperand } from './window-filter.js';

/** The columns a SELECT returns, in order, as the hydrator will read them. */
export interface SelectShape {
  /** Model fields selected (keys in each row: their column names). */
  readonly fields: readonly Field[];
  /** Annotation names and relation paths selected (keys in each row: the names themselves). */
  readonly annotations: readonly string[];
  /** The relation paths among `annotations` (`author__name`), with the columns they read. */
  readonly paths?: SelectedPaths;
  /** Relations read through joins by `selectRelated()` (keys: the nodes' `keys`). */
  readonly related?: readonly RelatedSelection[];
}

export function selectShape(state: QueryState): SelectShape {
  const annotations = state.aliasNames.length ? Object.keys(state.annotations).filter((name) => !state.aliasNames.includes(name)) : Object.keys(state.annotations);
  if (state.selection.kind === 'models') return { fields: state.loaded ?? state.meta.fields, annotations, related: state.selectRelated };
  const { names, paths = NO_PATHS } = state.selection;
  const computed = (name: string) => state.annotations[name] !== undefined || paths[name] !== undefined;
  return {
    fields: names.filter((name) => !computed(name)).map((name) => state.meta.field(name)),
    annotations: names.filter(computed),
    paths,
  };
}

const NO_PATHS: SelectedPaths = Object.freeze({});

/** The column name a selected annotation or relation path comes back under. */
export function selectedAlias(state: QueryState, shape: SelectShape, name: string): string {
  return state.annotations[name] ? name : pathAlias(shape.paths!, name);
}

/** The expression selected under an annotation name or a relation path. */
export function selectedExpression(state: QueryState, shape: SelectShape, name: string): ExpressionNode {
  return state.annotations[name] ?? shape.paths![name]!;
}

/**
 * Builds the SELECT for a query state as one raw statement. Wren writes every clause itself, so
 * handing knex a single string (rather than a builder of raw pieces, which knex re-parses piece
 * by piece) keeps per-query overhead close to a hand-written query.
 */
/** `SELECT COUNT(*)` over the query as a subquery, so DISTINCT, slices and grouping count right. */
export function countSql(state: QueryState, compiler: SqlCompiler): SqlFragment {
  const inner = selectSql(state, compiler, selectShape(state));
  return { sql: `select count(*) as ${compiler.quote('n')} from (${inner.sql}) as ${compiler.quote('wren_count')}`, bindings: inner.bindings };
}

export function selectSql(state: QueryState, compiler: SqlCompiler, shape: SelectShape, hidden: readonly SqlFragment[] = NO_HIDDEN): SqlFragment {
  if (state.combined) return combinedSql(state, compiler, shape, state.ordering ?? (state.selection.kind === 'models' ? orderingOf(state) : []), sliceSql(state), selectSql, selectShape);
  if (state.where && hasWindowCondition(state.where)) return windowFilteredSql(state, compiler, shape, outerOrdering(state), sliceSql(state), selectSql);
  const quotedTable = compiler.quote(baseAlias(state));
  let columns = state.fromAlias ? aliasedColumns(shape.fields, quotedTable, compiler) : fieldColumns(shape.fields, quotedTable, compiler);
  const bindings: unknown[] = [];
  for (const name of shape.annotations) {
    const expression = selectedExpression(state, shape, name);
    const fragment = compiler.expression(expression);
    const read = compiler.dialect.exactReadSql(fragment.sql, outputFieldOf(expression, state.meta).columnSpec());
    const alias = selectedAlias(state, shape, name);
    columns += `${columns ? ', ' : ''}${read} AS ${compiler.quote(alias)}`;
    bindings.push(...fragment.bindings);
  }
  if (shape.related?.length) columns += `, ${relatedColumns(shape.related, compiler).select}`;
  for (const column of hidden) {
    columns += `, ${column.sql}`;
    bindings.push(...column.bindings);
  }
  const distinctExtras = state.distinct ? distinctOrderExtras(state, shape) : null;
  if (distinctExtras) {
    for (const [node, alias] of distinctExtras) {
      // Aliased: a joined table's `name` must not overwrite the row's own `name` key.
      const extra = compiler.expression(node);
      columns += `${columns ? ', ' : ''}${extra.sql} AS ${compiler.quote(alias)}`;
      bindings.push(...extra.bindings);
    }
  }
  const from = state.fromAlias ? `${compiler.quote(state.meta.tableName)} ${quotedTable}` : quotedTable;
  let sql = `select ${state.distinct ? 'distinct ' : ''}${columns} from ${from}${joinListSql(state.joins, compiler)}`;
  const { where, having } = state.where ? splitHaving(state.where) : NO_FILTERS;
  // Clause order is SQL's; each clause's bindings follow the ones before it.
  const clauses: readonly [string, SqlFragment | null][] = [
    [' where ', where && compiler.where(where)],
    [' group by ', groupingSql(state, shape, compiler)],
    [' having ', having && compiler.where(having)],
    [' order by ', orderingSql(state, compiler, shape, distinctExtras)],
    [' ', sliceSql(state)],
  ];
  for (const [keyword, fragment] of clauses) {
    if (!fragment) continue;
    sql += keyword + fragment.sql;
    for (const binding of fragment.bindings) bindings.push(binding);
  }
  if (state.lock) {
    const lock = rowLockClause(state, compiler);
    if (lock) sql += ` ${lock}`;
  }
  return { sql, bindings };
}

const NO_FILTERS = { where: null, having: null } as const;
const NO_HIDDEN: readonly SqlFragment[] = Object.freeze([]);

/** The ordering as the outer query of a window filter applies it (see `window-filter.ts`). */
function outerOrdering(state: QueryState): OrderOperand[] {
  if (state.ordering === null && isGrouped(state)) return [];
  return orderingOf(state).map((term) => {
    if (term.kind === 'random') return { node: null, descending: false, nulls: null };
    return { node: term.node, descending: term.descending !== state.reversed, nulls: nullsAfterReverse(term.nulls, state.reversed) };
  });
}
const columnLists = new WeakMap<readonly Field[], WeakMap<SqlCompiler, string>>();

/** `"table"."col", ...` for a field list, quoted once per compiler rather than per query. */
function fieldColumns(fields: readonly Field[], quotedTable: string, compiler: SqlCompiler): string {
  let byCompiler = columnLists.get(fields);
  if (!byCompiler) columnLists.set(fields, (byCompiler = new WeakMap()));
  let sql = byCompiler.get(compiler);
  if (sql === undefined) {
    sql = aliasedColumns(fields, quotedTable, compiler);
    byCompiler.set(compiler, sql);
  }
  return sql;
}

function aliasedColumns(fields: readonly Field[], quotedTable: string, compiler: SqlCompiler): string {
  return fields.map((field) => {
    const column = compiler.quote(field.column);
    const qualified = `${quotedTable}.${column}`;
    const read = compiler.dialect.exactReadSql(qualified, field.columnSpec());
    return read === qualified ? qualified : `${read} AS ${column}`;
  }).join(', ');
}

/**
 * Conditions on aggregates go to HAVING, the rest to WHERE. AND-ed parts split recursively;
 * an OR or a negation mixing both kinds goes to HAVING whole.
 */
export function splitHaving(node: WhereNode): { where: WhereNode | null; having: WhereNode | null } {
  if (!hasAggregate(node)) return { where: node, having: null };
  if (node.kind !== 'and' || node.negated) return { where: null, having: node };
  const where: WhereNode[] = [];
  const having: WhereNode[] = [];
  for (const child of node.children) {
    const part = splitHaving(child);
    if (part.where) where.push(part.where);
    if (part.having) having.push(part.having);
  }
  return { where: allOf(where), having: allOf(having) };
}


function hasAggregate(node: WhereNode): boolean {
  if (node.kind === 'lookup') return node.aggregate;
  if (node.kind === 'relatedSubquery') return false;
  if (node.kind === 'boolean') return containsAggregate(node.node);
  return node.children.some(hasAggregate);
}

/** The query groups its rows: an annotation aggregates (GROUP BY the selected columns). */
export function isGrouped(state: QueryState): boolean {
  return Object.values(state.annotations).some(containsAggregate);
}

function groupingSql(state: QueryState, shape: SelectShape, compiler: SqlCompiler): SqlFragment | null {
  if (!isGrouped(state)) return null;
  const quotedTable = compiler.quote(baseAlias(state));
  const groups = shape.fields.map((field) => `${quotedTable}.${compiler.quote(field.column)}`);
  if (state.selection.kind !== 'models' && state.selection.perObject) {
    // Aggregates annotated before values(): one group per object (see Selection).
    const key = `${quotedTable}.${compiler.quote(state.meta.pk.column)}`;
    if (!groups.includes(key)) groups.unshift(key);
  }
  const bindings: unknown[] = [];
  for (const name of shape.annotations) {
    if (state.annotations[name]) {
      const annotation = state.annotations[name]!;
      // Aggregates and windows are computed over the groups, never grouped by.
      if (!containsAggregate(annotation) && !containsWindow(annotation)) groups.push(compiler.quote(name));
      continue;
    }
    groups.push(compiler.expression(shape.paths![name]!).sql);
  }
  if (shape.related?.length) groups.push(relatedColumns(shape.related, compiler).group);
  addOrderingGroups(state, compiler, groups, bindings);
  return groups.length ? { sql: groups.join(', '), bindings } : null;
}

/** As in Django, what the rows are ordered by is grouped too: PostgreSQL requires it (`orderBy('publisher__name')`). */
function addOrderingGroups(state: QueryState, compiler: SqlCompiler, groups: string[], bindings: unknown[]): void {
  if (!state.ordering) return;
  const annotations = Object.values(state.annotations);
  for (const term of state.ordering) {
    if (term.kind !== 'expression' || containsAggregate(term.node) || annotations.includes(term.node)) continue;
    const fragment = compiler.expression(term.node);
    if (groups.includes(fragment.sql)) continue;
    groups.push(fragment.sql);
    bindings.push(...fragment.bindings);
  }
}

/**
 * SELECT DISTINCT must select what it orders by (PostgreSQL insists), so, as in Django, ordering
 * columns and expressions join the selection and the DISTINCT, aliased `_wo<n>`; the hydrator
 * ignores them. Order by the selected fields (or `orderBy()` with none) for distinct values alone.
 */
function distinctOrderExtras(state: QueryState, shape: SelectShape): Map<ExpressionNode, string> {
  const selected = new Set<string>(shape.fields.map((field) => `${baseAlias(state)}.${field.column}`));
  const extras = new Map<ExpressionNode, string>();
  for (const term of orderingOf(state)) {
    if (term.kind !== 'expression' || extras.has(term.node)) continue;
    if (term.node.kind === 'column') {
      const key = `${term.node.table}.${term.node.field.column}`;
      if (selected.has(key)) continue;
      selected.add(key);
    } else if (shape.annotations.some((name) => state.annotations[name] === term.node)) {
      continue;
    }
    extras.set(term.node, `_wo${extras.size}`);
  }
  return extras;
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

function orderingSql(state: QueryState, compiler: SqlCompiler, shape: SelectShape, distinctExtras: ReadonlyMap<ExpressionNode, string> | null): SqlFragment | null {
  // As in Django, meta.ordering does not apply to GROUP BY queries: it would change the groups.
  if (state.ordering === null && isGrouped(state)) return null;
  const terms = orderingOf(state);
  if (terms.length === 0) return null;
  const parts: string[] = [];
  const bindings: unknown[] = [];
  for (const term of terms) {
    if (term.kind === 'random') {
      parts.push(compiler.dialect.randomOrderSql());
      continue;
    }
    const fragment = orderedExpression(state, shape, term.node, compiler, distinctExtras);
    const descending = term.descending !== state.reversed;
    if (!term.nulls) {
      parts.push(`${fragment.sql} ${descending ? 'DESC' : 'ASC'}`);
      bindings.push(...fragment.bindings);
      continue;
    }
    const ordered = compiler.dialect.orderTermSql(fragment, descending, nullsAfterReverse(term.nulls, state.reversed));
    parts.push(ordered.sql);
    bindings.push(...ordered.bindings);
  }
  return { sql: parts.join(', '), bindings };
}

/**
 * A selected annotation whose SQL binds values (`F('n').mod(3)`, a `Trunc` unit) is ordered by
 * its SELECT alias: written out again it would bind fresh placeholders, which PostgreSQL does
 * not see as the grouped expression ("must appear in the GROUP BY clause").
 */
function orderedExpression(state: QueryState, shape: SelectShape, node: ExpressionNode, compiler: SqlCompiler, distinctExtras: ReadonlyMap<ExpressionNode, string> | null): SqlFragment {
  const fragment = compiler.expression(node);
  if (fragment.bindings.length === 0) return fragment;
  // Under DISTINCT the expression is selected too; written again it would bind fresh placeholders.
  const extra = distinctExtras?.get(node);
  if (extra !== undefined) return { sql: compiler.quote(extra), bindings: [] };
  const name = shape.annotations.find((selected) => state.annotations[selected] === node);
  if (name === undefined) return fragment;
  // An alias stands for the value as read: only where reading does not convert it.
  if (compiler.dialect.exactReadSql(fragment.sql, outputFieldOf(node, state.meta).columnSpec()) !== fragment.sql) return fragment;
  return { sql: compiler.quote(name), bindings: [] };
}

/** An OFFSET needs a LIMIT on SQLite and MySQL; this one means "no limit" on all three databases. */
const NO_LIMIT = '9223372036854775807';

/**
 * LIMIT and OFFSET are written as numbers, as Django writes them: `slice()` accepts only safe
 * whole numbers, and SQLite plans a bound LIMIT more slowly (a pk lookup took 2.5× as long).
 */
function sliceSql(state: QueryState): SqlFragment | null {
  if (state.high === null && !state.low) return null;
  const limit = `limit ${state.high === null ? NO_LIMIT : wholeNumber(state.high - state.low)}`;
  return { sql: state.low ? `${limit} offset ${wholeNumber(state.low)}` : limit, bindings: NO_BINDINGS };
}

const NO_BINDINGS: readonly unknown[] = [];

function wholeNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new WrenError(`Internal error: slice bound ${String(value)} is not a whole number`);
  return String(value);
}
