import { FieldError } from '../errors.js';
import { fetchBlocked } from '../query/fetch-mode.js';
import { cachedRelation } from '../query/forward-cache.js';
import { loadedRelation, stateOf } from '../query/instance-state.js';
import { describeRelation, prefetchStep } from '../query/prefetch.js';
import type { ModelClass } from './types.js';

/**
 * `await book.related('author')`: the explicit, asynchronous load of a relation of any kind
 * (forward key: the instance or null; reverse key or many-to-many: an array; reverse one-to-one:
 * the instance, or the related model's `DoesNotExist` as in Django). The result is cached on the
 * instance, so `book.author` (or `author.books.all()`) works afterwards without a query. What an
 * uncached load does follows the instance's fetch mode: see `QuerySet.fetchMode()`.
 */
export async function loadRelated(instance: object, name: string): Promise<unknown> {
  const loaded = await loadAny(instance, name);
  if (loaded === null || loaded === undefined) {
    const model = instance.constructor as ModelClass;
    const reverse = model._meta.maybeField(name) ? undefined : model._meta.reverseRelation(name);
    if (reverse?.single) throw new reverse.model.DoesNotExist(`${model.name} has no ${name}.`);
  }
  return loaded;
}

async function loadAny(instance: object, name: string): Promise<unknown> {
  const model = instance.constructor as ModelClass;
  const cached = cachedRelation(instance, model, name);
  if (cached !== undefined) return cached;
  const state = stateOf(instance);
  const relation = describeRelation(model, name, name, 'related');
  const key = (instance as Record<string, unknown>)[relation.sourceAttr];
  if (key === null || key === undefined) {
    if (relation.single) return null; // a null key (or unsaved instance) has nothing to load
    throw new FieldError(`${model.name}.related('${name}'): the instance needs a primary key before its ${name} can be loaded; save it first`);
  }
  if (state.fetchMode === 'raise') throw fetchBlocked(model.name, name, relation.single ? 'single' : 'many');
  // 'peers': everything from the same result that has not loaded this relation yet, in one query.
  const group = state.fetchMode === 'peers' && state.peers ? state.peers.filter((peer) => peer === instance || cachedRelation(peer, model, name) === undefined) : [instance];
  await prefetchStep(group, name, { queryset: null, toAttr: null, path: name, alias: state.db, mode: state.fetchMode });
  // The load cached the relation on the instance (and on each peer loaded with it).
  const loaded = loadedRelation(instance, name);
  if (relation.single && loaded === null && relation.name === name && isForward(model, name)) {
    // The key points at no row (a relation without a database constraint): say so, don't pretend null.
    throw new relation.target.DoesNotExist(`${model.name}.${name}: no ${relation.target.name} matches key ${JSON.stringify(key)}`);
  }
  return loaded;
}

function isForward(model: ModelClass, name: string): boolean {
  const field = model._meta.maybeField(name);
  return field !== undefined && field.name === name;
}
