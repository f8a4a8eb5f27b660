import type { Knex } from 'knex';
import { canonicalDate, canonicalTime, toDate } from '../util/datetime.js';
import { canonicalUuid } from '../util/uuid.js';
import { bigintParam, toBigInt, toSafeInteger } from './integers.js';
import { NotSupportedError } from '../errors.js';
import { functionLabel, genericCall, renderFunction, type FunctionTable } from './functions/template.js';
import { classifyClientError, type ErrorClassification } from './error-classification.js';
import type { ColumnKind, ColumnSpec, Converter, DatePart, Dialect, DriverChoice, InsertConflictSpec, IsolationLevel, PatternMode, PoolSettings, RowLock, NullsPlacement, SqlFragment } from './dialect.js';

const parseJson: Converter = (value) => (typeof value === 'string' ? JSON.parse(value) : value);
/**
 * JSON text with each object's keys in sorted order, so that equal documents are equal text:
 * `exact` compares documents as text on SQLite and MariaDB, where `{b, a}` and `{a, b}` would
 * otherwise differ (PostgreSQL's jsonb orders keys itself). Arrays keep their order.
 */
const stringifyJson: Converter = (value) => JSON.stringify(value, withSortedKeys);

function withSortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1]! <= keys[i]!;
  if (ordered) return value;
  // No prototype: a '__proto__' key stays a key.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of keys.sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/** Values bound in one canonical form, so every dialect stores (and compares) the same thing. */
const CANONICAL: Partial<Record<ColumnKind, Converter>> = {
  json: stringifyJson,
  uuid: canonicalUuid,
  time: canonicalTime,
  date: canonicalDate,
  // Zone-less strings are UTC, as everywhere in Wren; drivers would read them as local time.
  datetime: toDate,
};

/** Conversions shared by every dialect; subclasses override the kinds their driver differs on. */
export abstract class BaseDialect implements Dialect {
  abstract readonly displayName: string;
  abstract readonly vendor: Dialect['vendor'];
  abstract readonly supportsReturning: boolean;
  abstract readonly supportsRegex: boolean;
  abstract readonly supportsTransactionalDdl: boolean;
  abstract readonly supportsDeferrableForeignKeys: boolean;
  readonly commitFailureKeepsTransaction: boolean = false;
  readonly supportsOffsetDefault: boolean = true;
  readonly readsQuotedJsonKeys: boolean = true;
  readonly supportsExactDistribution: boolean = true;
  readonly orderWholeSetWindows: boolean = false;
  readonly maxQueryParams: number = 32766;
  readonly versionSql: string | null = null;

  adoptServerVersion(_version: string): void {}
  readonly maxInsertRows: number = Infinity;

  quoteName(identifier: string): string {
    return `"${identifier.replace(/"/g, '""')}"`;
  }

  quoteValue(value: string | number | boolean): string {
    if (typeof value === 'number') return String(value);
    if (typeof value === 'boolean') return value ? '1' : '0';
    return `'${value.replace(/'/g, "''")}'`;
  }

  abstract columnType(spec: ColumnSpec): string;
  abstract rowLockSql(lock: RowLock, tables: readonly string[]): string;
  readonly ownRowsLock: { readonly of?: readonly string[] } = {};

  /** The standard `FOR [NO KEY] UPDATE [OF ...] [NOWAIT | SKIP LOCKED]`, for dialects whose options are checked. */
  protected forUpdateSql(lock: RowLock, tables: readonly string[]): string {
    let sql = lock.noKey ? 'FOR NO KEY UPDATE' : 'FOR UPDATE';
    if (tables.length) sql += ` OF ${tables.join(', ')}`;
    if (lock.nowait) sql += ' NOWAIT';
    else if (lock.skipLocked) sql += ' SKIP LOCKED';
    return sql;
  }
  abstract beginStatements(isolation: IsolationLevel | undefined): readonly string[];
  abstract autoIncrementClause(kind: 'auto' | 'bigauto'): string;
  abstract regexMatch(lhs: string, pattern: string, opts: { caseSensitive: boolean }): SqlFragment;
  abstract extractSql(part: DatePart, lhs: string, kind: ColumnKind): string;
  abstract randomOrderSql(): string;
  /** knex's, the pool's and the network's errors first: they look alike on every database. */
  classifyError(error: unknown): ErrorClassification {
    return classifyClientError(error) ?? this.classifyDriverError(error);
  }

  /** Classifies an error the database (through its driver) reported. */
  protected abstract classifyDriverError(error: unknown): ErrorClassification;
  abstract knexConfig(choice: DriverChoice, settings: PoolSettings): Knex.Config;

  /** The LIKE operator that respects case regardless of collation. */
  protected caseSensitiveLike(lhs: string): string {
    return `${lhs} LIKE ? ESCAPE '\\'`;
  }

  protected likeEscape(): string {
    return ` ESCAPE '\\'`;
  }

  /** Lower-cases text (non-ASCII letters included) whatever the column's collation. */
  protected lowerSql(sql: string): string {
    return `LOWER(${sql})`;
  }

