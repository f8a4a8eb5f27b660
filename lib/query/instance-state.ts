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
}

export type WithState = { [STATE]: InstanceState };

export function stateOf(instance: object): InstanceState {
  return (instance as WithState)[STATE];
}
