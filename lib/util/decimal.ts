/**
 * Exact decimal text without a decimal library: values stay strings end to end, so nothing is
 * ever rounded through a binary float.
 */

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;

interface DecimalParts {
  readonly negative: boolean;
  readonly whole: string;
  readonly fraction: string;
}

function parts(value: unknown): DecimalParts | undefined {
  const text = typeof value === 'number' ? numberText(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (!match || (match[2] === '' && !match[3])) return undefined;
  return { negative: match[1] === '-', whole: match[2]!.replace(/^0+/, ''), fraction: match[3] ?? '' };
}

/** A number's shortest exact decimal text, without exponent notation. */
function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(text);
  if (!match) return text;
  // Shift the point of the shortest round-trip digits, e.g. 1.5e-7 -> 0.00000015.
  const [, sign, first, rest = '', exponentText] = match;
  const digits = first! + rest;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function join(negative: boolean, whole: string, fraction: string): string {
  const isZero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  return `${negative && !isZero ? '-' : ''}${whole || '0'}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The shortest form of a decimal (`'0012.500'` -> `'12.5'`, `2.25` -> `'2.25'`); values that are
 * not decimals are returned unchanged for the database to reject.
 */
export function canonicalDecimal(value: unknown): unknown {
  const p = parts(value);
  return p ? join(p.negative, p.whole, p.fraction.replace(/0+$/, '')) : value;
}

/** Rounds (half away from zero, as PostgreSQL and MySQL do) to exactly `places` decimals. */
export function quantizeDecimal(value: unknown, places: number): string {
  const p = parts(value);
  if (!p) throw new Error(`'${String(value)}' is not a decimal number`);
  const digits = (p.whole || '0') + p.fraction.padEnd(places, '0');
  const cut = (p.whole || '0').length + places;
  let kept = digits.slice(0, cut);
  if ((digits.charCodeAt(cut) || 48) >= 53 /* '5' */) kept = incrementDigits(kept);
  const whole = kept.slice(0, kept.length - places).replace(/^0+(?=\d)/, '');
  return join(p.negative, whole, kept.slice(kept.length - places));
}

function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

const DECIMAL_INPUT = /^([-+]?)(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i;
/** Exponents beyond this are refused rather than expanded into megabytes of zeros. */
const MAX_EXPONENT = 1000;

/**
 * The exact decimal text of a user's value, or undefined when it is not a decimal: numbers by
 * their shortest round-trip digits, `bigint`s as they are, text with an exponent expanded
 * (`'1.5e3'` -> `'1500'`). Trailing zeros are kept as written; nothing is rounded.
 */
export function exactDecimalText(value: unknown): string | undefined {
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return undefined;
  const match = DECIMAL_INPUT.exec(value.trim());
  if (!match || (match[2] === '' && !match[3])) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = whole + fraction;
  const point = whole.length + exponent;
  const shiftedWhole = point <= 0 ? '' : digits.slice(0, point).padEnd(point, '0');
  const shiftedFraction = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  return join(sign === '-', shiftedWhole.replace(/^0+/, ''), shiftedFraction);
}

/** Exactly `places` decimals by dropping or adding trailing zeros only; the digits must already fit. */
export function padDecimal(text: string, places: number): string {
  const p = parts(text);
  if (!p) return text;
  const fraction = p.fraction.replace(/0+$/, '');
  if (fraction.length > places) throw new Error(`'${text}' has more than ${places} decimal places`);
  return join(p.negative, p.whole, fraction.padEnd(places, '0'));
}

/**
 * Digits before the point (without leading zeros) and after it (trailing zeros included, as
 * written: '1.500' has three), as Django's DecimalValidator counts them.
 */
export function decimalDigits(value: string): { whole: number; fraction: number } | undefined {
  const p = parts(value);
  return p ? { whole: p.whole.length, fraction: p.fraction.length } : undefined;
}
