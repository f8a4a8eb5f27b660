import type { Knex } from 'knex';
import type { ColumnKind, ColumnSpec, Converter, DatePart, Dialect, DriverChoice, PatternMode, SqlFragment } from './dialect.js';

const parseJson: Converter = (value) => (typeof value === 'string' ? JSON.parse(value) : value);
const stringifyJson: Converter = (value) => JSON.stringify(value);
const toNumber: Converter = (value) => (typeof value === 'number' ? value : Number(value));

/** Conversions shared by every dialect; subclasses override the kinds their driver differs on. */
export abstract class BaseDialect implements Dialect {
  abstract readonly displayName: string;
  abstract readonly vendor: Dialect['vendor'];
  abstract readonly supportsReturning: boolean;
  abstract readonly supportsRegex: boolean;
  abstract readonly supportsTransactionalDdl: boolean;
  readonly maxQueryParams: number = 32766;

  quoteName(identifier: string): string {
    return `"${identifier.replace(/"/g, '""')}"`;
  }

  quoteValue(value: string | number | boolean): string {
    if (typeof value === 'number') return String(value);
    if (typeof value === 'boolean') return value ? '1' : '0';
    return `'${value.replace(/'/g, "''")}'`;
  }

  abstract columnType(spec: ColumnSpec): string;
  abstract autoIncrementClause(kind: 'auto' | 'bigauto'): string;
  abstract regexSql(lhs: string, opts: { caseSensitive: boolean }): string;
  abstract extractSql(part: DatePart, lhs: string, kind: ColumnKind): string;
  abstract randomOrderSql(): string;
  abstract isIntegrityError(error: unknown): boolean;
  abstract knexConfig(choice: DriverChoice, pool: { min?: number; max?: number } | undefined): Knex.Config;

  /** The LIKE operator that respects case regardless of collation. */
  protected caseSensitiveLike(lhs: string): string {
    return `${lhs} LIKE ? ESCAPE '\\'`;
  }

  protected likeEscape(): string {
    return ` ESCAPE '\\'`;
  }

  patternMatch(mode: PatternMode, lhs: string, value: string, opts: { caseSensitive: boolean }): SqlFragment {
    const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
    const pattern = (mode === 'startswith' ? '' : '%') + escaped + (mode === 'endswith' ? '' : '%');
    const sql = opts.caseSensitive
      ? this.caseSensitiveLike(lhs)
      : `LOWER(${lhs}) LIKE LOWER(?)${this.likeEscape()}`;
    return { sql, bindings: [pattern] };
  }

  iexactSql(lhs: string): string {
    return `LOWER(${lhs}) = LOWER(?)`;
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

  toDb(kind: ColumnKind): Converter | null {
    return kind === 'json' ? stringifyJson : null;
  }

  fromDb(spec: ColumnSpec): Converter | null {
    switch (spec.kind) {
      case 'json':
        return parseJson;
      case 'bigint':
      case 'bigauto':
      case 'duration':
        return toNumber;
      default:
        return null;
    }
  }
}

export const converters = { parseJson, stringifyJson, toNumber };
