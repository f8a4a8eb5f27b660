// Database functions and the expressions that build them; the SQL for each lives in the dialects'
// function tables (lib/dialects/functions/).
export { Value } from './value.js';
export { Func, type FunctionArgument } from './func.js';
export { Case, When, WhenClause, type CaseOptions } from './conditional.js';
export { Cast, ExpressionWrapper, RawSQL } from './typed.js';
export type { FunctionSpec } from './spec.js';
