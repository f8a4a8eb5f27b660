import type { SqlFragment } from '../../dialects/index.js';
import { NotSupportedError } from '../../errors.js';
import { BooleanField, type Field } from '../../fields/index.js';
import { allOf, containsWindow, isExpressionNode, markResolved, type ExpressionNode, type WhereNode } from '../nodes.js';
import { outputFieldOf } from '../resolve.js';
import { patchState, type QueryState } from '../state.js';
import type { SelectShape } from './select.js';
import type { SqlCompiler } from './sql-compiler.js';

/** Whether some condition compares a window expression (which SQL computes only after WHERE). */
export function hasWindowCondition(node: WhereNode): boolean {
  switch (node.kind) {
    case 'lookup':
      return node.window;
    case 'relatedSubquery':
      return false;
    case 'boolean':
      return containsWindow(node.node);
    default:
      return node.children.some(hasWindowCondition);
  }
}

type SelectWriter = (state: QueryState, compiler: SqlCompiler, shape: SelectShape, hidden: readonly SqlFragment[]) => SqlFragment;

/**
 * A query filtering on a window annotation, as Django 4.2+ runs it: the conditions without
 * windows (and the grouping) stay in an inner query, which also computes every operand the
 * window conditions and the ordering need as hidden columns; the outer query filters on those,
 * orders and slices. Rows keep the inner query's column names, so hydration is unchanged.
 */
export function windowFilteredSql(state: QueryState, compiler: SqlCompiler, shape: SelectShape, ordering: readonly OrderOperand[], slice: SqlFragment | null, writeSelect: SelectWriter): SqlFragment {
  if (state.lock) throw new NotSupportedError('selectForUpdate() cannot lock rows filtered by a window expression (the query becomes a subquery): lock the rows by key in a second query');
  const { inner, outer } = splitWindowConditions(state.where!);
  const hidden: SqlFragment[] = [];
  // A column of the derived table, typed as the value it holds: outside, it compares and reads as
  // a column of that type would (SQLite's datetimes included), so inside it is computed as stored.
  const outerColumn = (alias: string, field: Field): ExpressionNode => {
    field.column = alias;
    return markResolved({ kind: 'column', field, table: 'wren_window' });
  };
  const lift = (node: ExpressionNode): ExpressionNode => {
    // A selected annotation (the window itself, usually) is read by its alias, not computed twice.
    const selected = shape.annotations.find((name) => state.annotations[name] === node);
    if (selected !== undefined && node.kind !== 'column') return outerColumn(selected, outputFieldOf(node, state.meta).clone());
    const alias = `_ww${hidden.length}`;
    const fragment = compiler.withComparing(false, () => compiler.expression(node));
    hidden.push({ sql: `${fragment.sql} AS ${compiler.quote(alias)}`, bindings: fragment.bindings });
    return outerColumn(alias, outputFieldOf(node, state.meta).clone());
  };
  // A condition without windows is decided inside, as it would be without the wrapping (its
  // negation's NULL guards included), and read outside as a boolean column.
  const liftCondition = (where: WhereNode, underNot: boolean): WhereNode => {
    const alias = `_ww${hidden.length}`;
    const fragment = compiler.where(where, underNot);
    hidden.push({ sql: `(${fragment.sql}) AS ${compiler.quote(alias)}`, bindings: fragment.bindings });
    return { kind: 'boolean', node: outerColumn(alias, new BooleanField()) };
  };
  const outerWhere = liftOperands(outer, lift, liftCondition, false);
  const outerOrder = ordering.map((term) => (term.node ? { ...term, node: lift(term.node) } : term));
  const innerSql = writeSelect(patchState(state, { where: inner, ordering: [], low: 0, high: null }), compiler, shape, hidden);
  let sql = `select * from (${innerSql.sql}) as ${compiler.quote('wren_window')}`;
  const bindings = [...innerSql.bindings];
  const condition = compiler.where(outerWhere);
  sql += ` where ${condition.sql}`;
  bindings.push(...condition.bindings);
  if (outerOrder.length) {
    const parts = outerOrder.map((term) => {
      if (!term.node) return { sql: compiler.dialect.randomOrderSql(), bindings: [] };
      return compiler.dialect.orderTermSql(compiler.expression(term.node), term.descending, term.nulls);
    });
    sql += ` order by ${parts.map((part) => part.sql).join(', ')}`;
    for (const part of parts) bindings.push(...part.bindings);
  }
  if (slice) sql += ` ${slice.sql}`;
  return { sql, bindings };
}

/** An ORDER BY term as the outer query needs it: an expression (null for random) and its direction. */
export interface OrderOperand {
  readonly node: ExpressionNode | null;
  readonly descending: boolean;
  readonly nulls: 'first' | 'last' | null;
}

/** AND-ed conditions without windows stay inside; the rest (an OR mixing both included) go outside. */
function splitWindowConditions(node: WhereNode): { inner: WhereNode | null; outer: WhereNode } {
  const conditions = andedConditions(node);
  const inner = conditions.filter((child) => !hasWindowCondition(child));
  const outer = conditions.filter(hasWindowCondition);
  return { inner: allOf(inner), outer: allOf(outer)! };
}

/** The conditions AND-ed at the top, through nested ANDs (each filter() call adds one level). */
function andedConditions(node: WhereNode): WhereNode[] {
  if (node.kind !== 'and' || node.negated) return [node];
  return node.children.flatMap(andedConditions);
}


/**
 * The outer conditions over hidden columns: a window condition's operands computed inside, any
 * other condition computed inside whole. `underNot` is true under an odd number of negations.
 */
function liftOperands(
  node: WhereNode,
  lift: (node: ExpressionNode) => ExpressionNode,
  liftCondition: (where: WhereNode, underNot: boolean) => WhereNode,
  underNot: boolean,
): WhereNode {
  if (!hasWindowCondition(node)) return liftCondition(node, underNot);
  switch (node.kind) {
    case 'lookup':
      return { ...node, lhs: lift(node.lhs), rhs: isExpressionNode(node.rhs) ? lift(node.rhs) : node.rhs };
    case 'boolean':
      return { ...node, node: lift(node.node) };
    case 'relatedSubquery':
      return node;
    default: {
      const negatedHere = underNot !== node.negated;
      return { ...node, children: node.children.map((child) => liftOperands(child, lift, liftCondition, negatedHere)) };
    }
  }
}
