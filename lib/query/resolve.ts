import { FieldError } from '../errors.js';
import { BigIntegerField, BooleanField, FloatField, TextField, isForeignKey, type Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import { choicesList } from '../util/naming.js';
import { Expression } from './expressions.js';
import { Lookup, Transform } from './lookups/lookup.js';
import { FLOAT_AGGREGATES, containsAggregate, containsWindow, isExpressionNode, mapChildren, markResolved, type ExpressionNode, type LookupNode, type WhereNode } from './nodes.js';
import { isConditionExpression, QNode } from './q.js';
import { inSubquery, isQuerySetLike, subqueryNode } from './subquery.js';
import { bindSubquery } from './outer-refs.js';
import { alignConstants } from './functions/uniform.js';
import { STATE } from './instance-state.js';
import { JoinCollector, requireJoinsOf } from './joins.js';
import { splitPath, walkPath, type PathTarget } from './paths.js';
import { sortTerms, transformedPath } from './transform-paths.js';
import type { OrderTerm, QueryState } from './state.js';

/** What names a filter may start with: the model's fields, `pk`, and the query's annotations. */
export interface ResolveScope {
  readonly meta: ModelOptions;
  readonly annotations: Readonly<Record<string, ExpressionNode>>;
  /** Where relation paths (`author__name`) add their joins; without one, paths are refused. */
  readonly joins?: JoinCollector;
}

/**
 * Turns a Q tree into where nodes, resolving every keyword now so typos fail at the call site.
 * `underNot` is true inside an odd number of negations: there a condition across a multi-valued
 * relation becomes a subquery (see `RelatedSubqueryNode`).
 */
export function resolveQ(q: QNode, scope: ResolveScope, underNot = false): WhereNode {
  const negatedHere = underNot !== q.negated;
  const children: WhereNode[] = [];
  for (const child of q.children) {
    if (child instanceof QNode) {
      const node = resolveQ(child, scope, negatedHere);
      // An empty Q is no condition at all, as in Django: `Q().or(x)` is `x`, not "true or x".
      if (!isEmptyCondition(node)) children.push(node);
    } else if (isConditionExpression(child)) children.push({ kind: 'boolean', node: resolveExpression(child.node, scope) });
    else children.push(resolveLeaf(child[0], child[1], scope, negatedHere));
  }
  return { kind: q.connector, negated: q.negated, children };
}

/** A connective with nothing in it (`Q()`, `{}`, or only such), negated or not: it filters nothing. */
export function isEmptyCondition(node: WhereNode): boolean {
  return (node.kind === 'and' || node.kind === 'or') && node.children.length === 0;
}

/**
 * The where node for one `filter()` / `exclude()` call. Joins read by its top-level conditions
 * become INNER (see `requireJoinsOf`).
 */
export function resolveFilter(q: QNode, scope: ResolveScope & { joins: JoinCollector }): WhereNode {
  const node = resolveQ(q, scope);
  requireJoinsOf(node, scope.joins);
  return node;
}

function resolveLeaf(key: string, value: unknown, scope: ResolveScope, underNot: boolean): WhereNode {
  if (!underNot || !scope.joins || !crossesMultiValued(key, scope)) return resolveCondition(key, value, scope);
  // Django's split_exclude: "not (any related row matches)", with joins of its own.
  const joins = new JoinCollector(scope.meta.tableName, []);
  const where = resolveCondition(key, value, { ...scope, joins });
  requireJoinsOf(where, joins);
  return { kind: 'relatedSubquery', table: scope.meta.tableName, pk: scope.meta.pk, joins: joins.joins, where };
}

/** Whether the path of `key` goes through a reverse ForeignKey or a many-to-many relation. */
function crossesMultiValued(key: string, scope: ResolveScope): boolean {
  const parts = splitPath(key, scope.meta, scope.annotations);
  if (annotationNamed(scope.annotations, parts[0]!)) return false;
  const scratch = new JoinCollector(scope.meta.tableName, []);
  walkPath(parts, scope.meta, scratch, Object.keys(scope.annotations));
  return scratch.multiValued;
}

/** `name__icontains: 'x'` -> a lookup node over the resolved column. */
export function resolveCondition(key: string, value: unknown, scope: ResolveScope): LookupNode {
  if (value === undefined) {
    throw new FieldError(`Filter '${key}' on ${scope.meta.name} was given undefined; pass null (or use __isnull) to match NULL`);
  }
  const parts = splitPath(key, scope.meta, scope.annotations);
  let { lhs, field, next } = resolveHead(parts, scope);
  let lookupName = 'exact';
  for (let i = next; i < parts.length; i++) {
    const name = parts[i]!;
    const registered = field.getLookup(name);
    if (registered instanceof Transform) {
      const output = describedAs(registered.outputField(), parts.slice(0, i + 1).join('__'), field);
      lhs = registered.apply(lhs, field);
      field = output;
      continue;
    }
    if (registered instanceof Lookup) {
      if (i < parts.length - 1) throw new FieldError(`'${name}' is a lookup, so it must come last: nothing may follow it in '${key}'`);
      lookupName = name;
      break;
    }
    const path = parts.slice(0, i).join('__');
    throw new FieldError(
      `Unsupported lookup '${name}' for ${field.constructor.name} '${path}' in '${key}'.${choicesList(name, field.lookupNames())}`,
    );
  }
  const subquery = isQuerySetLike(value) ? subqueryNode(value, key) : value instanceof Expression && value.node.kind === 'subquery' ? value.node : null;
  if (subquery && lookupName === 'in') return inSubquery(lhs, field, subquery, (node) => resolveNode(node, scope));
  if (isQuerySetLike(value)) throw new FieldError(`'${key}' was given a QuerySet; compare with a subquery through '__in', or wrap it in Subquery()`);
  return buildLookup(lookupName, lhs, field, resolveValue(value, scope, field));
}

function resolveHead(parts: readonly string[], scope: ResolveScope): PathTarget {
  const name = parts[0]!;
  const annotation = annotationNamed(scope.annotations, name);
  if (annotation) {
    // A copy: the output field may be a model's own field, which must keep its name.
    return { lhs: annotation, field: describedAs(outputFieldOf(annotation, scope.meta).clone(), name, scope.meta.pk), next: 1 };
  }
  return walkPath(parts, scope.meta, scope.joins, Object.keys(scope.annotations));
}

/** A fresh output field, named by its path so errors read `Person.joined__year__in ...`. */
function describedAs(output: Field, path: string, source: Field): Field {
  output.name = path;
  output.owner = source.owner;
  return output;
}

export function buildLookup(lookupName: string, lhs: ExpressionNode, field: Field, value: unknown): LookupNode {
  // `exact: null` (and `iexact: null`) mean IS NULL, as in Django.
  // Unless the lookup compares with null itself: on a JSON key path `data__owner: null` is JSON null.
  const nullIsValue = value === null && (field.getLookup(lookupName) as Lookup | undefined)?.acceptsNull === true;
  if (value === null && !nullIsValue && (lookupName === 'exact' || lookupName === 'iexact')) lookupName = 'isnull';
  else if (value === null && !nullIsValue && lookupName !== 'isnull') {
    throw new FieldError(`${field.toString()}__${lookupName} cannot compare with null; use ${field.name}__isnull to match NULL`);
  }
  const lookup = field.getLookup(lookupName) as Lookup;
  const rhs = lookupName === 'isnull' && value === null ? true : lookup.prepare(field, value);
  const rhsNode = isExpressionNode(rhs) ? rhs : null;
  return {
    kind: 'lookup', lookup, lhs, field, rhs,
    aggregate: containsAggregate(lhs) || (rhsNode !== null && containsAggregate(rhsNode)),
    window: containsWindow(lhs) || (rhsNode !== null && containsWindow(rhsNode)),
  };
}

function resolveValue(value: unknown, scope: ResolveScope, field: Field): unknown {
  if (value instanceof Expression) return resolveExpression(value.node, scope);
  // A model instance stands for its key (`filter({ tags: tag })`, `books__in: [b1, b2]`): the
  // primary key, or the column a ForeignKey with `toField` points at.
  const key = isForeignKey(field) ? field.targetField.attname : 'pk';
  const keyOf = (item: unknown) => {
    if (!isInstance(item)) return item;
    const value = (item as Record<string, unknown>)[key];
    if (value === null || value === undefined) throw new FieldError(`${item.constructor.name} instances passed to filters must be saved: this one has no ${key}`);
    return value;
  };
  if (Array.isArray(value)) return value.some(isInstance) ? value.map(keyOf) : value;
  return keyOf(value);
}

function isInstance(value: unknown): value is { pk: unknown } {
  return typeof value === 'object' && value !== null && STATE in value;
}

/**
 * The annotation called `name`, if any. Annotations live in a plain object, so an own-property
 * check keeps `constructor` or `toString` from finding Object.prototype's members.
 */
export function annotationNamed(annotations: Readonly<Record<string, ExpressionNode>>, name: string): ExpressionNode | undefined {
  return Object.hasOwn(annotations, name) ? annotations[name] : undefined;
}

/** The column a field path (`age`, `author__name`) names, joining as needed; lookups are not allowed here. */
export function resolvePath(path: string, scope: ResolveScope): ExpressionNode {
  const parts = splitPath(path, scope.meta, scope.annotations);
  const target = walkPath(parts, scope.meta, scope.joins, Object.keys(scope.annotations));
  return target.next < parts.length ? transformedPath(target, parts, path) : target.lhs;
}

/**
 * Replaces `F('name')` references with columns, or with the annotation's own expression: SQL
 * cannot refer to a SELECT alias from WHERE, HAVING or another select item.
 */
export function resolveExpression(node: ExpressionNode, scope: ResolveScope): ExpressionNode {
  return markResolved(resolveNode(node, scope));
}

function resolveNode(node: ExpressionNode, scope: ResolveScope): ExpressionNode {
  switch (node.kind) {
    case 'fieldRef': {
      const annotation = annotationNamed(scope.annotations, node.name);
      if (annotation) return annotation;
      return resolvePath(node.name, scope);
    }
    case 'arithmetic': {
      const left = resolveNode(node.lhs, scope);
      const right = resolveNode(node.rhs, scope);
      const lhs = typedConstant(left, right);
      const rhs = typedConstant(right, left);
      checkOperandTypes(lhs, rhs, scope.meta);
      return { ...node, lhs, rhs };
    }
    case 'aggregate': {
      const arg = node.arg && resolveNode(node.arg, scope);
      if (arg && containsAggregate(arg)) {
        throw new FieldError(`Cannot compute ${node.fn}() over an aggregate; aggregate the rows, or annotate first and filter`);
      }
      return { ...node, arg: countsEveryRow(node, arg, scope) ? null : arg, filter: node.filter ? resolveInnerCondition(node.filter, scope) : null };
    }
    case 'transform':
    case 'typed':
    case 'case':
      return mapChildren(node, (inner) => resolveNode(inner, scope), (condition) => resolveInnerCondition(condition, scope));
    case 'window': {
      const resolved = mapChildren(node, (inner) => resolveNode(inner, scope), (condition) => resolveInnerCondition(condition, scope));
      return { ...(resolved as typeof node), rowOrder: resolvePath('pk', scope) };
    }
    case 'func': {
      const fieldOf = (arg: ExpressionNode) => outputFieldOf(arg, scope.meta);
      const args = alignConstants(node.fn, node.args.map((arg) => resolveNode(arg, scope)), fieldOf);
      // An OuterRef's field is known only once the outer query binds it: the spec stays general.
      const specialise = args.some((arg) => arg.kind === 'outerRef') ? undefined : node.fn.specialise;
      return { ...node, args, fn: specialise ? specialise(args.map(fieldOf)) : node.fn };
    }
    case 'subquery':
    case 'exists':
      return { ...node, state: bindSubquery(node.state, (name) => resolveNode({ kind: 'fieldRef', name }, scope)) };
    default:
      return { ...node };
  }
}

/** A condition inside an expression (a When, an aggregate's `filter:`): its joins stay LEFT. */
function resolveInnerCondition(condition: QNode | WhereNode, scope: ResolveScope): WhereNode {
  return condition instanceof QNode ? resolveQ(condition, scope) : condition;
}

/**
 * Text beside a column in arithmetic converts as that column's values do (`F('price').add('0.10')`
 * on a decimal), so `F('n').add('abc')` is a ValidationError rather than SQLite's silent `n + 0`.
 */
function typedConstant(side: ExpressionNode, other: ExpressionNode): ExpressionNode {
  if (side.kind !== 'value' || side.field || typeof side.value !== 'string' || other.kind !== 'column') return side;
  return { kind: 'value', value: other.field.toLookupValue(side.value), field: other.field };
}

const TEXT_KINDS = new Set(['char', 'text']);

/**
 * Arithmetic with text is refused before any SQL, as the databases disagree: `F('total').add(Value('0.01'))`
 * (Django's "mixed types" FieldError) is an error on PostgreSQL but coerced by SQLite and MariaDB,
 * and `text + text` is an error on PostgreSQL and 0 on SQLite. Text is joined with `Concat()`.
 */
function checkOperandTypes(lhs: ExpressionNode, rhs: ExpressionNode, meta: ModelOptions): void {
  const typed = [lhs, rhs].filter((side) => side.kind !== 'value' || side.field).map((side) => outputFieldOf(side, meta));
  const text = typed.filter((field) => TEXT_KINDS.has(field.kind));
  if (text.length === 0) return;
  if (text.length === typed.length) throw new FieldError(`Arithmetic on text (${text.map((f) => f.constructor.name).join(', ')}) is not supported; join text with Concat()`);
  throw new FieldError(
    `Expression contains mixed types: ${typed.map((f) => f.constructor.name).join(', ')}. Give the text a number's field (Value('0.01', new DecimalField({ ... }))), write the number as a plain string or number, or Cast() one side`,
  );
}

const FLOATING = new Set(['float']);
const EXACT = new Set(['decimal']);

/**
 * `Count('pk')` (or any NOT NULL column of the query's own table, which no join can make NULL)
 * counts every row, so it is written `COUNT(*)`: databases count rows without reading a column
 * (SQLite took 7% longer over 10,000 rows with `COUNT("id")`). DISTINCT still reads the column.
 */
function countsEveryRow(node: { fn: string; distinct: boolean }, arg: ExpressionNode | null, scope: ResolveScope): boolean {
  return node.fn === 'COUNT' && !node.distinct && arg !== null && arg.kind === 'column' && !arg.nullable && !arg.field.null && arg.table === scope.meta.tableName;
}

/**
 * The field whose type and conversions an expression's values take: COUNT an integer, AVG a
 * float, SUM/MIN/MAX their input's; arithmetic the widest operand (float > decimal > other).
 */
export function outputFieldOf(node: ExpressionNode, meta: ModelOptions): Field {
  switch (node.kind) {
    case 'column':
      return node.field;
    case 'aggregate':
      if (node.fn === 'COUNT') return new BigIntegerField();
      if (FLOAT_AGGREGATES.has(node.fn)) return new FloatField();
      return node.arg ? outputFieldOf(node.arg, meta) : meta.pk;
    case 'arithmetic': {
      const operands = [node.lhs, node.rhs].filter((side) => side.kind !== 'value' || side.field);
      const fields = operands.map((side) => outputFieldOf(side, meta));
      const widest = fields.find((f) => FLOATING.has(f.kind)) ?? fields.find((f) => EXACT.has(f.kind)) ?? fields[0];
      if (widest) return widest;
      return node.lhs.kind === 'value' && typeof node.lhs.value === 'number' && !Number.isInteger(node.lhs.value) ? new FloatField() : meta.pk;
    }
    case 'value':
      return node.field ?? meta.pk;
    case 'transform':
      return node.transform.outputField();
    case 'func':
      return node.fn.output(node.args.map((arg) => outputFieldOf(arg, meta)));
    case 'typed':
      return node.output;
    case 'raw':
      return node.output ?? new TextField();
    case 'case':
      return node.output ?? caseOutput(node.whens.map((branch) => branch.then).concat(node.otherwise ?? []), meta);
    case 'exists':
      return new BooleanField();
    case 'window':
      return outputFieldOf(node.expression, meta);
    case 'subquery':
      return subqueryOutput(node.state);
    default:
      return meta.pk;
  }
}

/** A Case takes the type of its first branch that has one (a NULL `Value` has none of its own). */
function caseOutput(results: readonly ExpressionNode[], meta: ModelOptions): Field {
  const typed = results.find((result) => result.kind !== 'value' || (result.value !== null && result.field));
  return typed ? outputFieldOf(typed, meta) : new TextField();
}

/** The field of the one column a subquery selects. */
function subqueryOutput(state: QueryState): Field {
  if (state.selection.kind === 'models') return state.meta.pk;
  const name = state.selection.names[0]!;
  const computed = state.annotations[name] ?? state.selection.paths?.[name];
  return computed ? outputFieldOf(computed, state.meta) : state.meta.field(name);
}

/** `'-age'`, `'name'`, `'?'` -> order terms. */
export function resolveOrdering(names: readonly string[], scope: ResolveScope): readonly OrderTerm[] {
  const terms = names.map((name): OrderTerm => {
    if (name === '?') return { kind: 'random' };
    const descending = name.startsWith('-');
    const bare = descending ? name.slice(1) : name;
    const annotation = annotationNamed(scope.annotations, bare);
    if (annotation) return { kind: 'expression', node: annotation, descending };
    return { kind: 'expression', node: resolvePath(bare, scope), descending };
  });
  // A JSON key path sorts as two terms (see transform-paths.ts); other orderings keep their array.
  return terms.some(isTransformTerm) ? terms.flatMap(sortTerms) : terms;
}

function isTransformTerm(term: OrderTerm): boolean {
  return term.kind === 'expression' && term.node.kind === 'transform';
}
