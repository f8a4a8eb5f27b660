import { NotSupportedError } from '../../errors.js';
import { AutoField, ForeignKey, isForeignKey, isManyToMany, type Field } from '../../fields/index.js';
import { Model } from '../../models/model.js';
import { ModelOptions, type IndexDefinition } from '../../models/options.js';
import { cacheRelation, forgetRelation, loadedRelation } from '../../query/instance-state.js';
import type { ModelClass } from '../../models/types.js';
import { choicesHint, lowerFirst, snakeCase } from '../../util/naming.js';
import { NodeNotFoundError } from '../errors.js';
import { copyField, relatedName } from './field-state.js';

/** A table constraint: a named unique constraint, or a CHECK written in SQL over column names. */
import type { ConstraintDefinition } from '../../models/options.js';
export type { ConstraintDefinition };

/** The options of a model that migrations track. */
export interface ModelStateOptions {
  readonly tableName: string;
  readonly ordering?: readonly string[];
  readonly uniqueTogether?: readonly (readonly string[])[];
  readonly indexes?: readonly IndexDefinition[];
  readonly constraints?: readonly ConstraintDefinition[];
  /** False: migrations track the model but never create, alter or drop its table. */
  readonly managed?: boolean;
}

/**
 * One model as migrations see it: plain data (fields in order, table, indexes...), built from a
 * live class or by replaying operations. Immutable: changes make a new state with `with()`.
 */
export class ModelState {
  private cachedMeta: ModelOptions | undefined;
  /** The project state relations resolve in (set by `ProjectState.model()`). */
  private project: RelationScope | undefined;

  constructor(
    readonly app: string,
    readonly name: string,
    readonly fields: Readonly<Record<string, Field>>,
    readonly options: ModelStateOptions,
  ) {}

  /** The state of a live model class (its `_meta` resolved: implicit `id` included). */
  static fromModel(app: string, model: ModelClass): ModelState {
    const meta = model._meta;
    const fields: Record<string, Field> = {};
    const manyToMany = (meta as { manyToMany?: readonly Field[] }).manyToMany ?? [];
    for (const field of [...meta.fields, ...manyToMany]) fields[field.name] = copyField(field);
    const declared = (meta.declaredMeta ?? {}) as { constraints?: readonly ConstraintDefinition[] };
    const options: ModelStateOptions = {
      tableName: meta.tableName,
      ...(meta.ordering.length ? { ordering: [...meta.ordering] } : {}),
      ...(meta.uniqueTogether.length ? { uniqueTogether: meta.uniqueTogether.map((names) => [...names]) } : {}),
      ...(meta.indexes.length ? { indexes: meta.indexes.map((index) => ({ ...index, fields: [...index.fields] })) } : {}),
      ...(declared.constraints?.length ? { constraints: declared.constraints.map((c) => ({ ...c })) } : {}),
      ...((meta as { managed?: boolean }).managed === false ? { managed: false } : {}),
    };
    return new ModelState(app, meta.name, fields, options);
  }

  /** This state with relations resolving to the historical models of `project`. */
  bindTo(project: RelationScope): ModelState {
    const bound = new ModelState(this.app, this.name, this.fields, this.options);
    bound.project = project;
    return bound;
  }

  get key(): string {
    return stateKey(this.app, this.name);
  }

  get tableName(): string {
    return this.options.tableName;
  }

  fieldNames(): string[] {
    return Object.keys(this.fields);
  }

  /** The field by name, or an error naming the model and listing its fields. */
  field(name: string): Field {
    const field = this.fields[name];
    if (!field) throw new NodeNotFoundError(`${this.app}.${this.name} has no field '${name}' in the migration state.${choicesHint(name, this.fieldNames())}`);
    return field;
  }

  with(patch: { name?: string; fields?: Readonly<Record<string, Field>>; options?: Partial<ModelStateOptions> }): ModelState {
    return new ModelState(this.app, patch.name ?? this.name, patch.fields ?? this.fields, { ...this.options, ...patch.options });
  }

  /** Resolved metadata (bound copies of the fields), what the schema editor works from. */
  meta(): ModelOptions {
    this.cachedMeta ??= new ModelOptions(
      {
        name: this.name,
        fields: Object.fromEntries(Object.entries(this.fields).map(([name, field]) => [name, this.historicalField(field)])),
        meta: {
          tableName: this.options.tableName,
          // Ordering does not reach the schema; an intermediate state may name a field added later.
          ordering: (this.options.ordering ?? []).filter((o) => o === '?' || o.replace(/^-/, '') in this.fields),
          uniqueTogether: this.options.uniqueTogether ?? [],
          indexes: this.options.indexes ?? [],
          ...(this.options.managed === false ? { managed: false } : {}),
        },
      },
      [],
    );
    return this.cachedMeta;
  }

