import { FieldError, WrenError, WrenTypeError } from '../errors.js';
import { argumentError, checkOptions } from '../util/arguments.js';
import { closestMatch, identifierProblem } from '../util/naming.js';
import { takenOnInstances } from './annotation-names.js';
import { isForeignKey, isManyToMany, type ForeignKey } from '../fields/index.js';
import type { ModelClass } from '../models/types.js';
import type { FetchMode } from './fetch-mode.js';
import { cachedRelation } from './forward-cache.js';
import { cacheRelation, loadedRelation, relationKey, STATE, type WithState } from './instance-state.js';
import { JoinCollector } from './joins.js';
import { markResolved, type ExpressionNode, type WhereNode } from './nodes.js';
import { QuerySet } from './queryset.js';
import { resolveCondition } from './resolve.js';
import { isSliced, patchState, type QueryState } from './state.js';
import { mapKey } from '../util/map-key.js';
import { reverseOneToOneName } from './back-references.js';

/** What a `Prefetch()` queryset must offer: its model and its query state (any QuerySet does). */
export interface PrefetchSource {
  readonly model: ModelClass;
  readonly state: QueryState;
}

/** One `prefetchRelated()` lookup: a path, optionally the QuerySet to load its last step with, and `toAttr`. */
export class PrefetchLookup {
  constructor(
    readonly path: string,
    readonly queryset: PrefetchSource | null,
    readonly toAttr: string | null,
  ) {
    if (typeof path !== 'string') throw argumentError('Prefetch(): path', "a relation path (a string such as 'books__tags')", path);
    // Each part is checked against the model by prefetchRelated(), with the choices.
    if (!path) throw new FieldError(`prefetchRelated: '' is not a relation path (names joined by '__')`);
    if (queryset !== null && !isPrefetchSource(queryset)) throw argumentError(`Prefetch('${path}'): queryset`, 'a QuerySet (or null)', queryset);
    if (toAttr === null) return;
    if (typeof toAttr !== 'string') throw argumentError(`Prefetch('${path}'): toAttr`, 'an attribute name (a string)', toAttr);
    const problem = identifierProblem(toAttr);
    if (problem) throw new FieldError(`Prefetch('${path}'): toAttr '${toAttr}' is not a valid attribute name: ${problem}`);
  }
}

/**
 * A `prefetchRelated()` lookup with its own QuerySet (filtered, ordered, with its own
 * selectRelated...) and/or `toAttr`, which stores the result as a plain attribute instead of
 * the relation's cache.
 *
 * @example Author.objects.prefetchRelated(Prefetch('books', Book.objects.filter({ year__gte: 2020 }), { toAttr: 'recentBooks' }))
 */
export function Prefetch(path: string, queryset?: PrefetchSource | null, options: { toAttr?: string } = {}): PrefetchLookup {
  checkOptions(options, `Prefetch('${String(path)}') options`, ['toAttr']);
  return new PrefetchLookup(path, queryset ?? null, options.toAttr ?? null);
}

/** A QuerySet: its model and query state (duck-typed, so a second copy of Wren's QuerySet passes too). */
function isPrefetchSource(value: unknown): value is PrefetchSource {
  return value instanceof QuerySet || (typeof value === 'object' && value !== null && 'model' in value && 'state' in value);
}

export function toPrefetchLookup(lookup: string | PrefetchLookup): PrefetchLookup {
  if (lookup instanceof PrefetchLookup) return lookup;
  if (typeof lookup === 'object' && lookup !== null && typeof (lookup as { path?: unknown }).path === 'string' && 'toAttr' in lookup) return lookup;
  if (typeof lookup !== 'string') throw argumentError('prefetchRelated(): each lookup', "a relation path (a string) or a Prefetch()", lookup);
  return new PrefetchLookup(lookup, null, null);
}

/**
 * Checks lookups against `model` before anything runs: each step must be a relation of the model
 * reached so far (or the `toAttr` of an earlier lookup, which later paths may continue from), a
 * `Prefetch` queryset must load the model its path ends on, and `toAttr` must not hide a field or
 * a member of the instances it is set on.
 */
