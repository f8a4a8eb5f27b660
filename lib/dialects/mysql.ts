import type { Knex } from 'knex';
import { canonicalTime, formatUtc, parseUtc, toDate } from '../util/datetime.js';
import { BaseDialect } from './base.js';
import { MYSQL_FUNCTIONS } from './functions/mysql.js';
import { STATISTICS, isStatistic } from './functions/statistics.js';
import type { ErrorClassification } from './error-classification.js';
import { classifyMysqlError } from './mysql-errors.js';
import { NotSupportedError } from '../errors.js';
import type { ColumnKind, ColumnSpec, Converter, DatePart, DriverChoice, InsertConflictSpec, IsolationLevel, PoolSettings, RowLock, NullsPlacement, SqlFragment } from './dialect.js';

const COLUMN_TYPES: Record<ColumnKind, (spec: ColumnSpec) => string> = {
  auto: () => 'integer',
  bigauto: () => 'bigint',
  char: (s) => `varchar(${s.maxLength})`,
  text: () => 'longtext',
  integer: () => 'integer',
  bigint: () => 'bigint',
  smallint: () => 'smallint',
  positiveint: () => 'integer UNSIGNED',
  float: () => 'double precision',
  decimal: (s) => `numeric(${s.maxDigits}, ${s.decimalPlaces})`,
  boolean: () => 'bool',
  date: () => 'date',
  datetime: () => 'datetime(6)',
  time: () => 'time(6)',
  duration: () => 'bigint',
  uuid: () => 'char(36)',
  json: () => 'json',
  binary: () => 'longblob',
};

/** MySQL's CAST takes its own type names (SIGNED, CHAR, DOUBLE...), not column types. */
const CAST_TYPES: Record<ColumnKind, (spec: ColumnSpec) => string> = {
  auto: () => 'SIGNED', bigauto: () => 'SIGNED', integer: () => 'SIGNED', bigint: () => 'SIGNED', smallint: () => 'SIGNED',
  positiveint: () => 'UNSIGNED', boolean: () => 'SIGNED', duration: () => 'SIGNED', float: () => 'DOUBLE',
  decimal: (s) => `DECIMAL(${s.maxDigits}, ${s.decimalPlaces})`, char: (s) => `CHAR(${s.maxLength})`, text: () => 'CHAR',
  date: () => 'DATE', datetime: () => 'DATETIME(6)', time: () => 'TIME(6)', uuid: () => 'CHAR(36)', json: () => 'JSON', binary: () => 'BINARY',
};

const EXTRACT_FUNCTIONS: Record<Exclude<DatePart, 'date'>, string> = {
  year: 'YEAR', month: 'MONTH', day: 'DAYOFMONTH', week_day: 'DAYOFWEEK', hour: 'HOUR', minute: 'MINUTE', second: 'SECOND',
};

/**
 * Every session is strict, whatever the server's default: a value the column cannot hold (too
 * long, out of range, not a date) is an error, never silently truncated or zeroed. The list
 * replaces the server's, so modes that change how Wren's SQL reads (ANSI_QUOTES,
 * PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES) are off. READ COMMITTED, Django's default for MySQL,
 * lets a transaction see rows other transactions committed after it began: getOrCreate() finds
 * the row a concurrent caller created instead of failing on its unique key.
 */
const SQL_MODE = 'STRICT_ALL_TABLES,STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
const SESSION_SETUP = [
  `SET time_zone = '+00:00', SESSION sql_mode = '${SQL_MODE}'`,
  // Its own statement: `SET TRANSACTION` does not combine with other variables (and the variable's
  // name differs between MySQL and MariaDB versions).
  'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
];

type SessionConnection = { query(sql: string, cb: (err: (Error & { errno?: number }) | null) => void): void };
type SessionDone = (err: Error | null, conn: unknown) => void;

/** Runs the session statements one after another on a new connection, then hands it to the pool. */
function setUpSession(conn: SessionConnection, statementTimeoutMillis: number | undefined, done: SessionDone, index = 0): void {
  const sql = SESSION_SETUP[index];
  if (sql === undefined) return setStatementTimeout(conn, statementTimeoutMillis, done);
  conn.query(sql, (err) => (err ? done(err, conn) : setUpSession(conn, statementTimeoutMillis, done, index + 1)));
}

/**
 * MariaDB's max_statement_time (seconds; any statement, error 1969) or, where the server does not
 * know it (MySQL: unknown variable, 1193), MySQL's max_execution_time (milliseconds; SELECTs only).
 */
