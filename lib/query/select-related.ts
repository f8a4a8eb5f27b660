import type { Dialect } from '../dialects/index.js';
import { FieldError } from '../errors.js';
import { isForeignKey, isManyToMany, type Field, type ForeignKey } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import type { ModelClass } from '../models/types.js';
import type { SqlCompiler } from './compiler/sql-compiler.js';
import type { ColumnParser } from '../connection/drivers/index.js';
import { instanceConstructor, sendPostInit, withParsers, type HydrationPlan, type LoadedRow } from './hydrate.js';
import { relationKey } from './instance-state.js';
import type { JoinCollector, JoinStep } from './joins.js';
import { shareResult, type FetchMode } from './fetch-mode.js';
import { reverseOneToOneName } from './back-references.js';

/**
 * One relation read by `selectRelated()`: the join it comes through and the row keys its columns
 * are selected under. A frozen tree in the query state; `author__publisher` is `author` with one child.
 */
export interface RelatedSelection {
  /** The cache name on the parent instance (`author`, or a reverse one-to-one's accessor). */
  readonly name: string;
  /** The full path, for messages (`author__publisher`). */
  readonly path: string;
  readonly model: ModelClass;
  readonly alias: string;
  readonly fields: readonly Field[];
  /** Row keys the columns are selected under (`_wr0_1`): unique in the query, short for PostgreSQL's 63-byte names. */
  readonly keys: readonly string[];
  /** The key of the primary key column: null there means no related row (LEFT JOIN). */
  readonly pkKey: string;
  readonly children: readonly RelatedSelection[];
  /** The related instance's relation back to its parent, for a one-to-one either way (see back-references.ts); else null. */
  readonly backName: string | null;
}

/** Django follows non-null foreign keys this deep for `selectRelated()` without arguments. */
const MAX_DEPTH = 5;

/** The paths a tree was built from, so a later `selectRelated()` call adds to them. */
export function selectedPaths(nodes: readonly RelatedSelection[]): string[] {
  return nodes.flatMap((node) => (node.children.length ? selectedPaths(node.children) : [node.path]));
}

/** Every non-null forward foreign key, followed recursively: what `selectRelated()` with no names selects. */
export function defaultPaths(meta: ModelOptions, prefix = '', depth = 1): string[] {
  if (depth > MAX_DEPTH) return [];
  return meta.fields.filter((field): field is ForeignKey => isForeignKey(field) && !field.null).flatMap((field) => {
    const path = `${prefix}${field.name}`;
    const target = (field.relatedModel as unknown as ModelClass)._meta;
    const deeper = defaultPaths(target, `${path}__`, depth + 1);
    return deeper.length ? deeper : [path];
  });
}

type Draft = Map<string, Draft>;

/**
 * Resolves `selectRelated` paths into selection nodes, asking `joins` for each step: INNER for a
 * non-null key, LEFT OUTER for a nullable one and everything below it. The join keys are the ones
 * filters use, so `filter({ author__name })` and `selectRelated('author')` share one join.
 */
export function buildSelection(meta: ModelOptions, paths: readonly string[], joins: JoinCollector): RelatedSelection[] {
  const root: Draft = new Map();
  for (const path of paths) {
    let level = root;
    if (path.split('__').includes('')) {
      throw new FieldError(`Invalid field name '${path}' in selectRelated(): '__' separates relation names. Choices are: ${selectableNames(meta).join(', ') || '(none)'}`);
    }
    for (const part of path.split('__')) {
      let next = level.get(part);
      if (!next) level.set(part, (next = new Map()));
      level = next;
    }
  }
  const counter = { n: 0 };
  return build(root, { meta, alias: meta.tableName, outer: false, prefix: '' }, joins, counter);
}

interface Parent {
  readonly meta: ModelOptions;
  readonly alias: string;
  readonly outer: boolean;
  readonly prefix: string;
}

