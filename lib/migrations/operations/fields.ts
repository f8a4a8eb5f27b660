import { isManyToMany, type Field } from '../../fields/index.js';
import type { AnyField } from '../../models/types.js';
import { relatedName, type Literal } from '../state/field-state.js';
import { isManaged, type ModelState } from '../state/model-state.js';
import type { ProjectState } from '../state/project-state.js';
import { lowerSnake, ModelOperation, type SchemaContext } from './base.js';
import { narrowing } from './narrowing.js';

function withField(model: ModelState, name: string, field: Field | undefined, rename?: string): ModelState {
  const fields: Record<string, Field> = {};
  for (const [key, value] of Object.entries(model.fields)) {
    if (key !== name) fields[key] = value;
    else if (field) fields[rename ?? key] = field;
  }
  if (field && !(name in model.fields)) fields[name] = field;
  return model.with({ fields });
}

/** Field names in meta options follow a rename. */
export function renameInOptions(model: ModelState, oldName: string, newName: string): ModelState {
  const swap = (names: readonly string[]) => names.map((n) => (n === oldName ? newName : n));
  const { ordering, uniqueTogether, indexes, constraints } = model.options;
  return model.with({
    options: {
      ...(ordering ? { ordering: ordering.map((o) => (o.replace(/^-/, '') === oldName ? o.replace(oldName, newName) : o)) } : {}),
      ...(uniqueTogether ? { uniqueTogether: uniqueTogether.map(swap) } : {}),
      ...(indexes ? { indexes: indexes.map((i) => ({ ...i, fields: swap(i.fields) })) } : {}),
      ...(constraints ? { constraints: constraints.map((c) => (c.kind === 'unique' ? { ...c, fields: swap(c.fields) } : c)) } : {}),
    },
  });
}

abstract class FieldOperation extends ModelOperation {
  readonly model: string;
  readonly name: string;

  constructor(model: string, name: string) {
    super();
    this.model = model;
    this.name = name;
  }
}

/**
 * Adds a column. `oneOffDefault` fills the rows that exist already when the field is NOT NULL
 * without a default of its own (asked by makemigrations); it does not stay on the column.
 */
export class AddField extends FieldOperation {
  readonly className = 'AddField';
  readonly field: Field;
  readonly oneOffDefault: Literal | undefined;

  constructor(args: { model: string; name: string; field: AnyField; oneOffDefault?: Literal }) {
    super(args.model, args.name);
    this.field = args.field as Field;
    this.oneOffDefault = args.oneOffDefault;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    return state.withModel(withField(state.model(app, this.model), this.name, this.field));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    const options = this.oneOffDefault === undefined ? {} : { oneOffDefault: this.oneOffDefault };
    await editor.addField(from.model(app, this.model), to.model(app, this.model), this.name, options);
  }

  async databaseBackwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.removeField(from.model(app, this.model), to.model(app, this.model), this.name);
  }

  describe(): string {
    return `Add field ${this.name} to ${this.model}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, name: this.name, field: this.field, ...(this.oneOffDefault === undefined ? {} : { oneOffDefault: this.oneOffDefault }) };
  }

  override nameFragment(): string {
    return `add_${lowerSnake(this.model)}_${lowerSnake(this.name)}`;
  }

  override referencesModel(name: string): boolean {
    return name === this.model || relatedName(this.field) === name;
  }
}

/** Drops a column (its data is lost). */
export class RemoveField extends FieldOperation {
  readonly className = 'RemoveField';

  constructor(args: { model: string; name: string }) {
    super(args.model, args.name);
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    const model = state.model(app, this.model);
    model.field(this.name);
    return state.withModel(withField(model, this.name, undefined));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.removeField(from.model(app, this.model), to.model(app, this.model), this.name);
  }

  async databaseBackwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.addField(from.model(app, this.model), to.model(app, this.model), this.name);
  }

  describe(): string {
    return `Remove field ${this.name} from ${this.model}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, name: this.name };
  }

  /** The column, or a many-to-many field's automatic join table (a `through` model's table stays). */
  override dataLoss(app: string, state: ProjectState): string | undefined {
    const model = state.model(app, this.model);
    if (!isManaged(model)) return undefined;
    const field = model.field(this.name);
    const join = model.joinTable(field);
    if (join) return `drops join table ${join.tableName} and its rows`;
    if (isManyToMany(field)) return undefined;
    return `drops column ${model.tableName}.${model.column(this.name)} and its data`;
  }

  override nameFragment(): string {
    return `remove_${lowerSnake(this.model)}_${lowerSnake(this.name)}`;
  }
}

