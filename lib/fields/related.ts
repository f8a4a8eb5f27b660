import type { ColumnKind, ColumnSpec } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import pluralize from 'pluralize';
import { lowerFirst, snakeCase } from '../util/naming.js';
import { Field, type FieldOptions, type FieldOwner } from './field.js';
import type { ComparisonLookup } from './lookup-names.js';

/** What happens to rows pointing at a deleted row; Wren carries it out itself, like Django's collector. */
export type OnDelete = 'CASCADE' | 'PROTECT' | 'RESTRICT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING';

/**
 * The part of a model class the field layer may see (fields sit below models, so this is the
 * structural shape rather than an import): its name, resolved metadata and prototype.
 */
export interface RelatedModel {
  readonly name: string;
  readonly prototype: object;
  readonly _meta: {
    readonly name: string;
    readonly tableName: string;
    readonly pk: Field;
    field(name: string): Field;
  };
}

/**
 * A related model given lazily (`() => Author`, so later and mutual declarations work), by class
 * name, or as `'self'`: the declaring model.
 */
export type ModelRef<C> = (() => C) | string;

/** Django's RECURSIVE_RELATIONSHIP_CONSTANT: a relation to the model declaring it. */
const SELF = 'self';

/** Finds a model by class name; the models layer installs it (see `models/registry.ts`). */
let lookupModel: ((name: string) => RelatedModel) | undefined;
export function setModelLookup(lookup: (name: string) => RelatedModel): void {
  lookupModel = lookup;
}

/** The model `ref` names; `'self'` is `selfModelName`, the model the field is attached to. */
function resolveRef<C>(ref: ModelRef<C>, owner: string, selfModelName?: string): C {
  if (ref === SELF) {
    if (!selfModelName) throw new ImproperlyConfigured(`${owner}: 'self' names the declaring model, and this field is in no model's static fields yet; declare it there, or name the model ('Category' or () => Category)`);
    ref = selfModelName;
  }
  if (typeof ref === 'function') {
    // A class where a thunk belongs would fail below with JavaScript's "cannot be invoked without 'new'".
    if (/^class\b/.test(Function.prototype.toString.call(ref))) {
      throw new ImproperlyConfigured(`${owner}: pass the related model lazily, as a function that returns it (() => ${ref.name}) or by class name ('${ref.name}'), not the class itself`);
    }
    let model: C;
    try {
      model = ref();
    } catch (error) {
      throw new ImproperlyConfigured(`${owner}: the related model could not be resolved yet (${(error as Error).message})`);
    }
    if (!model) throw new ImproperlyConfigured(`${owner}: the related model thunk returned ${String(model)}`);
    return model;
  }
  if (!lookupModel) throw new ImproperlyConfigured(`${owner}: no model registry to resolve '${ref}'`);
  return lookupModel(ref) as C;
}

export interface RelationOptions {
  /** Name of the reverse accessor on the related model; defaults to the plural of this model's name, camelCased (`books`). */
  readonly relatedName?: string;
}

export interface ForeignKeyOptions<T = unknown> extends FieldOptions<T>, RelationOptions {
  readonly onDelete: OnDelete;
  /** The related model's field this one points at; the primary key by default. */
  readonly toField?: string;
  /** `false` leaves out the REFERENCES constraint (the relation still works in queries). */
  readonly dbConstraint?: boolean;
}

/** Column kinds a key column takes: an auto-increment target becomes a plain integer. */
const KEY_KIND: Partial<Record<ColumnKind, ColumnKind>> = { auto: 'integer', bigauto: 'bigint', positiveint: 'integer' };

/**
 * A many-to-one relation. The attribute `author` holds the related instance once loaded; the raw
 * key lives in `authorId` (column `author_id`) and is always available without a query.
 *
 * @example author: new ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'books' })
 * @example parent: new ForeignKey('self', { onDelete: 'CASCADE', null: true, relatedName: 'children' })
 */
export class ForeignKey<C = unknown, const O extends ForeignKeyOptions = ForeignKeyOptions> extends Field<unknown, O> {
  /** Phantom: the related model class, for the types of `author`, `authorId` and relation paths. */
  declare readonly __related: C;
  declare readonly __lookups: ComparisonLookup;
  readonly isRelation = true;
  readonly manyToMany: boolean = false;
  /** The attribute holding the raw key: `authorId` for `author`. */
  override attname = '';
  /** For a `'self'` target, the declaring model's name, set by `attach()` and kept by copies (migrations copy fields). */
  selfModelName: string | undefined;
  private resolved: RelatedModel | undefined;

