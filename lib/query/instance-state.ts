/** Per-instance bookkeeping, kept under a symbol so it never shows in `toJSON()` or `Object.keys`. */
export const STATE = Symbol('wren.state');

export class InstanceState {
  constructor(
    /** Not yet saved: `save()` will INSERT. */
    public adding: boolean,
    /** The alias of the database the row came from or was saved to. */
    public db: string | null,
  ) {}

  /** The other instances that came from the same query, for the 'peers' fetch mode. */
  peers: readonly object[] | null = null;

  /** How `related()` loads what was not selected or prefetched ('one', 'peers', 'raise'); see fetch-mode.ts. */
  fetchMode: 'one' | 'peers' | 'raise' = 'one';

  /** The frozen state loaded instances share until one writes its own (see `ownState`). */
  shared = false;

  /** A writable copy of a shared state. */
  unshared(): InstanceState {
    const own = new InstanceState(this.adding, this.db);
    own.fetchMode = this.fetchMode;
    own.peers = this.peers;
    return own;
  }
}

export type WithState = { [STATE]: InstanceState };

/** For reading. A write must go through `ownState()` (or `markSaved()`): the state may be shared. */
export function stateOf(instance: object): InstanceState {
  return (instance as WithState)[STATE];
}

const sharedStates = new Map<string, InstanceState>();

/**
 * The state of every instance a query loads from database `alias` in the default fetch mode:
 * one frozen object, so a 10,000-row result allocates 10,000 instances, not 20,000 objects (the
 * young-generation GC copies every survivor, and a fetch's instances all survive). An instance
 * gets a state of its own the first time something of its own is written; a write that missed
 * `ownState()` throws (the object is frozen) rather than changing every instance at once.
 */
export function sharedState(alias: string): InstanceState {
  let state = sharedStates.get(alias);
  if (state === undefined) {
    state = new InstanceState(false, alias);
    state.shared = true;
    sharedStates.set(alias, Object.freeze(state));
  }
  return state;
}

/** The instance's own state, copied from the shared one on first use; for writing. */
export function ownState(instance: object): InstanceState {
  const state = (instance as WithState)[STATE];
  if (!state.shared) return state;
  return ((instance as WithState)[STATE] = state.unshared());
}

/** Records a save to (or load from) `alias`; a loaded instance saved where it came from keeps sharing. */
export function markSaved(instance: object, alias: string): void {
  const state = (instance as WithState)[STATE];
  if (!state.adding && state.db === alias) return;
  const own = ownState(instance);
  own.adding = false;
  own.db = alias;
}

/**
 * Loaded relations (`book.author`, a prefetched `author.books`) are kept on the instance itself,
 * under one symbol per relation name, not in its state: selectRelated() fills one for each of
 * 10,000 rows, and a property of the instance, declared by the constructor that builds it (see
 * hydrate.ts), costs no object of its own, where a state of its own plus a map of its relations
 * cost two per row. Symbols keep them out of `toJSON()`, `Object.keys` and every field or member
 * name. `undefined` means not loaded (a forgotten relation is set to it rather than deleted,
 * which would make the instance a slow dictionary).
 */
const relationKeys = new Map<string, symbol>();

/** The symbol relation `name` is kept under on every instance. */
export function relationKey(name: string): symbol {
  let key = relationKeys.get(name);
  if (key === undefined) relationKeys.set(name, (key = Symbol(`wren.related.${name}`)));
  return key;
}

type WithRelations = Record<symbol, unknown>;

/** The loaded value of relation `name` (null: known to be absent), or undefined when it is not loaded. */
export function loadedRelation(instance: object, name: string): unknown {
  return (instance as WithRelations)[relationKey(name)];
}

/** Caches `value` (an instance, a list, or null for "no such row") as relation `name` of `instance`. */
export function cacheRelation(instance: object, name: string, value: unknown): void {
  (instance as WithRelations)[relationKey(name)] = value;
}

/** Drops a cached relation (a write made it stale, or the key changed). */
export function forgetRelation(instance: object, name: string): void {
  const key = relationKey(name);
  if ((instance as WithRelations)[key] !== undefined) (instance as WithRelations)[key] = undefined;
}