export function checkPrefetchLookups(model: ModelClass, lookups: readonly PrefetchLookup[]): void {
  const reached = new Map<string, ModelClass>();
  for (const lookup of lookups) {
    const parts = lookup.path.split('__');
    let current = model;
    let prefix = '';
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const stored = last && lookup.toAttr ? lookup.toAttr : parts[i]!;
      let target = reached.get(prefix + stored);
      if (!target) {
        target = describeRelation(current, parts[i]!, lookup.path).target;
        if (last) checkLastStep(lookup, current, target);
        reached.set(prefix + stored, target);
      }
      current = target;
      prefix += `${stored}__`;
    }
  }
}

function checkLastStep(lookup: PrefetchLookup, owner: ModelClass, target: ModelClass): void {
  const source = lookup.queryset;
  if (source && source.model !== target) {
    throw new WrenTypeError(`Prefetch('${lookup.path}'): the queryset is over ${source.model.name}, but the relation loads ${target.name}`);
  }
  if (source && source.state.selection.kind !== 'models') {
    throw new WrenTypeError(`Prefetch('${lookup.path}'): the queryset must return instances; values() and valuesList() cannot be prefetched`);
  }
  const toAttr = lookup.toAttr;
  if (toAttr === null) return;
  if (takenOnInstances(toAttr, owner._meta, owner.prototype)) {
    throw new FieldError(`Prefetch('${lookup.path}'): toAttr '${toAttr}' conflicts with a field or member of the model ${owner._meta.name}; pick another name`);
  }
}

export interface PrefetchOptions {
  /** The database to read from when an instance does not say (new instances); the default otherwise. */
  readonly alias?: string | null;
  /** The fetch mode loaded instances get unless a Prefetch queryset chose one. */
  readonly mode?: FetchMode;
}

/**
 * Loads relations for instances already fetched: one query per level of each path (more only when
 * the keys exceed the dialect's parameter limit), results cached on each instance, as Django's
 * `prefetch_related_objects`. Paths share levels: `books` and `books__tags` load books once.
 */
export async function prefetchRelatedObjects(instances: readonly object[], lookups: readonly (string | PrefetchLookup)[], options: PrefetchOptions = {}): Promise<void> {
  if (!Array.isArray(instances)) throw argumentError('prefetchRelatedObjects(): instances', 'an array of model instances', instances);
  if (!Array.isArray(lookups)) throw argumentError('prefetchRelatedObjects(): lookups', 'an array of relation paths or Prefetch()', lookups);
  const checked = lookups.map(toPrefetchLookup);
  if (instances.length === 0) return;
  checkPrefetchLookups(instances[0]!.constructor as ModelClass, checked);
  await prefetchChecked(instances, checked, options);
}

/** `prefetchRelatedObjects` for lookups already checked against the instances' model (by prefetchRelated()). */
export async function prefetchChecked(instances: readonly object[], lookups: readonly PrefetchLookup[], options: PrefetchOptions): Promise<void> {
  // Each level's related instances are gathered only when a deeper level needs them.
  const done = new Map<string, () => readonly object[]>();
  for (const lookup of lookups) {
    const parts = lookup.path.split('__');
    let level: () => readonly object[] = () => instances;
    let prefix = '';
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const stored = last && lookup.toAttr ? lookup.toAttr : parts[i]!;
      let next = done.get(prefix + stored);
      if (!next) {
        const step = last ? { queryset: lookup.queryset, toAttr: lookup.toAttr } : { queryset: null, toAttr: null };
        next = once(await loadLevel(level(), parts[i]!, { ...step, ...options, path: lookup.path }));
        done.set(prefix + stored, next);
      }
      level = next;
      prefix += `${stored}__`;
    }
  }
}

function once<T>(compute: () => T): () => T {
  let cached: { value: T } | undefined;
  return () => (cached ??= { value: compute() }).value;
}

interface StepOptions extends PrefetchOptions {
  readonly queryset: PrefetchSource | null;
  readonly toAttr: string | null;
  readonly path: string;
}

