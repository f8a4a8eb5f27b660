import { isManyToMany, type Field } from '../fields/index.js';
import type { IndexDefinition } from '../models/options.js';
import type { Operation } from './operations/base.js';
import { AddField, AlterField, RemoveField, RenameField } from './operations/fields.js';
import { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from './operations/indexes.js';
import { AlterModelOptions, AlterModelTable, AlterUniqueTogether, CreateModel, DeleteModel, RenameModel } from './operations/models.js';
import type { Questioner } from './questioner.js';
import { describeField, relatedName, sameField, type Literal } from './state/field-state.js';
import type { ConstraintDefinition, ModelState } from './state/model-state.js';
import type { ProjectState } from './state/project-state.js';

/** The operations one app needs, and the other apps whose models they point at. */
export interface AppChanges {
  readonly operations: Operation[];
  readonly dependsOnApps: Set<string>;
}

const json = (value: unknown): string => JSON.stringify(value);
const indexKey = (i: IndexDefinition): string => json({ fields: i.fields, name: i.name ?? null, unique: i.unique === true });
const constraintKey = (c: ConstraintDefinition): string => json(c);
const togetherKey = (names: readonly string[]): string => names.join(',');

/**
 * Django's autodetector: compares the state the migration files build with the state of the live
 * models, and lists the operations that turn one into the other, per app. Renames and one-off
 * defaults are asked of the questioner. Operations are ordered so every intermediate state is
 * valid: renames and new models first, index and constraint removals before field removals,
 * additions after, deleted models last.
 */
export class Autodetector {
  private working: ProjectState;
  private readonly changes = new Map<string, AppChanges>();

  constructor(
    from: ProjectState,
    private readonly to: ProjectState,
    private readonly questioner: Questioner,
  ) {
    this.working = from;
  }

  async detect(apps: readonly string[]): Promise<Map<string, AppChanges>> {
    for (const app of [...apps].sort()) {
      await this.renamedModels(app);
      this.createdModels(app);
      for (const model of this.to.modelsOf(app)) await this.changedModel(model);
      this.deletedModels(app);
    }
    for (const [app, change] of this.changes) if (!change.operations.length) this.changes.delete(app);
    return this.changes;
  }

  private emit(app: string, op: Operation): void {
    let change = this.changes.get(app);
    if (!change) this.changes.set(app, (change = { operations: [], dependsOnApps: new Set() }));
    change.operations.push(op);
    this.working = op.stateForwards(app, this.working);
  }

  private dependOn(app: string, field: Field): void {
    const target = relatedName(field);
    if (target === undefined) return;
    const other = [...this.to.models.values()].find((m) => m.name === target && m.app !== app);
    if (other) {
      if (!this.changes.has(app)) this.changes.set(app, { operations: [], dependsOnApps: new Set() });
      this.changes.get(app)!.dependsOnApps.add(other.app);
    }
  }

  private async renamedModels(app: string): Promise<void> {
    const removed = this.working.modelsOf(app).filter((m) => !this.to.maybeModel(app, m.name));
    for (const added of this.to.modelsOf(app).filter((m) => !this.working.maybeModel(app, m.name))) {
      for (const old of removed) {
        if (this.working.maybeModel(app, old.name) === undefined) continue;
        const similar = signature(old) === signature(added);
        if (!(await this.questioner.askRenameModel(app, old.name, added.name, similar))) continue;
        this.emit(app, new RenameModel({ oldName: old.name, newName: added.name }));
        const renamed = this.working.model(app, added.name);
        if (renamed.tableName !== added.tableName) this.emit(app, new AlterModelTable({ name: added.name, table: added.tableName }));
        break;
      }
    }
  }

  /** New models, each after the new models of this app it points at. */
  private createdModels(app: string): void {
    const pending = this.to.modelsOf(app).filter((m) => !this.working.maybeModel(app, m.name));
    const names = new Set(pending.map((m) => m.name));
    while (pending.length) {
      const ready = pending.findIndex((m) => Object.values(m.fields).every((f) => {
        const target = relatedName(f);
        return target === undefined || target === m.name || !names.has(target);
      }));
      const [model] = pending.splice(ready === -1 ? 0 : ready, 1);
      names.delete(model!.name);
      for (const field of Object.values(model!.fields)) this.dependOn(app, field);
      this.emit(app, new CreateModel({ name: model!.name, fields: model!.fields, options: model!.options }));
    }
  }

  /** Removed models, each before the removed models it points at (their tables are still referenced). */
  private deletedModels(app: string): void {
    const pending = this.working.modelsOf(app).filter((m) => !this.to.maybeModel(app, m.name));
    while (pending.length) {
      const referenced = (m: ModelState) => pending.some((other) => other !== m && Object.values(other.fields).some((f) => relatedName(f) === m.name));
      const index = pending.findIndex((m) => !referenced(m));
      const [model] = pending.splice(index === -1 ? 0 : index, 1);
      this.emit(app, new DeleteModel({ name: model!.name }));
    }
  }

  private async changedModel(target: ModelState): Promise<void> {
    const { app, name } = target;
    const current = () => this.working.model(app, name);
    if (current().tableName !== target.tableName) this.emit(app, new AlterModelTable({ name, table: target.tableName }));
    this.removedIndexesAndConstraints(current(), target);
    await this.renamedFields(current(), target);
    for (const field of current().fieldNames()) if (!(field in target.fields)) this.emit(app, new RemoveField({ model: name, name: field }));
    for (const [field, definition] of Object.entries(target.fields)) {
      if (field in current().fields) continue;
      this.dependOn(app, definition);
      const oneOffDefault = await this.oneOffDefault(target, field, definition);
      this.emit(app, new AddField({ model: name, name: field, field: definition, ...(oneOffDefault === undefined ? {} : { oneOffDefault }) }));
    }
    for (const [field, definition] of Object.entries(target.fields)) {
      const before = current().field(field);
      if (!sameField(before, definition)) {
        this.dependOn(app, definition);
        const oneOffDefault = before.null && !definition.null ? await this.oneOffDefault(target, field, definition, true) : undefined;
        this.emit(app, new AlterField({ model: name, name: field, field: definition, ...(oneOffDefault === undefined ? {} : { oneOffDefault }) }));
      }
    }
    const changedOrdering = json(current().options.ordering ?? []) !== json(target.options.ordering ?? []);
    if (changedOrdering || (current().options.managed === false) !== (target.options.managed === false)) {
      const managed = target.options.managed === false ? { managed: false } : {};
      this.emit(app, new AlterModelOptions({ name, options: { ordering: target.options.ordering ?? [], ...managed } }));
    }
    this.addedIndexesAndConstraints(current(), target);
  }

  private removedIndexesAndConstraints(model: ModelState, target: ModelState): void {
    const { app, name } = model;
    const wantedIndexes = new Set((target.options.indexes ?? []).map(indexKey));
    for (const index of model.options.indexes ?? []) if (!wantedIndexes.has(indexKey(index))) this.emit(app, new RemoveIndex({ model: name, index }));
    const wantedConstraints = new Set((target.options.constraints ?? []).map(constraintKey));
    for (const c of model.options.constraints ?? []) if (!wantedConstraints.has(constraintKey(c))) this.emit(app, new RemoveConstraint({ model: name, name: c.name }));
    const wanted = new Set((target.options.uniqueTogether ?? []).map(togetherKey));
    const before = model.options.uniqueTogether ?? [];
    const kept = before.filter((names) => wanted.has(togetherKey(names)));
    if (kept.length !== before.length) this.emit(app, new AlterUniqueTogether({ name, uniqueTogether: kept }));
  }

  private addedIndexesAndConstraints(model: ModelState, target: ModelState): void {
    const { app, name } = model;
    const together = target.options.uniqueTogether ?? [];
    if (json((model.options.uniqueTogether ?? []).map(togetherKey).sort()) !== json(together.map(togetherKey).sort())) {
      this.emit(app, new AlterUniqueTogether({ name, uniqueTogether: together }));
    }
    const haveIndexes = new Set((model.options.indexes ?? []).map(indexKey));
    for (const index of target.options.indexes ?? []) if (!haveIndexes.has(indexKey(index))) this.emit(app, new AddIndex({ model: name, index }));
    const haveConstraints = new Set((model.options.constraints ?? []).map(constraintKey));
    for (const c of target.options.constraints ?? []) if (!haveConstraints.has(constraintKey(c))) this.emit(app, new AddConstraint({ model: name, constraint: c }));
  }

  private async renamedFields(model: ModelState, target: ModelState): Promise<void> {
    const removed = model.fieldNames().filter((f) => !(f in target.fields));
    const added = Object.keys(target.fields).filter((f) => !(f in model.fields));
    const taken = new Set<string>();
    for (const newName of added) {
      for (const oldName of removed) {
        if (taken.has(oldName)) continue;
        const oldField = model.fields[oldName]!;
        const newField = target.fields[newName]!;
        const similar = sameField(oldField, newField);
        if (!(await this.questioner.askRenameField(model.app, target.name, oldName, newName, similar))) continue;
        taken.add(oldName);
        this.emit(model.app, new RenameField({ model: target.name, oldName, newName }));
        break;
      }
    }
  }

  /**
   * What existing rows get for a new NOT NULL field without a literal default: a callable
   * default (or auto timestamp) called once, else the questioner's answer. A many-to-many field
   * has no column (its join table starts empty), so there is nothing to ask, as in Django.
   */
  private async oneOffDefault(model: ModelState, name: string, field: Field, altering = false): Promise<Literal | undefined> {
    if (field.null || field.isAuto || isManyToMany(field) || describeField(field).options.default !== undefined) return undefined;
    if (field.hasDefault()) {
      const value = field.options.default !== undefined ? field.getDefault() : field.preSave(undefined, true);
      const literal = value instanceof Date ? value.toISOString() : value;
      if (literal === null || ['string', 'number', 'boolean'].includes(typeof literal)) return literal as Literal;
    }
    return this.questioner.askNotNullDefault(model.app, model.name, name, altering);
  }
}

/** A model's fields and options without its name: equal signatures suggest a rename. */
function signature(model: ModelState): string {
  const fields = Object.entries(model.fields).map(([name, field]) => [name, describeField(field)]);
  const { tableName: _table, ...options } = model.options;
  return json({ fields, options });
}