  constructor(readonly to: ModelRef<C>, options: O) {
    super(options);
    if (!options || !options.onDelete) {
      throw new ImproperlyConfigured(`ForeignKey needs an onDelete option ('CASCADE', 'PROTECT', 'RESTRICT', 'SET_NULL', 'SET_DEFAULT' or 'DO_NOTHING')`);
    }
    if (options.onDelete === 'SET_NULL' && !options.null) {
      throw new ImproperlyConfigured(`ForeignKey with onDelete 'SET_NULL' must also be null: true`);
    }
  }

  get onDelete(): OnDelete {
    return this.options.onDelete;
  }

  /** The related model class, resolved on first use. */
  get relatedModel(): RelatedModel {
    if (!this.resolved) this.resolved = resolveRef(this.to as ModelRef<RelatedModel>, String(this), this.selfModelName);
    return this.resolved;
  }

  /**
   * The related field the key holds (the primary key unless `toField`). Found once: a model's
   * fields are fixed when its metadata is built (a late `static meta` changes options, not
   * fields), and filters read it for every value they convert (each key of a 500-key `__in`).
   */
  get targetField(): Field {
    if (this.target === undefined) {
      const meta = this.relatedModel._meta;
      this.target = this.options.toField ? meta.field(this.options.toField) : meta.pk;
    }
    return this.target;
  }

  private target: Field | undefined;

  get kind(): ColumnKind {
    const kind = this.targetField.kind;
    return KEY_KIND[kind] ?? kind;
  }

  override columnSpec(): ColumnSpec {
    return { ...this.targetField.columnSpec(), kind: this.kind };
  }

  override attach(name: string, owner: FieldOwner): void {
    super.attach(name, owner);
    if (this.to === SELF) this.selfModelName = owner.name;
    this.attname = `${name}Id`;
    this.column = this.options.dbColumn ?? `${snakeCase(name)}_id`;
  }

  override clone(): this {
    const copy = super.clone();
    copy.resolved = undefined;
    copy.target = undefined;
    return copy;
  }

  /** The reverse accessor's name on the related model. */
  get relatedName(): string {
    return this.options.relatedName ?? defaultRelatedName(this.owner?.name ?? '');
  }

  /** A related instance stands for its key; anything else converts like the target field. */
  override toJs(value: unknown): unknown {
    if (value !== null && typeof value === 'object' && value instanceof Object && isInstanceOf(value, this.relatedModel)) {
      return (value as Record<string, unknown>)[this.targetField.attname];
    }
    return this.targetField.toJs(value);
  }

  override check(value: unknown): string[] {
    return this.targetField.check(value);
  }

  override storageErrors(value: unknown): string[] {
    return this.targetField.storageErrors(value);
  }
}

/** A one-to-one relation: a unique ForeignKey whose reverse accessor is a single object. */
export class OneToOneField<C = unknown, const O extends ForeignKeyOptions = ForeignKeyOptions> extends ForeignKey<C, O> {
  /** Phantom: the reverse side is one object, not a manager. */
  declare readonly __oneToOne: true;
  override get unique(): boolean {
    return true;
  }

  override get relatedName(): string {
    return this.options.relatedName ?? lowerFirst(this.owner?.name ?? '');
  }
}

export interface ManyToManyOptions extends Pick<FieldOptions<unknown>, 'blank' | 'helpText' | 'verboseName'>, RelationOptions {
  /** A model with ForeignKeys to both sides, for extra columns on the join rows. */
  readonly through?: ModelRef<unknown>;
  /** Only for `through`: the join model's field pointing at this model and at the related one. */
  readonly throughFields?: readonly [string, string];
  /** Join table name for the automatic join model; defaults to `<table>_<field>`. */
  readonly dbTable?: string;
  /**
   * Only for a relation to the declaring model: linking `a` to `b` links `b` to `a` too, and there
   * is no reverse accessor. Defaults to true for `'self'`, false otherwise (as Django).
   */
  readonly symmetrical?: boolean;
}

