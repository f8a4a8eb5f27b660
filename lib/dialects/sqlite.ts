import type { Knex } from 'knex';
import { canonicalTime, formatUtcTrimmed, parseUtc, toDate } from '../util/datetime.js';
import { canonicalDecimal, quantizeDecimal } from '../util/decimal.js';
import { NotSupportedError } from '../errors.js';
import { BaseDialect } from './base.js';
import { SQLITE3_FUNCTIONS, SQLITE_FUNCTIONS } from './functions/sqlite.js';
import { registerSqliteFunctions, type FunctionRegistry } from './functions/sqlite-registered.js';
import { sqliteAggregateName } from './functions/statistics.js';
import type { FunctionTable } from './functions/template.js';
import { sqliteDatetimeOperand, sqliteDatetimeRange } from './sqlite-datetime.js';
import { lowerAscii, sqlitePatternMatch } from './sqlite-patterns.js';
import type { ErrorClassification } from './error-classification.js';
import { classifySqliteError } from './sqlite-errors.js';
import type { ColumnKind, ColumnSpec, Converter, DatePart, DriverChoice, IsolationLevel, PatternMode, PoolSettings, RowLock, SqlFragment } from './dialect.js';

const COLUMN_TYPES: Record<ColumnKind, (spec: ColumnSpec) => string> = {
  auto: () => 'integer',
  bigauto: () => 'integer',
  char: (s) => `varchar(${s.maxLength})`,
  text: () => 'text',
  integer: () => 'integer',
  bigint: () => 'bigint',
  smallint: () => 'smallint',
  positiveint: () => 'integer unsigned',
  float: () => 'real',
  // Text keeps every digit (a decimal(p, s) column has NUMERIC affinity: REAL, 15 digits).
  decimal: () => 'text',
  boolean: () => 'bool',
  date: () => 'date',
  datetime: () => 'datetime',
  time: () => 'time',
  duration: () => 'bigint',
  uuid: () => 'char(36)',
  json: () => 'text',
  binary: () => 'blob',
};

/**
 * SQLite's CAST knows only storage classes; a declared type such as `datetime` would mean NUMERIC
 * and turn '2024-05-01' into 2024. Dates, times and decimals stay text, as Wren stores them.
 */
const CAST_TYPES: Record<ColumnKind, string> = {
  auto: 'INTEGER', bigauto: 'INTEGER', integer: 'INTEGER', bigint: 'INTEGER', smallint: 'INTEGER', positiveint: 'INTEGER',
  boolean: 'INTEGER', duration: 'INTEGER', float: 'REAL', decimal: 'TEXT', char: 'TEXT', text: 'TEXT', date: 'TEXT',
  datetime: 'TEXT', time: 'TEXT', uuid: 'TEXT', json: 'TEXT', binary: 'BLOB',
};

const DATE_FORMATS: Record<Exclude<DatePart, 'week_day' | 'date'>, string> = {
  year: '%Y', month: '%m', day: '%d', hour: '%H', minute: '%M', second: '%S',
};

const fromBoolean: Converter = (v) => v !== 0 && v !== '0';
const toBoolean: Converter = (v) => (v ? 1 : 0);
const fromDatetime: Converter = (v) => (v instanceof Date ? v : parseUtc(String(v)));
// Django's form ('YYYY-MM-DD HH:MM:SS[.ffffff]'); comparisons normalise both sides (sqlite-datetime.ts).
const toDatetime: Converter = (v) => formatUtcTrimmed(v as Date);
const toComparableDatetime: Converter = (v) => toDate(v).getTime();
const fromTime: Converter = canonicalTime;

/**
 * Stored decimals are canonical text ('1.5'), returned with the declared places ('1.50') as
 * elsewhere. A number is a value SQLite computed (an aggregate, arithmetic): it keeps every digit
 * it has, padded to the declared places but never cut to them, as PostgreSQL returns what
 * `F('total').div(7)` computed rather than the column's two places.
 */
function decimalReader(places: number): Converter {
  return (value) => {
    if (typeof value !== 'number') return quantizeDecimal(value, places);
    const text = canonicalDecimal(value) as string;
    const point = text.indexOf('.');
    return quantizeDecimal(text, Math.max(places, point < 0 ? 0 : text.length - point - 1));
  };
}

/** SQLite via better-sqlite3 (the default: faster, supports regex) or the async `sqlite3` driver. */
export class SqliteDialect extends BaseDialect {
  override readonly readsQuotedJsonKeys: boolean;
  /** better-sqlite3 has the JavaScript functions Wren registers on each connection; sqlite3 cannot register any. */
  protected readonly functions: FunctionTable;
  readonly vendor = 'sqlite' as const;
  readonly displayName: string;
  readonly supportsReturning = true;
  readonly supportsRegex: boolean;
  readonly supportsTransactionalDdl = true;
  readonly supportsDeferrableForeignKeys = true;
  override readonly commitFailureKeepsTransaction = true;
  override readonly maxQueryParams = 32766;

