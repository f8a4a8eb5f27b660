import { routeAllowRelation } from '../connection/index.js';
import { ImproperlyConfigured, RelatedObjectNotLoaded, WrenError } from '../errors.js';
import { ForeignKey, isForeignKey, isManyToMany, OneToOneField, setModelLookup, type Field, type ManyToManyField, type RelatedModel } from '../fields/index.js';
import { currentForward, noteAssignment } from '../query/forward-cache.js';
import { cacheRelation, forgetRelation, STATE, stateOf } from '../query/instance-state.js';
import { lowerFirst, snakeCase } from '../util/naming.js';
import { Model } from './model.js';
import { ModelOptions, type ModelMetaConfig } from './options.js';
import { getModel } from './registry.js';
import type { ModelClass } from './types.js';

setModelLookup((name) => getModel(name) as unknown as RelatedModel);
ModelOptions.resolveRelations = () => resolvePending();

/**
 * The far side of a relation, as the related model sees it: `Author` has `books` because
 * `Book.author` points at it. Lookups (`books__title`) and reverse accessors are built from these.
 */
export interface ReverseRelation {
  /** The accessor and lookup name on the target (`books`). */
  readonly name: string;
  /** The model declaring the relation (`Book`). */
  readonly model: ModelClass;
  /** The declaring field (`Book.author`, or `Book.tags` for a many-to-many). */
  readonly field: ForeignKey | ManyToManyField;
  /** One object (a OneToOneField's reverse side) or many. */
  readonly single: boolean;
}

/** Relation fields whose target could not be resolved yet (declared before the target's class). */
const pending = new Set<ForeignKey | ManyToManyField>();
const owners = new WeakMap<Field, ModelClass>();

/** Called when a model's metadata is first built: forward accessors now, reverse ones once resolvable. */
export function contributeRelations(model: ModelClass, meta: ModelOptions): void {
  for (const field of meta.fields) {
    if (isForeignKey(field)) {
      defineForwardAccessor(model, field);
      owners.set(field, model);
      pending.add(field);
    }
  }
  for (const field of meta.manyToMany) {
    owners.set(field, model);
    pending.add(field);
  }
  resolvePending();
}

/** Resolves every relation whose target class now exists; cheap when nothing is pending. */
export function resolvePending(): void {
  if (pending.size === 0) return;
  for (const field of [...pending]) {
    const model = owners.get(field)!;
    let target: ModelClass;
    let declaredThrough: RelatedModel | undefined;
    try {
      target = (field as ForeignKey).relatedModel as unknown as ModelClass;
      if (isManyToMany(field)) declaredThrough = field.declaredThrough; // a `through` declared later waits too
    } catch {
      continue; // declared before its target; retried when the next model registers or a query runs
    }
    pending.delete(field);
    if (isManyToMany(field)) {
      refuseSymmetricalToOther(field, model, target);
      field.through = (declaredThrough ?? autoThroughModel(model, field, target)) as unknown as RelatedModel;
      const keys = throughFields(field);
      field.throughSource = keys.source;
      field.throughTarget = keys.target;
    }
    addReverse(target, { name: field.relatedName, model, field, single: field instanceof OneToOneField });
  }
}

/**
 * Mirror rows swap the two keys of a join row, which only means anything when both point at the
 * same model. Checked once the target is known (a thunk may name a model declared later).
 */
function refuseSymmetricalToOther(field: ManyToManyField, model: ModelClass, target: ModelClass): void {
  if (!field.symmetrical || target === model) return;
  throw new ImproperlyConfigured(
    `${String(field)}: symmetrical: true needs a relation from ${model.name} to itself, but it points at ${target.name}; remove the option (a relation to another model is one-way, with a reverse accessor)`,
  );
}

type Installer = (target: ModelClass, relation: ReverseRelation) => void;

/**
 * Every relation pointing at a model, hidden ('+') ones included (the deletion collector needs
 * them all), and the accessor installer. A `var`, not a `const`: related-managers.ts registers its
 * installer while this module may still sit unevaluated in an import cycle (schema-editor ->
 * relations -> model -> related-managers), when a `const` would not exist yet.
 */