/**
 * A many-to-many relation. It has no column: rows of a join model (automatic, or `through`) link
 * the two sides. `book.tags` is a related manager; the models layer builds the join model.
 * `'self'` relates a model to itself, symmetrically unless `symmetrical: false`.
 *
 * @example tags: new ManyToManyField(() => Tag, { relatedName: 'books' })
 * @example friends: new ManyToManyField('self')
 */
export class ManyToManyField<C = unknown, const O extends ManyToManyOptions = ManyToManyOptions> extends Field<unknown, O> {
  declare readonly __related: C;
  declare readonly __manyToMany: true;
  readonly isRelation = true;
  readonly manyToMany: boolean = true;
  /** Never stored in a column; the value is kept for the `kind` contract only. */
  readonly kind: ColumnKind = 'integer';
  /** The join model and its keys to this side and the related side, set by the models layer once both sides are known. */
  through: RelatedModel | undefined;
  throughSource: ForeignKey | undefined;
  throughTarget: ForeignKey | undefined;
  /**
   * Each link is stored both ways and there is no reverse accessor. Fixed here, from the arguments
   * as given: migrations later point a copy's `to` at a historical model, which must not change it.
   */
  readonly symmetrical: boolean;
  /** For a `'self'` target, the declaring model's name, set by `attach()` and kept by copies (migrations copy fields). */
  selfModelName: string | undefined;
  private resolved: RelatedModel | undefined;

  constructor(readonly to: ModelRef<C>, options?: O) {
    super(options);
    this.symmetrical = options?.symmetrical ?? to === SELF;
    const relatedName = options?.relatedName;
    if (this.symmetrical && relatedName !== undefined && !relatedName.endsWith('+')) {
      // Django only warns (fields.W345); a name that silently does nothing is worse.
      throw new ImproperlyConfigured(`ManyToManyField: relatedName '${relatedName}' has no effect on a symmetrical relation, which has no reverse accessor; remove it, or pass symmetrical: false for a one-way relation with a reverse accessor`);
    }
  }

  get relatedModel(): RelatedModel {
    if (!this.resolved) this.resolved = resolveRef(this.to as ModelRef<RelatedModel>, String(this), this.selfModelName);
    return this.resolved;
  }

  override attach(name: string, owner: FieldOwner): void {
    super.attach(name, owner);
    if (this.to === SELF) this.selfModelName = owner.name;
  }

  /** The user's `through` model, resolved, or undefined for an automatic join table. */
  get declaredThrough(): RelatedModel | undefined {
    return this.options.through ? resolveRef(this.options.through as ModelRef<RelatedModel>, String(this)) : undefined;
  }

  /**
   * The reverse accessor's name. A symmetrical relation has none (`a.friends` already reads both
   * ways), so its name is hidden: Django's `<name>_rel_+`.
   */
  get relatedName(): string {
    if (this.symmetrical) return this.options.relatedName ?? `${this.name}_rel_+`;
    return this.options.relatedName ?? defaultRelatedName(this.owner?.name ?? '');
  }

  /**
   * `symmetrical` as data that compares alike however it was spelt: true when the relation is
   * symmetrical, else left out (its default for every target but `'self'`, which migrations write
   * by the model's name).
   */
  override definingOptions(): object {
    const { symmetrical: _given, ...options } = this.options as ManyToManyOptions;
    return this.symmetrical ? { ...options, symmetrical: true } : options;
  }

  override clone(): this {
    const copy = super.clone();
    copy.resolved = undefined;
    copy.through = copy.throughSource = copy.throughTarget = undefined;
    return copy;
  }
}

/** A field that links to another model (ForeignKey, OneToOneField, ManyToManyField). */
export function isRelation(field: Field): field is ForeignKey | ManyToManyField {
  return (field as { isRelation?: boolean }).isRelation === true;
}

// Flags rather than instanceof: under mocha, migration files may load a second copy of this module.
export function isForeignKey(field: Field): field is ForeignKey {
  return isRelation(field) && !field.manyToMany;
}

export function isManyToMany(field: Field): field is ManyToManyField {
  return isRelation(field) && field.manyToMany;
}

function isInstanceOf(value: object, model: RelatedModel): boolean {
  return model.prototype.isPrototypeOf(value);
}


/** `Book` -> `books`, `BlogPost` -> `blogPosts`. */
export function defaultRelatedName(modelName: string): string {
  return pluralize(lowerFirst(modelName));
}
