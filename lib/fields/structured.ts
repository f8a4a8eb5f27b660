import { randomUUID } from 'node:crypto';
import type { ColumnKind } from '../dialects/index.js';
import { canonicalUuid, isUuid } from '../util/uuid.js';
import { isWellFormed, LONE_SURROGATE, valuePreview, Field, quoted, type FieldOptions, type RegisteredLookup } from './field.js';
import type { EqualityLookup, TextLookup } from './lookup-names.js';

/** Any value `JSON.stringify` round-trips. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON documents: `jsonb` on PostgreSQL, `json` on MySQL, text on SQLite. */
export class JSONField<const O extends FieldOptions<JsonValue> = FieldOptions<JsonValue>> extends Field<JsonValue, O> {
  declare readonly __lookups: EqualityLookup;
  /** Phantom: filters, `values()` and `orderBy()` accept key paths (`data__owner__name`). */
  declare readonly __keyPaths: true;
  readonly kind: ColumnKind = 'json';

  /** @internal Makes the transform for a key path step; set by the query layer (`lib/query/lookups/json.ts`). */
  static keyTransform: ((key: string) => RegisteredLookup) | undefined;

  /** As in Django, any name that is not a registered lookup is a key (or, all digits, an array index). */
  override getLookup(name: string): RegisteredLookup | undefined {
    return super.getLookup(name) ?? JSONField.keyTransform?.(name);
  }

  /** Django's empty values: null, '', [] and {} (plain objects only; a Map is not JSON). */
  override isEmpty(value: unknown): boolean {
    if (value === null || value === undefined || value === '') return true;
    if (Array.isArray(value)) return value.length === 0;
    return isPlainObject(value) && Object.keys(value).length === 0;
  }

  /** Values JSON cannot hold exactly (functions, BigInt, NaN, cycles, Dates...) are refused. */
  override toJs(value: unknown): JsonValue {
    const problem = jsonProblem(value, new Set(), '$');
    if (problem) throw new Error(`Value must be valid JSON: ${problem}.`);
    return value as JsonValue;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Why a value is not JSON that round-trips exactly (with its path, `$.a[2]`), or undefined when it is. */
function jsonProblem(value: unknown, seen: Set<object>, path: string): string | undefined {
  // Lone surrogates, as in text fields: SQLite would keep them, PostgreSQL and MySQL refuse them once the SQL runs.
  if (typeof value === 'string') return isWellFormed(value) ? undefined : `${path} ${LONE_SURROGATE}`;
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
  if (typeof value !== 'object') return `${path} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot hold`;
  if (seen.has(value)) return `${path} refers back to itself (a cycle)`;
  if (!Array.isArray(value) && !isPlainObject(value)) return `${path} is ${valuePreview(value)}, not a plain object or array`;
  const badKey = Array.isArray(value) ? undefined : Object.keys(value).find((key) => !isWellFormed(key));
  if (badKey !== undefined) return `the key ${valuePreview(badKey)} at ${path} ${LONE_SURROGATE}`;
  seen.add(value);
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, i) => [`${path}[${i}]`, item]) : Object.entries(value).map(([key, item]) => [`${path}.${key}`, item]);
  let problem: string | undefined;
  for (const [itemPath, item] of entries) if ((problem = jsonProblem(item, seen, itemPath))) break;
  seen.delete(value);
  return problem;
}

/** UUIDs as lowercase hyphenated strings; native `uuid` on PostgreSQL, `char(36)` elsewhere. */
export class UUIDField<const O extends FieldOptions<string> = FieldOptions<string>> extends Field<string, O> {
  declare readonly __lookups: TextLookup;
  readonly kind: ColumnKind = 'uuid';

  override toJs(value: unknown): string {
    if (!isUuid(value)) throw new Error(`${quoted(value)} is not a valid UUID.`);
    return canonicalUuid(value) as string;
  }

  /** A default for UUID primary keys: `new UUIDField({ primaryKey: true, default: UUIDField.random })`. */
  static random(): string {
    return randomUUID();
  }
}

/** Raw bytes as a `Buffer`. */
export class BinaryField<const O extends FieldOptions<Buffer> = FieldOptions<Buffer>> extends Field<Buffer, O> {
  /** Phantom: what writes and filters take (values read back are Buffers). */
  declare readonly __input: Buffer | Uint8Array;
  declare readonly __lookups: EqualityLookup;
  readonly kind: ColumnKind = 'binary';

  override get editable(): boolean {
    return this.options.editable === true;
  }

  override toJs(value: unknown): Buffer {
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value);
    throw new Error(`Value must be a Buffer or Uint8Array, not ${valuePreview(value)}.`);
  }
}
