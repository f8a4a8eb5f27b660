/**
 * Every error class a Wren user can catch. Driver errors never escape raw: they are wrapped in
 * `DatabaseError` / `IntegrityError` with the SQL and parameters that caused them.
 */

export class WrenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A field, lookup or keyword that cannot be resolved against a model. */
export class FieldError extends WrenError {}

/** Bad configuration: unknown dialect, missing driver, a model without fields. */
export class ImproperlyConfigured extends WrenError {}

/** A feature the current dialect (or driver) cannot provide; raised before any SQL is sent. */
export class NotSupportedError extends WrenError {}

/** Per-field validation messages, shaped like Django's `ValidationError.message_dict`. */
export class ValidationError extends WrenError {
  readonly errors: Readonly<Record<string, string[]>>;

  constructor(errors: Record<string, string[]> | string) {
    const dict = typeof errors === 'string' ? { __all__: [errors] } : errors;
    super(formatValidation(dict));
    this.errors = dict;
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

/** An error reported by the database while running a statement. */
export class DatabaseError extends WrenError {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  override readonly cause: unknown;

  constructor(message: string, details: { sql: string; bindings: readonly unknown[]; cause: unknown }) {
    super(message);
    this.sql = details.sql;
    this.bindings = details.bindings;
    this.cause = details.cause;
  }
}

/** A constraint violation: unique, not null, foreign key or check. */
export class IntegrityError extends DatabaseError {}

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
