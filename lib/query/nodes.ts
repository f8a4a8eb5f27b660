import type { Field } from '../fields/index.js';
import type { RegisteredLookup } from '../fields/index.js';
import type { Join } from './joins.js';
import type { Transform } from './lookups/lookup.js';
import type { QNode } from './q.js';
import type { QueryState } from './state.js';
import type { FunctionSpec } from './functions/spec.js';

/**
 * Query state is frozen data built from these nodes; the compiler maps every `kind` to SQL
 * (see `compiler/sql-compiler.ts`), so a new kind fails to compile until it is handled.
 */
export type ExpressionNode =
  /** `nullable`: reached through a LEFT join, so NULL even when the field itself is not. */
  | { readonly kind: 'column'; readonly field: Field; readonly table: string; readonly nullable?: boolean }
  /** `typed`: made by `Value()`, which stands alone where the database cannot infer its type. */
  | { readonly kind: 'value'; readonly value: unknown; readonly field: Field | null; readonly typed?: boolean }
  | { readonly kind: 'fieldRef'; readonly name: string }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOperator; readonly lhs: ExpressionNode; readonly rhs: ExpressionNode }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFunction; readonly arg: ExpressionNode | null; readonly distinct: boolean; readonly filter?: QNode | WhereNode | null }
  | { readonly kind: 'transform'; readonly transform: Transform; readonly source: ExpressionNode; readonly sourceField: Field }
  /** Another QuerySet selecting one column: `filter({ entries__in: Entry.objects.filter(...) })`. */
  | { readonly kind: 'subquery'; readonly state: QueryState; readonly inList?: boolean }
  /** `Upper('title')`, `Coalesce(...)`: SQL per dialect comes from the dialect's function table. */
  | { readonly kind: 'func'; readonly fn: FunctionSpec; readonly args: readonly ExpressionNode[] }
  /** `CASE WHEN ... THEN ... ELSE ... END`; conditions are Q trees until resolved into where nodes. */
  | { readonly kind: 'case'; readonly whens: readonly CaseBranch[]; readonly otherwise: ExpressionNode | null; readonly output: Field | null }
  /** `ExpressionWrapper(expr, field)` and `Cast(expr, field)`: an expression whose values take `output`'s type. */
  | { readonly kind: 'typed'; readonly inner: ExpressionNode; readonly output: Field; readonly cast: boolean }
  /** `RawSQL('x + ?', [1])`: SQL the user wrote, with bound values. */
  | { readonly kind: 'raw'; readonly sql: string; readonly params: readonly unknown[]; readonly output: Field | null }
  /** `OuterRef('pk')` inside a subquery: a name of the query `depth` levels out, bound when the subquery is used. */
  | { readonly kind: 'outerRef'; readonly name: string; readonly depth: number }
  /** `Exists(qs)`, true when the subquery returns a row. */
  | { readonly kind: 'exists'; readonly state: QueryState; readonly negated: boolean };

/** One `WHEN <condition> THEN <result>` of a `Case`. */
export interface CaseBranch {
  readonly when: QNode | WhereNode;
  readonly then: ExpressionNode;
}

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

/**
 * `<table>.<pk> IN (SELECT <table>.<pk> FROM <table> <joins> WHERE <where>)`: a condition across a
 * multi-valued relation under a negation. As in Django, `exclude({ tags__name: 'a' })` drops the
 * rows having any such related row, which a NOT over joined rows cannot express.
 */
export interface RelatedSubqueryNode {
  readonly kind: 'relatedSubquery';
  readonly table: string;
  /** The alias the outer query gives `table` (itself, unless the query is someone's subquery). */
  readonly alias?: string;
  readonly pk: Field;
  readonly joins: readonly Join[];
  readonly where: WhereNode;
}

export type WhereNode =
  | { readonly kind: 'and' | 'or'; readonly negated: boolean; readonly children: readonly WhereNode[] }
  | LookupNode
  | RelatedSubqueryNode;

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

/**
 * The expressions a node computes from, in its own query (a subquery's are its own business).
 * One walk for every question asked of a tree: aggregates, nullable columns, tables read.
 */
export function childExpressions(node: ExpressionNode): readonly ExpressionNode[] {
  switch (node.kind) {
    case 'arithmetic':
      return [node.lhs, node.rhs];
    case 'aggregate':
      return node.arg ? [node.arg] : NO_CHILDREN;
    case 'transform':
      return [node.source];
    case 'func':
      return node.args;
    case 'typed':
      return [node.inner];
    case 'case': {
      const results = node.whens.map((branch) => branch.then);
      return node.otherwise ? [...results, node.otherwise] : results;
    }
    default:
      return NO_CHILDREN;
  }
}

const NO_CHILDREN: readonly ExpressionNode[] = Object.freeze([]);

export function containsAggregate(node: ExpressionNode): boolean {
  return node.kind === 'aggregate' || childExpressions(node).some(containsAggregate);
}

/** Nullable columns read by an expression: under a negation each must be checked IS NOT NULL. */
export function nullableColumns(node: ExpressionNode, found: ExpressionNode[] = []): ExpressionNode[] {
  if (node.kind === 'column') {
    if ((node.field.null || node.nullable) && !found.some((seen) => seen.kind === 'column' && seen.field === node.field && seen.table === node.table)) found.push(node);
  } else if (node.kind !== 'aggregate') {
    for (const child of childExpressions(node)) nullableColumns(child, found);
  }
  return found;
}

/** True when some condition of the tree reads a subquery (which may select from the queried table). */
export function hasSubquery(node: WhereNode): boolean {
  if (node.kind === 'relatedSubquery') return true;
  if (node.kind === 'lookup') return isExpressionNode(node.rhs) && node.rhs.kind === 'subquery';
  return node.children.some(hasSubquery);
}

/** The tables (aliases) of the columns an expression reads. */
export function columnTables(node: ExpressionNode, found: string[] = []): string[] {
  if (node.kind === 'column') {
    if (!found.includes(node.table)) found.push(node.table);
  } else {
    for (const child of childExpressions(node)) columnTables(child, found);
  }
  return found;
}
