import { BadMigrationError } from './errors.js';
import { isOperation, type Operation } from './operations/base.js';
import type { ProjectState } from './state/project-state.js';

/** What a migration file's default export holds. */
export interface MigrationDefinition {
  /** Migrations that must run first: `[['shop', '0001_initial']]`. */
  readonly dependencies?: readonly (readonly [string, string])[];
  readonly operations: readonly Operation[];
  /** The first migration of an app: `fakeInitial` may fake it when its tables exist. */
  readonly initial?: boolean;
  /** For a squashed migration: the migrations it stands for (`[['shop', '0001_initial'], ...]`). */
  readonly replaces?: readonly (readonly [string, string])[];
}

/**
 * Declares a migration; the default export of every migration file.
 *
 * @example export default migrations.migration({ dependencies: [['shop', '0001_initial']], operations: [...] });
 */
export function migration(definition: MigrationDefinition): MigrationDefinition {
  if (!definition || !Array.isArray(definition.operations)) throw new BadMigrationError('migration() needs { operations: [...] }');
  definition.operations.forEach((op, i) => {
    if (!isOperation(op)) throw new BadMigrationError(`migration(): operations[${i}] is not an operation (use new migrations.CreateModel(...) etc.)`);
  });
  return Object.freeze({ ...definition, dependencies: definition.dependencies ?? [], operations: [...definition.operations] });
}

/** A loaded migration: its app, its name (the file name without extension) and its definition. */
export class Migration {
  readonly dependencies: readonly (readonly [string, string])[];
  readonly operations: readonly Operation[];
  readonly initial: boolean;
  readonly replaces: readonly (readonly [string, string])[];

  constructor(
    readonly app: string,
    readonly name: string,
    readonly definition: MigrationDefinition,
    readonly path?: string,
  ) {
    this.dependencies = definition.dependencies ?? [];
    this.operations = definition.operations;
    this.initial = definition.initial === true;
    this.replaces = definition.replaces ?? [];
  }

  /** The same migration with other dependencies (a squash rewires what depended on what it replaces). */
  withDependencies(dependencies: readonly (readonly [string, string])[]): Migration {
    return new Migration(this.app, this.name, { ...this.definition, dependencies }, this.path);
  }

  get key(): string {
    return `${this.app}.${this.name}`;
  }

  /** The project state after this migration's operations. */
  applyState(state: ProjectState): ProjectState {
    let next = state;
    for (const op of this.operations) next = op.stateForwards(this.app, next);
    return next;
  }
}
