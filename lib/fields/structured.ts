import { randomUUID } from 'node:crypto';
import type { ColumnKind } from '../dialects/index.js';
import { Field, type FieldOptions } from './field.js';
import type { EqualityLookup, TextLookup } from './lookup-names.js';

/** Any value `JSON.stringify` round-trips. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON documents: `jsonb` on PostgreSQL, `json` on MySQL, text on SQLite. */
export class JSONField<const O extends FieldOptions<JsonValue> = FieldOptions<JsonValue>> extends Field<JsonValue, O> {
  declare readonly __lookups: EqualityLookup;
  readonly kind: ColumnKind = 'json';

  override isEmpty(value: unknown): boolean {
    return value === null || value === undefined || value === '' ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  }
}

const UUID_TEXT = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** UUIDs as lowercase hyphenated strings; native `uuid` on PostgreSQL, `char(36)` elsewhere. */
export class UUIDField<const O extends FieldOptions<string> = FieldOptions<string>> extends Field<string, O> {
  declare readonly __lookups: TextLookup;
  readonly kind: ColumnKind = 'uuid';

  override toJs(value: unknown): string {
    if (typeof value !== 'string' || !UUID_TEXT.test(value)) throw new Error(`'${String(value)}' is not a valid UUID.`);
    const hex = value.replace(/-/g, '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