function setStatementTimeout(conn: SessionConnection, millis: number | undefined, done: SessionDone): void {
  if (millis === undefined) return done(null, conn);
  conn.query(`SET SESSION max_statement_time = ${millis / 1000}`, (err) => {
    if (err?.errno !== 1193) return done(err, conn);
    conn.query(`SET SESSION max_execution_time = ${millis}`, (fallbackError) => done(fallbackError, conn));
  });
}

const fromBoolean: Converter = (v) => v !== 0 && v !== '0';
const fromDatetime: Converter = (v) => (v instanceof Date ? v : parseUtc(String(v)));
/**
 * mysql2 parses datetimes straight from the wire (see knexConfig) and reads years below 100 as
 * 19xx, so those are refused before any SQL rather than read back changed. Takes what the other
 * dialects' converters take (a `Date`, epoch milliseconds, ISO text): DDL defaults arrive as written.
 */
const toDatetime: Converter = (v) => {
  const date = toDate(v);
  if (date.getUTCFullYear() < 100) throw new Error('A datetime before the year 100 cannot be stored (mysql2 would read it back as 19xx)');
  return formatUtc(date);
};
const toComparedDatetime: Converter = (v) => formatUtc(v as Date);

/**
 * MySQL and MariaDB through mysql2. Tables use the binary utf8mb4 collation so that equality,
 * `contains` and ordering respect case as on the other dialects; the i-lookups lower both sides.
 */
/** The most places a MySQL DECIMAL holds (MariaDB: 38). */
const MAX_DECIMAL_SCALE = 30;

/** A decimal as MySQL returns it, except that a negative zero (`'-0.00'`) loses its sign. */
const unsignedZero: Converter = (value) => (typeof value === 'string' && value.startsWith('-') && /^-0*\.?0*$/.test(value) ? value.slice(1) : value);

export class MysqlDialect extends BaseDialect {
  protected readonly functions = MYSQL_FUNCTIONS;
  readonly vendor = 'mysql' as const;
  readonly displayName = 'MySQL/MariaDB';
  /** MariaDB 10.5+ has INSERT ... RETURNING; MySQL has not. Known once the server reports its version. */
  supportsReturning = false;
  override readonly versionSql = 'SELECT VERSION() AS version';
  readonly supportsRegex = true;
  readonly supportsTransactionalDdl = false;
  readonly supportsDeferrableForeignKeys = false;
  override readonly maxQueryParams = 65535;

  /**
   * A binary collation that does not pad: with PAD SPACE (`utf8mb4_bin`) `'Ann ' = 'Ann'` holds,
   * unlike on the other databases. MariaDB 10.2+ and MySQL 8.0+ have NO PAD binary collations.
   */
  private collation = 'utf8mb4_bin';

  /** Which server answered, for the row-lock options each has (see `rowLockSql`). */
  private server: { readonly mariadb: boolean; readonly version: number } = { mariadb: true, version: 0 };

  /** MySQL 8's LAG/LEAD take a fallback; MariaDB's take two arguments only. Known once the server reports its version. */
  override supportsOffsetDefault = false;
  /** MariaDB's CUME_DIST()/PERCENT_RANK() are 10-place decimals; MySQL 8's are doubles. */
  override supportsExactDistribution = false;
  /**
   * MariaDB 10.11 computes a query's other windows wrongly when one spans all rows unordered:
   * beside COUNT(*) OVER (), ROW_NUMBER() OVER (ORDER BY pages) numbered rows in another window's
   * order and SUM(x) OVER (PARTITION BY a) summed single rows (PARTITION BY NULL does the same).
   * Ordered by the key, over a frame of every row, the window means the same and comes out right.
   */
  override readonly orderWholeSetWindows = true;

  override adoptServerVersion(version: string): void {
    const mariadb = /^(?:5\.5\.5-)?(\d+)\.(\d+)\.\d+-MariaDB/i.exec(version);
    const [major, minor] = (mariadb ?? /^(\d+)\.(\d+)/.exec(version) ?? [0, 0, 0]).slice(1).map(Number) as [number, number];
    this.server = { mariadb: mariadb !== null, version: major * 100 + minor };
    this.supportsReturning = mariadb !== null && major * 100 + minor >= 1005;
    this.supportsOffsetDefault = mariadb === null;
    this.supportsExactDistribution = mariadb === null;
    if (mariadb && major * 100 + minor >= 1002) this.collation = 'utf8mb4_nopad_bin';
    else if (!mariadb && major >= 8) this.collation = 'utf8mb4_0900_bin';
  }

