import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { parseUtc, toDate } from '../util/datetime.js';
import { BaseDialect } from './base.js';
import { POSTGRES_FUNCTIONS } from './functions/postgres.js';
import { isStatistic } from './functions/statistics.js';
import { parseInt8 } from './integers.js';
import type { ErrorClassification } from './error-classification.js';
import { classifyPostgresError } from './postgres-errors.js';
import { INTEGER_KINDS, type CursorStatements, type ColumnKind, ColumnSpec, Converter, DatePart, DriverChoice, IsolationLevel, PatternMode, PoolSettings, RowLock, SqlFragment } from './dialect.js';

const COLUMN_TYPES: Record<ColumnKind, (spec: ColumnSpec) => string> = {
  auto: () => 'serial',
  bigauto: () => 'bigserial',
  char: (s) => `varchar(${s.maxLength})`,
  text: () => 'text',
  integer: () => 'integer',
  bigint: () => 'bigint',
  smallint: () => 'smallint',
  positiveint: () => 'integer',
  float: () => 'double precision',
  decimal: (s) => `numeric(${s.maxDigits}, ${s.decimalPlaces})`,
  boolean: () => 'boolean',
  date: () => 'date',
  datetime: () => 'timestamp with time zone',
  time: () => 'time',
  duration: () => 'bigint',
  uuid: () => 'uuid',
  json: () => 'jsonb',
  binary: () => 'bytea',
};

const EXTRACT_FIELDS: Record<Exclude<DatePart, 'date'>, string> = {
  year: 'YEAR', month: 'MONTH', day: 'DAY', week_day: 'DOW', hour: 'HOUR', minute: 'MINUTE', second: 'SECOND',
};

// Type OIDs whose default pg parsing would lose information or change type.
/** The kinds whose converted values node-postgres writes exactly into an array literal, for `inArray`. */
const ARRAY_IN_KINDS: ReadonlySet<ColumnKind> = new Set<ColumnKind>([...INTEGER_KINDS, 'char', 'text', 'uuid']);

const PG_INT8 = 20;
const PG_DATE = 1082;
const PG_JSON = 114;
const PG_JSONB = 3802;
const PG_NUMERIC = 1700;
const PG_TIMESTAMP = 1114;
const identity = (value: string): string => value;

/**
 * node-postgres sends a `Date` as local time with the process's offset. A `timestamp without
 * time zone` column drops the offset and would keep the local wall time, so datetimes are sent
 * as UTC text ('...Z'): such a column stores the UTC wall time, and `timestamptz` the same instant.
 */
const toUtcIso: Converter = (value) => toDate(value).toISOString();

/**
 * `timestamp without time zone` text has no zone: it is UTC, as all zoneless text in Wren (pg
 * would read it in the process's zone). 'infinity' and BC dates keep pg's own reading.
 */
function parseTimestamp(text: string): unknown {
  const date = parseUtc(text);
  return Number.isNaN(date.getTime()) ? defaultParser(PG_TIMESTAMP)(text) : date;
}

/** PostgreSQL through node-postgres. Sessions run in UTC so date transforms read UTC parts. */
export class PostgresDialect extends BaseDialect {
  protected readonly functions = POSTGRES_FUNCTIONS;
  readonly vendor = 'postgres' as const;
  readonly displayName = 'PostgreSQL';
  readonly supportsReturning = true;
  readonly supportsRegex = true;
  readonly supportsTransactionalDdl = true;
  readonly supportsDeferrableForeignKeys = true;
  override readonly maxQueryParams = 65535;

  columnType(spec: ColumnSpec): string {
    return COLUMN_TYPES[spec.kind](spec);
  }

  override quoteValue(value: string | number | boolean): string {
    return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : super.quoteValue(value);
  }

  autoIncrementClause(): string {
    return 'PRIMARY KEY';
  }

  override readonly ownRowsLock = { of: ['self'] };

  /** PostgreSQL has every option: `OF` names the tables (or join aliases) whose rows are locked. */
  rowLockSql(lock: RowLock, tables: readonly string[]): string {
    return this.forUpdateSql(lock, tables);
  }

  /**
   * NO SCROLL: rows are read forwards once, which lets the server stream them. A WITH HOLD cursor
   * outlives its (implicit) transaction, so it works outside atomic() too.
   */
  cursorStatements(name: string, sql: string, count: number, withHold: boolean): CursorStatements {
    const quoted = this.quoteName(name);
    return {
      declare: `DECLARE ${quoted} NO SCROLL CURSOR${withHold ? ' WITH HOLD' : ''} FOR ${sql}`,
      fetch: `FETCH FORWARD ${count} FROM ${quoted}`,
      close: `CLOSE ${quoted}`,
    };
  }

  beginStatements(isolation: IsolationLevel | undefined): readonly string[] {
    return [isolation ? `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}` : 'BEGIN'];
  }

  /** PostgreSQL text and jsonb cannot hold U+0000: refused before any SQL rather than by the server. */
  override toDb(kind: ColumnKind): Converter | null {
    if (kind === 'char' || kind === 'text') return refuseNul;
    if (kind === 'json') return refuseJsonNul;
    if (kind === 'datetime') return toUtcIso;
    return super.toDb(kind);
  }

  override fromDb(spec: ColumnSpec): Converter | null {
    if (spec.kind === 'positiveint' || spec.kind === 'integer') return null;
    return super.fromDb(spec);
  }

