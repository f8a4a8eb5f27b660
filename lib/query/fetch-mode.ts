import { FETCH_MODES, type FetchMode } from '../connection/index.js';
import { FieldError, FieldFetchBlocked } from '../errors.js';
import { InstanceState, sharedState, STATE, type WithState } from './instance-state.js';

export { FETCH_MODES, type FetchMode };

/**
 * Fetch modes (as in Django 6.1) say what `await instance.related(name)` does for a relation the
 * query did not select or prefetch:
 * - `'one'`: loads it for that instance alone (one query per instance: the N+1 pattern);
 * - `'peers'`: loads it for every instance that came from the same result, in one query, so a loop
 *   over 500 books calling `book.related('author')` costs 2 queries in all;
 * - `'raise'`: refuses with `FieldFetchBlocked`, naming the model and the relation.
 */
export function checkFetchMode(mode: string): FetchMode {
  if (!(FETCH_MODES as readonly string[]).includes(mode)) throw new FieldError(`Unknown fetch mode '${mode}'. Choices are: ${FETCH_MODES.join(', ')}`);
  return mode as FetchMode;
}

const makers: Record<FetchMode, Map<string, () => InstanceState>> = { one: new Map(), peers: new Map(), raise: new Map() };

/**
 * The per-row state factory for a query's instances: database alias and fetch mode fixed once.
 * One function per alias and mode, not one per query, so the generated row loop that calls it
 * for every row sees the same function each time.
 */
export function stateMaker(alias: string, mode: FetchMode): () => InstanceState {
  let maker = makers[mode].get(alias);
  if (maker === undefined) makers[mode].set(alias, (maker = newStateMaker(alias, mode)));
  return maker;
}

function newStateMaker(alias: string, mode: FetchMode): () => InstanceState {
  if (mode === 'one') {
    const shared = sharedState(alias);
    return () => shared;
  }
  return () => {
    const state = new InstanceState(false, alias);
    state.fetchMode = mode;
    return state;
  };
}

/** In 'peers' mode, instances from one result share one peers list (read by `related()`). */
export function shareResult(instances: readonly object[], mode: FetchMode): void {
  if (mode !== 'peers' || instances.length === 0) return;
  for (let i = 0; i < instances.length; i++) (instances[i] as WithState)[STATE].peers = instances;
}

/** `FieldFetchBlocked` for `model.name`, with how to load it instead. */
export function fetchBlocked(modelName: string, name: string, kind: 'single' | 'many'): FieldFetchBlocked {
  const how = kind === 'single' ? `selectRelated('${name}') or prefetchRelated('${name}')` : `prefetchRelated('${name}')`;
  return new FieldFetchBlocked(
    `${modelName}.${name} was not loaded and this instance's fetch mode is 'raise', so it may not be fetched on demand. Load it in the query with ${how}, or use fetchMode('one' | 'peers')`,
  );
}
