const UUID_TEXT = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_TEXT.test(value);
}

/**
 * The one form every dialect stores: lowercase and hyphenated (what PostgreSQL's `uuid` type
 * returns), so text columns compare equal however the value was typed. Non-UUIDs are unchanged.
 */
export function canonicalUuid(value: unknown): unknown {
  if (!isUuid(value)) return value;
  const hex = value.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
