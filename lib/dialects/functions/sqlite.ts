import { STANDARD_FUNCTIONS } from './standard.js';
import type { FunctionTable } from './template.js';

/** How SQLite writes Wren's database functions (lib/query/functions/); missing names are not supported there. */
export const SQLITE_FUNCTIONS: FunctionTable = {
  ...STANDARD_FUNCTIONS,
};
