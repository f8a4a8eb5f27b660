import { ImproperlyConfigured } from '../errors.js';
import type { RowLock } from '../dialects/index.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import type { Join } from './joins.js';
import type { FetchMode } from './fetch-mode.js';
import type { ExpressionNode, WhereNode } from './nodes.js';
import type { PrefetchLookup } from './prefetch.js';
import type { RelatedSelection } from './select-related.js';
import type { KnownRelated } from './back-references.js';

/** One ORDER BY term, resolved when `orderBy()` is called. */
export type OrderTerm =
  | { readonly kind: 'expression'; readonly node: ExpressionNode; readonly descending: boolean; readonly nulls?: 'first' | 'last' | null }
  | { readonly kind: 'random' };

/** Where a term puts NULLs once `reverse()` applies: it flips them too, as Django does. */
export function nullsAfterReverse(nulls: 'first' | 'last' | null | undefined, reversed: boolean): 'first' | 'last' | null {
  if (!nulls) return null;
  return reversed ? (nulls === 'first' ? 'last' : 'first') : nulls;
}

/** What rows come back as: model instances, plain objects or tuples. */
export type Selection =
  | { readonly kind: 'models' }
  | { readonly kind: 'values'; readonly names: readonly string[]; readonly paths?: SelectedPaths; readonly perObject?: boolean }
  | { readonly kind: 'valuesList'; readonly names: readonly string[]; readonly flat: boolean; readonly paths?: SelectedPaths; readonly perObject?: boolean };
// `perObject`: aggregates were annotated before values() chose the columns, so (as in Django) each
// row stays one object's, grouped by its primary key, rather than regrouped by the values.

/** Relation paths named in `values('author__name')`: path -> the column it reads through the joins. */
export type SelectedPaths = Readonly<Record<string, ExpressionNode>>;

/** The SELECT alias of a selected path: short, since PostgreSQL cuts names at 63 bytes. */
export function pathAlias(paths: SelectedPaths, name: string): string {
  return `_wp${Object.keys(paths).indexOf(name)}`;
}

/**
 * The frozen state of a QuerySet. Every chainable method returns a new QuerySet over a patched
 * copy (see `QuerySet.clone`); nothing here is ever mutated.
 */
export interface QueryState {
  readonly meta: ModelOptions;
  readonly where: WhereNode | null;
  /** `null` means the model's default ordering. */
  readonly ordering: readonly OrderTerm[] | null;
  readonly reversed: boolean;
  readonly low: number;
  readonly high: number | null;
  readonly distinct: boolean;
  readonly annotations: Readonly<Record<string, ExpressionNode>>;
  /** `alias()`: annotations computed where used (filters, orderings, other expressions) but not selected. */
  readonly aliasNames: readonly string[];
  readonly selection: Selection;
  /** Fields loaded for instances: all by default, fewer after `only()` / `defer()`. */
  readonly loaded: readonly Field[] | null;
  /** `none()`: no query runs and the result is empty. */
  readonly empty: boolean;
  readonly alias: string | null;
  /** Tables joined for relation paths, in the order the compiler writes them. */
  readonly joins: readonly Join[];
  /** `selectRelated()`: related rows read through joins, as a tree of frozen nodes. */
  readonly selectRelated: readonly RelatedSelection[];
  /** `prefetchRelated()`: lookups run as extra queries after the main one. */
  readonly prefetch: readonly PrefetchLookup[];
  /** `fetchMode()`; `null` means the connection's default. */
  readonly fetchMode: FetchMode | null;
  /** `selectForUpdate()`: the rows read are locked until the transaction ends. */
  readonly lock: RowLock | null;
  /**
   * The alias of the model's table in FROM, when the query is a subquery of another (see
   * `outer-refs.ts`); null means the table's own name.
   */
  readonly fromAlias: string | null;
  /** `union()` / `intersection()` / `difference()`: the queries combined; this state orders and slices the result. */
  readonly combined: Combination | null;
  /** A related manager's owner, which its rows get as their relation back to it (see back-references.ts). */
  readonly knownRelated: KnownRelated | null;
}

export interface Combination {
  readonly operator: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly parts: readonly QueryState[];
}

/** The name the query's columns qualify the model's table with. */
export function baseAlias(state: QueryState): string {
  return state.fromAlias ?? state.meta.tableName;
}

export function initialState(meta: ModelOptions): QueryState {
  if (meta.abstract) throw new ImproperlyConfigured(`${meta.name} is abstract (meta.abstract: true) and has no table; query one of its concrete subclasses`);
  return Object.freeze({
    meta,
    where: null,
    ordering: null,
    reversed: false,
    low: 0,
    high: null,
    distinct: false,
    annotations: Object.freeze({}),
    aliasNames: Object.freeze([]),
    selection: Object.freeze({ kind: 'models' }),
    loaded: null,
    empty: false,
    alias: null,
    joins: Object.freeze([]),
    selectRelated: Object.freeze([]),
    prefetch: Object.freeze([]),
    fetchMode: null,
    lock: null,
    fromAlias: null,
    combined: null,
    knownRelated: null,
  });
}

export function patchState(state: QueryState, patch: Partial<QueryState>): QueryState {
  return Object.freeze({ ...state, ...patch });
}

export function isSliced(state: QueryState): boolean {
  return state.low !== 0 || state.high !== null;
}

/** No joins and no annotations: names in filters and orderings resolve against the model alone. */
export function hasModelScopeOnly(state: QueryState): boolean {
  if (state.joins.length !== 0) return false;
  for (const _ in state.annotations) return false;
  return true;
}
