import type { FunctionTable } from './template.js';

/**
 * Not a user function: the entry through which a comparison reads a computed datetime, as
 * `comparisonOperand` reads a datetime column (a template, so an operand's bindings repeat with it).
 */
export const COMPARE_DATETIME = 'COMPARE_DATETIME';

/** Functions written the same way on SQLite, PostgreSQL and MySQL/MariaDB; dialect tables add to and override these. */
export const STANDARD_FUNCTIONS: FunctionTable = {
  COALESCE: 'COALESCE({*})',
  NULLIF: 'NULLIF({0}, {1})',
  LOWER: 'LOWER({0})',
  UPPER: 'UPPER({0})',
  // Spaces only, on every dialect (tabs and newlines stay).
  TRIM: 'TRIM({0})',
  LTRIM: 'LTRIM({0})',
  RTRIM: 'RTRIM({0})',
  REPLACE: 'REPLACE({0}, {1}, {2})',
  ABS: 'ABS({0})',
  CEIL: 'CEIL({0})',
  FLOOR: 'FLOOR({0})',
  SIGN: 'SIGN({0})',
  // How a lookup reads a computed datetime: as it reads such a column (SQLite overrides it).
  [COMPARE_DATETIME]: '{0}',
  // Math over numbers as the databases give them; PostgreSQL casts to double precision first.
  MOD: 'MOD({0}, {1})',
  MOD_FLOAT: 'MOD({0}, {1})',
  POWER: 'POWER({0}, {1})',
  SQRT: 'SQRT({0})',
  EXP: 'EXP({0})',
  LN: 'LN({0})',
  LOG: '(LN({1}) / LN({0}))',
  // Window functions, alike on SQLite 3.25+, PostgreSQL and MariaDB 10.2+ / MySQL 8 (see lib/query/window.ts).
  ROW_NUMBER: 'ROW_NUMBER()',
  RANK: 'RANK()',
  DENSE_RANK: 'DENSE_RANK()',
  CUME_DIST: 'CUME_DIST()',
  PERCENT_RANK: 'PERCENT_RANK()',
  NTILE: 'NTILE({0})',
  LAG: 'LAG({*})',
  LEAD: 'LEAD({*})',
  FIRST_VALUE: 'FIRST_VALUE({0})',
  LAST_VALUE: 'LAST_VALUE({0})',
  NTH_VALUE: 'NTH_VALUE({0}, {1})',
};
