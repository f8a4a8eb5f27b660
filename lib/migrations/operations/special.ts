import type { Database } from '../../connection/index.js';
import { IrreversibleError } from '../errors.js';
import type { MigrationSchemaEditor } from '../schema/editor.js';
import type { HistoricalApps, ProjectState } from '../state/project-state.js';
import { Operation, type SchemaContext } from './base.js';

type Statements = string | readonly string[];

const list = (sql: Statements | undefined): readonly string[] => (sql === undefined ? [] : typeof sql === 'string' ? [sql] : sql);

/** Runs SQL written by hand; `reverseSql` makes it reversible (`[]` reverses as a no-op). */
export class RunSQL extends Operation {
  readonly className = 'RunSQL';
  readonly sql: readonly string[];
  readonly reverseSql: readonly string[] | undefined;
  override readonly reversible: boolean;

  constructor(args: { sql: Statements; reverseSql?: Statements }) {
    super();
    this.sql = list(args.sql);
    this.reverseSql = args.reverseSql === undefined ? undefined : list(args.reverseSql);
    this.reversible = this.reverseSql !== undefined;
  }

  stateForwards(_app: string, state: ProjectState): ProjectState {
    return state;
  }

  async databaseForwards({ editor }: SchemaContext): Promise<void> {
    await editor.execute(this.sql);
  }

  async databaseBackwards({ editor }: SchemaContext): Promise<void> {
    if (!this.reverseSql) throw new IrreversibleError(`RunSQL (${this.sql[0]?.slice(0, 60) ?? ''}...) has no reverseSql, so it cannot be unapplied`);
    await editor.execute(this.reverseSql);
  }

  describe(): string {
    return 'Raw SQL operation';
  }

  args(): Readonly<Record<string, unknown>> {
    return { sql: this.sql, ...(this.reverseSql ? { reverseSql: this.reverseSql } : {}) };
  }
}

/** What a data migration's function receives. */
export interface RunCodeContext {
  /** Historical models: `apps.get('shop', 'Author').objects.filter(...)`. */
  readonly apps: HistoricalApps;
  readonly db: Database;
  readonly schemaEditor: MigrationSchemaEditor;
}

export type RunCodeFunction = (context: RunCodeContext) => Promise<void> | void;

/**
 * A data migration: TypeScript run with the historical models of that point in the history
 * (Django's RunPython). Without `reverseCode` it cannot be unapplied; `RunCode.noop` reverses as nothing.
 *
 * @example new migrations.RunCode({ code: async ({ apps }) => { await apps.get('shop', 'Author').objects.update({ active: true }); }, reverseCode: migrations.RunCode.noop })
 */
export class RunCode extends Operation {
  readonly className = 'RunCode';
  readonly code: RunCodeFunction;
  readonly reverseCode: RunCodeFunction | undefined;
  override readonly reversible: boolean;

  static noop: RunCodeFunction = () => undefined;

  constructor(args: { code: RunCodeFunction; reverseCode?: RunCodeFunction }) {
    super();
    this.code = args.code;
    this.reverseCode = args.reverseCode;
    this.reversible = args.reverseCode !== undefined;
  }

  stateForwards(_app: string, state: ProjectState): ProjectState {
    return state;
  }

  async databaseForwards({ editor, from, db }: SchemaContext): Promise<void> {
    if (editor.collecting) return editor.execute(['-- RunCode: TypeScript data migration (no SQL to show)']);
    await this.code({ apps: from.apps(), db, schemaEditor: editor });
  }

  async databaseBackwards({ editor, to, db }: SchemaContext): Promise<void> {
    if (!this.reverseCode) throw new IrreversibleError('RunCode has no reverseCode, so it cannot be unapplied');
    if (editor.collecting) return editor.execute(['-- RunCode: TypeScript data migration (no SQL to show)']);
    await this.reverseCode({ apps: to.apps(), db, schemaEditor: editor });
  }

  describe(): string {
    return 'Raw TypeScript operation';
  }

  args(): Readonly<Record<string, unknown>> {
    return { code: this.code };
  }
}