/** Changes a field's definition: type, NULL, default, unique, index, length... */
export class AlterField extends FieldOperation {
  readonly className = 'AlterField';
  readonly field: Field;
  /** Fills NULLs when the field becomes NOT NULL without a default of its own (asked by makemigrations). */
  readonly oneOffDefault: Literal | undefined;

  constructor(args: { model: string; name: string; field: AnyField; oneOffDefault?: Literal }) {
    super(args.model, args.name);
    this.field = args.field as Field;
    this.oneOffDefault = args.oneOffDefault;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    const model = state.model(app, this.model);
    model.field(this.name);
    return state.withModel(withField(model, this.name, this.field));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    const options = this.oneOffDefault === undefined ? {} : { oneOffDefault: this.oneOffDefault };
    await editor.alterField(from.model(app, this.model), to.model(app, this.model), this.name, options);
  }

  async databaseBackwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.alterField(from.model(app, this.model), to.model(app, this.model), this.name);
  }

  describe(): string {
    return `Alter field ${this.name} on ${this.model}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, name: this.name, field: this.field, ...(this.oneOffDefault === undefined ? {} : { oneOffDefault: this.oneOffDefault }) };
  }

  /**
   * Narrowing (a shorter maxLength, fewer digits or places, a type that cannot hold every old
   * value); widening is not. Both sides are read from the migration states, so a key's old
   * target is the historical model, even when the live models no longer have it.
   */
  override dataLoss(app: string, state: ProjectState): string | undefined {
    const model = state.model(app, this.model);
    if (!isManaged(model) || isManyToMany(model.field(this.name)) || isManyToMany(this.field)) return undefined;
    const before = model.meta().field(this.name).columnSpec();
    const after = this.stateForwards(app, state).model(app, this.model).meta().field(this.name).columnSpec();
    return narrowing(before, after, `${this.model}.${this.name}`);
  }

  override nameFragment(): string {
    return `alter_${lowerSnake(this.model)}_${lowerSnake(this.name)}`;
  }

  override referencesModel(name: string): boolean {
    return name === this.model || relatedName(this.field) === name;
  }
}

/** Renames a field (and its column, unless the column is named by `dbColumn`). */
export class RenameField extends ModelOperation {
  readonly className = 'RenameField';
  readonly model: string;
  readonly oldName: string;
  readonly newName: string;

  constructor(args: { model: string; oldName: string; newName: string }) {
    super();
    this.model = args.model;
    this.oldName = args.oldName;
    this.newName = args.newName;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    const model = state.model(app, this.model);
    const renamed = withField(model, this.oldName, model.field(this.oldName), this.newName);
    return state.withModel(renameInOptions(renamed, this.oldName, this.newName));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.renameField(from.model(app, this.model), to.model(app, this.model), this.oldName, this.newName);
  }

  async databaseBackwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.renameField(from.model(app, this.model), to.model(app, this.model), this.newName, this.oldName);
  }

  describe(): string {
    return `Rename field ${this.oldName} on ${this.model} to ${this.newName}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, oldName: this.oldName, newName: this.newName };
  }

  override nameFragment(): string {
    return `rename_${lowerSnake(this.model)}_${lowerSnake(this.oldName)}_${lowerSnake(this.newName)}`;
  }
}
