import type { ColumnKind, ColumnSpec } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { canonicalDecimal, decimalDigits, exactDecimalText, padDecimal } from '../util/decimal.js';
import { valuePreview, Field, quoted, type FieldOptions } from './field.js';
import type { ComparisonLookup } from './lookup-names.js';

const RANGES: Partial<Record<ColumnKind, readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  auto: [1, 2147483647],
  positiveint: [0, 2147483647],
  // As JavaScript numbers, 64-bit values stay within the exactly representable range; beyond it
  // BigIntegerField({ bigint: true }) holds them as `bigint`.
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  bigauto: [1, Number.MAX_SAFE_INTEGER],
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The integers a column can hold, as bigints so that the 64-bit bounds are exact. */
export interface IntegerRange {
  readonly min: bigint;
  readonly max: bigint;
}

const INT16: IntegerRange = { min: -(2n ** 15n), max: 2n ** 15n - 1n };
const INT32: IntegerRange = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const INT64: IntegerRange = { min: INT64_MIN, max: INT64_MAX };

/**
 * What the column type Wren creates for each integer kind holds (`serial` is an integer, a key
 * column has its target's kind), unlike RANGES above, which limit what Wren writes: a row written
 * by another program may hold any value its column does. PositiveIntegerField's column has a
 * CHECK (>= 0) on every dialect; its upper bound is PostgreSQL's integer, the narrowest of the
 * three (MySQL's unsigned column goes on to 2^32 - 1, values no Wren write stores), so filters
 * behave alike everywhere. SQLite's columns take any 64-bit integer, but Wren writes within these.
 */
const COLUMN_RANGES: Partial<Record<ColumnKind, IntegerRange>> = {
  smallint: INT16,
  integer: INT32,
  auto: INT32,
  positiveint: { min: 0n, max: INT32.max },
  bigint: INT64,
  bigauto: INT64,
};

/** The range of an integer column of `kind`; undefined for every other kind. */
export function integerColumnRange(kind: ColumnKind): IntegerRange | undefined {
  return COLUMN_RANGES[kind];
}

/** Where an integer (number or bigint) lies outside `range`; undefined inside it, and for any other value. */
export function outsideRange(range: IntegerRange, value: unknown): 'below' | 'above' | undefined {
  if (typeof value !== 'number' && typeof value !== 'bigint') return undefined;
  // A number compares with a bigint exactly, with no conversion that could round.
  if (value < range.min) return 'below';
  if (value > range.max) return 'above';
  return undefined;
}

/** Integral text: digits with an optional sign (surrounding spaces allowed); no `'4.0'`, `'1e3'` or `'0x10'`. */
const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;

/**
 * An integer from a JS integer, a `bigint` or integral text; anything else (4.7, true, '12abc',
 * '') is refused rather than rounded or coerced.
 */
export function toInteger(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value === 0 ? 0 : value;
  if (typeof value === 'bigint' || (typeof value === 'string' && INTEGER_TEXT.test(value))) {
    const exact = BigInt(typeof value === 'string' ? value.trim() : value);
    const number = Number(exact);
    // Beyond 2^53 a number would silently round: the range check below reports it.
    if (BigInt(number) !== exact) throw new Error(`${valuePreview(value)} is beyond the integers JavaScript numbers hold exactly (±${Number.MAX_SAFE_INTEGER}).`);
    return number;
  }
  throw new Error(`${quoted(value)} value must be an integer.`);
}

/** Integer family; the column kind decides the range. */
abstract class IntegerFieldBase<O extends FieldOptions<number>> extends Field<number, O> {
  /** Phantom: what writes and filters take (values read back are numbers). */
  declare readonly __input: number | bigint;
  declare readonly __lookups: ComparisonLookup;

  override toJs(value: unknown): number {
    return toInteger(value);
  }

  override storageErrors(value: number): string[] {
    const [min, max] = RANGES[this.kind] ?? [-Infinity, Infinity];
    if (value < min) return [`Ensure this value is greater than or equal to ${min}.`];
    if (value > max) return [`Ensure this value is less than or equal to ${max}.`];
    return [];
  }
}

export class IntegerField<const O extends FieldOptions<number> = FieldOptions<number>> extends IntegerFieldBase<O> {
  readonly kind: ColumnKind = 'integer';
}

export interface BigIntegerFieldOptions extends FieldOptions<number | bigint> {
  /**
   * Values are JavaScript `bigint`s covering the whole 64-bit range. Without it values are
   * numbers, and one beyond ±2^53 (which a number cannot hold exactly) raises instead of rounding.
   */
  readonly bigint?: boolean;
}

/**
 * A 64-bit integer. As a `number` (the default) it holds ±(2^53 - 1) exactly and refuses more;
 * `{ bigint: true }` makes its values `bigint`s over the full 64-bit range.
 */
export class BigIntegerField<const O extends BigIntegerFieldOptions = BigIntegerFieldOptions> extends Field<number | bigint, O> {
  /** Phantom: `bigint` with `{ bigint: true }`, else `number`. */
  declare readonly __type: O extends { readonly bigint: true } ? bigint : number;
  /** Phantom: what writes and filters take, with either option. */
  declare readonly __input: number | bigint;
  declare readonly __lookups: ComparisonLookup;
  readonly kind: ColumnKind = 'bigint';

  override columnSpec(): ColumnSpec {
    return this.options.bigint ? { kind: this.kind, bigint: true } : { kind: this.kind };
  }

