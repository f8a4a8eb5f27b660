import type { ColumnKind, ColumnSpec } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { Field, type FieldOptions } from './field.js';
import type { TextLookup } from './lookup-names.js';

export interface CharFieldOptions extends FieldOptions<string> {
  readonly maxLength: number;
}

abstract class StringField<O extends FieldOptions<string>> extends Field<string, O> {
  declare readonly __lookups: TextLookup;

  override toJs(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new Error(`'${String(value)}' value must be a string.`);
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

  override check(value: string): string[] {
    const length = [...value].length;
    const max = this.options.maxLength;
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
