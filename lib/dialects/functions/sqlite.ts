import { sqliteDatetimeOperand } from '../sqlite-datetime.js';
import { byArity, skippingNulls } from './shared.js';
import { SQLITE_DATE_FUNCTIONS } from './sqlite-dates.js';
import { COMPARE_DATETIME, STANDARD_FUNCTIONS } from './standard.js';
import { renderFunction, type FunctionTable } from './template.js';

/** `n` copies of 'x' (SQLite's printf repeats a %c by its precision), cut to `n` so a NULL count gives NULL. */
const xs = (count: string) => `SUBSTR(PRINTF('%.*c', ${count}, 'x'), 1, ${count})`;
/** The padding LPAD/RPAD add: the fill repeated, cut to what the text lacks of the length. */
const PADDING = `SUBSTR(REPLACE(${xs('{1}')}, 'x', {2}), 1, {1} - LENGTH({0}))`;

/**
 * How SQLite writes Wren's database functions with either driver (lib/query/functions/); missing
 * names are not supported there. Plain SQL (the math functions SQLite 3.35+ builds in included):
 * the sqlite3 driver uses this table as it is.
 */
export const SQLITE3_FUNCTIONS: FunctionTable = {
  ...STANDARD_FUNCTIONS,
  ...SQLITE_DATE_FUNCTIONS,
  // The scalar (two or more arguments) MAX and MIN.
  GREATEST: skippingNulls('MAX'),
  LEAST: skippingNulls('MIN'),
  CONCAT: (args) => renderFunction(`(${args.map((_, i) => `COALESCE({${i}}, '')`).join(' || ')})`, args),
  LENGTH: 'LENGTH({0})',
  SUBSTR: byArity({ 2: 'SUBSTR({0}, {1})', 3: 'SUBSTR({0}, {1}, {2})' }),
  STR_INDEX: 'INSTR({0}, {1})',
  LEFT: 'SUBSTR({0}, 1, {1})',
  // MAX(NULL, 1) is NULL, so a NULL length gives NULL as elsewhere.
  RIGHT: 'SUBSTR({0}, MAX(LENGTH({0}) - {1} + 1, 1))',
  // Longer text is cut to the length, as PostgreSQL's and MySQL's LPAD cut it.
  LPAD: `(CASE WHEN LENGTH({0}) >= {1} THEN SUBSTR({0}, 1, {1}) ELSE ${PADDING} || {0} END)`,
  RPAD: `(CASE WHEN LENGTH({0}) >= {1} THEN SUBSTR({0}, 1, {1}) ELSE {0} || ${PADDING} END)`,
  REPEAT: `REPLACE(${xs('{1}')}, 'x', {0})`,
  ROUND: 'ROUND({0}, {1})',
  [COMPARE_DATETIME]: sqliteDatetimeOperand('{0}'),
};

/**
 * With better-sqlite3, JavaScript functions registered on each connection (sqlite-registered.ts)
 * fill what SQLite lacks: LOWER/UPPER beyond ASCII, REVERSE, MD5, and ROUND half away from zero
 * on the decimal form (SQLite's ROUND rounds the binary double: round(2.675, 2) is 2.67).
 */
export const SQLITE_FUNCTIONS: FunctionTable = {
  ...SQLITE3_FUNCTIONS,
  LOWER: 'wren_lower({0})',
  UPPER: 'wren_upper({0})',
  REVERSE: 'wren_reverse({0})',
  MD5: 'wren_md5({0})',
  ROUND: 'wren_round({0}, {1})',
};
