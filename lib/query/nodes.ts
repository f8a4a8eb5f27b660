import type { Field } from '../fields/index.js';
import type { RegisteredLookup } from '../fields/index.js';
import type { Transform } from './lookups/lookup.js';

/**
 * Query state is frozen data built from these nodes; the compiler maps every `kind` to SQL
 * (see `compiler/sql-compiler.ts`), so a new kind fails to compile until it is handled.
 */
export type ExpressionNode =
  | { readonly kind: 'column'; readonly field: Field; readonly table: string }
  | { readonly kind: 'value'; readonly value: unknown; readonly field: Field | null }
  | { readonly kind: 'fieldRef'; readonly name: string }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOperator; readonly lhs: ExpressionNode; readonly rhs: ExpressionNode }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFunction; readonly arg: ExpressionNode | null; readonly distinct: boolean }
  | { readonly kind: 'transform'; readonly transform: Transform; readonly source: ExpressionNode; readonly sourceField: Field };

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type AggregateFunction = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

/** A lookup as registered on field classes; see `lookups/lookup.ts`. */
export interface LookupNode {
  readonly kind: 'lookup';
  readonly lookup: RegisteredLookup;
  readonly lhs: ExpressionNode;
  /** Field whose type the right-hand side takes (the transform's output, else the column's). */
  readonly field: Field;
  /** Prepared right-hand side: converted value(s) or an expression. */
  readonly rhs: unknown;
  /** True when the condition involves an aggregate and belongs in HAVING. */
  readonly aggregate: boolean;
}

export type WhereNode =
  | { readonly kind: 'and' | 'or'; readonly negated: boolean; readonly children: readonly WhereNode[] }
  | LookupNode;

/**
 * Expression nodes resolved against a model. Filter and update values sit where plain values do,
 * and a JSON value such as `{ kind: 'book' }` must never be mistaken for an expression, so
 * membership is recorded here rather than guessed from the shape.
 */
const resolvedExpressions = new WeakSet<object>();

export function markResolved<N extends ExpressionNode>(node: N): N {
  resolvedExpressions.add(node);
  return node;
}

/** True for an expression produced by `resolveExpression()` (an `F()` or aggregate), not a value. */
export function isExpressionNode(value: unknown): value is ExpressionNode {
  return typeof value === 'object' && value !== null && resolvedExpressions.has(value);
}

export function containsAggregate(node: ExpressionNode): boolean {
  switch (node.kind) {
    case 'aggregate':
      return true;
    case 'arithmetic':
      return containsAggregate(node.lhs) || containsAggregate(node.rhs);
    case 'transform':
      return containsAggregate(node.source);
    default:
      return false;
  }
}

/** Nullable columns read by an expression: under a negation each must be checked IS NOT NULL. */
export function nullableColumns(node: ExpressionNode, found: ExpressionNode[] = []): ExpressionNode[] {
  switch (node.kind) {
    case 'column':
      if (node.field.null && !found.some((seen) => seen.kind === 'column' && seen.field === node.field)) found.push(node);
      break;
    case 'arithmetic':
      nullableColumns(node.lhs, found);
      nullableColumns(node.rhs, found);
      break;
    case 'transform':
      nullableColumns(node.source, found);
      break;
    default:
      break;
  }
  return found;
}