  constructor(readonly driver: 'better-sqlite3' | 'sqlite3') {
    super();
    this.displayName = `SQLite (${driver})`;
    this.supportsRegex = driver === 'better-sqlite3';
    // The sqlite3 driver bundles SQLite 3.44: its JSON paths match no key containing a double quote.
    this.readsQuotedJsonKeys = driver === 'better-sqlite3';
    this.functions = driver === 'better-sqlite3' ? SQLITE_FUNCTIONS : SQLITE3_FUNCTIONS;
  }

  /** StdDev and Variance through the aggregates registered on better-sqlite3 connections. */
  override aggregateSql(fn: string, arg: string, distinct = false): string {
    return super.aggregateSql(sqliteAggregateName(fn, this.driver === 'better-sqlite3', this.displayName), arg, distinct);
  }

  columnType(spec: ColumnSpec): string {
    return COLUMN_TYPES[spec.kind](spec);
  }

  /** SQLite has UNION ALL but no INTERSECT ALL / EXCEPT ALL. */
  override compoundOperator(operator: 'UNION' | 'INTERSECT' | 'EXCEPT', all: boolean): string {
    if (all && operator !== 'UNION') throw new NotSupportedError(`${operator === 'INTERSECT' ? 'intersection' : 'difference'}(..., { all: true }) is not supported on ${this.displayName}: it has no ${operator} ALL`);
    return super.compoundOperator(operator, all);
  }

  protected override castType(spec: ColumnSpec): string {
    return CAST_TYPES[spec.kind];
  }

  autoIncrementClause(): string {
    return 'PRIMARY KEY AUTOINCREMENT';
  }

  /**
   * SQLite has no row locks and no FOR UPDATE: nothing is added. Wren gives a SQLite database one
   * connection, which an atomic() block holds until it ends, so no other transaction of the process
   * reads or writes meanwhile: stronger than any row lock. `skipLocked` then skips nothing (no row
   * is locked by anyone else), `nowait` has no lock to refuse to wait for, `of` and `noKey` narrow
   * nothing.
   */
  rowLockSql(_lock: RowLock, _tables: readonly string[]): string {
    return '';
  }

  /** SQLite transactions are serializable: every level asked for is met, and none weaker exists to set. */
  beginStatements(_isolation: IsolationLevel | undefined): readonly string[] {
    return ['BEGIN'];
  }

  override toDb(kind: ColumnKind): Converter | null {
    if (kind === 'boolean') return toBoolean;
    if (kind === 'datetime') return toDatetime;
    // One text per number, so `unique` and `=` see '1.5' and '1.50' as the same value.
    if (kind === 'decimal') return canonicalDecimal;
    return super.toDb(kind);
  }

  /** better-sqlite3 reads every integer as a double: a value read as bigint is read as its exact text. */
  override exactReadSql(sql: string, spec: ColumnSpec): string {
    return spec.bigint ? `CAST(${sql} AS TEXT)` : sql;
  }

  /** Decimals are stored as text: compare and order them as numbers. */
  override columnOperand(sql: string, kind: ColumnKind): string {
    return kind === 'decimal' ? `CAST(${sql} AS NUMERIC)` : sql;
  }

  /** Datetimes compare in one normal form, so rows other programs wrote in another ISO form match. */
  override comparisonOperand(sql: string, kind: ColumnKind): string {
    return kind === 'datetime' ? sqliteDatetimeOperand(sql) : super.comparisonOperand(sql, kind);
  }

  override comparisonValue(kind: ColumnKind): Converter | null {
    return kind === 'datetime' ? toComparableDatetime : super.comparisonValue(kind);
  }

  override indexRange(column: string, kind: ColumnKind, lookupName: string, value: unknown): SqlFragment | null {
    return kind === 'datetime' ? sqliteDatetimeRange(column, lookupName, value) : null;
  }

  override fromDb(spec: ColumnSpec): Converter | null {
    switch (spec.kind) {
      case 'boolean':
        return fromBoolean;
      case 'datetime':
        return fromDatetime;
      case 'decimal':
        return decimalReader(spec.decimalPlaces ?? 0);
      case 'time':
        return fromTime;
      default:
        return super.fromDb(spec);
    }
  }

  /** Exact with U+0000 on either side, which LIKE and GLOB are not (see sqlite-patterns.ts). */
  override patternMatch(mode: PatternMode, lhs: string, value: string, opts: { caseSensitive: boolean }): SqlFragment {
    if (opts.caseSensitive) return sqlitePatternMatch(mode, lhs, value, { indexable: true });
    // The needle is lowered here, as lowerSql() lowers the column.
    const needle = this.driver === 'better-sqlite3' ? value.toLowerCase() : lowerAscii(value);
    return sqlitePatternMatch(mode, this.lowerSql(lhs), needle, { indexable: false });
  }

  /**
   * SQLite's LOWER() only folds ASCII, so with better-sqlite3 a registered JS function lowers
   * text instead ('É' matches 'é'); the sqlite3 driver cannot register one and stays ASCII-only.
   */
  protected override lowerSql(sql: string): string {
    return this.driver === 'better-sqlite3' ? `wren_lower(${sql})` : `LOWER(${sql})`;
  }

