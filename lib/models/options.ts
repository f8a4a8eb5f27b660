import { FieldError, ImproperlyConfigured } from '../errors.js';
import { AutoField, isForeignKey, isManyToMany, type Field, type ForeignKey, type ManyToManyField } from '../fields/index.js';
import { choicesHint, defaultTableName } from '../util/naming.js';
import type { ReverseRelation } from './relations.js';

/** An index declared in `meta.indexes`. */
export interface IndexDefinition {
  readonly fields: readonly string[];
  readonly name?: string;
  readonly unique?: boolean;
}

/** A named table constraint: UNIQUE over fields, or a CHECK written in SQL over column names. */
export type ConstraintDefinition =
  | { readonly kind: 'unique'; readonly name: string; readonly fields: readonly string[] }
  | { readonly kind: 'check'; readonly name: string; readonly check: string };

/** What a model may declare in `static meta`. */
export interface ModelMetaConfig {
  /** Defaults to the pluralized snake_case class name: `BlogPost` -> `blog_posts`. */
  readonly tableName?: string;
  /** Default ordering, e.g. `['-joined', 'name']`. */
  readonly ordering?: readonly string[];
  readonly uniqueTogether?: readonly (readonly string[])[];
  readonly indexes?: readonly IndexDefinition[];
  /** Named UNIQUE and CHECK constraints, created with the table and tracked by migrations. */
  readonly constraints?: readonly ConstraintDefinition[];
  /** An abstract model has no table; its fields are copied into subclasses. */
  readonly abstract?: boolean;
  /** Field(s) `latest()` / `earliest()` order by without arguments: `'published'` or `['-priority', 'published']`. */
  readonly getLatestBy?: string | readonly string[];
  /** Name used in messages; defaults to the class name. */
  readonly verboseName?: string;
  /**
   * `false` for a table Wren does not own (e.g. from `wren inspectdb`): migrations never create,
   * alter or drop it. Defaults to true.
   */
  readonly managed?: boolean;
}

/** What a `static meta` decides, taken by `ModelOptions.adoptMeta()`. */
const ADOPTED_OPTIONS = ['tableName', 'ordering', 'uniqueTogether', 'indexes', 'getLatestBy', 'managed', 'declaredMeta'] as const;
type AdoptedOption = (typeof ADOPTED_OPTIONS)[number];

/** The shape of a model class as the options builder needs it (avoids an import cycle). */
export interface ModelClassLike {
  readonly name: string;
  readonly fields?: Readonly<Record<string, Field<unknown, object>>>;
  readonly meta?: ModelMetaConfig;
}

/**
 * Resolved metadata of one model class, built once on first use: bound fields (inherited from
 * abstract parents, implicit `id` added), table name, ordering. Django calls this `_meta`.
 */
export class ModelOptions {
  readonly name: string;
  readonly tableName: string;
  readonly abstract: boolean;
  readonly ordering: readonly string[];
  readonly uniqueTogether: readonly (readonly string[])[];
  readonly indexes: readonly IndexDefinition[];
  readonly getLatestBy: string | readonly string[] | undefined;
  /** False when the table is not created, altered or dropped by migrations (`meta.managed: false`). */
  readonly managed: boolean;
  /** The model's own `static meta` object these options were built from (undefined if none). */
  readonly declaredMeta: ModelMetaConfig | undefined;
  /** All concrete fields (those with a column), primary key first when it is implicit. */
  readonly fields: readonly Field[];
  /** The fields that fill their value on save (`autoNow` timestamps): a write asks only these. */
  readonly fillingOnSave: readonly Field[];
  /** The columns an INSERT writes when the database makes the primary key: all but an auto key. */
  readonly fieldsButAutoKey: readonly Field[];
  /** Many-to-many fields: no column of their own; join rows link the two sides. */
  readonly manyToMany: readonly ManyToManyField[];
  /** The forward relations with a column (`ForeignKey`, `OneToOneField`): a save checks their cached instances. */
  readonly foreignKeys: readonly ForeignKey[];
  readonly pk: Field;
  private readonly byName: ReadonlyMap<string, Field>;
  /** Relations declared on other models that point here (`Author.books`), filled in by `models/relations.ts`. */
  readonly reverse = new Map<string, ReverseRelation>();
  /** Accessor names two relations claim (or that hide a field), with the message using them raises. */
  readonly reverseClashes = new Map<string, string>();
  /** Set by `models/relations.ts`: resolves relations declared before their targets existed. */
  static resolveRelations: () => void = () => undefined;

