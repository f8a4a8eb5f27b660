import { atomic, routeAllowMigrate, type Database } from '../connection/index.js';
import { IntegrityError } from '../errors.js';
import { InconsistentHistoryError, IrreversibleError, MigrationError } from './errors.js';
import type { MigrationGraph } from './graph.js';
import type { Migration } from './migration.js';
import type { CreateModel } from './operations/models.js';
import { MigrationRecorder } from './recorder.js';
import { MigrationSchemaEditor } from './schema/editor.js';
import { catalog } from './schema/introspection.js';
import type { ProjectState } from './state/project-state.js';

export interface PlanStep {
  readonly migration: Migration;
  readonly backwards: boolean;
}

/** A migrate target: an app's migration, or `null` for "none of the app's" (`zero`). */
export interface Target {
  readonly app: string;
  readonly name: string | null;
}

export interface MigrateProgress {
  readonly kind: 'start' | 'done' | 'faked' | 'failed';
  readonly app: string;
  readonly name: string;
  readonly backwards: boolean;
  readonly index: number;
  readonly total: number;
  readonly error?: Error;
}

export interface ExecuteOptions {
  readonly fake?: boolean;
  readonly fakeInitial?: boolean;
  readonly onProgress?: (event: MigrateProgress) => void;
}

/** Plans and runs migrations on one database, recording each in `wren_migrations`. */
export class MigrationExecutor {
  readonly recorder: MigrationRecorder;

  constructor(
    readonly db: Database,
    readonly graph: MigrationGraph,
  ) {
    this.recorder = new MigrationRecorder(db);
  }

  /** Django's `migration_plan`: what to apply or unapply so each target becomes the last applied. */
  plan(targets: readonly Target[], applied: ReadonlySet<string>): PlanStep[] {
    const steps: PlanStep[] = [];
    const seen = new Set<string>();
    const add = (migration: Migration, backwards: boolean) => {
      if (seen.has(migration.key)) return;
      seen.add(migration.key);
      steps.push({ migration, backwards });
    };
    for (const target of targets) {
      if (target.name === null) {
        for (const root of this.graph.roots(target.app)) {
          for (const m of this.graph.backwardsPlan(root.key)) if (applied.has(m.key)) add(m, true);
        }
        continue;
      }
      const key = `${target.app}.${target.name}`;
      const node = this.graph.node(key);
      if (applied.has(key)) {
        // Roll back what follows the target in its own app (and what depends on that).
        const children = [...this.graph.nodes.values()].filter((m) => m.app === target.app && m.dependencies.some(([a, n]) => `${a}.${n}` === key));
        for (const child of children) for (const m of this.graph.backwardsPlan(child.key)) if (applied.has(m.key)) add(m, true);
      } else {
        for (const m of this.graph.forwardsPlan(node.key)) if (!applied.has(m.key)) add(m, false);
      }
    }
    return steps;
  }

  /** Fails when an applied migration depends on one that is not applied. */
  checkConsistentHistory(applied: ReadonlySet<string>): void {
    for (const key of applied) {
      const node = this.graph.nodes.get(key);
      if (!node) continue;
      for (const [app, name] of node.dependencies) {
        if (!applied.has(`${app}.${name}`)) {
          throw new InconsistentHistoryError(`Migration ${key} is applied before its dependency ${app}.${name}`);
        }
      }
    }
  }

  /** Runs the plan step by step; each migration is recorded (or unrecorded) as it completes. */
  async run(plan: readonly PlanStep[], options: ExecuteOptions = {}): Promise<{ step: PlanStep; faked: boolean }[]> {
    // Nothing runs when a step backwards cannot: better than stopping halfway down the plan.
    for (const step of plan) if (step.backwards && !options.fake) assertReversible(step.migration);
    if (plan.length) await this.recorder.ensureTable();
    const done: { step: PlanStep; faked: boolean }[] = [];
    for (const [index, step] of plan.entries()) {
      const { app, name } = step.migration;
      const event = { app, name, backwards: step.backwards, index, total: plan.length };
      const fake = options.fake === true || (options.fakeInitial === true && !step.backwards && (await this.tablesExist(step.migration)));
      if (fake) {
        await this.record(step);
        options.onProgress?.({ ...event, kind: 'faked' });
        done.push({ step, faked: true });
        continue;
      }
      options.onProgress?.({ ...event, kind: 'start' });
      try {
        await this.runOne(step);
      } catch (error) {
        options.onProgress?.({ ...event, kind: 'failed', error: error as Error });
        throw error;
      }
      options.onProgress?.({ ...event, kind: 'done' });
      done.push({ step, faked: false });
    }
    return done;
  }

