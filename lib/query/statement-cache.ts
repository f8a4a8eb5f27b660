import type { Database } from '../connection/index.js';

/**
 * Compiled query shapes. The statements an application repeats most (a row by its primary key
 * for `get({ pk })`, `refreshFromDb()` and related-object loads; `save()`'s UPDATE by key) have
 * SQL that depends on the model and the shape of the call, never on the values, so each is
 * compiled once per database and reused with new parameters, as a prepared statement is. Values
 * still pass through their field's conversion and checks on every call.
 *
 * One small LRU per `Database`: a new `connect()` (another dialect, or the same alias again
 * after `disconnect()`) starts with an empty cache. The SQL comes from the model, not from the
 * table, so a migration leaves it valid (the drivers re-prepare on schema changes).
 */
export class StatementCache {
  private readonly entries = new Map<string, string>();
  /** How often a shape was found and how often it had to be compiled; for specs and tuning. */
  hits = 0;
  misses = 0;

  constructor(private readonly limit: number) {}

  get(key: string): string | undefined {
    const sql = this.entries.get(key);
    if (sql === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return sql;
  }

  set(key: string, sql: string): void {
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, sql);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Enough for every shape a large application repeats; the oldest shape goes first when full. */
const SHAPES_PER_DATABASE = 512;
const caches = new WeakMap<Database, StatementCache>();

/** @internal The statement cache of one configured database. */
export function statementCacheOf(db: Database): StatementCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new StatementCache(SHAPES_PER_DATABASE)));
  return cache;
}

const ids = new WeakMap<object, number>();
let nextId = 0;

/** @internal A short key for an object in shape keys (a model's options, a field list). */
export function shapeId(object: object): number {
  let id = ids.get(object);
  if (id === undefined) ids.set(object, (id = ++nextId));
  return id;
}