  constructor(model: ModelClassLike, parents: readonly ModelClassLike[]) {
    this.declaredMeta = declaredMeta(model);
    const meta = ownMeta(model, parents);
    this.name = model.name;
    this.abstract = meta.abstract === true;
    this.tableName = meta.tableName ?? defaultTableName(model.name);
    this.ordering = meta.ordering ?? [];
    this.uniqueTogether = meta.uniqueTogether ?? [];
    this.indexes = meta.indexes ?? [];
    this.getLatestBy = meta.getLatestBy;
    this.managed = meta.managed !== false;
    const all = collectFields(model, parents, { name: this.name, tableName: this.tableName });
    const fields = all.filter((field) => !isManyToMany(field));
    this.fields = fields;
    this.fillingOnSave = fields.filter((field) => field.fillsOnSave);
    this.fieldsButAutoKey = fields.filter((field) => !field.isAuto);
    this.manyToMany = all.filter(isManyToMany);
    this.foreignKeys = fields.filter(isForeignKey);
    // Relations answer to their attribute too: `authorId` names the key column of `author`.
    this.byName = new Map([...all.map((field) => [field.attname, field] as const), ...all.map((field) => [field.name, field] as const)]);
    this.pk = fields.find((field) => field.primaryKey)!;
    this.checkNames();
  }

  /**
   * Takes the options a `static meta` sets from `fresh`, options built for the same class once its
   * meta was assigned (a meta declared below the managers, which built these first). Fields and
   * relations stay as built; they are renamed to the new table. The list mirrors the constructor.
   */
  adoptMeta(fresh: ModelOptions): void {
    const self = this as { -readonly [K in AdoptedOption]: ModelOptions[K] };
    for (const key of ADOPTED_OPTIONS) (self[key] as unknown) = fresh[key];
    const owner = { name: this.name, tableName: this.tableName };
    for (const field of [...this.fields, ...this.manyToMany]) field.owner = owner;
  }

  /** The field with this attribute name (`pk` is the primary key), or a `FieldError` listing choices. */
  field(name: string): Field {
    const field = name === 'pk' ? this.pk : this.byName.get(name);
    if (!field) throw new FieldError(`Cannot resolve keyword '${name}' into field.${choicesHint(name, this.fieldNames())}`);
    return field;
  }

  maybeField(name: string): Field | undefined {
    return name === 'pk' ? this.pk : this.byName.get(name);
  }

  fieldNames(): string[] {
    return [...this.fields, ...this.manyToMany].map((field) => field.name);
  }

  /** The reverse relation with this accessor name (`books` on Author), if any. */
  reverseRelation(name: string): ReverseRelation | undefined {
    ModelOptions.resolveRelations();
    const clash = this.reverseClashes.get(name);
    if (clash) throw new ImproperlyConfigured(clash);
    return this.reverse.get(name);
  }

  /** Every name a lookup path may use here: fields, many-to-many fields and reverse relations. */
  pathNames(): string[] {
    ModelOptions.resolveRelations();
    return [...this.fieldNames(), ...this.reverse.keys()];
  }

  private checkNames(): void {
    // Wren's SQL goes through a `?`-placeholder parser: a `?` inside a quoted name would take a value's place.
    for (const name of [this.tableName, ...this.fields.map((field) => field.column)]) {
      if (name.includes('?')) throw new ImproperlyConfigured(`${this.name}: the table or column name '${name}' contains '?', which Wren cannot quote safely; rename it (tableName / dbColumn)`);
    }
    const mentioned = [...this.ordering.map((o) => o.replace(/^-/, '')).filter((o) => o !== '?'), ...this.uniqueTogether.flat(), ...this.indexes.flatMap((i) => i.fields)];
    for (const name of mentioned) this.field(name);
  }
}

/** The class's own `static meta` (an inherited one is the parent's, not this model's). */
export function declaredMeta(model: ModelClassLike): ModelMetaConfig | undefined {
  return Object.prototype.hasOwnProperty.call(model, 'meta') ? model.meta : undefined;
}

function ownMeta(model: ModelClassLike, parents: readonly ModelClassLike[]): ModelMetaConfig {
  const own = declaredMeta(model) ?? {};
  // Like Django, a child inherits an abstract parent's ordering but is never abstract itself.
  const inherited = parents.find((parent) => parent.meta?.ordering)?.meta?.ordering;
  return { ordering: inherited, ...own, abstract: own.abstract === true };
}

function collectFields(model: ModelClassLike, parents: readonly ModelClassLike[], owner: { name: string; tableName: string }): Field[] {
  const declared: Record<string, Field> = {};
  // Field<unknown, object> (any options literal) widens to Field for the runtime code below.
  for (const parent of [...parents].reverse()) Object.assign(declared, parent.fields);
  Object.assign(declared, model.fields);
  if (Object.keys(declared).length === 0 && !model.fields) {
    throw new ImproperlyConfigured(`${owner.name} declares no fields: add static fields = { ... }`);
  }
  const fields = Object.entries(declared).map(([name, field]) => {
    const bound = field.owner ? field.clone() : field;
    bound.attach(name, owner);
    return bound;
  });
  const pks = fields.filter((field) => field.primaryKey);
  if (pks.length > 1) throw new ImproperlyConfigured(`${owner.name} has more than one primary key: ${pks.map((f) => f.name).join(', ')}`);
  if (pks.length === 0) {
    if (declared.id) throw new ImproperlyConfigured(`${owner.name}.id is not a primary key; name it otherwise or add primaryKey: true`);
    const id = new AutoField();
    id.attach('id', owner);
    fields.unshift(id);
  }
  return fields;
}
