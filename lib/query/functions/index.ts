// Database functions and the expressions that build them; the SQL for each lives in the dialects'
// function tables (lib/dialects/functions/).
export { Value } from './value.js';
export { Func, type FunctionArgument } from './func.js';
export { Case, When, WhenClause, type CaseOptions } from './conditional.js';
export { Cast, ExpressionWrapper, RawSQL } from './typed.js';
export { Coalesce, Greatest, Least, NullIf } from './comparison.js';
export { Concat, Lower, Upper, Length, Trim, LTrim, RTrim, Substr, Replace, StrIndex, Left, Right, LPad, RPad, Repeat, Reverse, MD5 } from './text.js';
export { Abs, Ceil, Floor, Round, Sign, Mod, Power, Sqrt, Exp, Ln, Log } from './math.js';
export {
  Now, Extract, ExtractYear, ExtractIsoYear, ExtractQuarter, ExtractMonth, ExtractWeek, ExtractWeekDay, ExtractIsoWeekDay,
  ExtractDay, ExtractHour, ExtractMinute, ExtractSecond, type ExtractPart,
} from './extract.js';
export {
  Trunc, TruncYear, TruncQuarter, TruncMonth, TruncWeek, TruncDay, TruncHour, TruncMinute, TruncSecond, TruncDate, TruncTime,
  type TruncUnit,
} from './trunc.js';
export { StdDev, Variance, type SpreadOptions } from './statistics.js';
export type { FunctionSpec } from './spec.js';
