import type { Database } from '../../connection/index.js';
import type { MigrationSchemaEditor } from '../schema/editor.js';
import type { ProjectState } from '../state/project-state.js';

/**
 * What an operation works with: the schema editor, and the project state before (`from`) and
 * after (`to`) it runs in the current direction. Backwards, `from` is the newer state.
 */
export interface SchemaContext {
  readonly app: string;
  readonly editor: MigrationSchemaEditor;
  readonly from: ProjectState;
  readonly to: ProjectState;
  readonly db: Database;
}

/**
 * One step of a migration, with Django's four verbs: how it changes the project state, what it
 * does to the database going forwards and backwards, and how it reads in a plan.
 */
export abstract class Operation {
  /** The class's export name under `migrations.`, as the writer prints it. */
  abstract readonly className: string;
  /** False when backwards cannot run (RunSQL without reverse SQL, RunCode without reverse code). */
  readonly reversible: boolean = true;

  abstract stateForwards(app: string, state: ProjectState): ProjectState;
  abstract databaseForwards(context: SchemaContext): Promise<void>;
  abstract databaseBackwards(context: SchemaContext): Promise<void>;
  /** One line for plans and progress: "Add field age to Author". */
  abstract describe(): string;
  /** The constructor argument, as the writer prints it. */
  abstract args(): Readonly<Record<string, unknown>>;

  /** Why running it forwards loses data (dropped column or table, narrowed type); undefined if it does not. */
  dataLoss(_app: string, _state: ProjectState): string | undefined {
    return undefined;
  }

  /** A short name part for auto-named migrations: `add_author_age`. */
  nameFragment(): string {
    return this.className.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  }

  /** Whether the operation mentions this model (used to order operations by dependency). */
  referencesModel(_name: string): boolean {
    return false;
  }

  /** The model whose table it changes, which routers' `allowMigrate` is asked about; undefined for RunSQL and RunCode. */
  migratedModel(): string | undefined {
    return undefined;
  }
}

/** An operation on one model's table (its fields, indexes or constraints). */
export abstract class ModelOperation extends Operation {
  abstract readonly model: string;

  override referencesModel(name: string): boolean {
    return name === this.model;
  }

  override migratedModel(): string {
    return this.model;
  }
}

export function lowerSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Duck-typed, so operations from a second copy of the module (CommonJS next to ESM) still count. */
export function isOperation(value: unknown): value is Operation {
  const op = value as Operation | null;
  return typeof op === 'object' && op !== null && typeof op.stateForwards === 'function' && typeof op.databaseForwards === 'function' && typeof op.className === 'string';
}
