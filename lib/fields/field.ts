import { isDeepStrictEqual } from 'node:util';
import type { ColumnKind, ColumnSpec } from '../dialects/index.js';
import { ImproperlyConfigured, ValidationError } from '../errors.js';
import { snakeCase } from '../util/naming.js';

/**
 * A check run by `fullClean()`; return a message (or throw an `Error` / `ValidationError`) to
 * reject the value: `(v: number) => (v % 2 ? 'Must be even.' : undefined)`.
 */
// Method syntax keeps validators bivariant, so a `Field<number>` is still a `Field`.
export type Validator<T> = { check(value: T): string | undefined | void }['check'];

/** `[value, label]` pairs, or bare values. */
export type Choices<T> = readonly (readonly [T, string])[] | readonly T[];

/** Options every field takes. */
export interface FieldOptions<T> {
  /** The column accepts NULL; the attribute is typed `T | null`. */
  readonly null?: boolean;
  /** `fullClean()` accepts an empty value. */
  readonly blank?: boolean;
  /** A value, or a function called for each new instance. */
  readonly default?: T | (() => T);
  readonly unique?: boolean;
  readonly dbIndex?: boolean;
  readonly choices?: Choices<T>;
  readonly dbColumn?: string;
  readonly primaryKey?: boolean;
  readonly validators?: readonly Validator<T>[];
  /** Not editable fields are skipped by `fullClean()`. */
  readonly editable?: boolean;
  readonly helpText?: string;
  readonly verboseName?: string;
}

/** What the query layer registers on field classes; see `lib/query/lookups/`. */
export interface RegisteredLookup {
  readonly lookupName: string;
}

/** Where a field is attached once its model's metadata is built. */
export interface FieldOwner {
  readonly name: string;
  readonly tableName: string;
}

type FieldClass = abstract new (...args: never[]) => Field;

/**
 * Base of every field. A field describes one attribute: its column, how values convert and
 * validate, and which lookups apply. Instances are bound to a model by `attach()`.
 */
export abstract class Field<T = unknown, O extends FieldOptions<T> = FieldOptions<T>> {
  /** Phantom: the attribute's TypeScript type (before nullability). */
  declare readonly __type: T;
  /** Phantom: the options literal, from which nullability and optionality are read. */
  declare readonly __options: O;
  // A subclass whose writes and filters take more than `T` declares the phantom `__input` too
  // (DateTimeField: `Date | string | number`); reads keep `T`. See InputOf in models/types.ts.

  abstract readonly kind: ColumnKind;

  readonly options: O;
  /** Attribute name on the model (camelCase); set by `attach()`. */
  name = '';
  /** The instance attribute holding the value: the name, except for relations (`author` -> `authorId`). */
  attname = '';
  /** Column name (snake_case unless `dbColumn`); set by `attach()`. */
  column = '';
  owner: FieldOwner | undefined;

  private static lookupRegistry = new Map<FieldClass, Map<string, RegisteredLookup>>();

  constructor(options?: O) {
    this.options = (options ?? {}) as O;
  }

  get null(): boolean {
    return this.options.null === true;
  }

  get primaryKey(): boolean {
    return this.options.primaryKey === true;
  }

  get unique(): boolean {
    return this.options.unique === true || this.primaryKey;
  }

  get editable(): boolean {
    return this.options.editable !== false;
  }

  /** Auto-incremented by the database: omitted from INSERT when unset. */
  get isAuto(): boolean {
    return false;
  }

  /** Describes the column for the dialect's type map. */
  columnSpec(): ColumnSpec {
    return { kind: this.kind };
  }