  /**
   * A copy of the field for this state's metadata; a relation points at the historical model of
   * the same project state (its table and key as they were then), not at the live class.
   */
  private historicalField(field: Field): Field {
    const copy = copyField(field);
    const project = this.project;
    if ((field as { to?: unknown }).to === undefined || !project) return copy;
    const target = project.findModel(relatedName(field)!, this.app);
    if (target) Object.defineProperty(copy, 'to', { value: () => project.rendered(target.app, target.name), configurable: true, enumerable: true, writable: true });
    return copy;
  }

  /**
   * The automatic join tables of this model's many-to-many fields (none for a `through` model),
   * shaped as the models layer builds them: `books_tags` with `book_id`, `tag_id`, unique together.
   */
  joinTables(): ModelState[] {
    return Object.values(this.fields).flatMap((field) => {
      const join = this.joinTable(field);
      return join ? [join] : [];
    });
  }

  /** The join table of one many-to-many field, or undefined for any other field. */
  joinTable(field: Field): ModelState | undefined {
    const options = field.options as { through?: unknown; dbTable?: string };
    if (!isManyToMany(field) || options.through !== undefined || !this.project || this.options.managed === false) return undefined;
    const project = this.project;
    const target = project.findModel(relatedName(field)!, this.app);
    if (!target) throw new NodeNotFoundError(`${this.name}.${field.name} points at '${relatedName(field)}', which is not in the migration state`);
    const self = target.name === this.name && target.app === this.app;
    const from = self ? `from${this.name}` : lowerFirst(this.name);
    const to = self ? `to${target.name}` : lowerFirst(target.name);
    const name = Object.keys(this.fields).find((key) => this.fields[key] === field)!;
    const fields: Record<string, Field> = {
      id: new AutoField() as Field,
      [from]: new ForeignKey(() => project.rendered(this.app, this.name), { onDelete: 'CASCADE' }) as Field,
      [to]: new ForeignKey(() => project.rendered(target.app, target.name), { onDelete: 'CASCADE' }) as Field,
    };
    const tableName = options.dbTable ?? `${this.tableName}_${snakeCase(name)}`;
    return new ModelState(this.app, `${this.name}_${name}`, fields, { tableName, uniqueTogether: [[from, to]] });
  }

  /** The column a field of this state is stored in. */
  column(fieldName: string): string {
    return this.meta().field(fieldName).column;
  }

  /**
   * A historical model: a real Model subclass with this state's fields and table, usable with
   * `objects` in data migrations, and never registered in the global model registry.
   */
  render(): ModelClass {
    const meta = this.meta();
    if (meta.pk === undefined) throw new NotSupportedError(`${this.name} has no primary key`);
    const historical = class extends Model {
      static override get _meta(): ModelOptions {
        return meta;
      }
    };
    Object.defineProperty(historical, 'name', { value: this.name });
    Object.defineProperty(historical, 'fields', { value: this.fields });
    Object.defineProperty(historical, 'objects', { value: (historical as unknown as ModelClass & typeof Model).manager() });
    for (const field of meta.fields) if (isForeignKey(field)) defineKeyAccessor(historical.prototype, field);
    return historical as unknown as ModelClass;
  }
}

export function stateKey(app: string, name: string): string {
  return `${app}.${name}`;
}

/** Where relations of a model state find their targets (a ProjectState). */
export interface RelationScope {
  findModel(name: string, preferApp: string): ModelState | undefined;
  rendered(app: string, name: string): ModelClass;
}


/**
 * `book.author = ann` on a historical model sets `authorId`; reading gives the instance assigned
 * or loaded, else null for a null key (data migrations query related rows explicitly).
 */
function defineKeyAccessor(prototype: object, field: Field): void {
  const { name, attname } = field as Field & { attname: string };
  Object.defineProperty(prototype, name, {
    configurable: true,
    get(this: Record<string, unknown>): unknown {
      const cached = loadedRelation(this, name);
      if (cached !== undefined || this[attname] === null || this[attname] === undefined) return cached ?? null;
      throw new NotSupportedError(`${String(field)} is not loaded on this historical model: read ${attname}, or query the related model`);
    },
    set(this: Record<string, unknown>, value: unknown) {
      this[attname] = value === null || value === undefined ? null : field.toJs(value);
      if (value === null || value === undefined) forgetRelation(this, name);
      else cacheRelation(this, name, value);
    },
  });
}

/** `meta.managed: false`: the table is someone else's; migrations track the model but never touch it. */
export function isManaged(model: ModelState): boolean {
  return model.options.managed !== false;
}
