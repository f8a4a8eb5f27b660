/**
 * Every error class a Wren user can catch, after Django's and PEP 249's hierarchy:
 *
 * WrenError
 * ├─ FieldError, ImproperlyConfigured, NotSupportedError, ValidationError, ...
 * ├─ WrenTypeError (also a TypeError): a public function was given a wrong argument
 * └─ DatabaseError: the database refused a statement (driver error as `cause`, SQL, code)
 *    ├─ IntegrityError: unique, not null, foreign key or check constraint
 *    ├─ DataError: a value the column cannot hold (too long, out of range)
 *    ├─ OperationalError: connection lost, server shutting down, deadlock, lock timeout
 *    └─ ProgrammingError: bad SQL, wrong number of parameters, missing table
 *
 * Driver, knex and pool errors never escape raw: the execution layer translates them once.
 */

export class WrenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** `WrenTypeError` extends `TypeError` (for callers that catch that) yet counts as a WrenError too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === WrenError && value instanceof WrenTypeError;
  }
}

/**
 * A public function was called with an argument of the wrong type or shape; the message names
 * the argument. It is a `TypeError` and, for `instanceof`, a `WrenError`.
 */
export class WrenTypeError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'WrenTypeError';
  }
}

/** A field, lookup or keyword that cannot be resolved against a model. */
export class FieldError extends WrenError {}

/** Bad configuration: unknown dialect, missing driver, a model without fields. */
export class ImproperlyConfigured extends WrenError {}

/** A feature the current dialect (or driver) cannot provide; raised before any SQL is sent. */
export class NotSupportedError extends WrenError {}

/**
 * Per-field validation messages, shaped like Django's `ValidationError.message_dict`. `model`
 * names the model when the error comes from a write (`Book.pages: ...`).
 */
export class ValidationError extends WrenError {
  readonly errors: Readonly<Record<string, string[]>>;
  readonly model: string | undefined;

  constructor(errors: Record<string, string[]> | string, options: { model?: string } = {}) {
    const dict = typeof errors === 'string' ? { __all__: [errors] } : errors;
    super((options.model ? `${options.model}.` : '') + formatValidation(dict));
    this.errors = dict;
    this.model = options.model;
  }
}

function formatValidation(errors: Record<string, string[]>): string {
  return Object.entries(errors)
    .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
    .join('; ');
}

/** Base of every model's `DoesNotExist`; catch this to handle any model. */
export class ObjectDoesNotExist extends WrenError {}

/** Base of every model's `MultipleObjectsReturned`. */
export class MultipleObjectsReturned extends WrenError {}

/** What the execution layer knows about a failed statement. */
export interface DatabaseErrorDetails {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  /** The driver's (or pool's) own error. */
  readonly cause: unknown;
  /** The driver's code: `'23505'` (PostgreSQL), `'ER_DUP_ENTRY'` (MySQL), `'SQLITE_CONSTRAINT_UNIQUE'`. */
  readonly code?: string | undefined;
  /** The SQLSTATE, where the database reports one (PostgreSQL, MySQL/MariaDB). */
  readonly sqlState?: string | undefined;
  /** MySQL/MariaDB's numeric error code. */
  readonly errno?: number | undefined;
  /** Running the whole transaction again may succeed (a deadlock, a serialization failure). */
  readonly retryable?: boolean | undefined;
}

/** An error reported by the database (or the connection to it) while running a statement. */
export class DatabaseError extends WrenError {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  override readonly cause: unknown;
  readonly code: string | undefined;
  readonly sqlState: string | undefined;
  readonly errno: number | undefined;
  /**
   * True when the database gave up on the transaction because of another one (a deadlock, a
   * serialization failure, a lock wait timeout, SQLite's busy database): running the whole
   * `atomic()` block again may succeed. `retry()` reruns a block on exactly these errors.
   */
  readonly retryable: boolean;

  constructor(message: string, details: DatabaseErrorDetails) {
    super(message);
    this.sql = details.sql;
    this.bindings = details.bindings;
    this.cause = details.cause;
    this.code = details.code;
    this.sqlState = details.sqlState;
    this.errno = details.errno;
    this.retryable = details.retryable === true;
  }
}

/** A constraint violation: unique, not null, foreign key or check. */
export class IntegrityError extends DatabaseError {}

/** A value the column cannot hold: too long, out of range, invalid for its type. */
export class DataError extends DatabaseError {}

/**
 * The database could not run the statement for reasons outside the SQL: the connection was lost,
 * the server is shutting down, a deadlock or lock timeout, a serialization failure.
 */
export class OperationalError extends DatabaseError {}

/** The SQL itself is wrong: a syntax error, a missing table or column, the wrong number of parameters. */
export class ProgrammingError extends DatabaseError {}

/** Misuse of transactions, e.g. `onCommit` outside a connection. */
export class TransactionManagementError extends WrenError {}

/**
 * A relation was read before it was loaded. Wren never runs a hidden query on attribute access:
 * load it with `selectRelated()`, `prefetchRelated()` or `await instance.related(name)`.
 */
export class RelatedObjectNotLoaded extends WrenError {}

/**
 * `related()` was asked to load a relation on an instance whose fetch mode is `'raise'` (Django
 * 6.1's `FieldFetchBlocked`): select or prefetch it in the query instead.
 */
export class FieldFetchBlocked extends WrenError {}

/**
 * A delete blocked by `onDelete: 'PROTECT'`: `protectedObjects` are the rows that still point at
 * what was being deleted. Nothing was deleted (the whole delete runs in one transaction).
 */
export class ProtectedError extends WrenError {
  readonly protectedObjects: readonly object[];

  constructor(message: string, protectedObjects: readonly object[]) {
    super(message);
    this.protectedObjects = protectedObjects;
  }
}

/**
 * A delete blocked by `onDelete: 'RESTRICT'`: `restrictedObjects` point at what was being deleted
 * and are not themselves being deleted through a CASCADE. Nothing was deleted.
 */
export class RestrictedError extends WrenError {
  readonly restrictedObjects: readonly object[];

  constructor(message: string, restrictedObjects: readonly object[]) {
    super(message);
    this.restrictedObjects = restrictedObjects;
  }
}
