import type { Database } from '../connection/index.js';
import { inAtomicBlock } from '../connection/atomic.js';
import type { RowLock } from '../dialects/index.js';
import { FieldError, TransactionManagementError, WrenTypeError } from '../errors.js';
import { argumentError, checkOptions, requireArray, requireString } from '../util/arguments.js';
import type { SqlCompiler } from './compiler/sql-compiler.js';
import { flatten } from './select-related.js';
import type { QueryState } from './state.js';

/** The options of `selectForUpdate()`, as Django's `select_for_update()` has them. */
export interface SelectForUpdateOptions {
  /** Fail at once (an `OperationalError`) instead of waiting for a row another transaction locked. */
  readonly nowait?: boolean;
  /** Leave out the rows another transaction locked (a job queue's workers each take different rows). */
  readonly skipLocked?: boolean;
  /** Lock only these tables' rows: `'self'` for the queried model, or paths given to `selectRelated()`. */
  readonly of?: readonly string[];
  /** PostgreSQL's `FOR NO KEY UPDATE`: a weaker lock that lets other transactions insert rows referring to these. */
  readonly noKey?: boolean;
}

const OPTIONS = ['nowait', 'skipLocked', 'of', 'noKey'] as const;

/** The lock `selectForUpdate(options)` asks for, with every option checked. */
export function rowLockFrom(options: SelectForUpdateOptions | undefined): RowLock {
  checkOptions(options, 'selectForUpdate() options', OPTIONS);
  const given = (options ?? {}) as Record<string, unknown>;
  const flag = (name: string): boolean => {
    const value = given[name] ?? false;
    if (typeof value !== 'boolean') throw argumentError(`selectForUpdate(): ${name}`, 'true or false', value);
    return value;
  };
  const lock = {
    nowait: flag('nowait'),
    skipLocked: flag('skipLocked'),
    noKey: flag('noKey'),
    of: Object.freeze((given.of === undefined ? [] : requireArray(given.of, 'selectForUpdate(): of')).map((path, i) => requireString(path, `selectForUpdate(): of[${i}]`))),
  };
  if (lock.nowait && lock.skipLocked) throw new WrenTypeError('selectForUpdate(): nowait and skipLocked cannot be used together');
  return Object.freeze(lock);
}

/**
 * A locking read outside a transaction would release its locks as soon as it returned, so, as
 * Django does, it is refused; on every dialect, so code tested on SQLite fails there too.
 */
export function requireTransactionForLock(state: QueryState, db: Database): void {
  if (state.lock && !inAtomicBlock(db.alias)) {
    throw new TransactionManagementError(`selectForUpdate() cannot be used outside of a transaction: run the query inside atomic(${db.alias === 'default' ? '' : `..., { using: '${db.alias}' }`})`);
  }
}

/**
 * What a locked query needs before its SQL is compiled: a transaction, and the server's version
 * (MariaDB's options depend on it). Nothing for a query without a lock.
 */
export async function prepareLockedQuery(state: QueryState, db: Database): Promise<void> {
  if (!state.lock) return;
  requireTransactionForLock(state, db);
  await db.ready();
}

/** The `FOR UPDATE ...` clause of a locked query, `of` paths resolved to the tables they read. */
export function rowLockClause(state: QueryState, compiler: SqlCompiler): string {
  const lock = state.lock!;
  const tables = lock.of.map((path) => compiler.quote(lockedTable(state, path)));
  return compiler.dialect.rowLockSql(lock, tables);
}

/** The table (or join alias) whose rows `path` locks: the model's own for 'self', else a selectRelated() join. */
function lockedTable(state: QueryState, path: string): string {
  if (path === 'self') return state.meta.tableName;
  const followed = flatten(state.selectRelated);
  const node = followed.find((candidate) => candidate.path === path);
  if (node) return node.alias;
  const choices = ['self', ...followed.map((candidate) => candidate.path)].join(', ');
  throw new FieldError(`Invalid field name given in selectForUpdate({ of }): '${path}'. Only 'self' and relations followed with selectRelated() are allowed. Choices are: ${choices}`);
}
