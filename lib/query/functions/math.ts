import { IntegerField } from '../../fields/index.js';
import { argumentError } from '../../util/arguments.js';
import type { Expression } from '../expressions.js';
import { call, type FunctionArgument } from './func.js';
import { floating, integral, like, numeric, rounding } from './specs.js';
import { RawSQL } from './typed.js';

// Math functions. Integers and floats come back as numbers; a decimal stays an exact string where
// the result is one (Abs, Ceil, Floor, Round, Mod of a DecimalField). Sqrt, Exp, Ln, Log and
// Power compute over doubles on every dialect. `T` is the result type: `Abs<string>('balance')`
// for a decimal. Outside a function's domain (Ln(0), Sqrt(-1)) SQLite and MySQL give NULL,
// PostgreSQL raises.

const ABS = like('ABS');
const CEIL = rounding('CEIL', () => 0);
const FLOOR = rounding('FLOOR', () => 0);
const SIGN = integral('SIGN');
const MOD = numeric('MOD', 'MOD_FLOAT');
const POWER = floating('POWER');
const SQRT = floating('SQRT');
const EXP = floating('EXP');
const LN = floating('LN');
const LOG = floating('LOG');

/** Most places `Round` takes: MySQL rounds through DECIMAL(65, 30). */
const MAX_PLACES = 30;

/** The absolute value; a decimal keeps its places. */
export function Abs<T = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(ABS, [expression], 'Abs()');
}

/** The smallest whole number not below it (a decimal gives a decimal without places: '10'). */
export function Ceil<T = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(CEIL, [expression], 'Ceil()');
}

/** The largest whole number not above it (a decimal gives a decimal without places). */
export function Floor<T = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(FLOOR, [expression], 'Floor()');
}

/**
 * Rounded to `places` decimals (0 to 30), half away from zero on every dialect, floats by their
 * shortest decimal form (2.675 rounds to 2.68; 2.5 to 3, where MySQL alone would give 2). A
 * decimal keeps at most `places` places: `Round('price', 1)` of '9.45' is '9.5'.
 *
 * @example Book.objects.annotate({ rounded: Round<string>('price', 1) })
 */
export function Round<T = number>(expression: FunctionArgument, places = 0): Expression<NoInfer<T>> {
  if (!Number.isInteger(places) || places < 0 || places > MAX_PLACES) throw argumentError('Round(): places', `a whole number from 0 to ${MAX_PLACES}`, places);
  // Written into the SQL, not bound: MySQL gives ROUND's result the scale of a constant only.
  const spec = rounding('ROUND', (decimalPlaces) => Math.min(places, decimalPlaces));
  return call(spec, [expression, RawSQL(String(places), [], new IntegerField())], 'Round()');
}

/** -1, 0 or 1, as an integer whatever it reads. */
export function Sign<T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(SIGN, [expression], 'Sign()');
}

/**
 * The remainder of `dividend / divisor`, with the dividend's sign (Mod(-7, 3) is -1); NULL for a
 * zero divisor on every dialect. A decimal if either is one.
 */
export function Mod<T = number>(dividend: FunctionArgument, divisor: FunctionArgument): Expression<NoInfer<T>> {
  return call(MOD, [dividend, divisor], 'Mod()');
}

/** `base` to the power `exponent`, as a float. */
export function Power<T extends number | null = number>(base: FunctionArgument, exponent: FunctionArgument): Expression<NoInfer<T>> {
  return call(POWER, [base, exponent], 'Power()');
}

/** The square root, as a float. */
export function Sqrt<T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(SQRT, [expression], 'Sqrt()');
}

/** e to the power of it, as a float. */
export function Exp<T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(EXP, [expression], 'Exp()');
}

/** The natural logarithm, as a float. */
export function Ln<T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(LN, [expression], 'Ln()');
}

/**
 * The logarithm of `value` to base `base` (Django's order: `Log(2, 'x')` is log2 of x), computed
 * as ln(value) / ln(base) on every dialect, so `Log(10, 1000)` is 2.9999999999999996 everywhere.
 */
export function Log<T extends number | null = number>(base: FunctionArgument, value: FunctionArgument): Expression<NoInfer<T>> {
  return call(LOG, [base, value], 'Log()');
}
