import type { Knex } from 'knex';
import type { ErrorClassification } from './error-classification.js';

/** Storage families a field maps to; each dialect gives every one a column type. */
export type ColumnKind =
  | 'auto' | 'bigauto' | 'char' | 'text' | 'integer' | 'bigint' | 'smallint' | 'positiveint'
  | 'float' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'time' | 'duration' | 'uuid'
  | 'json' | 'binary';

/** The kinds whose values are whole numbers (keys included). */
export const INTEGER_KINDS: ReadonlySet<ColumnKind> = new Set<ColumnKind>(['auto', 'bigauto', 'integer', 'bigint', 'smallint', 'positiveint']);

/** What a column type needs to know about its field. */
export interface ColumnSpec {
  readonly kind: ColumnKind;
  readonly maxLength?: number;
  readonly maxDigits?: number;
  readonly decimalPlaces?: number;
  /** A 64-bit integer read as a JS `bigint` (BigIntegerField `{ bigint: true }`), not a number. */
  readonly bigint?: boolean;
}

export type Converter = (value: unknown) => unknown;

/** Date/time parts the `year`, `month`, ... transforms extract. */
export type DatePart = 'year' | 'month' | 'day' | 'week_day' | 'hour' | 'minute' | 'second' | 'date';

/** Substring matches whose SQL differs per dialect. */
export type PatternMode = 'contains' | 'startswith' | 'endswith';

/** A SQL fragment with its bound values. */
/** Where an ORDER BY term puts NULLs; null leaves it to the database. */
export type NullsPlacement = 'first' | 'last' | null;

export interface SqlFragment {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

/** @internal */
export interface DriverChoice {
  /** knex client name, e.g. `better-sqlite3`. */
  readonly client: string;
  readonly connection: Knex.StaticConnectionConfig | Knex.Sqlite3ConnectionConfig | string;
}

/** @internal What each database's pool and sessions are configured with (`connect()`'s options, checked). */
export interface PoolSettings {
  readonly min?: number;
  readonly max?: number;
  readonly idleTimeoutMillis?: number;
  /** Each session's statement timeout; absent: none. */
  readonly statementTimeoutMillis?: number;
}

/** The statements that stream one query's rows through a named server-side cursor. */
export interface CursorStatements {
  readonly declare: string;
  readonly fetch: string;
  readonly close: string;
}

/** The isolation levels `atomic({ isolation })` accepts, as SQL spells them. */
export const ISOLATION_LEVELS = ['serializable', 'repeatable read', 'read committed'] as const;
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

/** What `selectForUpdate()` asked for; `tables` in `rowLockSql` are the quoted tables `of` named. */
export interface RowLock {
  readonly nowait: boolean;
  readonly skipLocked: boolean;
  /** PostgreSQL's `FOR NO KEY UPDATE`: does not block inserts of rows referencing the locked ones. */
  readonly noKey: boolean;
  /** Relation paths (`'self'` for the queried model) whose rows are locked; empty: every table read. */
  readonly of: readonly string[];
}

/**
 * Everything that differs between databases. Feature code asks these questions; only the files in
 * `lib/dialects/` know which database they are talking to.
 */
/**
 * What an INSERT does with a row whose unique key is taken (bulkCreate's conflict options), with
 * quoted column names: skip the row, or update `update` from the row offered. `anyColumn` is a
 * column a no-op update may name, for dialects without a skip clause.
 */
export type InsertConflictSpec =
  | { readonly kind: 'ignore'; readonly anyColumn: string }
  | { readonly kind: 'update'; readonly target: readonly string[]; readonly update: readonly string[] };

export interface Dialect {
  /** Human name used in error messages, e.g. "SQLite (better-sqlite3)". */
  readonly displayName: string;
  readonly vendor: 'sqlite' | 'postgres' | 'mysql';
  /** INSERT ... RETURNING works, so created rows' keys come back in the same statement. */
  readonly supportsReturning: boolean;
  /** The regex lookups can run (SQLite needs a user function only better-sqlite3 can register). */
  readonly supportsRegex: boolean;
  /** `LAG(x, n, fallback)` / `LEAD` take a fallback argument (MariaDB's do not). */
  readonly supportsOffsetDefault: boolean;
  /** JSON key paths may name keys containing `"` (SQLite before 3.45, which the sqlite3 driver bundles, reads none). */
  readonly readsQuotedJsonKeys: boolean;
  /** CUME_DIST() and PERCENT_RANK() return doubles (MariaDB's round to a 10-place decimal). */
  readonly supportsExactDistribution: boolean;
  /** A window over all rows must be ordered (by the table's key) for the query's other windows to come out right (MariaDB). */
  readonly orderWholeSetWindows: boolean;
  /** DDL statements can be rolled back inside a transaction. */
  readonly supportsTransactionalDdl: boolean;
  /** Foreign keys can be checked at commit (`DEFERRABLE INITIALLY DEFERRED`), so rows may arrive in any order. */
  readonly supportsDeferrableForeignKeys: boolean;
  /** A COMMIT refused by a deferred constraint leaves the transaction open (SQLite), so it must be rolled back. */
  readonly commitFailureKeepsTransaction: boolean;
  /** SQL asking the server's version, for flags that depend on it (run once per database); null when none do. */
  readonly versionSql: string | null;
  /** Adjusts the feature flags to the version `versionSql` reported. */
  adoptServerVersion(version: string): void;
  /** Largest number of bound parameters one statement may carry. */
  readonly maxQueryParams: number;
  /** Largest number of rows one multi-row INSERT may carry (SQLite: its compound-SELECT limit). */
  readonly maxInsertRows: number;

