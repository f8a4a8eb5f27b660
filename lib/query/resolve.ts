import { FieldError } from '../errors.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import { choicesHint } from '../util/naming.js';
import { Expression } from './expressions.js';
import { Lookup, Transform } from './lookups/lookup.js';
import { containsAggregate, type ExpressionNode, type LookupNode, type WhereNode } from './nodes.js';
import { QNode } from './q.js';
import type { OrderTerm } from './state.js';

/** What names a filter may start with: the model's fields, `pk`, and the query's annotations. */
export interface ResolveScope {
  readonly meta: ModelOptions;
  readonly annotations: Readonly<Record<string, ExpressionNode>>;
}

/** Turns a Q tree into where nodes, resolving every keyword now so typos fail at the call site. */
export function resolveQ(q: QNode, scope: ResolveScope): WhereNode {
  const children = q.children.map((child) =>
    child instanceof QNode ? resolveQ(child, scope) : resolveCondition(child[0], child[1], scope),
  );
  return { kind: q.connector, negated: q.negated, children };
}

/** `name__icontains: 'x'` -> a lookup node over the resolved column. */
export function resolveCondition(key: string, value: unknown, scope: ResolveScope): LookupNode {
  if (value === undefined) {
    throw new FieldError(`Filter '${key}' on ${scope.meta.name} was given undefined; pass null (or use __isnull) to match NULL`);
  }
  const [head, ...rest] = key.split('__');
  let lhs: ExpressionNode;
  let field: Field;
  const annotation = scope.annotations[head!];
  if (annotation) {
    lhs = { kind: 'annotationRef', name: head! };
    field = outputFieldOf(annotation, scope.meta);
  } else {
    field = fieldOrChoices(head!, scope);
    lhs = { kind: 'column', field, table: scope.meta.tableName };
  }
  let lookupName = 'exact';
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i]!;
    const registered = field.getLookup(name);
    if (registered instanceof Transform) {
      const output = registered.outputField();
      lhs = { kind: 'extract', part: name as never, source: lhs, sourceField: field };
      field = output;
      continue;
    }
    if (registered instanceof Lookup && i === rest.length - 1) {
      lookupName = name;
      break;
    }
    throw new FieldError(
      `Unsupported lookup '${name}' for ${field.constructor.name} '${field.name || head}' in '${key}'.${choicesHint(name, field.lookupNames())}`,
    );
  }
  return buildLookup(lookupName, lhs, field, resolveValue(value, scope));
}

function buildLookup(lookupName: string, lhs: ExpressionNode, field: Field, value: unknown): LookupNode {
  // `exact: null` means IS NULL, as in Django.
  if (value === null && lookupName === 'exact') lookupName = 'isnull';
  const lookup = field.getLookup(lookupName) as Lookup;
  const rhs = lookupName === 'isnull' && value === null ? true : lookup.prepare(field, value);
  return { kind: 'lookup', lookup, lhs, field, rhs, aggregate: containsAggregate(lhs) };
}

function resolveValue(value: unknown, scope: ResolveScope): unknown {
  return value instanceof Expression ? resolveExpression(value.node, scope) : value;
}

function fieldOrChoices(name: string, scope: ResolveScope): Field {
  const field = scope.meta.maybeField(name);
  if (field) return field;
  const choices = [...scope.meta.fieldNames(), 'pk', ...Object.keys(scope.annotations)];
  throw new FieldError(`Cannot resolve keyword '${name}' into field.${choicesHint(name, choices)}`);
}

/** Replaces `F('name')` references with columns (or annotation references). */
export function resolveExpression(node: ExpressionNode, scope: ResolveScope): ExpressionNode {
  switch (node.kind) {
    case 'fieldRef':
      if (scope.annotations[node.name]) return { kind: 'annotationRef', name: node.name };
      return { kind: 'column', field: fieldOrChoices(node.name, scope), table: scope.meta.tableName };
    case 'arithmetic':
      return { ...node, lhs: resolveExpression(node.lhs, scope), rhs: resolveExpression(node.rhs, scope) };
    case 'aggregate':
      return { ...node, arg: node.arg && resolveExpression(node.arg, scope) };
    default:
      return node;
  }
}

/** The field whose conversions an expression's values take (for aggregates: their input's). */
export function outputFieldOf(node: ExpressionNode, meta: ModelOptions): Field {
  switch (node.kind) {
    case 'column':
      return node.field;
    case 'aggregate':
      return node.arg ? outputFieldOf(node.arg, meta) : meta.pk;
    case 'arithmetic':
      return outputFieldOf(node.lhs.kind === 'value' ? node.rhs : node.lhs, meta);
    case 'value':
      return node.field ?? meta.pk;
    default:
      return meta.pk;
  }
}

/** `'-age'`, `'name'`, `'?'` -> order terms. */
export function resolveOrdering(names: readonly string[], scope: ResolveScope): OrderTerm[] {
  return names.map((name) => {
    if (name === '?') return { kind: 'random' };
    const descending = name.startsWith('-');
    const bare = descending ? name.slice(1) : name;
    if (scope.annotations[bare]) return { kind: 'expression', node: { kind: 'annotationRef', name: bare }, descending };
    const node: ExpressionNode = { kind: 'column', field: fieldOrChoices(bare, scope), table: scope.meta.tableName };
    return { kind: 'expression', node, descending };
  });
}
