import { FieldError } from '../errors.js';
import { Transform } from './lookups/lookup.js';
import type { ExpressionNode } from './nodes.js';
import type { PathTarget } from './paths.js';
import type { OrderTerm } from './state.js';

/**
 * A path that goes on past its field through transforms that may end one (JSON keys:
 * `data__owner__name` in `values()`, `orderBy()`, `F()`); a lookup there is refused.
 */
export function transformedPath(target: PathTarget, parts: readonly string[], path: string): ExpressionNode {
  let { lhs, field } = target;
  for (let i = target.next; i < parts.length; i++) {
    const transform = field.getLookup(parts[i]!);
    if (!(transform instanceof Transform) || !transform.selectable) {
      throw new FieldError(`Cannot resolve keyword '${parts[i]}' into field: '${path}' must name a field, not a lookup`);
    }
    lhs = transform.apply(lhs, field);
    field = transform.outputField();
  }
  return lhs;
}

/** An order term as ORDER BY sorts it: a transform may sort by other operands (see `Transform.sortOperands`). */
export function sortTerms(term: OrderTerm): readonly OrderTerm[] {
  if (term.kind !== 'expression' || term.node.kind !== 'transform') return [term];
  const operands = term.node.transform.sortOperands(term.node);
  return operands.length === 1 && operands[0] === term.node ? [term] : operands.map((node) => ({ ...term, node }));
}
