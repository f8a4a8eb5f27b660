import type { Field } from '../../fields/index.js';
import type { AnyField } from '../../models/types.js';
import { defaultTableName } from '../../util/naming.js';
import { relatedName } from '../state/field-state.js';
import { isManaged, ModelState, type ModelStateOptions } from '../state/model-state.js';
import type { ProjectState } from '../state/project-state.js';
import { lowerSnake, Operation, type SchemaContext } from './base.js';

/** Creates a model's table with its columns, constraints and indexes. */
export class CreateModel extends Operation {
  readonly className = 'CreateModel';
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
  readonly options: ModelStateOptions;

  constructor(args: { name: string; fields: Readonly<Record<string, AnyField>>; options?: Partial<ModelStateOptions> }) {
    super();
    this.name = args.name;
    this.fields = args.fields as Readonly<Record<string, Field>>;
    this.options = { ...args.options, tableName: args.options?.tableName ?? defaultTableName(args.name) };
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    return state.withModel(new ModelState(app, this.name, this.fields, this.options));
  }

  async databaseForwards({ app, editor, to }: SchemaContext): Promise<void> {
    await editor.createTable(to.model(app, this.name));
  }

  async databaseBackwards({ app, editor, from }: SchemaContext): Promise<void> {
    await editor.dropTable(from.model(app, this.name));
  }

  describe(): string {
    return `Create model ${this.name}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { name: this.name, fields: this.fields, options: this.options };
  }

  override nameFragment(): string {
    return lowerSnake(this.name);
  }

  override migratedModel(): string {
    return this.name;
  }

  override referencesModel(name: string): boolean {
    return name === this.name || Object.values(this.fields).some((f) => relatedName(f) === name);
  }
}

/** Drops a model's table (its rows are lost). */
export class DeleteModel extends Operation {
  readonly className = 'DeleteModel';
  readonly name: string;

  constructor(args: { name: string }) {
    super();
    this.name = args.name;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    return state.withoutModel(app, this.name);
  }

  async databaseForwards({ app, editor, from }: SchemaContext): Promise<void> {
    await editor.dropTable(from.model(app, this.name));
  }

  async databaseBackwards({ app, editor, to }: SchemaContext): Promise<void> {
    await editor.createTable(to.model(app, this.name));
  }

  describe(): string {
    return `Delete model ${this.name}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { name: this.name };
  }

  override dataLoss(app: string, state: ProjectState): string | undefined {
    const model = state.model(app, this.name);
    return isManaged(model) ? `drops table ${model.tableName} and all its rows` : undefined;
  }

  override nameFragment(): string {
    return `delete_${lowerSnake(this.name)}`;
  }

  override migratedModel(): string {
    return this.name;
  }

  override referencesModel(name: string): boolean {
    return name === this.name;
  }
}

/** Renames a model; its table follows when the table name was the default one. */
export class RenameModel extends Operation {
  readonly className = 'RenameModel';
  readonly oldName: string;
  readonly newName: string;

  constructor(args: { oldName: string; newName: string }) {
    super();
    this.oldName = args.oldName;
    this.newName = args.newName;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    return renameModelState(app, state, this.oldName, this.newName);
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    if (!isManaged(to.model(app, this.newName))) return;
    await editor.renameTable(from.model(app, this.oldName).tableName, to.model(app, this.newName).tableName);
    await editor.renameJoinTables(joinTablePairs(from, to, app, { [this.oldName]: this.newName }));
  }

