import type { ColumnInfo, FieldGuess, LiteralDefault } from './types.js';

/** `NUMERIC(10,2)` -> `{ base: 'numeric', args: [10, 2] }`; `integer unsigned` keeps its words. */
export function parseTypeName(raw: string): { base: string; args: number[]; unsigned: boolean } {
  const lower = raw.trim().toLowerCase();
  const match = /^([^(]*)(?:\(([^)]*)\))?(.*)$/.exec(lower)!;
  const args = (match[2] ?? '').split(',').map((part) => Number(part.trim())).filter((n) => Number.isFinite(n) && n > 0);
  const rest = `${match[1]} ${match[3]}`;
  return { base: match[1]!.trim().replace(/\s+unsigned$/, ''), args, unsigned: /\bunsigned\b/.test(rest) };
}

/** A DDL default as a value, when it is a plain literal (`'x'`, `0`, `1.5`, `true`); undefined otherwise. */
export function literalDefault(text: string | null | undefined): LiteralDefault | undefined {
  if (text === null || text === undefined) return undefined;
  let value = text.trim();
  // PostgreSQL writes typed literals: 'abc'::character varying, (0)::numeric.
  value = value.replace(/::[a-z0-9_ ]+(\[\])?$/i, '').replace(/^\((.*)\)$/, '$1');
  if (/^'(?:[^']|'')*'$/.test(value)) return value.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/** Text and binary types every dialect shares the names of. */
export function sharedFieldFor(column: ColumnInfo, base: string): FieldGuess | undefined {
  if (/char/.test(base) && !/text/.test(base)) {
    return column.maxLength ? { className: 'CharField', options: { maxLength: column.maxLength } } : { className: 'TextField' };
  }
  if (/text|clob/.test(base)) return { className: 'TextField' };
  if (/^(decimal|numeric)$/.test(base)) return decimalGuess(column);
  if (/^(real|float|double|double precision|float4|float8)$/.test(base)) return { className: 'FloatField' };
  if (base === 'date') return { className: 'DateField' };
  if (/^(datetime|timestamp|timestamptz|timestamp with time zone|timestamp without time zone)$/.test(base)) return { className: 'DateTimeField' };
  if (/^(time|time without time zone)$/.test(base)) return { className: 'TimeField' };
  if (/^(bool|boolean)$/.test(base)) return { className: 'BooleanField' };
  if (/^(json|jsonb)$/.test(base)) return { className: 'JSONField' };
  if (/blob|binary|bytea/.test(base)) return { className: 'BinaryField' };
  if (base === 'uuid') return { className: 'UUIDField' };
  return undefined;
}

function decimalGuess(column: ColumnInfo): FieldGuess {
  if (column.precision) return { className: 'DecimalField', options: { maxDigits: column.precision, decimalPlaces: column.scale ?? 0 } };
  // Django's note says the database handles decimals as floats: not true of an unconstrained numeric.
  return { className: 'DecimalField', options: { maxDigits: 30, decimalPlaces: 10 }, note: `maxDigits and decimalPlaces have been guessed: the column is ${column.rawType}, without a precision` };
}

/**
 * A type inspectdb does not know: text is the safest way to write it. `reads` says how the driver
 * reads it when that is not a string (an array, an object), and what to write instead.
 */
export function unknownType(column: ColumnInfo, reads?: string): FieldGuess {
  const note = `This field type is a guess: the column is ${column.rawType}`;
  return { className: 'TextField', note: reads ? `${note}, which ${reads}` : note };
}

export function integerGuess(base: string, column: ColumnInfo): FieldGuess {
  if (/big/.test(base) || base === 'int8') return { className: column.autoIncrement ? 'BigAutoField' : 'BigIntegerField' };
  if (column.autoIncrement) return { className: 'AutoField' };
  if (/small|tiny/.test(base) || base === 'int2') return { className: 'SmallIntegerField' };
  return { className: column.unsigned ? 'PositiveIntegerField' : 'IntegerField' };
}