/**
 * Loads relation `name` for `instances`: those that have not loaded it yet, unless a queryset or
 * `toAttr` asks for a fresh load (as `related()` does, through the fetch mode).
 */
export async function prefetchStep(instances: readonly object[], name: string, options: StepOptions): Promise<void> {
  await loadLevel(instances, name, options);
}

/** Loads the level and returns how to gather its related instances (deduplicated). */
async function loadLevel(instances: readonly object[], name: string, options: StepOptions): Promise<() => object[]> {
  if (instances.length === 0) return () => [];
  const model = instances[0]!.constructor as ModelClass;
  const relation = describeRelation(model, name, options.path);
  const fresh = options.queryset !== null || options.toAttr !== null;
  const pending = fresh ? instances : instances.filter((o) => cachedRelation(o, model, name) === undefined);
  if (pending.length) await loadInto(pending, relation, options);
  return () => {
    const found = new Set<object>();
    for (const instance of instances) {
      const value = options.toAttr ? (instance as Record<string, unknown>)[options.toAttr] : loadedRelation(instance, name);
      if (Array.isArray(value)) for (const item of value) found.add(item as object);
      else if (value) found.add(value as object);
    }
    return [...found];
  };
}

// ---- relations ----

/**
 * How one relation is loaded for a batch of instances: which key each instance offers, the query
 * for a batch of keys, and which key each loaded row belongs to. The keys are named attributes,
 * not functions: a loader is made afresh for every load, and a new closure reaching the per-row
 * loops would deoptimise them ("wrong call target") each time.
 */
export interface RelationLoader {
  readonly name: string;
  readonly target: ModelClass;
  readonly single: boolean;
  /** The attribute of each instance holding the key its related rows match. */
  readonly sourceAttr: string;
  query(base: QuerySet<ModelClass, unknown>, keys: readonly unknown[]): QuerySet<ModelClass, unknown>;
  /** The attribute of each loaded row holding the key of the instance it belongs to. */
  readonly rowAttr: string;
  /** The row attribute is the query's own addition (many-to-many), removed once rows are grouped. */
  readonly rowAttrAdded?: boolean;
  /** The key an instance holds is the target's primary key (a forward key to the pk): one row loads with `get({ pk })`. */
  readonly byPrimaryKey?: boolean;
  /** Each loaded row's relation back to the instance it was loaded for (see back-references.ts), if it has one. */
  readonly backName?: string | null;
}

/** Row attribute carrying the join table's source key for many-to-many prefetches (removed after grouping). */
const THROUGH_KEY = '_wrenPrefetchKey';

/** The loader for `name` on `model`: forward key, reverse key, or many-to-many either way; else an error listing choices. */
export function describeRelation(model: ModelClass, name: string, path: string = name, caller: 'prefetchRelated' | 'related' = 'prefetchRelated'): RelationLoader {
  const meta = model._meta;
  const field = meta.maybeField(name);
  if (field && field.name === name && isForeignKey(field)) return forwardLoader(field);
  if (field && field.name === name && isManyToMany(field)) {
    return manyToManyLoader(name, field.relatedModel as unknown as ModelClass, field.through as unknown as ModelClass, field.throughSource!, field.throughTarget!);
  }
  const reverse = field ? undefined : meta.reverseRelation(name);
  if (reverse && isManyToMany(reverse.field)) {
    return manyToManyLoader(name, reverse.model, reverse.field.through as unknown as ModelClass, reverse.field.throughTarget!, reverse.field.throughSource!);
  }
  if (reverse) return reverseLoader(name, reverse.model, reverse.field as ForeignKey, reverse.single);
  const choices = [...meta.fields.filter(isForeignKey), ...meta.manyToMany].map((f) => f.name).concat([...meta.reverse.keys()]).sort();
  const where = caller === 'related' ? `${model.name}.related('${name}')` : `'${path}' is an invalid parameter to prefetchRelated()`;
  const guess = closestMatch(name, choices);
  throw new FieldError(`Cannot find '${name}' on ${model.name} object, ${where}. Choices are: ${choices.join(', ') || '(none)'}.${guess ? ` Did you mean '${guess}'?` : ''}`);
}

