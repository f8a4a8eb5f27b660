/**
 * Django's "known related objects": an instance reached through a relation knows the way back
 * without a query. The books read through `author.books` (or `prefetchRelated('books')`) hold
 * `book.author` as that author; a profile read through `author.profile` (selectRelated,
 * prefetchRelated or `related()`) holds `profile.author`, and the other way round for a forward
 * one-to-one. A many-to-one read forward (`book.author`) fills nothing back: `author.books` would
 * be one book of many.
 */
import type { ForeignKey } from '../fields/index.js';
import type { ModelClass } from '../models/types.js';
import { mapKey } from '../util/map-key.js';
import { relationKey } from './instance-state.js';

/** The instance every row of a query points at through `field`: the owner of a related manager. */
export interface KnownRelated {
  readonly field: ForeignKey;
  readonly instance: object;
}

type Row = Record<string, unknown>;

/**
 * `book.author = author` for each loaded book whose key names `known.instance` (all of them, for
 * `author.books` and its filters; a union with other rows may add some that do not).
 */
export function attachKnownRelated(instances: readonly object[], known: KnownRelated): void {
  const { field, instance } = known;
  const key = mapKey((instance as Row)[field.targetField.attname]);
  const attname = field.attname;
  const slot = relationKey(field.name);
  for (let i = 0; i < instances.length; i++) {
    const row = instances[i] as Row & Record<symbol, unknown>;
    if (mapKey(row[attname]) === key) row[slot] = instance;
  }
}

/**
 * The reverse accessor that a forward one-to-one's target gets (`user.profile` for
 * `Profile.user`), or null for a many-to-one or a hidden (`'+'`) reverse side.
 */
export function reverseOneToOneName(field: ForeignKey): string | null {
  const reverse = (field.relatedModel as unknown as ModelClass)._meta.reverse.get(field.relatedName);
  return reverse?.single && reverse.field === field ? reverse.name : null;
}