  /** The LIKE that compares the two lower-cased sides. */
  protected caseInsensitiveLike(lhs: string): string {
    return `${this.lowerSql(lhs)} LIKE ${this.lowerSql('?')}${this.likeEscape()}`;
  }

  patternMatch(mode: PatternMode, lhs: string, value: string, opts: { caseSensitive: boolean }): SqlFragment {
    const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
    const pattern = (mode === 'startswith' ? '' : '%') + escaped + (mode === 'endswith' ? '' : '%');
    const sql = opts.caseSensitive ? this.caseSensitiveLike(lhs) : this.caseInsensitiveLike(lhs);
    return { sql, bindings: [pattern] };
  }

  iexactSql(lhs: string, rhs: string): string {
    return `${this.lowerSql(lhs)} = ${this.lowerSql(rhs)}`;
  }

  binaryExactSql(lhs: string, rhs: string): string {
    return `${lhs} = ${rhs}`;
  }

  /** This dialect's function table (lib/dialects/functions/<dialect>.ts). */
  protected abstract readonly functions: FunctionTable;

  functionSql(name: string, args: readonly SqlFragment[], generic: boolean): SqlFragment {
    const template = this.functions[name];
    if (template !== undefined && Object.hasOwn(this.functions, name)) return renderFunction(template, args);
    if (generic) return genericCall(name, args);
    throw new NotSupportedError(`${functionLabel(name)} is not supported on ${this.displayName}`);
  }

  compoundOperator(operator: 'UNION' | 'INTERSECT' | 'EXCEPT', all: boolean): string {
    return all ? `${operator} ALL` : operator;
  }

  orderTermSql(term: SqlFragment, descending: boolean, nulls: NullsPlacement): SqlFragment {
    const direction = descending ? 'DESC' : 'ASC';
    return { sql: nulls ? `${term.sql} ${direction} NULLS ${nulls === 'first' ? 'FIRST' : 'LAST'}` : `${term.sql} ${direction}`, bindings: term.bindings };
  }

  aggregateSql(fn: string, arg: string, distinct = false): string {
    return `${fn}(${distinct ? 'DISTINCT ' : ''}${arg})`;
  }

  castSql(sql: string, spec: ColumnSpec): string {
    return `CAST(${sql} AS ${this.castType(spec)})`;
  }

  /** The type named in CAST: the column type, where the database accepts it there. */
  protected castType(spec: ColumnSpec): string {
    const kind = spec.kind === 'auto' ? 'integer' : spec.kind === 'bigauto' ? 'bigint' : spec.kind;
    return this.columnType({ ...spec, kind });
  }

  integerDivisionSql(lhs: string, rhs: string): string {
    return `(${lhs} / ${rhs})`;
  }

  explainPrefix(): string {
    return 'EXPLAIN';
  }

  abstract rawRows(result: unknown): Record<string, unknown>[];

  typedPlaceholder(_spec: ColumnSpec): string {
    return '?';
  }

  allowsColumnDefault(_kind: ColumnKind): boolean {
    return true;
  }

  tableSuffix(): string {
    return '';
  }

  defaultValuesSql(): string {
    return 'default values';
  }

  /** SQLite and PostgreSQL: `ON CONFLICT`, targeted at the unique key whose conflict updates the row. */
  insertConflictSql(conflict: InsertConflictSpec): string {
    if (conflict.kind === 'ignore') return ' on conflict do nothing';
    const assignments = conflict.update.map((column) => `${column} = excluded.${column}`).join(', ');
    return ` on conflict (${conflict.target.join(', ')}) do update set ${assignments}`;
  }

  toDb(kind: ColumnKind): Converter | null {
    if (kind === 'bigint') return bigintParam;
    return CANONICAL[kind] ?? null;
  }

  exactReadSql(sql: string, _spec: ColumnSpec): string {
    return sql;
  }

  columnOperand(sql: string, _kind: ColumnKind): string {
    return sql;
  }

  comparisonValue(kind: ColumnKind): Converter | null {
    return this.toDb(kind);
  }

  comparisonOperand(sql: string, kind: ColumnKind): string {
    return this.columnOperand(sql, kind);
  }

  inArray(_lhs: string, _values: readonly unknown[], _kind: ColumnKind): SqlFragment | null {
    return null;
  }

  settledDecimalSql(sql: string, _scale: number): string {
    return sql;
  }

  decimalQuotientSql(lhs: string, rhs: string): string {
    return `(${lhs} / ${rhs})`;
  }

  decimalConstantSql(placeholder: string, _scale: number): string {
    return placeholder;
  }

  indexRange(_column: string, _kind: ColumnKind, _lookupName: string, _value: unknown): SqlFragment | null {
    return null;
  }

  fromDb(spec: ColumnSpec): Converter | null {
    switch (spec.kind) {
      case 'json':
        return parseJson;
      case 'bigint':
      case 'bigauto':
      case 'duration':
        return spec.bigint ? toBigInt : toSafeInteger;
      default:
        return null;
    }
  }
}
