/** Per-instance bookkeeping, kept under a symbol so it never shows in `toJSON()` or `Object.keys`. */
export const STATE = Symbol('wren.state');

export class InstanceState {
  constructor(
    /** Not yet saved: `save()` will INSERT. */
    public adding: boolean,
    /** The alias of the database the row came from or was saved to. */
    public db: string | null,
  ) {}

  /** Loaded related objects by relation name (`author`, `books` ...), filled by selectRelated/prefetch/related(). */
  related: Map<string, unknown> | null = null;

  /** The other instances that came from the same query, for the 'peers' fetch mode. */
  peers: readonly object[] | null = null;

  /** How `related()` loads what was not selected or prefetched ('one', 'peers', 'raise'); see fetch-mode.ts. */
  fetchMode: 'one' | 'peers' | 'raise' = 'one';

  /** The frozen state loaded instances share until one writes its own (see `ownState`). */
  shared = false;

  /** A writable copy of a shared state (it has no loaded relations: it is frozen before any). */
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
