import { randomUUID } from 'node:crypto';
import type { ColumnKind } from '../dialects/index.js';
import { canonicalUuid, isUuid } from '../util/uuid.js';
import { Field, type FieldOptions } from './field.js';
import type { EqualityLookup, TextLookup } from './lookup-names.js';

/** Any value `JSON.stringify` round-trips. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON documents: `jsonb` on PostgreSQL, `json` on MySQL, text on SQLite. */
export class JSONField<const O extends FieldOptions<JsonValue> = FieldOptions<JsonValue>> extends Field<JsonValue, O> {
  declare readonly __lookups: EqualityLookup;
  readonly kind: ColumnKind = 'json';

  /** Django's empty values: null, '', [] and {} (plain objects only; a Map is not JSON). */
  override isEmpty(value: unknown): boolean {
    if (value === null || value === undefined || value === '') return true;
    if (Array.isArray(value)) return value.length === 0;
    return isPlainObject(value) && Object.keys(value).length === 0;
  }

  /** Values JSON cannot hold exactly (functions, BigInt, NaN, cycles, Dates...) are refused. */
  override toJs(value: unknown): JsonValue {
    if (!isJsonValue(value, new Set())) throw new Error('Value must be valid JSON.');
    return value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isJsonValue(value: unknown, seen: Set<object>): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || seen.has(value)) return false;
  if (!Array.isArray(value) && !isPlainObject(value)) return false;
  seen.add(value);
  const ok = Object.values(value).every((item) => isJsonValue(item, seen));
  seen.delete(value);
  return ok;
}

/** UUIDs as lowercase hyphenated strings; native `uuid` on PostgreSQL, `char(36)` elsewhere. */
export class UUIDField<const O extends FieldOptions<string> = FieldOptions<string>> extends Field<string, O> {
  declare readonly __lookups: TextLookup;
  readonly kind: ColumnKind = 'uuid';

  override toJs(value: unknown): string {
    if (!isUuid(value)) throw new Error(`'${String(value)}' is not a valid UUID.`);
    return canonicalUuid(value) as string;
  }

  /** A default for UUID primary keys: `new UUIDField({ primaryKey: true, default: UUIDField.random })`. */
  static random(): string {
    return randomUUID();
  }
}

/** Raw bytes as a `Buffer`. */
export class BinaryField<const O extends FieldOptions<Buffer> = FieldOptions<Buffer>> extends Field<Buffer, O> {
  declare readonly __lookups: EqualityLookup;
  readonly kind: ColumnKind = 'binary';

  override get editable(): boolean {
    return this.options.editable === true;
  }

  override toJs(value: unknown): Buffer {
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value);
    throw new Error('Value must be a Buffer or Uint8Array.');
  }
}
