import { uniform } from './functions/specs.js';
import type { ExpressionNode } from './nodes.js';

/**
 * What `Sum('price', { default: 0 })` compiles to, as Django's `default=` does: COALESCE of the
 * aggregate and the default, a uniform function, so a text default (`'0.00'`) is converted and
 * checked as the aggregate's own values are. A spec of its own, so `Window()` can tell a
 * defaulted aggregate from a `Coalesce()` a user wrote and put the window inside it.
 */
const AGGREGATE_DEFAULT = uniform('COALESCE');

export function withDefault(aggregate: ExpressionNode, fallback: ExpressionNode): ExpressionNode {
  return { kind: 'func', fn: AGGREGATE_DEFAULT, args: [aggregate, fallback] };
}

/** The aggregate and its default, when `node` is a defaulted aggregate. */
export function defaultedParts(node: ExpressionNode): { readonly aggregate: ExpressionNode; readonly fallback: ExpressionNode } | null {
  return node.kind === 'func' && node.fn === AGGREGATE_DEFAULT ? { aggregate: node.args[0]!, fallback: node.args[1]! } : null;
}
