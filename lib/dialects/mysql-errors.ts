import { categoryOfSqlState, driverErrorFields, type ErrorCategory, type ErrorClassification } from './error-classification.js';

/** MySQL/MariaDB error numbers whose SQLSTATE (often the catch-all HY000) does not say enough. */
const ERRNO_CATEGORIES: Readonly<Record<number, ErrorCategory>> = {
  // Duplicate key, NOT NULL, foreign key parent/child (old and new numbers), no default, check.
  1062: 'integrity', 1586: 'integrity', 1048: 'integrity', 1364: 'integrity', 1451: 'integrity',
  1452: 'integrity', 1216: 'integrity', 1217: 'integrity', 1557: 'integrity', 3819: 'integrity', 4025: 'integrity',
  // Too long, out of range, incorrect value, truncated, division by zero, invalid JSON.
  1406: 'data', 1264: 'data', 1690: 'data', 1366: 'data', 1292: 'data', 1265: 'data', 1367: 'data',
  1365: 'data', 1411: 'data', 3140: 'data', 4038: 'data',
  // Deadlock, lock wait timeout, server shutdown, too many connections, access denied, unknown
  // database, connection killed, statement timeout (MariaDB, MySQL), read-only server.
  1213: 'operational', 1205: 'operational', 1053: 'operational', 1040: 'operational', 1045: 'operational',
  1049: 'operational', 1927: 'operational', 1969: 'operational', 3024: 'operational', 1290: 'operational',
  // Server gone away, lost connection, can't connect (client-side numbers).
  2002: 'operational', 2003: 'operational', 2006: 'operational', 2013: 'operational',
  // Syntax, no such table, unknown column, table exists, unknown table, ambiguous column,
  // duplicate column or key name, can't drop, no such function, wrong EXECUTE arguments.
  1064: 'programming', 1149: 'programming', 1146: 'programming', 1054: 'programming', 1050: 'programming',
  1051: 'programming', 1052: 'programming', 1060: 'programming', 1061: 'programming', 1066: 'programming',
  1091: 'programming', 1305: 'programming', 1630: 'programming', 1210: 'programming',
};

/**
 * Deadlock (1213) and MariaDB's "record has changed since last read" under snapshot isolation
 * (1020): another transaction won, running this one again may succeed. A lock wait timeout
 * (1205, also what MariaDB's NOWAIT raises) is not: the caller chose not to wait longer, as with
 * PostgreSQL's lock_not_available (55P03).
 */
const RETRYABLE_ERRNOS: ReadonlySet<number> = new Set([1213, 1020]);

/** The SQLSTATE classes for errors not listed above. */
const SQLSTATE_CATEGORIES: Readonly<Record<string, ErrorCategory>> = {
  '23': 'integrity', '22': 'data', '08': 'operational', '40': 'operational', '42': 'programming',
};

/** MySQL/MariaDB errors (mysql2): the error number decides, then the SQLSTATE class. */
export function classifyMysqlError(error: unknown): ErrorClassification {
  const { code, errno, sqlState } = driverErrorFields(error);
  // mysql2 reports socket errors with the negative system errno; only server numbers are kept.
  const serverErrno = errno !== undefined && errno > 0 ? errno : undefined;
  const category = (serverErrno !== undefined ? ERRNO_CATEGORIES[serverErrno] : undefined) ?? categoryOfSqlState(sqlState, SQLSTATE_CATEGORIES);
  const retryable = serverErrno !== undefined && RETRYABLE_ERRNOS.has(serverErrno);
  return { category, code, sqlState, errno: serverErrno, retryable };
}

/**
 * Errors after which the server closes the session while mysql2 still sees an open socket: a
 * packet over max_allowed_packet (1153) and the other network errors the server reports before
 * hanging up (1152-1161), the connection killed (MariaDB's 1927), server shutdown (1053) and
 * MySQL 8's idle timeout (4031). A statement sent after one fails ("write ECONNRESET").
 */
const SESSION_ENDING_ERRNOS: ReadonlySet<number> = new Set([1152, 1153, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161, 1927, 1053, 4031]);

/** The server ends the session after this error: the connection must not run another statement. */
export function endsMysqlSession(error: unknown): boolean {
  const { errno } = driverErrorFields(error);
  return errno !== undefined && SESSION_ENDING_ERRNOS.has(errno);
}