function build(draft: Draft, parent: Parent, joins: JoinCollector, counter: { n: number }): RelatedSelection[] {
  const nodes: RelatedSelection[] = [];
  for (const [name, sub] of draft) {
    const path = `${parent.prefix}${name}`;
    const { model, join, backName } = relationStep(parent.meta, name, path);
    const outer = parent.outer || join.outer;
    const alias = joins.join({ ...join, outer, parentAlias: parent.alias, key: `${parent.alias}.${name}` });
    const n = counter.n++;
    const fields = model._meta.fields;
    const keys = fields.map((_, i) => `_wr${n}_${i}`);
    const children = build(sub, { meta: model._meta, alias, outer, prefix: `${path}__` }, joins, counter);
    const pkKey = keys[fields.indexOf(model._meta.pk)]!;
    nodes.push(Object.freeze({ name, path, model, alias, fields, keys, pkKey, children: Object.freeze(children), backName }));
  }
  return nodes;
}

type Step = { model: ModelClass; join: Omit<JoinStep, 'parentAlias' | 'key'>; backName: string | null };

/** A forward ForeignKey / OneToOneField, or the reverse side of a OneToOneField: one row at most. */
function relationStep(meta: ModelOptions, name: string, path: string): Step {
  const field = meta.maybeField(name);
  if (field && isForeignKey(field) && field.name === name) {
    const model = field.relatedModel as unknown as ModelClass;
    return { model, join: { table: model._meta.tableName, parentColumn: field.column, column: field.targetField.column, outer: field.null, multiValued: false }, backName: reverseOneToOneName(field) };
  }
  const reverse = field ? undefined : meta.reverseRelation(name);
  if (reverse?.single) {
    const key = reverse.field as ForeignKey;
    return { model: reverse.model, join: { table: reverse.model._meta.tableName, parentColumn: key.targetField.column, column: key.column, outer: true, multiValued: false }, backName: key.name };
  }
  const choices = selectableNames(meta);
  const toMany = reverse !== undefined || (field !== undefined && isManyToMany(field));
  const why = toMany ? ` ${meta.name}.${name} is a to-many relation: use prefetchRelated('${path}').` : field ? ` ${meta.name}.${name} is not a relation.` : '';
  return fail(`Invalid field name '${name}' in selectRelated('${path}').${why} Choices are: ${choices.join(', ') || '(none)'}`);
}

function fail(message: string): never {
  throw new FieldError(message);
}

/** Names `selectRelated()` accepts on a model: forward keys and reverse one-to-ones. */
function selectableNames(meta: ModelOptions): string[] {
  const forward = meta.fields.filter(isForeignKey).map((field) => field.name);
  const reverse = [...meta.reverse.values()].filter((relation) => relation.single).map((relation) => relation.name);
  return [...forward, ...reverse].sort();
}

// ---- compiling ----

const columnLists = new WeakMap<readonly RelatedSelection[], WeakMap<SqlCompiler, { select: string; group: string }>>();

/** `"T2"."id" AS "_wr0_0", ...` for every selected relation (and the bare columns, for GROUP BY). */
export function relatedColumns(nodes: readonly RelatedSelection[], compiler: SqlCompiler): { select: string; group: string } {
  let byCompiler = columnLists.get(nodes);
  if (!byCompiler) columnLists.set(nodes, (byCompiler = new WeakMap()));
  let sql = byCompiler.get(compiler);
  if (!sql) {
    const select: string[] = [];
    const group: string[] = [];
    for (const node of flatten(nodes)) {
      node.fields.forEach((field, i) => {
        const column = `${compiler.quote(node.alias)}.${compiler.quote(field.column)}`;
        group.push(column);
        select.push(`${column} AS ${compiler.quote(node.keys[i]!)}`);
      });
    }
    sql = { select: select.join(', '), group: group.join(', ') };
    byCompiler.set(compiler, sql);
  }
  return sql;
}

/** The names a level of selected relations is attached under, memoised per frozen level. */
const namesOfLevel = new WeakMap<readonly RelatedSelection[], readonly string[]>();

export function relationNames(nodes: readonly RelatedSelection[]): readonly string[] {
  let names = namesOfLevel.get(nodes);
  if (!names) namesOfLevel.set(nodes, (names = nodes.map((node) => node.name)));
  return names;
}

