import { WrenError } from '../errors.js';

/** A migration, dependency or model named in a migration that does not exist; lists the choices. */
export class NodeNotFoundError extends WrenError {}

/** The database says a migration is applied while one it depends on is not. */
export class InconsistentHistoryError extends WrenError {}

/** A question the autodetector must ask has no answer (no terminal, no flag). */
export class QuestionerError extends WrenError {}

/** A migration file that cannot be loaded or is not shaped like one. */
export class BadMigrationError extends WrenError {}

/**
 * The history of an app forked: two or more latest migrations (leaf nodes), as when two branches
 * each added one. makemigrations and migrate refuse until a merge migration joins them.
 */
export class ConflictingMigrationsError extends WrenError {
  /** The latest migrations of each forked app: `{ shop: ['0009_a', '0009_b'] }`. */
  readonly conflicts: Readonly<Record<string, readonly string[]>>;

  constructor(conflicts: Readonly<Record<string, readonly string[]>>) {
    const apps = Object.entries(conflicts).map(([app, leaves]) => `app '${app}': ${leaves.join(', ')} are ${leaves.length === 2 ? 'both' : 'all'} latest`);
    super(
      `Conflicting migrations in ${apps.join('; in ')} (the history forked: several leaf nodes in the migration graph).\n` +
        `To fix them write a merge migration: wren makemigrations --merge (in code: makeMigrations({ apps, merge: true })).`,
    );
    this.conflicts = conflicts;
  }
}

/** An operation that cannot run in this direction (e.g. RunSQL without reverse SQL). */
export class IrreversibleError extends WrenError {}

/**
 * A migration failed while being applied (or unapplied). On databases with transactional DDL the
 * whole migration was rolled back; elsewhere (MySQL) the operations listed as completed stay applied.
 */
export class MigrationError extends WrenError {
  readonly app: string;
  readonly migration: string;
  readonly completedOperations: readonly string[];
  readonly failedOperation: string;
  readonly rolledBack: boolean;
  /** Statements of the failed operation that did run before it failed (they stay applied without rollback). */
  readonly failedOperationStatements: readonly string[];
  override readonly cause: unknown;

  constructor(details: {
    app: string;
    migration: string;
    completedOperations: readonly string[];
    failedOperation: string;
    failedOperationStatements?: readonly string[];
    rolledBack: boolean;
    backwards: boolean;
    cause: unknown;
  }) {
    const reason = details.cause instanceof Error ? details.cause.message : String(details.cause);
    const verb = details.backwards ? 'Unapplying' : 'Applying';
    const lines = [`${verb} ${details.app}.${details.migration} failed at operation: ${details.failedOperation}`, `  ${reason.split('\n').join('\n  ')}`];
    if (details.rolledBack) lines.push('  The migration was rolled back as a whole; nothing of it was applied.');
    else {
      lines.push(`  This database cannot roll back DDL, so the migration is PARTIALLY applied and not recorded.`);
      lines.push(`  Operations that ran: ${details.completedOperations.length ? '' : '(none)'}`);
      for (const op of details.completedOperations) lines.push(`    - ${op}`);
      if (details.failedOperationStatements?.length) {
        lines.push(`  Of the failed operation, these statements ran:`);
        for (const sql of details.failedOperationStatements) lines.push(`    ${sql}`);
      }
      lines.push(`  Fix the schema by hand (or the migration) before running migrate again.`);
    }
    super(lines.join('\n'));
    this.app = details.app;
    this.migration = details.migration;
    this.completedOperations = details.completedOperations;
    this.failedOperation = details.failedOperation;
    this.rolledBack = details.rolledBack;
    this.failedOperationStatements = details.failedOperationStatements ?? [];
    this.cause = details.cause;
  }
}