  override quoteName(identifier: string): string {
    return `\`${identifier.replace(/`/g, '``')}\``;
  }

  override quoteValue(value: string | number | boolean): string {
    if (typeof value !== 'string') return super.quoteValue(value);
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }

  columnType(spec: ColumnSpec): string {
    return COLUMN_TYPES[spec.kind](spec);
  }

  protected override castType(spec: ColumnSpec): string {
    return CAST_TYPES[spec.kind](spec);
  }

  autoIncrementClause(): string {
    return 'AUTO_INCREMENT PRIMARY KEY';
  }

  /**
   * `FOR UPDATE`, with `NOWAIT` (MariaDB 10.3+, MySQL 8.0+), `SKIP LOCKED` (MariaDB 10.6+, MySQL
   * 8.0+) and `OF` (MySQL 8.0+ only). Neither server has PostgreSQL's `FOR NO KEY UPDATE`.
   */
  rowLockSql(lock: RowLock, tables: readonly string[]): string {
    const { mariadb, version } = this.server;
    const server = mariadb ? 'MariaDB' : 'MySQL';
    const refuse = (option: string, need: string) => new NotSupportedError(`selectForUpdate({ ${option} }) is not supported on ${this.displayName}: ${need} (this server: ${server} ${Math.floor(version / 100)}.${version % 100})`);
    if (lock.noKey) throw refuse('noKey', 'FOR NO KEY UPDATE exists only on PostgreSQL');
    if (tables.length && (mariadb || version < 800)) throw refuse('of', 'FOR UPDATE OF needs MySQL 8.0 (MariaDB has no OF clause)');
    if (lock.nowait && version < (mariadb ? 1003 : 800)) throw refuse('nowait', 'NOWAIT needs MariaDB 10.3 or MySQL 8.0');
    if (lock.skipLocked && version < (mariadb ? 1006 : 800)) throw refuse('skipLocked', 'SKIP LOCKED needs MariaDB 10.6 or MySQL 8.0');
    return this.forUpdateSql(lock, tables);
  }

  /** `SET TRANSACTION` without a scope sets the level of the next transaction only, then `BEGIN` opens it. */
  beginStatements(isolation: IsolationLevel | undefined): readonly string[] {
    return isolation ? [`SET TRANSACTION ISOLATION LEVEL ${isolation.toUpperCase()}`, 'BEGIN'] : ['BEGIN'];
  }

  /** MySQL before 8.0.13 rejects DEFAULT on TEXT, BLOB and JSON columns. */
  override allowsColumnDefault(kind: ColumnKind): boolean {
    return kind !== 'text' && kind !== 'binary' && kind !== 'json';
  }

  override defaultValuesSql(): string {
    return '() values ()';
  }

  /**
   * `ON DUPLICATE KEY UPDATE`, which has no conflict target (bulkCreate checks the target is the
   * only key rows can collide on). Skipping is a no-op update rather than `INSERT IGNORE`, which
   * would also turn other errors (a missing foreign key, a NOT NULL column) into warnings.
   */
  override insertConflictSql(conflict: InsertConflictSpec): string {
    if (conflict.kind === 'ignore') return ` on duplicate key update ${conflict.anyColumn} = ${conflict.anyColumn}`;
    return ` on duplicate key update ${conflict.update.map((column) => `${column} = values(${column})`).join(', ')}`;
  }

  override tableSuffix(): string {
    return ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${this.collation}`;
  }

  override toDb(kind: ColumnKind): Converter | null {
    if (kind === 'datetime') return toDatetime;
    return super.toDb(kind);
  }

  /** A filter may compare with any datetime, even one no row can hold. */
  override comparisonValue(kind: ColumnKind): Converter | null {
    if (kind === 'datetime') return toComparedDatetime;
    return super.comparisonValue(kind);
  }

  override fromDb(spec: ColumnSpec): Converter | null {
    if (spec.kind === 'boolean') return fromBoolean;
    if (spec.kind === 'datetime') return fromDatetime;
    // time(6) pads the fraction: '12:34:56.789000' -> '12:34:56.789', as PostgreSQL returns it.
    if (spec.kind === 'time') return canonicalTime;
    // MOD(-4.00, 2) is '-0.00' here; a decimal zero has no sign on PostgreSQL or SQLite.
    if (spec.kind === 'decimal') return unsignedZero;
    return super.fromDb(spec);
  }

  protected override caseSensitiveLike(lhs: string): string {
    return `${lhs} LIKE BINARY ?`;
  }

  /**
   * Both sides lowered, then compared as bytes: a case- or accent-insensitive column collation
   * cannot widen the match, and binary `=` does not ignore trailing spaces as PAD SPACE does.
   */
  protected override caseInsensitiveLike(lhs: string): string {
    return `LOWER(${lhs}) LIKE BINARY LOWER(?)`;
  }

  override iexactSql(lhs: string, rhs: string): string {
    return `LOWER(${lhs}) = BINARY LOWER(${rhs})`;
  }

  /**
   * Compared as UTF-8 bytes: a `_ci` column (tables Wren did not create) would ignore case and
   * accents, and a PAD SPACE one trailing spaces; binary strings do neither. The column is first
   * converted to utf8mb4, as the bound value is, so a latin1 column compares by its characters.
   * No index on the column can serve this comparison.
   */
  override binaryExactSql(lhs: string, rhs: string): string {
    return `CAST(CONVERT(${lhs} USING utf8mb4) AS BINARY) = CAST(${rhs} AS BINARY)`;
  }

  protected override likeEscape(): string {
    return '';
  }

  regexMatch(lhs: string, pattern: string, opts: { caseSensitive: boolean }): SqlFragment {
    // Inline flags work on both MySQL's ICU and MariaDB's PCRE engines, whatever the collation.
    // The flag is bound too: a literal '?' in the SQL would read as a placeholder.
    return { sql: `${lhs} REGEXP CONCAT(?, ?)`, bindings: [opts.caseSensitive ? '(?-i)' : '(?i)', pattern] };
  }

  extractSql(part: DatePart, lhs: string): string {
    if (part === 'date') return `DATE(${lhs})`;
    return `${EXTRACT_FUNCTIONS[part]}(${lhs})`;
  }

  /** No NULLS FIRST/LAST: `(x IS NULL)` sorts first, 0 before 1, so NULLs come last ascending. */
  override orderTermSql(term: SqlFragment, descending: boolean, nulls: NullsPlacement): SqlFragment {
    if (!nulls) return super.orderTermSql(term, descending, null);
    return {
      sql: `(${term.sql} IS NULL) ${nulls === 'last' ? 'ASC' : 'DESC'}, ${term.sql} ${descending ? 'DESC' : 'ASC'}`,
      bindings: [...term.bindings, ...term.bindings],
    };
  }

  /**
   * AVG of integers or decimals is a DECIMAL rounded to 4 more places (div_precision_increment):
   * 133.3333 where the others give 133.33333333333334. Averaging doubles gives the same float
   * (StdDev and Variance likewise: MariaDB would send them rounded to 4 places).
   */
  override aggregateSql(fn: string, arg: string, distinct = false): string {
    if (distinct && isStatistic(fn)) throw new NotSupportedError(`${STATISTICS[fn]}({ distinct: true }) is not supported on ${this.displayName}: its STDDEV and VARIANCE take no DISTINCT`);
    return super.aggregateSql(fn, fn === 'AVG' || isStatistic(fn) ? `CAST(${arg} AS DOUBLE)` : arg, distinct);
  }

  /**
   * A decimal constant bound as text is computed as a double (0.333 * 8.91 gave
   * 2.9670300000000003): cast to a DECIMAL of the constant's own places. Past MySQL's 30 places
   * a cast would round, so such a constant is left as it is.
   */
  override decimalConstantSql(placeholder: string, scale: number): string {
    return scale <= MAX_DECIMAL_SCALE ? `CAST(${placeholder} AS DECIMAL(65, ${scale}))` : placeholder;
  }

  /** MySQL's `/` always yields a decimal (7 / 2 = 3.5000); DIV truncates like the others. */
  override integerDivisionSql(lhs: string, rhs: string): string {
    return `(${lhs} DIV ${rhs})`;
  }

  rawRows(result: unknown): Record<string, unknown>[] {
    const [rows] = result as [unknown];
    return Array.isArray(rows) ? rows : [];
  }

  randomOrderSql(): string {
    return 'RAND()';
  }

  protected classifyDriverError(error: unknown): ErrorClassification {
    return classifyMysqlError(error);
  }

  knexConfig(choice: DriverChoice, settings: PoolSettings): Knex.Config {
    const base = typeof choice.connection === 'string' ? { uri: choice.connection } : choice.connection;
    return {
      client: choice.client,
      connection: {
        ...(base as object),
        timezone: 'Z',
        // DATE stays text (a DateField's value); mysql2 reads DATETIME/TIMESTAMP from the wire as
        // UTC Dates (timezone 'Z', the session's time_zone too), a third faster than parsing text.
        dateStrings: ['DATE'],
        jsonStrings: true,
        supportBigNumbers: true,
        charset: 'utf8mb4',
      } as unknown as Knex.StaticConnectionConfig,
      pool: {
        min: settings.min ?? 0,
        max: settings.max ?? 10,
        ...(settings.idleTimeoutMillis === undefined ? {} : { idleTimeoutMillis: settings.idleTimeoutMillis }),
        afterCreate: (conn: SessionConnection, done: SessionDone) => setUpSession(conn, settings.statementTimeoutMillis, done),
      },
    };
  }
}
