import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { BaseDialect } from './base.js';
import type { ColumnKind, ColumnSpec, Converter, DatePart, DriverChoice, SqlFragment } from './dialect.js';

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
const PG_INT8 = 20;
const PG_DATE = 1082;
const PG_JSON = 114;
const PG_JSONB = 3802;
const PG_NUMERIC = 1700;
const identity = (value: string): string => value;

/** PostgreSQL through node-postgres. Sessions run in UTC so date transforms read UTC parts. */
export class PostgresDialect extends BaseDialect {
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

  override fromDb(spec: ColumnSpec): Converter | null {
    // int8 already arrives as a number through the type parser below.
    if (spec.kind === 'bigint' || spec.kind === 'bigauto' || spec.kind === 'duration') return null;
    if (spec.kind === 'positiveint' || spec.kind === 'integer') return null;
    return super.fromDb(spec);
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

  /** PostgreSQL cannot infer a CASE branch's type from an untyped parameter. */
  override typedPlaceholder(spec: ColumnSpec): string {
    const kind = spec.kind === 'auto' ? 'integer' : spec.kind === 'bigauto' ? 'bigint' : spec.kind;
    return `CAST(? AS ${this.columnType({ ...spec, kind })})`;
  }

  rawRows(result: unknown): Record<string, unknown>[] {
    return (result as { rows?: Record<string, unknown>[] }).rows ?? [];
  }

  randomOrderSql(): string {
    return 'RANDOM()';
  }

  isIntegrityError(error: unknown): boolean {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code.startsWith('23');
  }

  knexConfig(choice: DriverChoice, pool: { min?: number; max?: number } | undefined): Knex.Config {
    const base = typeof choice.connection === 'string' ? { connectionString: choice.connection } : choice.connection;
    return {
      client: choice.client,
      connection: { ...base, types: { getTypeParser: pgTypeParser } } as Knex.StaticConnectionConfig,
      pool: {
        min: pool?.min ?? 0,
        max: pool?.max ?? 10,
        afterCreate: (conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) =>
          conn.query("SET TIME ZONE 'UTC'", (err) => done(err, conn)),
      },
    };
  }
}

type TypeParsers = { getTypeParser(oid: number, format?: string): (value: string) => unknown };
let defaultParsers: TypeParsers | undefined;

/** Per-connection type parsers, so Wren never changes node-postgres's global parsers. */
function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === PG_INT8) return Number;
  if (oid === PG_DATE || oid === PG_JSON || oid === PG_JSONB || oid === PG_NUMERIC) return identity;
  // pg is an optional peer dependency, loaded only once a PostgreSQL connection exists.
  defaultParsers ??= (createRequire(import.meta.url)('pg') as { types: TypeParsers }).types;
  return defaultParsers.getTypeParser(oid, format);
}
