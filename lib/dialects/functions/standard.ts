import type { FunctionTable } from './template.js';

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
  // How a lookup reads a datetime-valued function: as it reads the column (SQLite overrides it).
  COMPARE_DATETIME: '{0}',
  // Math over numbers as the databases give them; PostgreSQL casts to double precision first.
  MOD: 'MOD({0}, {1})',
  MOD_FLOAT: 'MOD({0}, {1})',
  POWER: 'POWER({0}, {1})',
  SQRT: 'SQRT({0})',
  EXP: 'EXP({0})',
  LN: 'LN({0})',
  LOG: '(LN({1}) / LN({0}))',
};
