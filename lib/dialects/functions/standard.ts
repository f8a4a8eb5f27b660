import type { FunctionTable } from './template.js';

/** Functions written the same way on SQLite, PostgreSQL and MySQL/MariaDB; dialect tables add to and override these. */
export const STANDARD_FUNCTIONS: FunctionTable = {
  COALESCE: 'COALESCE({*})',
  NULLIF: 'NULLIF({0}, {1})',
  LOWER: 'LOWER({0})',
  UPPER: 'UPPER({0})',
  ABS: 'ABS({0})',
};