function forwardLoader(field: ForeignKey): RelationLoader {
  const target = field.relatedModel as unknown as ModelClass;
  const targetField = field.targetField;
  return {
    name: field.name,
    target,
    single: true,
    sourceAttr: field.attname,
    query: (base, keys) => base.filter({ [`${targetField.name}__in`]: keys } as never),
    rowAttr: targetField.attname,
    byPrimaryKey: targetField === target._meta.pk,
    backName: reverseOneToOneName(field),
  };
}

function reverseLoader(name: string, source: ModelClass, field: ForeignKey, single: boolean): RelationLoader {
  return {
    name,
    target: source,
    single,
    sourceAttr: field.targetField.attname,
    query: (base, keys) => base.filter({ [`${field.name}__in`]: keys } as never),
    rowAttr: field.attname,
    backName: field.name,
  };
}

/**
 * `near` is the join model's key to the instances' side, `far` its key to the loaded side. The
 * query joins the join table to the loaded model and selects `near` as an extra column, so each
 * row says which instance it belongs to (one row per link).
 */
function manyToManyLoader(name: string, target: ModelClass, through: ModelClass, near: ForeignKey, far: ForeignKey): RelationLoader {
  return {
    name,
    target,
    single: false,
    sourceAttr: near.targetField.attname,
    query: (base, keys) => {
      const state = base.state;
      const joins = new JoinCollector(state.meta.tableName, state.joins);
      const alias = joins.join({
        table: through._meta.tableName, parentAlias: state.meta.tableName, parentColumn: far.targetField.column, column: far.column,
        outer: false, multiValued: true, key: `prefetch:${name}`,
      });
      const column: ExpressionNode = markResolved({ kind: 'column', field: near, table: alias });
      const condition: WhereNode = { ...resolveCondition(`${near.name}__in`, keys, { meta: through._meta, annotations: {} }), lhs: column };
      const where: WhereNode = state.where ? { kind: 'and', negated: false, children: [state.where, condition] } : condition;
      const annotations = Object.freeze({ ...state.annotations, [THROUGH_KEY]: column });
      return new QuerySet(base.model, patchState(state, { where, joins: joins.joins, annotations }));
    },
    rowAttr: THROUGH_KEY,
    rowAttrAdded: true,
  };
}

// ---- loading ----


async function loadInto(instances: readonly object[], relation: RelationLoader, options: StepOptions): Promise<void> {
  const keys = distinctKeys(instances as readonly Record<string, unknown>[], relation.sourceAttr);
  const base = baseQuery(relation, instances, options);
  if (instances.length === 1 && keys.size === 1 && relation.byPrimaryKey && !options.queryset && !options.toAttr) {
    return loadOneByKey(instances[0]!, relation, base, [...keys.values()][0]);
  }
  // A sliced Prefetch queryset (`Book.objects.orderBy('-year').slice(0, 3)`) slices each
  // instance's list, as in Django: the rows are read unsliced, in order, and cut per instance.
  const slice = isSliced(base.state) ? { low: base.state.low, high: base.state.high ?? undefined } : null;
  const unsliced = slice ? new QuerySet(base.model, patchState(base.state, { low: 0, high: null })) : base;
  const groups = keys.size ? await fetchGroups(relation, [...keys.values()], unsliced) : new Map<unknown, object[]>();
  assignGroups(instances as readonly Record<string, unknown>[], relation, groups, slice, options.toAttr);
}

// The per-instance and per-row loops are small synchronous functions of their own, outside the
// async ones that await queries: V8 optimises (and on-stack replaces) such a loop cheaply, where
// optimising it inside an async function compiles the whole function, several times over while
// its type feedback is still incomplete (measured with --trace-opt in bench/'s prefetch).

/** Each instance's key (by `mapKey`, so equal bigints and dates count once) and the key itself. */
function distinctKeys(instances: readonly Record<string, unknown>[], attr: string): Map<unknown, unknown> {
  const keys = new Map<unknown, unknown>();
  for (let i = 0; i < instances.length; i++) {
    const key = instances[i]![attr];
    if (key !== null && key !== undefined) keys.set(mapKey(key), key);
  }
  return keys;
}

