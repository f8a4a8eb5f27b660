/**
 * Wren writes SQL with `?` placeholders (`\?` is a literal question mark, as in knex's raw SQL).
 * PostgreSQL numbers them (`$1`); SQLite and MySQL take `?` as it is but not the backslash.
 * The same few SQL strings repeat (one per query shape), so conversions are remembered.
 */
const CACHE_LIMIT = 512;

export function placeholderConverter(native: (index: number) => string): (sql: string) => string {
  const cache = new Map<string, string>();
  return (sql) => {
    let converted = cache.get(sql);
    if (converted === undefined) {
      converted = convert(sql, native);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(sql, converted);
    }
    return converted;
  };
}

function convert(sql: string, native: (index: number) => string): string {
  let index = 0;
  // An odd run of backslashes before `?` escapes it; an even run is backslashes, then a placeholder.
  return sql.replace(/(\\*)\?/g, (_match, escapes: string) => {
    if (escapes.length % 2 === 1) return `${escapes.slice(1)}?`;
    index++;
    return `${escapes}${native(index)}`;
  });
}

const questionMarks = placeholderConverter(() => '?');

/** SQL for drivers that take `?` as it is: unchanged unless it escapes a question mark (rare: raw SQL). */
export function withLiteralQuestionMarks(sql: string): string {
  return sql.indexOf('\\?') === -1 ? sql : questionMarks(sql);
}
export const dollarNumbers = placeholderConverter((index) => `$${index}`);