  /** The SQL a migration would run, without running it. */
  async collectSql(migration: Migration, backwards: boolean): Promise<string[]> {
    const editor = new MigrationSchemaEditor(this.db, { collect: true });
    await this.runOperations({ migration, backwards }, editor, []);
    return [...editor.collectedSql];
  }

  /** `fakeInitial`: an initial migration whose CreateModel tables all exist already. */
  private async tablesExist(migration: Migration): Promise<boolean> {
    const creates = migration.operations.filter((op): op is CreateModel => op.className === 'CreateModel');
    if (!migration.initial || !creates.length) return false;
    const tables = new Set(await catalog(this.db.dialect).tables(this.db));
    const state = migration.applyState(this.stateBefore(migration));
    return creates.every((op) => tables.has(state.model(migration.app, op.name).tableName));
  }

  /** A squashed migration is recorded together with the migrations it replaces. */
  private async record(step: PlanStep): Promise<void> {
    const { app, name, replaces } = step.migration;
    for (const [a, n] of [...replaces, [app, name] as const]) {
      if (step.backwards) await this.recorder.recordUnapplied(a, n);
      else await this.recorder.recordApplied(a, n);
    }
  }

  private async runOne(step: PlanStep): Promise<void> {
    const transactional = this.db.dialect.supportsTransactionalDdl;
    const completed: string[] = [];
    const editor = new MigrationSchemaEditor(this.db);
    if (transactional) await editor.execute(editor.ddl.beforeMigration);
    try {
      const body = async () => {
        await this.runOperations(step, editor, completed);
        editor.startLog();
        await this.checkIntegrity(editor);
        await this.record(step);
      };
      if (transactional) await atomic(body, { using: this.db.alias });
      else await body();
    } catch (error) {
      if (error instanceof MigrationError) throw error;
      const ops = step.backwards ? [...step.migration.operations].reverse() : step.migration.operations;
      const failed = ops[completed.length];
      throw new MigrationError({
        app: step.migration.app,
        migration: step.migration.name,
        completedOperations: completed,
        failedOperation: failed ? failed.describe() : 'the final checks and commit (foreign keys, wren_migrations record)',
        failedOperationStatements: transactional ? [] : [...editor.log],
        rolledBack: transactional,
        backwards: step.backwards,
        cause: error,
      });
    } finally {
      if (transactional) await editor.execute(editor.ddl.afterMigration);
    }
  }

  /** Rows a rebuild left pointing nowhere fail the migration (SQLite checks keys only when asked). */
  private async checkIntegrity(editor: MigrationSchemaEditor): Promise<void> {
    const sql = editor.ddl.integrityCheckSql;
    if (!sql) return;
    const violations = (await this.db.run({ sql, bindings: [] })).rows;
    if (violations.length) {
      const first = violations[0]!;
      throw new IntegrityError(`Foreign key check failed after the migration: ${violations.length} row(s), e.g. table ${String(first.table)} row ${String(first.rowid)} points at a missing ${String(first.parent)} row`, { sql, bindings: [], cause: undefined });
    }
  }

  private async runOperations(step: PlanStep, editor: MigrationSchemaEditor, completed: string[]): Promise<void> {
    const { migration } = step;
    const states: ProjectState[] = [this.stateBefore(migration)];
    for (const op of migration.operations) states.push(op.stateForwards(migration.app, states[states.length - 1]!));
    const indexes = [...migration.operations.keys()];
    if (step.backwards) {
      assertReversible(migration);
      indexes.reverse();
    }
    for (const i of indexes) {
      const op = migration.operations[i]!;
      // As in Django, an operation the routers keep off this database is skipped, yet the migration is recorded as applied.
      if (!routeAllowMigrate(this.db.alias, migration.app, op.migratedModel())) continue;
      const [before, after] = [states[i]!, states[i + 1]!];
      const context = { app: migration.app, editor, db: this.db, from: step.backwards ? after : before, to: step.backwards ? before : after };
      if (!editor.collecting && this.db.dialect.supportsTransactionalDdl) await editor.execute(editor.ddl.beforeOperation);
      editor.startLog();
      if (step.backwards) await op.databaseBackwards(context);
      else await op.databaseForwards(context);
      completed.push(op.describe());
    }
  }

  /** The state every dependency of the migration leaves behind. */
  private stateBefore(migration: Migration): ProjectState {
    return this.graph.state(migration.dependencies.map(([app, name]) => this.graph.node(`${app}.${name}`)));
  }
}

function assertReversible(migration: Migration): void {
  const irreversible = migration.operations.find((op) => !op.reversible);
  if (irreversible) {
    throw new IrreversibleError(`Migration ${migration.key} cannot be unapplied: its operation "${irreversible.describe()}" is not reversible (give it reverseSql / reverseCode; RunCode.noop and reverseSql: [] reverse as nothing)`);
  }
}