/** Gives each instance its group: the first row (or null) for a single relation, else the list (sliced if asked). */
function assignGroups(
  instances: readonly Record<string, unknown>[],
  relation: RelationLoader,
  groups: Map<unknown, object[]>,
  slice: { low: number; high: number | undefined } | null,
  toAttr: string | null,
): void {
  const { sourceAttr, single, name } = relation;
  const backSlot = relation.backName ? relationKey(relation.backName) : null;
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[i]!;
    const key = instance[sourceAttr];
    const found = key === null || key === undefined ? undefined : groups.get(mapKey(key));
    const group = found && slice ? found.slice(slice.low, slice.high) : found;
    const value = single ? (group?.[0] ?? null) : (group ?? []);
    if (toAttr) instance[toAttr] = value;
    else cacheRelation(instance, name, value);
    if (backSlot === null) continue;
    if (!single) cacheBack(value as object[], backSlot, instance);
    else if (value !== null) (value as Record<symbol, unknown>)[backSlot] = instance;
  }
}

/**
 * Each of `rows`' relation back (under `slot`, see `relationKey`) is `instance`, the instance they
 * were loaded for: stored straight into the slot the rows' constructor declared, as selectRelated's
 * loaders do, with no name-to-symbol lookup per row.
 */
function cacheBack(rows: readonly object[], slot: symbol, instance: object): void {
  for (let r = 0; r < rows.length; r++) (rows[r] as Record<symbol, unknown>)[slot] = instance;
}

/**
 * `book.related('author')` for one book: `get({ pk })`, whose statement the database's cache
 * keeps (see by-key.ts), instead of an `IN` list of one key compiled afresh each time.
 */
async function loadOneByKey(instance: object, relation: RelationLoader, base: QuerySet<ModelClass, unknown>, key: unknown): Promise<void> {
  let value: unknown = null;
  try {
    value = await base.get({ pk: key } as never);
  } catch (error) {
    if (!(error instanceof relation.target.DoesNotExist)) throw error;
  }
  cacheRelation(instance, relation.name, value);
  if (value !== null && relation.backName) cacheRelation(value as object, relation.backName, instance);
}

function baseQuery(relation: RelationLoader, instances: readonly object[], options: StepOptions): QuerySet<ModelClass, unknown> {
  const source = options.queryset;
  if (source && source.model !== relation.target) {
    throw new WrenError(`Prefetch('${options.path}'): the queryset is over ${source.model.name}, but the relation loads ${relation.target.name}`);
  }
  let state = source ? source.state : patchState(new QuerySet(relation.target).state, {});
  const alias = state.alias ?? (instances[0] as WithState)[STATE].db ?? options.alias ?? null;
  if (alias !== state.alias || (state.fetchMode === null && options.mode)) state = patchState(state, { alias, fetchMode: state.fetchMode ?? options.mode ?? null });
  return new QuerySet(relation.target, state);
}

async function fetchGroups(relation: RelationLoader, keys: readonly unknown[], base: QuerySet<ModelClass, unknown>): Promise<Map<unknown, object[]>> {
  const reserved = base.toSQL().bindings.length + 1;
  const batch = Math.max(1, base.db.dialect.maxQueryParams - reserved);
  const groups = new Map<unknown, object[]>();
  for (let start = 0; start < keys.length; start += batch) {
    const rows = (await relation.query(base, keys.slice(start, start + batch)).fetch()) as Record<string, unknown>[];
    groupRows(rows, relation.rowAttr, groups);
    if (relation.rowAttrAdded) dropAttribute(rows, relation.rowAttr);
  }
  return groups;
}

/** Adds each row to the list of the key its `attr` holds. */
function groupRows(rows: readonly Record<string, unknown>[], attr: string, groups: Map<unknown, object[]>): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const key = mapKey(row[attr]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
}

function dropAttribute(rows: readonly Record<string, unknown>[], attr: string): void {
  for (let r = 0; r < rows.length; r++) delete rows[r]![attr];
}
