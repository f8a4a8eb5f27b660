import { RelatedObjectNotLoaded, WrenError, WrenTypeError } from '../errors.js';
import { isManyToMany, type ForeignKey, type ManyToManyField } from '../fields/index.js';
import { cacheRelation, forgetRelation, loadedRelation, stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import { patchState } from '../query/state.js';
import { describeValue } from '../util/arguments.js';
import { ManyRelatedManager } from './many-related-manager.js';
import { ReverseForeignKeyManager } from './related-managers.js';
import { onReverseRelation, type ReverseRelation } from './relations.js';
import type { ModelClass } from './types.js';

// The attributes relations add to instances: `author.books`, `book.tags`, `tag.books` (managers
// built per access) and `author.profile` (a OneToOneField's reverse side). Imported by model.ts
// for this side effect.

type Row = Record<string, unknown>;

onReverseRelation(installAccessors);

function installAccessors(target: ModelClass, relation: ReverseRelation): void {
  const field = relation.field;
  const hidden = relation.name.endsWith('+');
  if (isManyToMany(field)) {
    defineManyToMany(relation.model, field.name, (owner) => manyManager(owner, field, 'forward', relation));
    if (!hidden) defineManyToMany(target, relation.name, (owner) => manyManager(owner, field, 'reverse', relation));
  } else if (hidden) {
    return;
  } else if (relation.single) {
    defineReverseOne(target, relation);
  } else {
    defineReverseMany(target, relation);
  }
}

/** `author.books`: a manager built per access (cheap: one frozen state), serving a prefetch when there is one. */
function defineReverseMany(target: ModelClass, relation: ReverseRelation): void {
  const field = relation.field as ForeignKey;
  const name = relation.name;
  Object.defineProperty(target.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Row) {
      const key = this[field.targetField.attname];
      if (key === null || key === undefined) {
        throw new WrenError(`${target.name} instance needs a value for ${field.targetField.name} before its ${name} relation can be used; save it first`);
      }
      const related = relation.model;
      let base = new QuerySet(related).filter({ [field.name]: key } as never);
      const alias = stateOf(this).db;
      if (alias) base = base.using(alias);
      const manager = new ReverseForeignKeyManager(related, patchState(base.state, { knownRelated: { field, instance: this } }));
      manager.binding = { owner: this, field, name: `${target.name}.${name}`, accessor: name };
      return finish(manager, this, name);
    },
    set() {
      throw new WrenError(`Direct assignment to the reverse side of a related set is prohibited. Use ${name}.set() instead.`);
    },
  });
}

function defineManyToMany(model: ModelClass, name: string, build: (owner: Row) => ManyRelatedManager<ModelClass>): void {
  Object.defineProperty(model.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Row) {
      return build(this);
    },
    set() {
      throw new WrenError(`Direct assignment to the ${name} side of a many-to-many set is prohibited. Use ${name}.set() instead.`);
    },
  });
}

/**
 * `book.tags` ('forward', over Tag) or `tag.books` ('reverse', over Book): the rows of the other
 * side reached from the owner through the join model.
 */
function manyManager(owner: Row, field: ManyToManyField, direction: 'forward' | 'reverse', relation: ReverseRelation): ManyRelatedManager<ModelClass> {
  const forward = direction === 'forward';
  const [sourceKey, targetKey] = forward ? [field.throughSource!, field.throughTarget!] : [field.throughTarget!, field.throughSource!];
  const model = (forward ? field.relatedModel : relation.model) as unknown as ModelClass;
  const ownerModel = owner.constructor as ModelClass;
  const name = forward ? field.name : relation.name;
  const key = owner[sourceKey.targetField.attname];
  if (key === null || key === undefined) {
    throw new WrenError(`${ownerModel.name} instance needs a value for ${sourceKey.targetField.name} before its ${name} relation can be used; save it first`);
  }
  // The path from the manager's model back to the owner: the reverse name, or the field itself.
  let base = linkedRows(model, field, forward ? relation.name : field.name, { sourceKey, targetKey, key });
  const alias = stateOf(owner).db;
  if (alias) base = base.using(alias);
  const manager = new ManyRelatedManager(model, base.state);
  manager.binding = { owner, name: `${ownerModel.name}.${name}`, accessor: name, through: field.through as unknown as ModelClass, sourceKey, targetKey, reverse: !forward, symmetrical: forward && field.symmetrical };
  return finish(manager, owner, name);
}

/**
 * The rows of `model` linked to the owner's `key`, through `path` back to the owner. A hidden
 * reverse name ('+') hides only the accessor, as in Django, so `post.tags` still works: it cannot
 * be named in a filter, so the keys are read from the join model instead (`id IN (SELECT ...)`).
 */
function linkedRows(model: ModelClass, field: ManyToManyField, path: string, link: { sourceKey: ForeignKey; targetKey: ForeignKey; key: unknown }): QuerySet<ModelClass> {
  const { sourceKey, targetKey, key } = link;
  if (!path.endsWith('+')) return new QuerySet(model).filter({ [`${path}__${sourceKey.targetField.name}`]: key } as never);
  const linked = new QuerySet(field.through as unknown as ModelClass).filter({ [sourceKey.attname]: key } as never).values(targetKey.name as never);
  return new QuerySet(model).filter({ [`${targetKey.targetField.name}__in`]: linked } as never);
}

/** A manager never caches its own results (as `Model.objects`), unless it serves a prefetch. */
function finish<Q extends { withResults(rows: never): unknown; prefetched: readonly unknown[] | undefined }>(manager: Q, owner: object, name: string): Q {
  const prefetched = loadedRelation(owner, name);
  if (Array.isArray(prefetched)) {
    const served = manager.withResults(prefetched as never) as Q;
    served.prefetched = prefetched;
    return served;
  }
  Object.defineProperty(manager, 'cachesResults', { value: false });
  return manager;
}

/**
 * `author.relProfile`: the one object on the reverse side of a OneToOneField, once loaded
 * (selectRelated, prefetchRelated or `await author.related('relProfile')`). Reading it unloaded
 * raises rather than querying; when it is known not to exist, the related model's DoesNotExist.
 */
function defineReverseOne(target: ModelClass, relation: ReverseRelation): void {
  const field = relation.field as ForeignKey;
  const name = relation.name;
  Object.defineProperty(target.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Row) {
      const cached = loadedRelation(this, name);
      if (cached !== undefined) {
        if (cached === null) throw new relation.model.DoesNotExist(`${target.name} has no ${name}.`);
        return cached;
      }
      throw new RelatedObjectNotLoaded(
        `${target.name}.${name} is not loaded. Load it with ${target.name}.objects.selectRelated('${name}') or .prefetchRelated('${name}'), or await instance.related('${name}')`,
      );
    },
    set(this: Row, value: unknown) {
      if (value === null || value === undefined) {
        // As Django: the object held until now no longer points here (in memory; save it to
        // store that), and nothing is known about the relation until it is loaded again.
        const previous = loadedRelation(this, name);
        if (previous) (previous as Row)[field.name] = null;
        forgetRelation(this, name);
        return;
      }
      if (!(value instanceof relation.model)) {
        throw new WrenTypeError(`Cannot assign ${describeValue(value)}: ${target.name}.${name} must be a ${relation.model.name} instance`);
      }
      (value as Row)[field.name] = this;
      cacheRelation(this, name, value);
    },
  });
}