  /**
   * `IN` as `= ANY(?)` with one array parameter, for the kinds whose values node-postgres writes
   * into an array literal exactly (integers, text, uuid): a prefetch of 500 keys binds one value
   * instead of 500, and its SQL is the same whatever the number of keys, so the server parses one
   * short statement. The array's type is the column's, inferred by the server from `lhs`.
   */
  override inArray(lhs: string, values: readonly unknown[], kind: ColumnKind): SqlFragment | null {
    return ARRAY_IN_KINDS.has(kind) ? { sql: `${lhs} = ANY(?)`, bindings: [values] } : null;
  }

  /** `citext` columns compare case-insensitively; as `text` they compare characters. */
  override binaryExactSql(lhs: string, rhs: string): string {
    return `(${lhs})::text = (${rhs})::text`;
  }

  /** Refused as `exact` refuses it: the server would reject the statement. */
  override patternMatch(mode: PatternMode, lhs: string, value: string, opts: { caseSensitive: boolean }): SqlFragment {
    if (value.includes('\u0000')) throw new Error(`${NUL_MESSAGE} or searched for`);
    return super.patternMatch(mode, lhs, value, opts);
  }

  regexMatch(lhs: string, pattern: string, opts: { caseSensitive: boolean }): SqlFragment {
    return { sql: `(${lhs})::text ${opts.caseSensitive ? '~' : '~*'} ?`, bindings: [pattern] };
  }

  /** The cast lets text lookups run on uuid columns too (varchar to text is free). */
  protected override lowerSql(sql: string): string {
    return `LOWER((${sql})::text)`;
  }

  protected override caseSensitiveLike(lhs: string): string {
    return `(${lhs})::text LIKE ? ESCAPE '\\'`;
  }

  extractSql(part: DatePart, lhs: string): string {
    if (part === 'date') return `(${lhs})::date`;
    if (part === 'week_day') return `(EXTRACT(DOW FROM ${lhs}) + 1)`;
    if (part === 'second') return `FLOOR(EXTRACT(SECOND FROM ${lhs}))`;
    return `EXTRACT(${EXTRACT_FIELDS[part]} FROM ${lhs})`;
  }

  /** StdDev and Variance over doubles, as the other dialects compute them (numeric would differ in the last digits). */
  override aggregateSql(fn: string, arg: string, distinct = false): string {
    return super.aggregateSql(fn, isStatistic(fn) ? `CAST(${arg} AS double precision)` : arg, distinct);
  }

  /** PostgreSQL cannot infer a CASE branch's type from an untyped parameter. */
  override typedPlaceholder(spec: ColumnSpec): string {
    return this.castSql('?', spec);
  }

  rawRows(result: unknown): Record<string, unknown>[] {
    return (result as { rows?: Record<string, unknown>[] }).rows ?? [];
  }

  randomOrderSql(): string {
    return 'RANDOM()';
  }

  protected classifyDriverError(error: unknown): ErrorClassification {
    return classifyPostgresError(error);
  }

  knexConfig(choice: DriverChoice, settings: PoolSettings): Knex.Config {
    const base = typeof choice.connection === 'string' ? { connectionString: choice.connection } : choice.connection;
    // statement_timeout cancels a statement running longer (SQLSTATE 57014, an OperationalError).
    const timeout = settings.statementTimeoutMillis === undefined ? '' : `; SET statement_timeout = ${settings.statementTimeoutMillis}`;
    return {
      client: choice.client,
      connection: { ...base, types: { getTypeParser: pgTypeParser } } as Knex.StaticConnectionConfig,
      pool: {
        min: settings.min ?? 0,
        max: settings.max ?? 10,
        ...(settings.idleTimeoutMillis === undefined ? {} : { idleTimeoutMillis: settings.idleTimeoutMillis }),
        afterCreate: (conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) =>
          conn.query(`SET TIME ZONE 'UTC'${timeout}`, (err) => done(err, conn)),
      },
    };
  }
}

const NUL_MESSAGE = 'Text containing the NUL character (U+0000) cannot be stored';

const refuseNul: Converter = (value) => {
  if (typeof value === 'string' && value.includes('\u0000')) throw new Error(NUL_MESSAGE);
  return value;
};

// JSON.stringify writes U+0000 as the escape \u0000 and a backslash as \\: a real NUL is an
// escape after an even number of backslashes, and '\\u0000' (six characters) is none.
const JSON_NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

const refuseJsonNul: Converter = (value) => {
  const text = JSON.stringify(value);
  if (JSON_NUL_ESCAPE.test(text)) throw new Error(`JSON ${NUL_MESSAGE.charAt(0).toLowerCase()}${NUL_MESSAGE.slice(1)}`);
  return text;
};

type TypeParsers = { getTypeParser(oid: number, format?: string): (value: string) => unknown };
let defaultParsers: TypeParsers | undefined;

/** Per-connection type parsers, so Wren never changes node-postgres's global parsers. */
function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === PG_INT8) return parseInt8;
  if (oid === PG_DATE || oid === PG_JSON || oid === PG_JSONB || oid === PG_NUMERIC) return identity;
  if (oid === PG_TIMESTAMP && format !== 'binary') return parseTimestamp;
  return defaultParser(oid, format);
}

function defaultParser(oid: number, format?: string): (value: string) => unknown {
  // pg is an optional peer dependency, loaded only once a PostgreSQL connection exists.
  defaultParsers ??= (createRequire(import.meta.url)('pg') as { types: TypeParsers }).types;
  return defaultParsers.getTypeParser(oid, format);
}