  /** Binds the field to its model; abstract parents' fields are cloned first. */
  attach(name: string, owner: FieldOwner): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.includes('__')) {
      throw new ImproperlyConfigured(`${owner.name}: field name '${name}' must be an identifier without '__'`);
    }
    this.name = name;
    this.attname = name;
    this.column = this.options.dbColumn ?? snakeCase(name);
    this.owner = owner;
  }

  /**
   * The options that define the field, for migrations (Django's `deconstruct()` kwargs): those
   * given, unless a field spells one default in several ways and names it one way here.
   */
  definingOptions(): object {
    return this.options;
  }

  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    return Object.assign(copy, this, { name: '', attname: '', column: '', owner: undefined });
  }

  hasDefault(): boolean {
    return this.options.default !== undefined;
  }

  /**
   * The default for a new instance: calls a function default each time, and copies an object,
   * array, `Date` or `Buffer` default, so no instance can change what the next one (or the DDL) gets.
   */
  getDefault(): T | null | undefined {
    const value = this.options.default;
    if (value === undefined) return this.null ? null : undefined;
    return typeof value === 'function' ? (value as () => T)() : freshCopy(value);
  }

  /**
   * Converts what a user assigned (or a raw query returned) to the attribute's type; throws a
   * message string for values that cannot be converted.
   */
  toJs(value: unknown): T {
    return value as T;
  }

  /** The value `save()` writes; timestamp fields fill themselves here. */
  preSave(current: T | null | undefined, _adding: boolean): T | null | undefined {
    return current;
  }

  /** True when this field's class has its own `preSave()`: only those are asked before a write. */
  get fillsOnSave(): boolean {
    return this.preSave !== Field.prototype.preSave;
  }

  /** Empty values `blank: false` rejects. */
  isEmpty(value: unknown): boolean {
    return value === null || value === undefined || value === '';
  }

  /**
   * The limits of the column itself (integer range, `maxLength`, decimal digits): every write
   * enforces them, `fullClean()` or not, so no database ever truncates, rounds or refuses silently.
   */
  storageErrors(_value: T): string[] {
    return [];
  }

  /** Field-specific checks for `fullClean()`: the storage limits, plus formats (email, slug...). */
  check(value: T): string[] {
    return this.storageErrors(value);
  }

  /**
   * The one conversion every value bound for this column goes through (writes, filter values,
   * expression constants): the value exactly as the column will hold it, or a `ValidationError`
   * naming the model, the field and the value, raised before any SQL runs. Null passes through:
   * a NOT NULL column refuses it with an `IntegrityError`, as in Django.
   */
  toColumnValue(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    const converted = this.toLookupValue(value);
    const problems = this.storageErrors(converted);
    if (problems.length) throw this.invalid(problems.map((message) => `${message} (got ${valuePreview(value)})`));
    return converted;
  }

  /**
   * A filter value converted as the column's values are, or a `ValidationError`. Limits do not
   * apply: a string longer than `maxLength` is a valid question that matches nothing.
   */
  toLookupValue(value: unknown): T {
    try {
      return this.toJs(value);
    } catch (error) {
      throw this.invalid([error instanceof Error ? error.message : String(error)]);
    }
  }

  /**
   * A value the database itself cannot hold, found by its dialect's converter before any SQL
   * (PostgreSQL text cannot hold U+0000): the same `ValidationError`, naming the database.
   */
  refusedBy(databaseName: string, error: unknown): ValidationError {
    return this.invalid([`${error instanceof Error ? error.message : String(error)} on ${databaseName}`]);
  }

  /** A `ValidationError` keyed by this field, naming its model. */
  invalid(messages: string[]): ValidationError {
    return new ValidationError({ [this.name || '__all__']: messages }, this.owner ? { model: this.owner.name } : {});
  }

  /** All validation for one value, as `fullClean()` runs it. */
  validate(value: unknown): string[] {
    if (value === null || value === undefined) {
      return this.null ? [] : ['This field cannot be null.'];
    }
    if (this.isEmpty(value)) return this.options.blank ? [] : ['This field cannot be blank.'];
    let converted: T;
    try {
      converted = this.toJs(value);
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
    const messages = this.check(converted);
    if (this.options.choices && !this.isChoice(converted)) {
      messages.push(`Value ${JSON.stringify(converted)} is not a valid choice.`);
    }
    for (const validator of this.options.validators ?? []) {
      try {
        const message = validator(converted);
        if (message) messages.push(message);
      } catch (error) {
        messages.push(...messagesOf(error));
      }
    }
    return messages;
  }

  /**
   * Django's `Field.clean()`: the value converted to the attribute's type, or a `ValidationError`
   * keyed by the field's name with every message `validate()` finds.
   *
   * @example new IntegerField().clean('42') // 42
   */
  clean(value: unknown): T | null {
    const messages = this.validate(value);
    if (messages.length) throw new ValidationError({ [this.name || '__all__']: messages });
    return value === null || value === undefined ? null : this.toJs(value);
  }

  /**
   * Whether `value` is one of the choices, each side compared as the column holds it, so that a
   * value `save()` stores as a choice is one: `'1.5'` is the DecimalField choice `'1.50'`.
   */
  isChoice(value: T): boolean {
    const stored = this.choiceKey(value);
    return this.choiceValues().some((choice) => isDeepStrictEqual(this.choiceKey(choice), stored));
  }

  /** A choice (or value) in its stored form; one the field cannot convert is compared as written. */
  private choiceKey(value: unknown): unknown {
    try {
      return this.toColumnValue(value);
    } catch {
      return value;
    }
  }

  choiceValues(): T[] {
    return (this.options.choices ?? []).map((choice) =>
      Array.isArray(choice) ? (choice as readonly [T, string])[0] : (choice as T),
    );
  }

  /** Registers a lookup (or transform) for this field class and its subclasses. */
  static registerLookup(this: FieldClass, lookup: RegisteredLookup): void {
    let own = Field.lookupRegistry.get(this);
    if (!own) Field.lookupRegistry.set(this, (own = new Map()));
    own.set(lookup.lookupName, lookup);
  }

  /** Finds a lookup registered on this field's class or an ancestor class. */
  getLookup(name: string): RegisteredLookup | undefined {
    for (let cls = this.constructor as FieldClass; ; cls = Object.getPrototypeOf(cls)) {
      const found = Field.lookupRegistry.get(cls)?.get(name);
      if (found) return found;
      if (cls === (Field as unknown as FieldClass)) break;
    }
    return undefined;
  }

  /** Every lookup name usable on this field, for error messages. */
  lookupNames(): string[] {
    const names = new Set<string>();
    for (let cls = this.constructor as FieldClass; ; cls = Object.getPrototypeOf(cls)) {
      for (const name of Field.lookupRegistry.get(cls)?.keys() ?? []) names.add(name);
      if (cls === (Field as unknown as FieldClass)) break;
    }
    return [...names];
  }

  toString(): string {
    return this.owner ? `${this.owner.name}.${this.name}` : `<unbound ${this.constructor.name}>`;
  }
}

function freshCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T;
  // Instances of other classes stay shared: a clone would lose their prototype.
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  try {
    return structuredClone(value);
  } catch {
    // Only a default JSON cannot hold (a function inside) fails to clone; every write refuses it.
    return value;
  }
}

/** False for text with half of a UTF-16 pair (an emoji cut by `slice()`): no database stores it. */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** What a refusal of such text says after naming it. */
export const LONE_SURROGATE = 'contains a lone surrogate (half of a UTF-16 pair), which no database stores';

/** A rejected value as Django's messages quote it: `'abc' value must be an integer.` */
export function quoted(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `'${String(value)}'`;
  return valuePreview(value);
}

/** A short, unambiguous rendering of a rejected value for messages. */
export function valuePreview(value: unknown): string {
  // Django's quoting ('abc' value must be ...); long text is cut, control characters shown escaped.
  if (typeof value === 'string') return `'${escapeControls(value.length > 60 ? `${value.slice(0, 57)}...` : value)}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Buffer.isBuffer(value)) return `<Buffer of ${value.length} bytes>`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : `an object (${value.constructor?.name ?? 'null prototype'})`;
  return String(value);
}

function escapeControls(text: string): string {
  // Lone surrogates too: a terminal would show the half of an emoji as U+FFFD, hiding which one it was.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A validator's rejection as messages; a thrown `ValidationError` gives its own list. */
function messagesOf(error: unknown): string[] {
  if (error instanceof ValidationError) return Object.values(error.errors).flat();
  return [error instanceof Error ? error.message : String(error)];
}