  /** A column declared `COLLATE NOCASE` (common in SQLite schemas) would ignore ASCII case. */
  override binaryExactSql(lhs: string, rhs: string): string {
    return `${lhs} = ${rhs} COLLATE BINARY`;
  }

  regexMatch(lhs: string, pattern: string, opts: { caseSensitive: boolean }): SqlFragment {
    return { sql: `wren_regexp(${lhs}, ?, ${opts.caseSensitive ? 0 : 1})`, bindings: [pattern] };
  }

  /**
   * better-sqlite3 binds every JS number as a REAL, and an integer divided by a REAL is a REAL:
   * the casts make `F('ms').div(1000)` divide as integers (both sides are known to be integral).
   */
  override integerDivisionSql(lhs: string, rhs: string): string {
    return `(CAST(${lhs} AS INTEGER) / CAST(${rhs} AS INTEGER))`;
  }

  /**
   * SQLite computes stored decimals as doubles: the compiler settles decimal arithmetic to the
   * places exact arithmetic gives it (8.91 * 0.333 is 2.96703, not 2.9670300000000003), with the
   * ROUND that rounds the decimal form (`wren_round` on better-sqlite3).
   */
  override settledDecimalSql(sql: string, scale: number): string {
    return this.functionSql('ROUND', [{ sql, bindings: [] }, { sql: String(scale), bindings: [] }], false).sql;
  }

  /** CAST(... AS NUMERIC) makes '10.00' the integer 10, and 10 / 4 would be 2. */
  override decimalQuotientSql(lhs: string, rhs: string): string {
    return `(CAST(${lhs} AS REAL) / ${rhs})`;
  }

  extractSql(part: DatePart, lhs: string): string {
    if (part === 'date') return `date(${lhs})`;
    if (part === 'week_day') return `(CAST(strftime('%w', ${lhs}) AS integer) + 1)`;
    return `CAST(strftime('${DATE_FORMATS[part]}', ${lhs}) AS integer)`;
  }

  override explainPrefix(): string {
    return 'EXPLAIN QUERY PLAN';
  }

  rawRows(result: unknown): Record<string, unknown>[] {
    return Array.isArray(result) ? result : [];
  }

  randomOrderSql(): string {
    return 'RANDOM()';
  }

  protected classifyDriverError(error: unknown): ErrorClassification {
    return classifySqliteError(error);
  }

  /**
   * One connection, whatever `pool` says: SQLite allows one writer at a time, and a second
   * connection to `:memory:` would be another database. A statement timeout cannot be had: the
   * drivers have no way to interrupt a running statement.
   */
  knexConfig(choice: DriverChoice, settings: PoolSettings): Knex.Config {
    if (settings.statementTimeoutMillis !== undefined) {
      throw new NotSupportedError(`statementTimeoutMillis is not supported on ${this.displayName}: SQLite cannot interrupt a running statement`);
    }
    return {
      client: choice.client,
      connection: choice.connection,
      useNullAsDefault: true,
      pool: { min: 1, max: 1, afterCreate: (conn: unknown, done: (err: Error | null, conn: unknown) => void) => this.prepareConnection(conn, done) },
    };
  }

  private prepareConnection(conn: unknown, done: (err: Error | null, conn: unknown) => void): void {
    if (this.driver === 'better-sqlite3') {
      const db = conn as { pragma(sql: string): unknown; function(name: string, opts: object, fn: (...args: unknown[]) => unknown): void };
      db.pragma('foreign_keys = ON');
      db.function('wren_regexp', { deterministic: true }, regexpFunction);
      db.function('wren_lower', { deterministic: true }, lowerFunction);
      registerSqliteFunctions(conn as FunctionRegistry);
      cachePreparedStatements(conn as PreparingConnection);
      done(null, conn);
      return;
    }
    const db = conn as { run(sql: string, cb: (err: Error | null) => void): void };
    db.run('PRAGMA foreign_keys = ON', (err) => done(err, conn));
  }
}

function lowerFunction(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

const regexCache = new Map<string, RegExp>();

function regexpFunction(value: unknown, pattern: unknown, insensitive: unknown): number | null {
  if (value === null || pattern === null) return null;
  const key = `${insensitive ? 'i' : ''}/${String(pattern)}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(String(pattern), insensitive ? 'iu' : 'u');
    regexCache.set(key, re);
  }
  return re.test(String(value)) ? 1 : 0;
}

interface PreparingConnection {
  prepare(sql: string): unknown;
}

/** Enough for every query shape an application repeats; the oldest statement goes first when full. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * knex prepares a better-sqlite3 statement for every query, which costs about as much as running
 * a short one. Wren's SQL for a query shape is the same string each time (values are bound), so
 * statements are kept per connection and reused. A statement is synchronous and finishes before
 * the next query starts, so sharing one is safe.
 */
function cachePreparedStatements(connection: PreparingConnection): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statements.set(sql, statement);
    }
    return statement;
  };
}
