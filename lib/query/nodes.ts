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
  | { readonly kind: 'exists'; readonly state: QueryState; readonly negated: boolean }
  /** `<expression> OVER (PARTITION BY ... ORDER BY ... <frame>)`. */
  | {
      readonly kind: 'window';
      readonly expression: ExpressionNode;
      readonly partitionBy: readonly ExpressionNode[];
      readonly orderBy: readonly WindowOrder[];
      readonly frame: WindowFrame | null;
      /** The queried table's key, where a database needs a window over all rows ordered (see `Dialect.orderWholeSetWindows`). */
      readonly rowOrder: ExpressionNode | null;
    };

/** One ORDER BY term inside OVER (...); names are resolved like `orderBy()`'s. */
export interface WindowOrder {
  readonly node: ExpressionNode;
  readonly descending: boolean;
  readonly nulls: 'first' | 'last' | null;
}

/**
 * `ROWS` or `RANGE BETWEEN <start> AND <end>`: null is UNBOUNDED, 0 the CURRENT ROW, a negative
 * number that many PRECEDING and a positive one that many FOLLOWING (Django's convention).
 */
export interface WindowFrame {
  readonly unit: 'ROWS' | 'RANGE';
  readonly start: number | null;
  readonly end: number | null;
}

/** One `WHEN <condition> THEN <result>` of a `Case`. */
export interface CaseBranch {
  readonly when: QNode | WhereNode;
  readonly then: ExpressionNode;
}

/** Every expression kind, checked by the compiler to be complete: a new kind fails to compile here until listed. */
const EXPRESSION_KINDS = {
  column: true, value: true, fieldRef: true, arithmetic: true, aggregate: true, transform: true, subquery: true,
  func: true, case: true, typed: true, raw: true, outerRef: true, exists: true, window: true,
} satisfies Record<ExpressionNode['kind'], true>;

export function isExpressionKind(kind: unknown): kind is ExpressionNode['kind'] {
  return typeof kind === 'string' && Object.hasOwn(EXPRESSION_KINDS, kind);
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type AggregateFunction = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'STDDEV_POP' | 'STDDEV_SAMP' | 'VAR_POP' | 'VAR_SAMP';
/** Aggregates whose result is a float whatever they read: the mean and the spread (`StdDev`, `Variance`). */
export const FLOAT_AGGREGATES: ReadonlySet<AggregateFunction> = new Set(['AVG', 'STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP']);

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
  /** True when an operand computes a window function: the query then filters in an outer query. */
  readonly window: boolean;
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
  | RelatedSubqueryNode
  /** A boolean expression used as a condition: `filter(Exists(...))`, `Q(Exists(...)).or(...)`. */
  | { readonly kind: 'boolean'; readonly node: ExpressionNode };

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
    case 'window':
      return [node.expression, ...node.partitionBy, ...node.orderBy.map((term) => term.node)];
    default:
      return NO_CHILDREN;
  }
}

const NO_CHILDREN: readonly ExpressionNode[] = Object.freeze([]);

/**
 * A copy of `node` with its child expressions mapped by `child` and its conditions (a When's, an
 * aggregate's `filter:`) by `condition`; a leaf comes back as it is. The structural walk that
 * resolving a tree and rebinding a subquery share.
 */
export function mapChildren(
  node: ExpressionNode,
  child: (node: ExpressionNode) => ExpressionNode,
  condition: (where: QNode | WhereNode) => QNode | WhereNode,
): ExpressionNode {
  switch (node.kind) {
    case 'arithmetic':
      return { ...node, lhs: child(node.lhs), rhs: child(node.rhs) };
    case 'aggregate':
      return { ...node, arg: node.arg && child(node.arg), filter: node.filter ? condition(node.filter) : null };
    case 'transform':
      return { ...node, source: child(node.source) };
    case 'func':
      return { ...node, args: node.args.map(child) };
    case 'typed':
      return { ...node, inner: child(node.inner) };
    case 'case':
      return { ...node, whens: node.whens.map((branch) => ({ when: condition(branch.when), then: child(branch.then) })), otherwise: node.otherwise && child(node.otherwise) };
    case 'window':
      return {
        ...node,
        expression: child(node.expression),
        partitionBy: node.partitionBy.map(child),
        orderBy: node.orderBy.map((term) => ({ ...term, node: child(term.node) })),
        rowOrder: node.rowOrder && child(node.rowOrder),
      };
    default:
      return node;
  }
}

/**
 * Whether rows must be grouped for the expression: an aggregate that no window computes.
 * `Window(Sum('x'))` groups nothing; `Window(Lag(Count('pk')))` and a window ordered by
 * `Sum('x')` read the groups' aggregates, so their queries group.
 */
export function containsAggregate(node: ExpressionNode): boolean {
  if (node.kind === 'case' && node.whens.some((branch) => conditionComputes(branch.when, 'aggregate'))) return true;
  if (node.kind !== 'window') return node.kind === 'aggregate' || childExpressions(node).some(containsAggregate);
  const computed = node.expression.kind === 'aggregate' ? childExpressions(node.expression) : [node.expression];
  return computed.some(containsAggregate) || node.partitionBy.some(containsAggregate) || node.orderBy.some((term) => containsAggregate(term.node));
}

/** Whether a window function is computed somewhere in the expression. */
export function containsWindow(node: ExpressionNode): boolean {
  if (node.kind === 'case' && node.whens.some((branch) => conditionComputes(branch.when, 'window'))) return true;
  return node.kind === 'window' || childExpressions(node).some(containsWindow);
}

/**
 * Whether a Case's condition computes an aggregate or a window (`When({ n__gte: 7 }, ...)` over
 * `n: Count(...)`): the Case is then one too, so it is not grouped by and is filtered in HAVING.
 * Conditions are not among `childExpressions()`, which say what a value is made of (a NULL in a
 * condition does not make the Case NULL).
 */
function conditionComputes(where: QNode | WhereNode, what: 'aggregate' | 'window'): boolean {
  if (!('kind' in where)) return false; // a Q tree, not resolved yet: nothing is known about its operands
  switch (where.kind) {
    case 'lookup':
      return where[what] || (isExpressionNode(where.rhs) && (what === 'aggregate' ? containsAggregate(where.rhs) : containsWindow(where.rhs)));
    case 'boolean':
      return what === 'aggregate' ? containsAggregate(where.node) : containsWindow(where.node);
    case 'relatedSubquery':
      return false;
    default:
      return where.children.some((child) => conditionComputes(child, what));
  }
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

/** The conditions AND-ed, or the one, or null for none. */
export function allOf(nodes: readonly WhereNode[]): WhereNode | null {
  if (nodes.length <= 1) return nodes[0] ?? null;
  return { kind: 'and', negated: false, children: nodes };
}

/** True when some condition of the tree reads a subquery (which may select from the queried table). */
export function hasSubquery(node: WhereNode): boolean {
  switch (node.kind) {
    case 'relatedSubquery':
      return true;
    case 'lookup':
      return readsSubquery(node.lhs) || (isExpressionNode(node.rhs) && readsSubquery(node.rhs));
    case 'boolean':
      return readsSubquery(node.node);
    default:
      return node.children.some(hasSubquery);
  }
}

function readsSubquery(node: ExpressionNode): boolean {
  return node.kind === 'subquery' || node.kind === 'exists' || childExpressions(node).some(readsSubquery);
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