// eslint-disable-next-line no-var
var hooks: RelationHooks | undefined;
interface RelationHooks {
  readonly incoming: Map<ModelClass, ReverseRelation[]>;
  install?: Installer;
}
function relationHooks(): RelationHooks {
  return (hooks ??= { incoming: new Map() });
}

function addReverse(target: ModelClass, relation: ReverseRelation): void {
  const { incoming, install } = relationHooks();
  let all = incoming.get(target);
  if (!all) incoming.set(target, (all = []));
  if (!all.some((known) => known.field === relation.field)) all.push(relation);
  if (!relation.name.endsWith('+')) {
    const meta = target._meta;
    const byName = meta.reverse;
    const field = meta.maybeField(relation.name);
    const other = byName.get(relation.name);
    if (field || meta.reverseClashes.has(relation.name) || (other && other.field !== relation.field)) {
      return recordClash(target, relation, field ? `the field ${String(field)}` : `the reverse accessor of ${String(other?.field ?? '')}`);
    }
    byName.set(relation.name, relation);
  }
  install?.(target, relation);
}

/** Every relation (ForeignKey, OneToOne, many-to-many) declared elsewhere that points at `model`, hidden ones included. */
export function relationsTo(model: ModelClass): readonly ReverseRelation[] {
  resolvePending();
  return relationHooks().incoming.get(model) ?? [];
}

/**
 * Installed by the related-managers module so this file need not import QuerySet machinery.
 * Called for every resolved relation, hidden ('+') ones too: a many-to-many field's forward
 * accessor (`book.tags`) is installed from here even when its reverse side is hidden.
 */
export function onReverseRelation(install: Installer): void {
  const state = relationHooks();
  state.install = install;
  for (const [model, relations] of state.incoming) for (const relation of relations) install(model, relation);
}

/**
 * `book.author`: the loaded instance (or null when the key is null); reading it unloaded raises
 * rather than querying. Assigning an instance (or null) sets `authorId` too.
 */
function defineForwardAccessor(model: ModelClass, field: ForeignKey): void {
  const { name, attname } = field;
  Object.defineProperty(model.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Record<string, unknown>): unknown {
      const cached = currentForward(this, field);
      if (cached !== undefined) return cached;
      if (this[attname] === null || this[attname] === undefined) return null;
      throw new RelatedObjectNotLoaded(
        `${model.name}.${name} is not loaded. Load it with ${model.name}.objects.selectRelated('${name}') or .prefetchRelated('${name}'), or await instance.related('${name}')`,
      );
    },
    set(this: Record<string, unknown>, value: unknown) {
      if (value === null || value === undefined) {
        this[attname] = null;
        forgetRelation(this, name);
        noteAssignment(this, field, null);
        return;
      }
      const instance = typeof value === 'object' && STATE in value;
      if (instance) checkRelationAllowed(this, value, `${model.name}.${name}`);
      this[attname] = field.toLookupValue(value);
      // A key given in place of the instance (`book.author = 7`) sets the key only: nothing is loaded.
      if (instance) cacheRelation(this, name, value);
      else forgetRelation(this, name);
      noteAssignment(this, field, instance ? value : null);
    },
  });
}

/**
 * Django's check on assigning a related instance: both must come from databases the routers let
 * refer to each other (without routers, the same database), else the key would name a row the
 * instance's database may not hold.
 */
function checkRelationAllowed(instance: object, value: object, where: string): void {
  const databases = { a: stateOf(instance).db, b: stateOf(value).db };
  if (routeAllowRelation(instance, value, databases)) return;
  throw new WrenError(
    `Cannot assign ${value.constructor.name} from database '${databases.b}' to ${where} of a ${instance.constructor.name} from database '${databases.a}': the database routers prevent this relation (allowRelation)`,
  );
}

