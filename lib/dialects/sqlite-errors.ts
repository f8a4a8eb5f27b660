import { driverErrorFields, type ErrorCategory, type ErrorClassification } from './error-classification.js';

/**
 * SQLite result codes by category. better-sqlite3 reports extended codes
 * (`SQLITE_CONSTRAINT_UNIQUE`), the sqlite3 driver primary ones (`SQLITE_CONSTRAINT`); both
 * start with the primary code, which decides.
 */
const PRIMARY_CODE_CATEGORIES: Readonly<Record<string, ErrorCategory>> = {
  SQLITE_CONSTRAINT: 'integrity',
  SQLITE_TOOBIG: 'data',
  SQLITE_MISMATCH: 'data',
  SQLITE_BUSY: 'operational',
  SQLITE_LOCKED: 'operational',
  SQLITE_IOERR: 'operational',
  SQLITE_FULL: 'operational',
  SQLITE_CANTOPEN: 'operational',
  SQLITE_READONLY: 'operational',
  SQLITE_NOMEM: 'operational',
  SQLITE_INTERRUPT: 'operational',
  SQLITE_PROTOCOL: 'operational',
  SQLITE_CORRUPT: 'operational',
  SQLITE_NOTADB: 'operational',
  // SQLITE_ERROR is SQLite's code for bad SQL: syntax errors, no such table or column.
  SQLITE_ERROR: 'programming',
  // A parameter index out of range: the SQL and its values do not fit together.
  SQLITE_RANGE: 'programming',
  SQLITE_MISUSE: 'programming',
};

/** Runtime value errors SQLite reports under SQLITE_ERROR. */
const VALUE_MESSAGES = [/^integer overflow$/];

/** better-sqlite3 refuses some statements before SQLite sees them, with plain JS errors. */
const BINDING_MESSAGES = [/parameter values were provided/, /Missing named parameter/, /can only bind/, /contains more than one statement/];

export function classifySqliteError(error: unknown): ErrorClassification {
  const { code, message } = driverErrorFields(error);
  if (code === undefined) {
    if (BINDING_MESSAGES.some((pattern) => pattern.test(message))) return { category: 'programming' };
    if (/database connection is not open/.test(message)) return { category: 'operational' };
    return { category: 'other' };
  }
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
  // SUM() past 64 bits is reported as SQLITE_ERROR, the code of bad SQL; it is a value out of range (the others' DataError).
  if (primary === 'SQLITE_ERROR' && VALUE_MESSAGES.some((pattern) => pattern.test(message))) return { category: 'data', code };
  // Another process holds the database file's lock past the busy timeout: try the block again later.
  return { category: PRIMARY_CODE_CATEGORIES[primary] ?? 'other', code, retryable: primary === 'SQLITE_BUSY' };
}
