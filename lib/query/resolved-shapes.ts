import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import type { ExpressionNode, LookupNode, WhereNode } from './nodes.js';
import { buildLookup } from './resolve.js';
import { isPlainObject } from '../util/arguments.js';
import { hasModelScopeOnly, type OrderTerm, type QueryState } from './state.js';

/**
 * Resolved filter and ordering shapes. Resolving `filter({ age__gte: n, active: true })` splits each key,
 * walks the model's fields and finds the lookup: work that depends on the keys, not on the
 * values. For a model queried without joins or annotations, the resolution of a set of keys is
 * kept per model and reused: only the values are converted and checked again (by the lookup's
 * `prepare()`, as on first resolution), so a repeated filter costs what its values cost.
 *
 * Only plain scalar values take this path (strings, numbers, booleans, bigints, Dates): `null`
 * (IS NULL), lists, expressions, QuerySets and model instances change what a key resolves to,
 * and go the general way. A shape is kept only when it resolved to lookups on the model's own
 * table, so nothing here depends on the joins of the query it first ran in.
 */
interface Leaf {
  readonly key: string;
  readonly lhs: ExpressionNode;
  readonly field: Field;
  readonly lookupName: string;
}

interface Shape {
  readonly negated: boolean;
  readonly leaves: readonly Leaf[];
}

const SHAPES_PER_MODEL = 256;
const shapes = new WeakMap<ModelOptions, Map<string, Shape>>();

/** The where node for `conditions`, from a kept shape; undefined when the general path must resolve it. */
export function reuseFilterShape(state: QueryState, conditions: readonly object[], negate: boolean): WhereNode | undefined {
  const key = shapeKey(state, conditions, negate);
  if (key === undefined) return undefined;
  const shape = shapes.get(state.meta)?.get(key);
  if (!shape) return undefined;
  const values = conditions[0] as Record<string, unknown>;
  const children: LookupNode[] = [];
  for (const leaf of shape.leaves) children.push(buildLookup(leaf.lookupName, leaf.lhs, leaf.field, values[leaf.key]));
  const node: WhereNode = { kind: 'and', negated: false, children: [{ kind: 'and', negated: false, children }] };
  return shape.negated ? { kind: 'and', negated: true, children: [node] } : node;
}

/** Keeps the shape the general path resolved, when it is one `reuseFilterShape` can rebuild exactly. */
export function keepFilterShape(state: QueryState, conditions: readonly object[], negate: boolean, resolved: WhereNode, joinsAfter: number): void {
  if (joinsAfter !== 0) return;
  const key = shapeKey(state, conditions, negate);
  if (key === undefined) return;
  const inner = negate ? onlyChild(resolved, true) : resolved;
  const group = inner && onlyChild(inner, false);
  if (!group || group.kind !== 'and' || group.negated) return;
  const names = Object.keys(conditions[0]!);
  if (group.children.length !== names.length) return;
  const leaves: Leaf[] = [];
  for (let i = 0; i < names.length; i++) {
    const child = group.children[i]!;
    if (child.kind !== 'lookup' || !onTable(child.lhs, state.meta.tableName)) return;
    leaves.push({ key: names[i]!, lhs: child.lhs, field: child.field, lookupName: child.lookup.lookupName });
  }
  let byKey = shapes.get(state.meta);
  if (!byKey) shapes.set(state.meta, (byKey = new Map()));
  if (byKey.size >= SHAPES_PER_MODEL) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, { negated: negate, leaves });
}

/** `and` with one child (negated or not, as asked): the child; else undefined. */
function onlyChild(node: WhereNode, negated: boolean): WhereNode | undefined {
  if (node.kind !== 'and' || node.negated !== negated || node.children.length !== 1) return undefined;
  return node.children[0];
}

/** A column of the model's own table, possibly under transforms (`joined__year`). */
function onTable(node: ExpressionNode, table: string): boolean {
  if (node.kind === 'column') return node.table === table;
  if (node.kind === 'transform') return onTable(node.source, table);
  return false;
}

/** The memo key for one plain-object condition of scalar values on a join-free, annotation-free query. */
function shapeKey(state: QueryState, conditions: readonly object[], negate: boolean): string | undefined {
  const values = conditions[0];
  if (conditions.length !== 1 || !hasModelScopeOnly(state) || !isPlainObject(values)) return undefined;
  let key = negate ? '!' : '';
  for (const name in values) {
    if (!Object.hasOwn(values, name) || !isScalar(values[name])) return undefined;
    key += `${name}\u0000`;
  }
  return key;
}

function isScalar(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint' || value instanceof Date;
}

const orderings = new WeakMap<ModelOptions, Map<string, readonly OrderTerm[]>>();

/**
 * `orderBy(...names)` on a query without joins or annotations, resolved before: the same terms
 * (they are immutable). Kept only when resolving them added no join.
 */
export function reuseOrdering(state: QueryState, names: readonly string[]): readonly OrderTerm[] | undefined {
  if (!hasModelScopeOnly(state)) return undefined;
  return orderings.get(state.meta)?.get(names.join('\u0000'));
}

export function keepOrdering(state: QueryState, names: readonly string[], terms: readonly OrderTerm[], joinsAfter: number): void {
  if (joinsAfter !== 0 || !hasModelScopeOnly(state)) return;
  let byNames = orderings.get(state.meta);
  if (!byNames) orderings.set(state.meta, (byNames = new Map()));
  if (byNames.size >= SHAPES_PER_MODEL) byNames.delete(byNames.keys().next().value!);
  byNames.set(names.join('\u0000'), Object.freeze([...terms]));
}
