import type { IndexDefinition } from '../../models/options.js';
import { NodeNotFoundError } from '../errors.js';
import type { ConstraintDefinition } from '../state/model-state.js';
import type { ProjectState } from '../state/project-state.js';
import { lowerSnake, ModelOperation, type SchemaContext } from './base.js';

const sameIndex = (a: IndexDefinition, b: IndexDefinition): boolean =>
  a.name === b.name && (a.unique === true) === (b.unique === true) && a.fields.join(',') === b.fields.join(',');

/** Creates an index from `meta.indexes`. */
export class AddIndex extends ModelOperation {
  readonly className = 'AddIndex';
  readonly model: string;
  readonly index: IndexDefinition;

  constructor(args: { model: string; index: IndexDefinition }) {
    super();
    this.model = args.model;
    this.index = args.index;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    const model = state.model(app, this.model);
    return state.withModel(model.with({ options: { indexes: [...(model.options.indexes ?? []), this.index] } }));
  }

  async databaseForwards({ app, editor, to }: SchemaContext): Promise<void> {
    await editor.addIndex(to.model(app, this.model), this.index);
  }

  async databaseBackwards({ app, editor, from }: SchemaContext): Promise<void> {
    await editor.removeIndex(from.model(app, this.model), this.index);
  }

  describe(): string {
    return `Create ${this.index.unique ? 'unique ' : ''}index${this.index.name ? ` ${this.index.name}` : ''} on ${this.index.fields.join(', ')} of ${this.model}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, index: this.index };
  }

  override nameFragment(): string {
    return `${lowerSnake(this.model)}_${this.index.name ?? this.index.fields.map(lowerSnake).join('_')}`;
  }
}

/** Drops an index declared in `meta.indexes`. */
export class RemoveIndex extends ModelOperation {
  readonly className = 'RemoveIndex';
  readonly model: string;
  readonly index: IndexDefinition;

  constructor(args: { model: string; index: IndexDefinition }) {
    super();
    this.model = args.model;
    this.index = args.index;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    const model = state.model(app, this.model);
    const indexes = model.options.indexes ?? [];
    if (!indexes.some((i) => sameIndex(i, this.index))) throw new NodeNotFoundError(`${this.model} has no index on ${this.index.fields.join(', ')} in the migration state`);
    return state.withModel(model.with({ options: { indexes: indexes.filter((i) => !sameIndex(i, this.index)) } }));
  }

  async databaseForwards({ app, editor, from }: SchemaContext): Promise<void> {
    await editor.removeIndex(from.model(app, this.model), this.index);
  }

  async databaseBackwards({ app, editor, to }: SchemaContext): Promise<void> {
    await editor.addIndex(to.model(app, this.model), this.index);
  }

  describe(): string {
    return `Remove index${this.index.name ? ` ${this.index.name}` : ''} on ${this.index.fields.join(', ')} from ${this.model}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, index: this.index };
  }

  override nameFragment(): string {
    return `remove_${lowerSnake(this.model)}_${this.index.name ?? this.index.fields.map(lowerSnake).join('_')}`;
  }
}

/** Adds a named unique or CHECK constraint. */
export class AddConstraint extends ModelOperation {
  readonly className = 'AddConstraint';
  readonly model: string;
  readonly constraint: ConstraintDefinition;

  constructor(args: { model: string; constraint: ConstraintDefinition }) {
    super();
    this.model = args.model;
    this.constraint = args.constraint;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    const model = state.model(app, this.model);
    return state.withModel(model.with({ options: { constraints: [...(model.options.constraints ?? []), this.constraint] } }));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.addConstraint(from.model(app, this.model), to.model(app, this.model), this.constraint);
  }

  async databaseBackwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.removeConstraint(from.model(app, this.model), to.model(app, this.model), this.constraint);
  }

  describe(): string {
    return `Create constraint ${this.constraint.name} on model ${this.model}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, constraint: this.constraint };
  }

  override nameFragment(): string {
    return lowerSnake(this.constraint.name);
  }
}

/** Drops a named constraint. */
export class RemoveConstraint extends ModelOperation {
  readonly className = 'RemoveConstraint';
  readonly model: string;
  readonly name: string;

  constructor(args: { model: string; name: string }) {
    super();
    this.model = args.model;
    this.name = args.name;
  }

  private find(app: string, state: ProjectState): ConstraintDefinition {
    const model = state.model(app, this.model);
    const found = (model.options.constraints ?? []).find((c) => c.name === this.name);
    if (!found) {
      const known = (model.options.constraints ?? []).map((c) => c.name).join(', ') || '(none)';
      throw new NodeNotFoundError(`${this.model} has no constraint '${this.name}' in the migration state. Constraints: ${known}`);
    }
    return found;
  }

  stateForwards(app: string, state: ProjectState): ProjectState {
    this.find(app, state);
    const model = state.model(app, this.model);
    return state.withModel(model.with({ options: { constraints: (model.options.constraints ?? []).filter((c) => c.name !== this.name) } }));
  }

  async databaseForwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.removeConstraint(from.model(app, this.model), to.model(app, this.model), this.find(app, from));
  }

  async databaseBackwards({ app, editor, from, to }: SchemaContext): Promise<void> {
    await editor.addConstraint(from.model(app, this.model), to.model(app, this.model), this.find(app, to));
  }

  describe(): string {
    return `Remove constraint ${this.name} from model ${this.model}`;
  }

  args(): Readonly<Record<string, unknown>> {
    return { model: this.model, name: this.name };
  }

  override nameFragment(): string {
    return `remove_${lowerSnake(this.name)}`;
  }
}