  override toJs(value: unknown): number | bigint {
    if (!this.options.bigint) return toInteger(value);
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value.trim());
    throw new Error(`${quoted(value)} value must be an integer (a bigint, a safe integer number or integral text).`);
  }

  override storageErrors(value: number | bigint): string[] {
    const [min, max] = this.options.bigint ? [INT64_MIN, INT64_MAX] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    if (value < min) return [`Ensure this value is greater than or equal to ${min}.`];
    if (value > max) {
      const hint = this.options.bigint ? '' : ' Declare the field with { bigint: true } to hold the full 64-bit range as bigint.';
      return [`Ensure this value is less than or equal to ${max}.${hint}`];
    }
    return [];
  }
}

export class SmallIntegerField<const O extends FieldOptions<number> = FieldOptions<number>> extends IntegerFieldBase<O> {
  readonly kind: ColumnKind = 'smallint';
}

export class PositiveIntegerField<const O extends FieldOptions<number> = FieldOptions<number>> extends IntegerFieldBase<O> {
  readonly kind: ColumnKind = 'positiveint';
}

/** An integer primary key the database assigns; the implicit `id` of every model without one. */
export class AutoField<const O extends FieldOptions<number> = FieldOptions<number>> extends IntegerFieldBase<O> {
  /** Phantom: tells the types an auto primary key from a plain IntegerField (they are alike otherwise). */
  declare readonly __auto: true;
  readonly kind: ColumnKind = 'auto';

  constructor(options?: O) {
    super({ ...options, primaryKey: true } as unknown as O);
  }

  override get isAuto(): boolean {
    return true;
  }
}

/** A 64-bit auto primary key; values stay JavaScript numbers (exact up to 2^53, refused beyond). */
export class BigAutoField<const O extends FieldOptions<number> = FieldOptions<number>> extends AutoField<O> {
  override readonly kind: ColumnKind = 'bigauto';
}

/** Decimal text a float accepts: no hex, no `Infinity`, no empty string. */
const FLOAT_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

export class FloatField<const O extends FieldOptions<number> = FieldOptions<number>> extends Field<number, O> {
  declare readonly __lookups: ComparisonLookup;
  readonly kind: ColumnKind = 'float';

  /** Finite numbers and numeric text; Infinity and NaN are refused (MySQL and MariaDB cannot store them). */
  override toJs(value: unknown): number {
    const number = typeof value === 'string' && FLOAT_TEXT.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`${quoted(value)} value must be a float.`);
    return number === 0 ? 0 : number;
  }
}

export interface DecimalFieldOptions extends FieldOptions<string> {
  readonly maxDigits: number;
  readonly decimalPlaces: number;
}

/**
 * Exact decimals, held as strings (`'12.50'`) so no float rounding ever happens in JavaScript.
 * Numbers are accepted on input (by their shortest exact text: `0.1 + 0.2` is
 * `'0.30000000000000004'`, which two places cannot hold, so it is refused rather than rounded).
 */
export class DecimalField<const O extends DecimalFieldOptions = DecimalFieldOptions> extends Field<string, O> {
  /** Phantom: what writes and filters take (values read back are exact strings). */
  declare readonly __input: string | number | bigint;
  declare readonly __lookups: ComparisonLookup;
  readonly kind: ColumnKind = 'decimal';

  constructor(options: O) {
    super(options);
    if (!(options.maxDigits > 0) || !(options.decimalPlaces >= 0) || options.decimalPlaces > options.maxDigits) {
      throw new ImproperlyConfigured('DecimalField needs maxDigits > 0 and 0 <= decimalPlaces <= maxDigits');
    }
  }

  override columnSpec(): ColumnSpec {
    return { kind: this.kind, maxDigits: this.options.maxDigits, decimalPlaces: this.options.decimalPlaces };
  }

  /** Decimal text (exponents expanded exactly: `'1e2'` is `'100'`) or a finite number. */
  override toJs(value: unknown): string {
    const text = exactDecimalText(value);
    if (text === undefined) throw new Error(`${quoted(value)} value must be a decimal number.`);
    return text;
  }

  /**
   * Django's DecimalValidator (total digits, then decimal places, then whole digits), counting
   * digits as written, for `fullClean()`.
   */
  override check(value: string): string[] {
    return this.digitErrors(value);
  }

  /** What the column holds exactly: trailing zeros beyond the places are not lost digits. */
  override storageErrors(value: string): string[] {
    return this.digitErrors(canonicalDecimal(value) as string);
  }

  /** The stored form: exact digits padded to `decimalPlaces`, as every dialect returns it. */
  override toColumnValue(value: unknown): string | null {
    const checked = super.toColumnValue(value);
    return checked === null ? null : padDecimal(checked, this.options.decimalPlaces);
  }

  private digitErrors(value: string): string[] {
    const digits = decimalDigits(value);
    if (!digits) return [];
    const places = digits.fraction;
    const { maxDigits, decimalPlaces } = this.options;
    if (digits.whole + places > maxDigits) return [`Ensure that there are no more than ${maxDigits} digits in total.`];
    if (places > decimalPlaces) return [`Ensure that there are no more than ${decimalPlaces} decimal places.`];
    if (digits.whole > maxDigits - decimalPlaces) {
      return [`Ensure that there are no more than ${maxDigits - decimalPlaces} digits before the decimal point.`];
    }
    return [];
  }
}
