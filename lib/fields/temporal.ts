import type { ColumnKind } from '../dialects/index.js';
import { canonicalTime, toDate } from '../util/datetime.js';
import { Field, quoted, type FieldOptions } from './field.js';
import { toInteger } from './numeric.js';
import type { ComparisonLookup, DateTimeTransform, DateTransform, TimeTransform } from './lookup-names.js';

export interface AutoTimestampOptions<T> extends FieldOptions<T> {
  /** Set to now on every `save()`. */
  readonly autoNow?: boolean;
  /** Set to now when the row is first inserted. */
  readonly autoNowAdd?: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$/;

/**
 * Django's range, years 1 to 9999: SQLite would store other years as text no parser reads back
 * (`'+010000-01-01'`), PostgreSQL and MySQL refuse them only once the SQL runs.
 */
function checkYear(date: Date, value: unknown, kind: 'date' | 'datetime'): void {
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new Error(`${quoted(value instanceof Date ? date.toISOString() : value)} value is outside the years 1 to 9999 a ${kind} can hold.`);
}

/** Timestamps fill themselves on save; such fields are not editable, as in Django. */
abstract class TimestampField<T, O extends AutoTimestampOptions<T>> extends Field<T, O> {
  protected abstract now(): T;

  override get editable(): boolean {
    return !this.options.autoNow && !this.options.autoNowAdd && super.editable;
  }

  override hasDefault(): boolean {
    return super.hasDefault() || this.options.autoNow === true || this.options.autoNowAdd === true;
  }

  /** The value `save()` writes: now for `autoNow`, and for `autoNowAdd` on insert. */
  override preSave(current: T | null | undefined, adding: boolean): T | null | undefined {
    if (this.options.autoNow || (adding && this.options.autoNowAdd)) return this.now();
    return current;
  }
}

/** A calendar date held as `'YYYY-MM-DD'` text, so no time zone can shift it. */
export class DateField<const O extends AutoTimestampOptions<string> = AutoTimestampOptions<string>> extends TimestampField<string, O> {
  /** Phantom: what writes and filters take (a `Date` gives its UTC day). */
  declare readonly __input: string | Date;
  declare readonly __lookups: ComparisonLookup;
  declare readonly __transforms: DateTransform;
  readonly kind: ColumnKind = 'date';

  protected now(): string {
    return new Date().toISOString().slice(0, 10);
  }

  /** Accepts a `Date` (its UTC day) or `'YYYY-MM-DD'`; years 1 to 9999 only, as for datetimes. */
  override toJs(value: unknown): string {
    if (value instanceof Date && !Number.isNaN(value.getTime())) {
      checkYear(value, value, 'date');
      return value.toISOString().slice(0, 10);
    }
    if (typeof value !== 'string' || !ISO_DATE.test(value)) {
      throw new Error(`${quoted(value)} value has an invalid date format. It must be in YYYY-MM-DD format.`);
    }
    // Date.parse('2026-02-30') rolls over to March 2nd; the parts must survive the round trip.
    const parsed = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
      throw new Error(`'${value}' value has the correct format (YYYY-MM-DD) but it is an invalid date.`);
    }
    checkYear(parsed, value, 'date');
    return value;
  }
}

/** An instant, held as a `Date` and stored in UTC on every dialect (millisecond precision). */
export class DateTimeField<const O extends AutoTimestampOptions<Date> = AutoTimestampOptions<Date>> extends TimestampField<Date, O> {
  /** Phantom: what writes and filters take: a `Date`, epoch milliseconds or ISO 8601 text (zoneless is UTC). */
  declare readonly __input: Date | string | number;
  declare readonly __lookups: ComparisonLookup;
  declare readonly __transforms: DateTimeTransform;
  readonly kind: ColumnKind = 'datetime';

  protected now(): Date {
    return new Date();
  }

  /**
   * Accepts a `Date`, whole epoch milliseconds or an ISO 8601 string; one without a zone is UTC.
   * Years 1 to 9999 only (Django's range): SQLite would store later ones as text no parser reads
   * back. A fraction of a millisecond is refused, as by DurationField: a `Date` would drop it.
   */
  override toJs(value: unknown): Date {
    if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
      throw new Error(`${quoted(value)} value must be a whole number of milliseconds since the epoch.`);
    }
    if (typeof value === 'string' && hasSubMillisecondDigits(value)) {
      throw new Error(`${quoted(value)} value has digits below the millisecond, which a Date cannot hold; round it to milliseconds first.`);
    }
    const date = toDate(value);
    checkYear(date, value, 'datetime');
    return date;
  }
}

/** `'...:SS.ffffff'` whose digits past the third are not all zero: a `Date` would silently drop them. */
function hasSubMillisecondDigits(text: string): boolean {
  const fraction = /\d:\d\d\.(\d+)/.exec(text)?.[1];
  return fraction !== undefined && /[1-9]/.test(fraction.slice(3));
}

/** A time of day held as `'HH:MM:SS'` text (fraction kept when not zero). */
export class TimeField<const O extends AutoTimestampOptions<string> = AutoTimestampOptions<string>> extends TimestampField<string, O> {
  declare readonly __lookups: ComparisonLookup;
  declare readonly __transforms: TimeTransform;
  readonly kind: ColumnKind = 'time';

  protected now(): string {
    return new Date().toISOString().slice(11, 23);
  }

  override toJs(value: unknown): string {
    if (typeof value === 'string' && ISO_TIME.test(value)) return canonicalTime(value) as string;
    throw new Error(`${quoted(value)} value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.`);
  }
}

/** A length of time in milliseconds (stored as a 64-bit integer). */
export class DurationField<const O extends FieldOptions<number> = FieldOptions<number>> extends Field<number, O> {
  declare readonly __lookups: ComparisonLookup;
  readonly kind: ColumnKind = 'duration';

  override toJs(value: unknown): number {
    try {
      return toInteger(value);
    } catch {
      throw new Error(`${quoted(value)} value must be a whole number of milliseconds.`);
    }
  }

  override storageErrors(value: number): string[] {
    return Number.isSafeInteger(value) ? [] : [`Ensure this value is within ±${Number.MAX_SAFE_INTEGER} milliseconds.`];
  }
}
