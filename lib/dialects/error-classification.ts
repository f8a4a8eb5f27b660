/**
 * What kind of failure a driver, knex or pool error is, after PEP 249: the execution layer turns
 * each category into one of Wren's error classes (`integrity` -> `IntegrityError`, ...). Each
 * dialect classifies its driver's errors; the errors knex, tarn and the network raise are the
 * same everywhere and classified here.
 */
export type ErrorCategory = 'integrity' | 'data' | 'operational' | 'programming' | 'other';

export interface ErrorClassification {
  readonly category: ErrorCategory;
  /** The driver's code: a SQLSTATE on PostgreSQL, `ER_DUP_ENTRY` on MySQL, `SQLITE_BUSY`, `ECONNREFUSED`. */
  readonly code?: string | undefined;
  /** The SQLSTATE, where the database reports one. */
  readonly sqlState?: string | undefined;
  /** MySQL/MariaDB's numeric error code. */
  readonly errno?: number | undefined;
  /** The transaction lost to another one and may succeed when run again (see `DatabaseError.retryable`). */
  readonly retryable?: boolean;
}

/** The fields drivers put on their errors; each is checked before use. */
export interface DriverErrorFields {
  readonly message: string;
  readonly name: string;
  readonly code: string | undefined;
  readonly errno: number | undefined;
  readonly sqlState: string | undefined;
}

export function driverErrorFields(error: unknown): DriverErrorFields {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return {
    message: typeof record.message === 'string' ? record.message : String(error),
    name: typeof record.name === 'string' ? record.name : '',
    code: typeof record.code === 'string' ? record.code : undefined,
    errno: typeof record.errno === 'number' ? record.errno : undefined,
    sqlState: typeof record.sqlState === 'string' ? record.sqlState : undefined,
  };
}

/** Socket and driver codes that mean the connection could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL', 'ENOENT',
  // mysql2's own codes for a connection the server closed or stopped answering on.
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
]);

/** Messages without a code that knex, pg and mysql2 use for a dead or closed connection. */
const CONNECTION_LOST = [
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Connection ended unexpectedly/i,
  /Client was closed and is not queryable/i,
  /connection is in closed state/i,
  /Connection lost/i,
  /Unable to acquire a connection/i,
];

/** knex refusing a query before sending it: the SQL and its values do not fit together. */
const KNEX_BINDING_ERRORS = [/^Undefined binding\(s\) detected/, /^Expected \d+ bindings, saw \d+/];

/**
 * Classifies what knex, the pool and the network raise, whatever the database; undefined for
 * errors that the database itself reported (the dialect classifies those).
 */
export function classifyClientError(error: unknown): ErrorClassification | undefined {
  const { message, name, code } = driverErrorFields(error);
  if (name === 'KnexTimeoutError' || message.startsWith('Knex: Timeout acquiring a connection')) {
    return { category: 'operational', code };
  }
  if (code !== undefined && NETWORK_CODES.has(code)) return { category: 'operational', code };
  if (code === undefined && KNEX_BINDING_ERRORS.some((pattern) => pattern.test(message))) return { category: 'programming' };
  if (code === undefined && CONNECTION_LOST.some((pattern) => pattern.test(message))) return { category: 'operational' };
  return undefined;
}

/** The category for a SQLSTATE by its two-letter class (PostgreSQL's and MySQL's classes agree). */
export function categoryOfSqlState(sqlState: string | undefined, classes: Readonly<Record<string, ErrorCategory>>): ErrorCategory {
  if (sqlState === undefined) return 'other';
  return classes[sqlState] ?? classes[sqlState.slice(0, 2)] ?? 'other';
}
