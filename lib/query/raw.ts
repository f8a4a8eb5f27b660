import type { Knex } from 'knex';
import type { Database } from '../connection/index.js';
import { FieldError, ProgrammingError } from '../errors.js';
import type { Field } from '../fields/index.js';
import type { ModelClass } from '../models/types.js';
import { hydrateInstances, sendPostInit, type HydrationPlan } from './hydrate.js';
import { stateMaker } from './fetch-mode.js';
import { resolveDatabase } from './writes.js';
import { argumentError, checkOptions, isPlainObject, requireString } from '../util/arguments.js';
import { choicesList } from '../util/naming.js';

export interface RawOptions {
  /** Result column -> attribute name, for columns named neither like a field's column nor its attribute. */
  readonly translations?: Readonly<Record<string, string>>;
  /** The connection alias to run on (default: the QuerySet's, else `default`). */
  readonly using?: string | null;
}

/**
 * Hand-written SQL whose rows become model instances, like Django's `Manager.raw()`. Values are
 * always bound (`?` placeholders), never spliced into the SQL. Columns are matched to fields by
 * column name (so `dbColumn` works) or attribute name; fields the query leaves out stay unset;
 * extra columns become plain attributes. Lazy and cached like a QuerySet.
 *
 * @example const old = await Author.objects.raw('SELECT * FROM authors WHERE age > ?', [60]);
 */
export class RawQuerySet<C extends ModelClass, R = InstanceType<C>> implements PromiseLike<R[]>, AsyncIterable<R> {
  private resultCache: R[] | undefined;

  constructor(
    readonly model: C,
    readonly sql: string,
    readonly params: readonly unknown[] = [],
    private readonly options: RawOptions = {},
  ) {
    requireString(sql, 'raw(): sql');
    if (!Array.isArray(params)) throw argumentError('raw(): params', 'an array of values bound to the ? placeholders', params);
    checkOptions(options, 'raw() options', ['translations', 'using']);
    if (options.using !== undefined && options.using !== null) requireString(options.using, 'raw(): using');
    checkPlaceholders(sql, params);
    checkTranslations(model, options.translations);
  }

  /** The same query on another connection. */
  using(alias: string): RawQuerySet<C, R> {
    requireString(alias, 'RawQuerySet.using(): alias');
    return new RawQuerySet<C, R>(this.model, this.sql, this.params, { ...this.options, using: alias });
  }

  get db(): Database {
    return resolveDatabase(this.options.using);
  }

  /** The SQL as the driver receives it, with its bound parameters. */
  toSQL(): { sql: string; bindings: readonly unknown[] } {
    const { sql, bindings } = this.compile(this.db).toSQL();
    return { sql, bindings };
  }

  /** Runs the query now (once; later calls return the cache). */
  async fetch(): Promise<R[]> {
    if (this.resultCache) return this.resultCache;
    const db = this.db;
    const { rows } = await db.run(this.compile(db));
    const plan = rawPlan(this.model, rows[0], db, this.options.translations ?? {});
    this.resultCache = hydrateInstances<R>(rows, plan, this.model.prototype, stateMaker(db.alias, 'one'));
    sendPostInit(this.resultCache as object[], this.model.prototype);
    return this.resultCache;
  }

  then<T1 = R[], T2 = never>(
    onFulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    return this.fetch().then(onFulfilled, onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    yield* await this.fetch();
  }

  private compile(db: Database): Knex.Raw {
    const toDatetime = db.dialect.toDb('datetime');
    // Dates bind in the dialect's storage format, as they do in filters.
    const bindings = this.params.map((value) => (value instanceof Date && toDatetime ? toDatetime(value) : value));
    return db.knex.raw(this.sql, bindings as Knex.RawBinding[]);
  }
}

/**
 * How many values the SQL binds, read as knex's raw parser reads it: `?` and `??` (an identifier)
 * take one each, `\\?` is a literal question mark. A mismatch fails here, before any SQL is sent.
 */
function checkPlaceholders(sql: string, params: readonly unknown[]): void {
  let count = 0;
  for (const match of sql.matchAll(/\\?\?\??/g)) if (match[0] !== '\\?') count++;
  if (count === params.length) return;
  throw new ProgrammingError(
    `raw(): the SQL has ${count} placeholder${count === 1 ? '' : 's'} but ${params.length} parameter${params.length === 1 ? ' was' : 's were'} given. Bind one value per '?' (write '\\?' for a literal question mark)`,
    { sql, bindings: params, cause: undefined },
  );
}

/** `translations` must map result columns to fields of the model: checked before the query runs. */
function checkTranslations(model: ModelClass, translations: unknown): void {
  if (translations === undefined) return;
  if (!isPlainObject(translations)) throw argumentError('raw(): translations', "an object of { column: 'fieldName' }", translations);
  const meta = model._meta;
  for (const [column, name] of Object.entries(translations)) {
    if (typeof name !== 'string') throw argumentError(`raw(): translations['${column}']`, 'a field name (a string)', name);
    if (!meta.maybeField(name)) {
      throw new FieldError(`raw() translations map '${column}' to '${name}', which is not a field of ${meta.name}.${choicesList(name, meta.fieldNames())}`);
    }
  }
}

/** Maps each result column to an attribute and converter, once per query. */
function rawPlan(model: ModelClass, sample: Record<string, unknown> | undefined, db: Database, translations: Readonly<Record<string, string>>): HydrationPlan {
  if (!sample) return { keys: [], attributes: [], converters: [] };
  const meta = model._meta;
  const byColumn = new Map<string, Field>(meta.fields.map((field) => [field.column, field]));
  const keys = Object.keys(sample);
  const attributes: string[] = [];
  const converters: HydrationPlan['converters'][number][] = [];
  for (const key of keys) {
    const translated = Object.hasOwn(translations, key) ? translations[key] : undefined;
    // Translations were checked against the fields when the RawQuerySet was made.
    const field = translated !== undefined ? meta.maybeField(translated) : (byColumn.get(key) ?? meta.maybeField(key));
    // An extra column becomes an attribute: it must not replace a method or the prototype.
    if (!field && (key === '__proto__' || key in model.prototype)) {
      throw new FieldError(`raw(): the result column '${key}' would replace ${meta.name}.prototype.${key} on each instance; alias it (AS another_name)`);
    }
    attributes.push(field ? field.name : key);
    converters.push(field ? db.dialect.fromDb(field.columnSpec()) : null);
  }
  if (!attributes.includes(meta.pk.name)) {
    throw new FieldError(`Raw query must include the primary key of ${meta.name} (column '${meta.pk.column}'); it returned: ${keys.join(', ')}`);
  }
  return { keys, attributes, converters };
}
