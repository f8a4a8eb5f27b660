import { FieldError } from '../errors.js';
import type { Join } from './joins.js';
import { isExpressionNode, mapChildren, markResolved, type ExpressionNode, type WhereNode } from './nodes.js';
import type { OrderTerm, QueryState } from './state.js';
import { orderingOf } from './compiler/select.js';

/**
 * A QuerySet used inside another (`Subquery`, `Exists`, `__in`) becomes part of the outer query:
 *
 * - its own tables get fresh aliases (`U_reviews`, `U_U_books` two levels down), so a subquery
 *   over the outer query's own table (books inside books) reads its rows, not the outer ones;
 * - its `OuterRef('name')`s are resolved against the outer query, where they become that
 *   query's columns (or annotations), and `OuterRef(OuterRef(...))` waits one level more.
 *
 * Binding happens when the outer query's `annotate()` / `filter()` is called, innermost first, so
 * by the time a query runs every reference is a plain column of some alias and the compiler has
 * nothing to look up.
 */
export function bindSubquery(state: QueryState, resolveOuter: (name: string) => ExpressionNode): QueryState {
  const explicit = state.ordering === null && (state.low !== 0 || state.high !== null) ? { ...state, ordering: orderingOf(state) } : state;
  return rewriteState(explicit, { rename: (alias) => `U_${alias}`, outer: resolveOuter }, 1);
}

interface Rewrite {
  rename(alias: string): string;
  outer(name: string): ExpressionNode;
}

function rewriteState(state: QueryState, rewrite: Rewrite, level: number): QueryState {
  const expression = (node: ExpressionNode) => rewriteExpression(node, rewrite, level);
  const annotations: Record<string, ExpressionNode> = {};
  for (const [name, node] of Object.entries(state.annotations)) annotations[name] = expression(node);
  const selection = state.selection.kind !== 'models' && state.selection.paths
    ? { ...state.selection, paths: Object.fromEntries(Object.entries(state.selection.paths).map(([name, node]) => [name, expression(node)])) }
    : state.selection;
  return Object.freeze({
    ...state,
    fromAlias: rewrite.rename(state.fromAlias ?? state.meta.tableName),
    joins: state.joins.map((join) => renameJoin(join, rewrite)),
    where: state.where && rewriteWhere(state.where, rewrite, level),
    annotations: Object.freeze(annotations),
    ordering: state.ordering && state.ordering.map((term): OrderTerm => (term.kind === 'expression' ? { ...term, node: expression(term.node) } : term)),
    selection,
    selectRelated: [],
  });
}

function renameJoin(join: Join, rewrite: Rewrite): Join {
  return Object.freeze({ ...join, alias: rewrite.rename(join.alias), parentAlias: rewrite.rename(join.parentAlias) });
}

function rewriteWhere(node: WhereNode, rewrite: Rewrite, level: number): WhereNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, children: node.children.map((child) => rewriteWhere(child, rewrite, level)) };
    case 'lookup':
      return {
        ...node,
        lhs: rewriteExpression(node.lhs, rewrite, level),
        rhs: isExpressionNode(node.rhs) ? rewriteExpression(node.rhs, rewrite, level) : node.rhs,
      };
    case 'boolean':
      return { ...node, node: rewriteExpression(node.node, rewrite, level) };
    case 'relatedSubquery':
      return {
        ...node,
        alias: rewrite.rename(node.alias ?? node.table),
        joins: node.joins.map((join) => renameJoin(join, rewrite)),
        where: rewriteWhere(node.where, rewrite, level),
      };
  }
}

/** A copy of the tree with aliases renamed and this level's outer references resolved. */
function rewriteExpression(node: ExpressionNode, rewrite: Rewrite, level: number): ExpressionNode {
  return markResolved(rewriteNode(node, rewrite, level));
}

function rewriteNode(node: ExpressionNode, rewrite: Rewrite, level: number): ExpressionNode {
  switch (node.kind) {
    case 'column':
      return { ...node, table: rewrite.rename(node.table) };
    case 'outerRef':
      // Resolved in the outer query's scope: its columns keep the outer aliases.
      return node.depth === level ? rewrite.outer(node.name) : node;
    case 'subquery':
    case 'exists':
      return { ...node, state: rewriteState(node.state, rewrite, level + 1) };
    default:
      return mapChildren(node, (inner) => rewriteNode(inner, rewrite, level), (where) => rewriteWhere(where as WhereNode, rewrite, level));
  }
}

/** `OuterRef('x')` left in a query that is run on its own, rather than used inside another. */
export function unboundOuterRef(name: string): FieldError {
  return new FieldError(`OuterRef('${name}') refers to an outer query: use this QuerySet inside Subquery(), Exists() or an __in filter of another query`);
}
