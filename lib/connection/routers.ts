import type { ModelClass } from '../models/types.js';
import { argumentError } from '../util/arguments.js';
import { atomicContext } from './context.js';

/** What Wren tells a router besides the model: the instance a save, delete or relation is about. */
export interface RoutingHints {
  readonly instance?: object;
}

/**
 * Django's database router: every method is optional, and one that returns `undefined` (or
 * `null`) leaves the decision to the next router, then to Wren's default (the instance's database,
 * else `'default'`).
 *
 * @example connect({ default: primaryUrl, replica: replicaUrl }, { routers: [new PrimaryReplicaRouter({ primary: 'default', replicas: ['replica'] })] });
 */
export interface Router {
  /** The alias that reads of `model` go to. */
  dbForRead?(model: ModelClass, hints: RoutingHints): string | null | undefined;
  /** The alias that writes of `model` go to. */
  dbForWrite?(model: ModelClass, hints: RoutingHints): string | null | undefined;
  /**
   * Whether `a` may point at `b` (a ForeignKey assignment); `databases` holds the alias each
   * instance was loaded from or saved to (null while unsaved), Django's `obj._state.db`.
   */
  allowRelation?(a: object, b: object, databases: RelationDatabases): boolean | null | undefined;
  /** Whether migrating the database `alias` runs operations on `app`'s model `modelName`. */
  allowMigrate?(alias: string, app: string, modelName: string | undefined): boolean | null | undefined;
}

export interface RelationDatabases {
  readonly a: string | null;
  readonly b: string | null;
}

const NO_HINTS: RoutingHints = Object.freeze({});
let routers: readonly Router[] = [];

/** @internal Set by `connect(configs, { routers })`; checked here so a typo fails at connect time. */
export function setRouters(list: readonly Router[]): void {
  if (!Array.isArray(list)) throw argumentError('connect(): routers', 'an array of router objects', list);
  for (const router of list) {
    if (router === null || typeof router !== 'object') throw argumentError('connect(): each router', 'an object with dbForRead/dbForWrite/allowRelation/allowMigrate methods', router);
  }
  routers = Object.freeze([...list]);
}

/** @internal */
export function clearRouters(): void {
  routers = [];
}

/** True when `connect()` was given routers: callers skip the routing work otherwise. */
export function hasRouters(): boolean {
  return routers.length > 0;
}

/** The first answer a router gives, in order; `undefined` when none answers. */
function ask<K extends keyof Router>(method: K, call: (router: Router) => unknown): ReturnType<NonNullable<Router[K]>> | undefined {
  for (const router of routers) {
    if (typeof router[method] !== 'function') continue;
    const answer = call(router);
    if (answer !== undefined && answer !== null) return answer as ReturnType<NonNullable<Router[K]>>;
  }
  return undefined;
}

/**
 * The alias a write of `model` goes to: the routers' answer, else `fallback` (the instance's own
 * database, or 'default'), as Django's `router.db_for_write`.
 */
export function routeWrite(model: ModelClass, hints: RoutingHints = NO_HINTS, fallback: string): string {
  if (routers.length === 0) return fallback;
  return ask('dbForWrite', (router) => router.dbForWrite!(model, hints)) ?? fallback;
}

/**
 * The alias a read of `model` goes to. Unlike Django, a read inside an `atomic()` block open on
 * the model's write database stays there: it then sees the block's own uncommitted writes, and a
 * replica lagging behind the primary cannot hand back rows older than the ones just written.
 */
export function routeRead(model: ModelClass, hints: RoutingHints = NO_HINTS, fallback: string): string {
  if (routers.length === 0) return fallback;
  const frames = atomicContext.getStore();
  if (frames && frames.size > 0) {
    const write = routeWrite(model, hints, fallback);
    if (frames.has(write)) return write;
  }
  return ask('dbForRead', (router) => router.dbForRead!(model, hints)) ?? fallback;
}

/**
 * Whether `a` may refer to `b`: the routers' answer, else whether both come from the same
 * database (Django's rule; an unsaved instance has none yet, and goes where the other is).
 */
export function routeAllowRelation(a: object, b: object, databases: RelationDatabases): boolean {
  const answer = routers.length === 0 ? undefined : ask('allowRelation', (router) => router.allowRelation!(a, b, databases));
  return answer ?? (databases.a === null || databases.b === null || databases.a === databases.b);
}

/** Whether migrating `alias` touches `app`'s model `modelName`; true unless a router says no. */
export function routeAllowMigrate(alias: string, app: string, modelName: string | undefined): boolean {
  return ask('allowMigrate', (router) => router.allowMigrate!(alias, app, modelName)) ?? true;
}