/** The join model Django would create for `Book.tags`: table `books_tags`, columns `book_id`, `tag_id`. */
function autoThroughModel(source: ModelClass, field: ManyToManyField, target: ModelClass): ModelClass {
  const self = source === target;
  const from = self ? `from${source.name}` : lowerFirst(source.name);
  const to = self ? `to${target.name}` : lowerFirst(target.name);
  const tableName = joinTableName(source._meta, field);
  // '+' names hide the join model's own reverse accessors, as in Django.
  const hidden = `${source.name}_${field.name}+`;
  const Through = class extends Model {
    static fields = {
      [from]: new ForeignKey(() => source, { onDelete: 'CASCADE', relatedName: hidden }),
      [to]: new ForeignKey(() => target, { onDelete: 'CASCADE', relatedName: hidden }),
    };
    static meta = { tableName, uniqueTogether: [[from, to]] };
  };
  Object.defineProperty(Through, 'name', { value: `${source.name}_${field.name}` });
  const model = Through as unknown as ModelClass;
  void model._meta; // builds and registers it, under the name just given
  autoCreated.add(model);
  // A default manager, as Django's auto-created through models have (`Book.tags.through.objects`);
  // made after the name is set, since a manager reads the model's metadata.
  Object.defineProperty(Through, 'objects', { value: Through.manager(), writable: true, configurable: true, enumerable: true });
  return model;
}

const autoCreated = new WeakSet<object>();

function joinTableName(meta: ModelOptions, field: ManyToManyField): string {
  return field.options.dbTable ?? `${meta.tableName}_${snakeCase(field.name)}`;
}

/**
 * A `static meta` declared below a manager may change a model's table after its automatic join
 * models were made: they follow (`<table>_<field>`), through the same late-meta path.
 */
export function retableJoinModels(meta: ModelOptions): void {
  for (const field of meta.manyToMany) {
    const through = field.through as unknown as (ModelClass & { meta: ModelMetaConfig }) | undefined;
    if (!through || !isAutoCreated(through)) continue;
    const tableName = joinTableName(meta, field);
    if (through.meta.tableName === tableName) continue;
    through.meta = { ...through.meta, tableName };
    void through._meta; // adopts the new meta
  }
}

/** True for join models Wren made for a ManyToManyField (their tables come and go with the declaring model). */
export function isAutoCreated(model: object): boolean {
  return autoCreated.has(model);
}

/** The join model's fields pointing at the declaring side and at the related side. */
export function throughFields(field: ManyToManyField): { source: ForeignKey; target: ForeignKey } {
  const through = field.through as unknown as ModelClass;
  const keys = through._meta.fields.filter(isForeignKey);
  if (field.options.throughFields) {
    const [source, target] = field.options.throughFields;
    return { source: through._meta.field(source) as ForeignKey, target: through._meta.field(target) as ForeignKey };
  }
  const owner = owners.get(field)!;
  const related = field.relatedModel as unknown as ModelClass;
  const source = keys.find((key) => key.relatedModel === (owner as unknown)) ;
  const target = keys.find((key) => key !== source && key.relatedModel === (related as unknown));
  if (!source || !target) {
    throw new ImproperlyConfigured(`${String(field)}: the through model ${through.name} needs a ForeignKey to ${owner.name} and one to ${related.name} (or throughFields)`);
  }
  return { source, target };
}


/**
 * Two relations claiming one accessor name (or one hiding a field) are recorded rather than thrown
 * while models load, so that `wren check` can list every clash; using the name raises instead of
 * silently picking one of them.
 */
function recordClash(target: ModelClass, relation: ReverseRelation, other: string): void {
  const meta = target._meta;
  const message = meta.reverseClashes.get(relation.name) ??
    `Reverse accessor '${meta.name}.${relation.name}' of ${String(relation.field)} clashes with ${other}; give one of the relations another relatedName`;
  meta.reverseClashes.set(relation.name, message);
  if (meta.reverse.delete(relation.name) || !meta.maybeField(relation.name)) {
    Object.defineProperty(target.prototype, relation.name, {
      configurable: true,
      get() {
        throw new ImproperlyConfigured(message);
      },
    });
  }
}
