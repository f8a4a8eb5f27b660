import { STANDARD_FUNCTIONS } from './standard.js';
import type { FunctionTable } from './template.js';

/** How PostgreSQL writes Wren's database functions (lib/query/functions/); missing names are not supported there. */
export const POSTGRES_FUNCTIONS: FunctionTable = {
  ...STANDARD_FUNCTIONS,
};
