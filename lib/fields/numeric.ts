import type { ColumnKind, ColumnSpec } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { canonicalDecimal, decimalDigits } from '../util/decimal.js';
import { Field, type FieldOptions } from './field.js';
import type { ComparisonLookup } from './lookup-names.js';

const RANGES: Partial<Record<ColumnKind, readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  auto: [1, 2147483647],
  positiveint: [0, 2147483647],
  // BigInteger values are JavaScript numbers, so they stay within the exactly representable range.
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  bigauto: [1, Number.MAX_SAFE_INTEGER],
};

/** Integer family; the column kind decides the range. */
abstract class IntegerFieldBase<O extends FieldOptions<number>> extends Field<number, O> {
  declare readonly __lookups: ComparisonLookup;

  override toJs(value: unknown): number {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      throw new Error(`'${String(value)}' value must be an integer.`);
    }
    return number;
  }

  override check(value: number): string[] {
    const [min, max] = RANGES[this.kind] ?? [-Infinity, Infinity];
    if (value < min) return [`Ensure this value is greater than or equal to ${min}.`];
    if (value > max) return [`Ensure this value is less than or equal to ${max}.`];
    return [];
  }
}

export class IntegerField<const O extends FieldOptions<number> = FieldOptions<number>> extends IntegerFieldBase<O> {
  readonly kind: ColumnKind = 'integer';
}

export class BigIntegerField<const O extends FieldOptions<number> = FieldOptions<number>> extends IntegerFieldBase<O> {
  readonly kind: ColumnKind = 'bigint';
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

/** A 64-bit auto primary key; values stay JavaScript numbers (exact up to 2^53). */
export class BigAutoField<const O extends FieldOptions<number> = FieldOptions<number>> extends AutoField<O> {
  override readonly kind: ColumnKind = 'bigauto';
}

export class FloatField<const O extends FieldOptions<number> = FieldOptions<number>> extends Field<number, O> {
  declare readonly __lookups: ComparisonLookup;
  readonly kind: ColumnKind = 'float';

  override toJs(value: unknown): number {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    // Infinity and NaN are refused: MySQL and MariaDB cannot store them.
    if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`'${String(value)}' value must be a float.`);
    return number;
  }
}

export interface DecimalFieldOptions extends FieldOptions<string> {
  readonly maxDigits: number;
  readonly decimalPlaces: number;
}

/**
 * Exact decimals, held as strings (`'12.50'`) so no float rounding ever happens in JavaScript.
 * Numbers are accepted on input.
 */
export class DecimalField<const O extends DecimalFieldOptions = DecimalFieldOptions> extends Field<string, O> {
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

  /** Strings are kept as written (trimmed); numbers become their shortest exact text. */
  override toJs(value: unknown): string {
    const text = typeof value === 'number' && Number.isFinite(value) ? canonicalDecimal(value) : value;
    if (typeof text !== 'string' || !/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) {
      throw new Error(`'${String(value)}' value must be a decimal number.`);
    }
    return text.trim();
  }

  /** Django's DecimalValidator: total digits, then decimal places, then whole digits. */
  override check(value: string): string[] {
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