  /**
   * The clause `selectForUpdate()` appends (empty where the database has no row locks), or a
   * `NotSupportedError` naming the dialect for an option it lacks.
   */
  rowLockSql(lock: RowLock, tables: readonly string[]): string;
  /**
   * The `selectForUpdate()` options that lock the queried model's row and no other, for a read
   * that means only that row (`updateOrCreate()`): PostgreSQL refuses a plain FOR UPDATE over the
   * outer joins of a nullable `selectRelated()`, so it names its own table; elsewhere none.
   */
  readonly ownRowsLock: { readonly of?: readonly string[] };
  /**
   * Where the database has named server-side cursors (PostgreSQL), the statements that declare
   * one for `sql`, fetch `count` rows from it and close it; `withHold` keeps it open after the
   * transaction it was declared in (for streaming outside `atomic()`). Absent elsewhere.
   */
  cursorStatements?(name: string, sql: string, count: number, withHold: boolean): CursorStatements;
  /** The statements that open a transaction, at `isolation` or at the database's default level. */
  beginStatements(isolation: IsolationLevel | undefined): readonly string[];

  quoteName(identifier: string): string;
  /** A literal for DDL defaults, where bound parameters are not allowed. */
  quoteValue(value: string | number | boolean): string;
  columnType(spec: ColumnSpec): string;
  /** Extra column clause for auto-increment primary keys. */
  autoIncrementClause(kind: 'auto' | 'bigauto'): string;
  /** Whether a column of this kind may carry a literal DEFAULT in DDL. */
  allowsColumnDefault(kind: ColumnKind): boolean;
  /** What follows `INSERT INTO table` for a row that gives no column (every value is the default). */
  defaultValuesSql(): string;
  /** The clause after an INSERT's rows (before RETURNING) that resolves unique-key conflicts as `conflict` says. */
  insertConflictSql(conflict: InsertConflictSpec): string;
  /** Appended to CREATE TABLE (engine, charset). */
  tableSuffix(): string;
  /** Converts a JS value to what the driver binds; null when the driver takes the value as is. */
  toDb(kind: ColumnKind): Converter | null;
  /**
   * A column as conditions, orderings and expressions read it (not as SELECT returns it), for
   * storage that does not compare natively, e.g. exact decimals kept as text on SQLite.
   */
  columnOperand(sql: string, kind: ColumnKind): string;
  /**
   * A column as lookups compare it (`exact`, `gt`, `in`...): by default `columnOperand`. SQLite
   * normalises datetimes here, since other programs store them in several text forms.
   */
  comparisonOperand(sql: string, kind: ColumnKind): string;
  /**
   * A condition on the bare column that every row matching `lookupName` with `value` satisfies,
   * so an index can narrow the scan when `comparisonOperand` wraps the column; null when none.
   */
  indexRange(column: string, kind: ColumnKind, lookupName: string, value: unknown): SqlFragment | null;
  /**
   * Converts a value compared with a `columnOperand` (filter values, expression constants) to
   * what the driver binds; by default what `toDb` writes. Null when the driver takes it as is.
   */
  comparisonValue(kind: ColumnKind): Converter | null;
  /**
   * `lhs IN (...)` with the (converted, non-empty) values bound as one array where the database
   * compares with an array (`= ANY(?)`), else null and the lookup binds one placeholder per value.
   */
  inArray(lhs: string, values: readonly unknown[], kind: ColumnKind): SqlFragment | null;
  /**
   * Decimal arithmetic settled to `scale` places, the scale exact arithmetic gives it: unchanged
   * where the database computes decimals exactly; SQLite, which computes them as doubles, rounds
   * the binary error away (8.91 * 0.333 is 2.96703, not 2.9670300000000003).
   */
  settledDecimalSql(sql: string, scale: number): string;
  /** A quotient of decimals, never divided as integers ('10.00' / 4 is 2.5). */
  decimalQuotientSql(lhs: string, rhs: string): string;
  /**
   * A decimal constant of `scale` places in arithmetic, bound as text: unchanged where the
   * database reads the text as a decimal; MySQL/MariaDB would compute with it as a double.
   */
  decimalConstantSql(placeholder: string, scale: number): string;
  /**
   * A selected value (column or expression) as SELECT must read it for the driver to return it
   * exactly; `sql` unchanged for nearly every type. SQLite: 64-bit integers read as bigint are
   * selected as text, since its drivers return every integer as a double.
   */
  exactReadSql(sql: string, spec: ColumnSpec): string;
  /** Converts what the driver returns; null when no conversion is needed. */
  fromDb(spec: ColumnSpec): Converter | null;
  /** `lhs` contains / starts with / ends with `value`, matched literally (no wildcards). */
  patternMatch(mode: PatternMode, lhs: string, value: string, opts: { caseSensitive: boolean }): SqlFragment;
  /** `lhs` matches the regular expression `pattern` (bound, never spliced into the SQL). */
  regexMatch(lhs: string, pattern: string, opts: { caseSensitive: boolean }): SqlFragment;
  /** Case-insensitive equality that does not depend on the column's collation. */
  iexactSql(lhs: string, rhs: string): string;
  /**
   * Equality of exactly the same characters (case, accents and trailing spaces count), whatever
   * the column's collation or type says: tables Wren did not create may compare insensitively.
   */
  binaryExactSql(lhs: string, rhs: string): string;
  /** SQL extracting a date part from `lhs`; the result compares with numbers (or a date string). */
  extractSql(part: DatePart, lhs: string, kind: ColumnKind): string;
  /**
   * A database function by its `FunctionSpec` name, with its arguments' SQL. A name the dialect's
   * table lacks raises `NotSupportedError` naming the dialect, unless `generic` (a user's `Func`).
   */
  functionSql(name: string, args: readonly SqlFragment[], generic: boolean): SqlFragment;
  /** An aggregate call, `SUM(<arg>)` or `COUNT(DISTINCT <arg>)`. */
  aggregateSql(fn: string, arg: string, distinct?: boolean): string;
  /** `CAST(<sql> AS <type>)`, with a type the database's CAST accepts for that kind of field. */
  castSql(sql: string, spec: ColumnSpec): string;
  /** Division of two integer expressions, truncating toward zero as PostgreSQL and SQLite do. */
  integerDivisionSql(lhs: string, rhs: string): string;
  randomOrderSql(): string;
  /** `UNION ALL`, `INTERSECT`...: a NotSupportedError where the database lacks the ALL form (SQLite's INTERSECT/EXCEPT). */
  compoundOperator(operator: 'UNION' | 'INTERSECT' | 'EXCEPT', all: boolean): string;
  /** `<term> ASC|DESC`, with NULLs first or last when asked (`NULLS LAST`, or an IS NULL term before it where that is missing). */
  orderTermSql(term: SqlFragment, descending: boolean, nulls: NullsPlacement): SqlFragment;
  /** Prefix that asks for a query plan. */
  explainPrefix(): string;
  /** The rows of a `knex.raw()` result, whose shape differs per driver. */
  rawRows(result: unknown): Record<string, unknown>[];
  /** A placeholder whose type the database can infer where context does not say (CASE branches). */
  typedPlaceholder(spec: ColumnSpec): string;
  /**
   * What kind of failure a driver, knex or pool error is, with its code, SQLSTATE and errno; the
   * execution layer turns it into `IntegrityError`, `DataError`, `OperationalError`, ...
   */
  classifyError(error: unknown): ErrorClassification;
  /** @internal knex configuration plus what each pooled connection must run when it opens. */
  knexConfig(choice: DriverChoice, settings: PoolSettings): Knex.Config;
}
