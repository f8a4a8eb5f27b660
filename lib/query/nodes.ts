import type { Field } from '../fields/index.js';
import type { RegisteredLookup } from '../fields/index.js';
import type { DatePart } from '../dialects/index.js';

/**
 * Query state is frozen data built from these nodes; the compiler maps every `kind` to SQL
 * (see `compiler/expression.ts`), so a new kind fails to compile until it is handled.
 */
export type ExpressionNode =
  | { readonly kind: 'column'; readonly field: Field; readonly table: string }
  | { readonly kind: 'value'; readonly value: unknown; readonly field: Field | null }
  | { readonly kind: 'fieldRef'; readonly name: string }
  | { readonly kind: 'annotationRef'; readonly name: string }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOperator; readonly lhs: ExpressionNode; readonly rhs: ExpressionNode }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFunction; readonly arg: ExpressionNode | null; readonly distinct: boolean }
  | { readonly kind: 'extract'; readonly part: DatePart; readonly source: ExpressionNode; readonly sourceField: Field };

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

export function isExpressionNode(value: unknown): value is ExpressionNode {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof (value as { kind: unknown }).kind === 'string';
}

export function containsAggregate(node: ExpressionNode): boolean {
  switch (node.kind) {
    case 'aggregate':
      return true;
    case 'arithmetic':
      return containsAggregate(node.lhs) || containsAggregate(node.rhs);
    case 'extract':
      return containsAggregate(node.source);
    default:
      return false;
  }
}