export function flatten(nodes: readonly RelatedSelection[]): RelatedSelection[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

// ---- hydrating ----

const plans = new WeakMap<RelatedSelection, WeakMap<Dialect, Map<number, HydrationPlan>>>();

/** `offset`: where the node's columns start in array rows; -1 for object rows (read by key). */
function planOf(node: RelatedSelection, dialect: Dialect, offset: number): HydrationPlan {
  let byDialect = plans.get(node);
  if (!byDialect) plans.set(node, (byDialect = new WeakMap()));
  let byOffset = byDialect.get(dialect);
  if (!byOffset) byDialect.set(dialect, (byOffset = new Map()));
  let plan = byOffset.get(offset);
  if (!plan) {
    const keys = offset < 0 ? node.keys : node.fields.map((_, i) => offset + i);
    const converters = node.fields.map((f) => dialect.fromDb(f.columnSpec()));
    plan = { keys, attributes: node.fields.map((f) => f.attname), converters, relations: relationNames(node.children) };
    byOffset.set(offset, plan);
  }
  return plan;
}

export interface LoaderOptions {
  readonly dialect: Dialect;
  readonly makeState: () => unknown;
  /** For array rows: where each node's columns start (see `relatedOffsets`); absent for object rows. */
  readonly offsets?: ReadonlyMap<RelatedSelection, number>;
  /** The driver's column parsers, for rows of raw values (see `RowSink`); null when rows come parsed. */
  readonly parsers: readonly (ColumnParser | null)[] | null;
}

/** Where each node's columns start in an array row whose related columns start at `start`, in SELECT order. */
export function relatedOffsets(nodes: readonly RelatedSelection[], start: number): Map<RelatedSelection, number> {
  const offsets = new Map<RelatedSelection, number>();
  let next = start;
  for (const node of flatten(nodes)) {
    offsets.set(node, next);
    next += node.fields.length;
  }
  return offsets;
}

/** A loader per selected relation of one level (see `RelatedLoader`). */
export function relatedLoaders(nodes: readonly RelatedSelection[], options: LoaderOptions): RelatedLoader[] {
  return nodes.map((node) => new RelatedLoader(node, options));
}

/**
 * Builds one selected relation from each row, with the same compiled row constructor as the
 * main model, and caches it on the row's parent: `book.author` (null where the LEFT JOIN found
 * no row). Rows naming the same related row share one instance (as prefetchRelated's do), so
 * 10,000 books by 500 authors build 500 authors, not 10,000; a related instance's own relations
 * come from the first row that names it.
 */
export class RelatedLoader {
  private readonly slot: symbol;
  /** The related instance's slot for its parent (a one-to-one's way back), or null. */
  private readonly backSlot: symbol | null;
  private readonly pkKey: string | number;
  private readonly LoadedRow: LoadedRow;
  private readonly converters: HydrationPlan['converters'];
  private readonly makeState: () => unknown;
  private readonly children: readonly RelatedLoader[];
  private readonly byKey = new Map<unknown, object>();
  private readonly built: object[] = [];

  constructor(
    private readonly node: RelatedSelection,
    options: LoaderOptions,
  ) {
    const plan = withParsers(planOf(node, options.dialect, options.offsets?.get(node) ?? -1), options.parsers);
    this.slot = relationKey(node.name);
    this.backSlot = node.backName === null ? null : relationKey(node.backName);
    this.pkKey = plan.keys[node.keys.indexOf(node.pkKey)]!;
    this.LoadedRow = instanceConstructor(plan, node.model.prototype);
    this.converters = plan.converters;
    this.makeState = options.makeState;
    this.children = relatedLoaders(node.children, options);
  }

  /** Caches the row's related instance (or null) on `parent`, whose constructor declared the slot. */
  attach(parent: object, row: Record<string | number, unknown>): void {
    const key = row[this.pkKey];
    if (key === null || key === undefined) {
      (parent as Record<symbol, unknown>)[this.slot] = null;
      return;
    }
    let related = this.byKey.get(key);
    if (related === undefined) {
      related = new this.LoadedRow(row, this.makeState(), this.converters);
      this.byKey.set(key, related);
      this.built.push(related);
      if (this.backSlot !== null) (related as Record<symbol, unknown>)[this.backSlot] = parent;
      for (const child of this.children) child.attach(related, row);
    }
    (parent as Record<symbol, unknown>)[this.slot] = related;
  }

  /** Once every row is in: each level's instances are one result for their 'peers', and `postInit` is sent. */
  finish(mode: FetchMode): void {
    sendPostInit(this.built, this.node.model.prototype);
    shareResult(this.built, mode);
    for (const child of this.children) child.finish(mode);
  }
}
