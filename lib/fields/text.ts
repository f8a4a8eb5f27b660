import type { ColumnKind, ColumnSpec } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { Field, isWellFormed, LONE_SURROGATE, quoted, type FieldOptions } from './field.js';
import type { TextLookup } from './lookup-names.js';

export interface CharFieldOptions extends FieldOptions<string> {
  readonly maxLength: number;
}

abstract class StringField<O extends FieldOptions<string>> extends Field<string, O> {
  declare readonly __lookups: TextLookup;

  /**
   * As Django: a new instance's string column that takes no null and has no default starts as
   * `''`, the value such a column holds when nothing was given. A primary key still starts empty
   * (null), so an unset key is not saved as `''`.
   */
  override getDefault(): string | null | undefined {
    if (this.options.default === undefined && !this.null && !this.primaryKey) return '';
    return super.getDefault();
  }

  /** Strings as they are; finite numbers and bigints by their text (`12345` -> `'12345'`); nothing else. */
  override toJs(value: unknown): string {
    if (typeof value === 'string') {
      // Half of a UTF-16 pair (an emoji cut by slice()) would come back as U+FFFD from every database.
      if (!isWellFormed(value)) throw new Error(`${quoted(value)} ${LONE_SURROGATE}.`);
      return value;
    }
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
    throw new Error(`${quoted(value)} value must be a string.`);
  }
}

/** A bounded string: `varchar(maxLength)`. */
export class CharField<const O extends CharFieldOptions = CharFieldOptions> extends StringField<O> {
  readonly kind: ColumnKind = 'char';

  constructor(options: O) {
    super(options);
    if (!(options?.maxLength > 0)) throw new ImproperlyConfigured(`${this.constructor.name} needs a positive maxLength`);
  }

  override columnSpec(): ColumnSpec {
    return { kind: this.kind, maxLength: this.options.maxLength };
  }

  /** Counted in characters (code points), trailing spaces included, as every dialect's varchar counts. */
  override storageErrors(value: string): string[] {
    const max = this.options.maxLength;
    // A string has at least as many UTF-16 units as code points: only a long one needs counting.
    if (value.length <= max) return [];
    const length = [...value].length;
    return length > max ? [`Ensure this value has at most ${max} characters (it has ${length}).`] : [];
  }
}

export class TextField<const O extends FieldOptions<string> = FieldOptions<string>> extends StringField<O> {
  readonly kind: ColumnKind = 'text';
}

type PatternOptions = FieldOptions<string> & { readonly maxLength?: number };

/** A CharField with a format check and a default length. */
abstract class FormattedCharField<O extends PatternOptions> extends CharField<O & CharFieldOptions> {
  protected abstract readonly pattern: RegExp;
  protected abstract readonly formatMessage: string;

  constructor(options: O | undefined, defaultLength: number) {
    super({ maxLength: defaultLength, ...options } as O & CharFieldOptions);
  }

  override check(value: string): string[] {
    const messages = super.check(value);
    if (!this.pattern.test(value)) messages.push(this.formatMessage);
    return messages;
  }
}

export class EmailField<const O extends PatternOptions = PatternOptions> extends FormattedCharField<O> {
  protected readonly pattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
  protected readonly formatMessage = 'Enter a valid email address.';

  constructor(options?: O) {
    super(options, 254);
  }
}

export class SlugField<const O extends PatternOptions = PatternOptions> extends FormattedCharField<O> {
  protected readonly pattern = /^[-a-zA-Z0-9_]+$/;
  protected readonly formatMessage = 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.';

  constructor(options?: O) {
    super({ dbIndex: true, ...options } as O, 50);
  }
}

export class URLField<const O extends PatternOptions = PatternOptions> extends FormattedCharField<O> {
  protected readonly pattern = /^(https?|ftps?):\/\/[^\s/$.?#][^\s]*$/i;
  protected readonly formatMessage = 'Enter a valid URL.';

  constructor(options?: O) {
    super(options, 200);
  }
}
