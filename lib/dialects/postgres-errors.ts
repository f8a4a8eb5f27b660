import { categoryOfSqlState, driverErrorFields, type ErrorCategory, type ErrorClassification } from './error-classification.js';

/**
 * SQLSTATE classes (and a few single states) by category, as psycopg maps them. node-postgres
 * puts the SQLSTATE in `code`.
 */
const SQLSTATE_CATEGORIES: Readonly<Record<string, ErrorCategory>> = {
  '23': 'integrity', // unique, not null, foreign key, check, exclusion
  '22': 'data', // value too long (22001), out of range (22003), invalid text representation (22P02)
  '08': 'operational', // connection exception
  '40': 'operational', // serialization failure (40001), deadlock (40P01)
  '53': 'operational', // insufficient resources: too many connections, disk full
  '54': 'operational', // program limit exceeded
  '55': 'operational', // object not in prerequisite state: lock not available (55P03)
  '57': 'operational', // operator intervention: admin shutdown (57P01), query canceled (57014)
  '58': 'operational', // system error (I/O)
  '42': 'programming', // syntax error (42601), undefined table (42P01) or column (42703)
  '3D': 'programming', // invalid catalog name
  '3F': 'programming', // invalid schema name
  '26': 'programming', // invalid SQL statement name
  '34': 'programming', // invalid cursor name
  '44': 'programming', // WITH CHECK OPTION violation
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** serialization_failure and deadlock_detected: the transaction was rolled back and may be run again. */
const RETRYABLE_STATES: ReadonlySet<string> = new Set(['40001', '40P01']);

/** PostgreSQL errors: the SQLSTATE decides. */
export function classifyPostgresError(error: unknown): ErrorClassification {
  const { code } = driverErrorFields(error);
  const sqlState = code !== undefined && SQLSTATE.test(code) ? code : undefined;
  return { category: categoryOfSqlState(sqlState, SQLSTATE_CATEGORIES), code, sqlState, retryable: sqlState !== undefined && RETRYABLE_STATES.has(sqlState) };
}