  async databaseBackwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    if (!isManaged(to.model(app, this.oldName))) return;
    await editor.renameTable(from.model(app, this.newName).tableName, to.model(app, this.oldName).tableName);
    await editor.renameJoinTables(joinTablePairs(from, to, app, { [this.newName]: this.oldName }));
  }

  describe(): string {
    return `Rename model ${this.oldName} to ${this.newName}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { oldName: this.oldName, newName: this.newName };
  }

  override nameFragment(): string {
    return `rename_${lowerSnake(this.oldName)}_${lowerSnake(this.newName)}`;
  }

  override migratedModel(): string {
    return this.oldName;
  }

  override referencesModel(name: string): boolean {
    return name === this.oldName || name === this.newName;
  }
}

/**
 * Each automatic join table as it is before and after a rename, where its name or columns
 * differ. `renamed` maps old model names to new ones within `app`.
 */
function joinTablePairs(from: ProjectState, to: ProjectState, app: string, renamed: Readonly<Record<string, string>>): [ModelState, ModelState][] {
  const back = Object.fromEntries(Object.entries(renamed).map(([oldName, newName]) => [newName, oldName]));
  const pairs: [ModelState, ModelState][] = [];
  for (const stored of to.models.values()) {
    const owner = to.model(stored.app, stored.name);
    const previous = from.maybeModel(owner.app, owner.app === app ? (back[owner.name] ?? owner.name) : owner.name);
    if (!previous) continue;
    for (const [name, field] of Object.entries(owner.fields)) {
      const after = owner.joinTable(field);
      const before = name in previous.fields ? previous.joinTable(previous.field(name)) : undefined;
      if (!after || !before) continue;
      const columns = (m: ModelState) => m.meta().fields.map((f) => f.column).join();
      if (before.tableName !== after.tableName || columns(before) !== columns(after)) pairs.push([before, after]);
    }
  }
  return pairs;
}

function renameModelState(app: string, state: ProjectState, oldName: string, newName: string): ProjectState {
  const model = state.model(app, oldName);
  const tableName = model.tableName === defaultTableName(oldName) ? defaultTableName(newName) : model.tableName;
  let next = state.replaceModel(app, oldName, model.with({ name: newName, options: { tableName } }));
  // Relations pointing at the old name now point at the new one.
  for (const other of next.models.values()) {
    const fields: Record<string, Field> = {};
    let changed = false;
    for (const [name, field] of Object.entries(other.fields)) {
      const to = (field as unknown as { to?: unknown }).to;
      if (to !== undefined && relatedName(field) === oldName) {
        const copy = field.clone();
        Object.defineProperty(copy, 'to', { value: newName, writable: true, configurable: true, enumerable: true });
        fields[name] = copy;
        changed = true;
      } else fields[name] = field;
    }
    if (changed) next = next.withModel(other.with({ fields }));
  }
  return next;
}

/** Renames a model's table. */
export class AlterModelTable extends Operation {
  readonly className = 'AlterModelTable';
  readonly name: string;
  readonly table: string;

  constructor(args: { name: string; table: string }) {
    super();
    this.name = args.name;
    this.table = args.table;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    return state.withModel(state.model(app, this.name).with({ options: { tableName: this.table } }));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    if (!isManaged(to.model(app, this.name))) return;
    await editor.renameTable(from.model(app, this.name).tableName, to.model(app, this.name).tableName);
    await editor.renameJoinTables(joinTablePairs(from, to, app, {}));
  }

  async databaseBackwards(context: SchemaContext): Promise<void> {
    await this.databaseForwards(context);
  }

  describe(): string {
    return `Rename table for ${this.name} to ${this.table}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { name: this.name, table: this.table };
  }

  override nameFragment(): string {
    return `alter_${lowerSnake(this.name)}_table`;
  }

  override migratedModel(): string {
    return this.name;
  }

  override referencesModel(name: string): boolean {
    return name === this.name;
  }
}

/** Changes options that live in Wren only (ordering); nothing runs on the database. */
export class AlterModelOptions extends Operation {
  readonly className = 'AlterModelOptions';
  readonly name: string;
  readonly options: { readonly ordering?: readonly string[]; readonly managed?: boolean };

  constructor(args: { name: string; options: { ordering?: readonly string[]; managed?: boolean } }) {
    super();
    this.name = args.name;
    this.options = args.options;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    const model = state.model(app, this.name);
    const { ordering: _ordering, managed: _managed, ...rest } = model.options;
    const ordering = this.options.ordering?.length ? { ordering: this.options.ordering } : {};
    return state.withModel(new ModelState(app, this.name, model.fields, { ...rest, ...ordering, ...(this.options.managed === false ? { managed: false } : {}) }));
  }

  async databaseForwards(): Promise<void> {}

  async databaseBackwards(): Promise<void> {}

  describe(): string {
    return `Change Meta options on ${this.name}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { name: this.name, options: this.options };
  }

  override nameFragment(): string {
    return `alter_${lowerSnake(this.name)}_options`;
  }

  override migratedModel(): string {
    return this.name;
  }

  override referencesModel(name: string): boolean {
    return name === this.name;
  }
}

/** Sets a model's `uniqueTogether` sets: the differing ones are dropped and added. */
export class AlterUniqueTogether extends Operation {
  readonly className = 'AlterUniqueTogether';
  readonly name: string;
  readonly uniqueTogether: readonly (readonly string[])[];

  constructor(args: { name: string; uniqueTogether: readonly (readonly string[])[] }) {
    super();
    this.name = args.name;
    this.uniqueTogether = args.uniqueTogether;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    return state.withModel(state.model(app, this.name).with({ options: { uniqueTogether: this.uniqueTogether } }));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.alterUniqueTogether(from.model(app, this.name), to.model(app, this.name));
  }

  async databaseBackwards(context: SchemaContext): Promise<void> {
    await this.databaseForwards(context);
  }

  describe(): string {
    return `Alter uniqueTogether for ${this.name} (${this.uniqueTogether.length} constraint(s))`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { name: this.name, uniqueTogether: this.uniqueTogether };
  }

  override nameFragment(): string {
    return `alter_${lowerSnake(this.name)}_unique_together`;
  }

  override migratedModel(): string {
    return this.name;
  }

  override referencesModel(name: string): boolean {
    return name === this.name;
  }
}
