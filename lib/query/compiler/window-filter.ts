import type { SqlFragment } from '../../dialects/index.js';
import { WrenError } from '../../errors.js';
import { containsWindow, isExpressionNode, markResolved, type ExpressionNode, type WhereNode } from '../nodes.js';
import { patchState, type QueryState } from '../state.js';
import type { SelectShape } from './select.js';
import type { SqlCompiler } from './sql-compiler.js';

/** Whether some condition compares a window expression (which SQL computes only after WHERE). */
export function hasWindowCondition(node: WhereNode): boolean {
  switch (node.kind) {
    case 'lookup':
      return containsWindow(node.lhs) || (isExpressionNode(node.rhs) && containsWindow(node.rhs));
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
  if (state.lock) throw new WrenError('selectForUpdate() cannot lock rows filtered by a window expression (the query becomes a subquery)');
  const { inner, outer } = splitWindowConditions(state.where!);
  const hidden: SqlFragment[] = [];
  const outerColumn = (alias: string) => markResolved<ExpressionNode>({ kind: 'raw', sql: `${compiler.quote('wren_window')}.${compiler.quote(alias)}`, params: [], output: null });
  const lift = (node: ExpressionNode, comparing: boolean): ExpressionNode => {
    // A selected annotation (the window itself, usually) is read by its alias, not computed twice.
    const selected = shape.annotations.find((name) => state.annotations[name] === node);
    if (selected !== undefined && node.kind !== 'column') return outerColumn(selected);
    const alias = `_ww${hidden.length}`;
    const fragment = compiler.withComparing(comparing, () => compiler.expression(node));
    hidden.push({ sql: `${fragment.sql} AS ${compiler.quote(alias)}`, bindings: fragment.bindings });
    return outerColumn(alias);
  };
  const outerWhere = liftOperands(outer, lift);
  const outerOrder = ordering.map((term) => (term.node ? { ...term, node: lift(term.node, false) } : term));
  const innerSql = writeSelect(patchState(state, { where: inner, ordering: [], low: 0, high: null }), compiler, shape, hidden);
  let sql = `select * from (${innerSql.sql}) as ${compiler.quote('wren_window')}`;
  const bindings = [...innerSql.bindings];
  const condition = compiler.where(outerWhere);
  sql += ` where ${condition.sql}`;
  bindings.push(...condition.bindings);
  if (outerOrder.length) {
    const parts = outerOrder.map((term) => {
      if (!term.node) return { sql: compiler.dialect.randomOrderSql(), bindings: [] };
      const fragment = compiler.expression(term.node);
      return term.nulls ? compiler.dialect.nullsOrderSql(fragment, term.descending, term.nulls) : { sql: `${fragment.sql} ${term.descending ? 'DESC' : 'ASC'}`, bindings: fragment.bindings };
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

function allOf(nodes: WhereNode[]): WhereNode | null {
  if (nodes.length <= 1) return nodes[0] ?? null;
  return { kind: 'and', negated: false, children: nodes };
}

/** The outer conditions over hidden columns: each lookup's operands computed inside. */
function liftOperands(node: WhereNode, lift: (node: ExpressionNode, comparing: boolean) => ExpressionNode): WhereNode {
  switch (node.kind) {
    case 'lookup': {
      const lhs = lift(node.lhs, true);
      const rhs = isExpressionNode(node.rhs) ? lift(node.rhs, true) : node.rhs;
      return { ...node, lhs, rhs };
    }
    case 'boolean':
      return { ...node, node: lift(node.node, false) };
    case 'relatedSubquery':
      throw new WrenError('Internal error: a related-rows condition cannot sit beside a window condition under OR');
    default:
      return { ...node, children: node.children.map((child) => liftOperands(child, lift)) };
  }
}
