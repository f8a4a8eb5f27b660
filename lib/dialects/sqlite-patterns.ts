import type { PatternMode, SqlFragment } from './dialect.js';

/**
 * SQLite's LIKE and GLOB read text only up to its first U+0000, so `'a\0b' LIKE '%b%'` is false.
 * `=`, `instr()` and `substr()` on blobs use the value's full length, so the matches are written
 * with those: they find exactly the rows a JS `includes` / `startsWith` / `endsWith` finds.
 *
 * `subject` is the SQL of the text to search (already lowered for the case-insensitive lookups)
 * and `needle` the JS string to find, lowered the same way.
 */
export function sqlitePatternMatch(mode: PatternMode, subject: string, needle: string, opts: { indexable: boolean }): SqlFragment {
  // Every non-null text contains, starts and ends with ''; `substr(x, -0)` would not say so.
  if (needle === '') return { sql: `${subject} IS NOT NULL`, bindings: [] };
  switch (mode) {
    case 'contains':
      return { sql: `instr(${subject}, ?) > 0`, bindings: [needle] };
    case 'startswith':
      // GLOB 'abc*' can use an index on the column. It is exact for a needle without U+0000:
      // the text GLOB sees (up to the first U+0000) starts with such a needle iff the full text does.
      if (opts.indexable && !needle.includes('\0')) return { sql: `${subject} GLOB ?`, bindings: [`${escapeGlob(needle)}*`] };
      return { sql: `substr(CAST(${subject} AS BLOB), 1, ?) = CAST(? AS BLOB)`, bindings: [utf8Length(needle), needle] };
    case 'endswith':
      // Comparing UTF-8 bytes is exact: a byte suffix equal to the needle's encoding starts on a character.
      return { sql: `substr(CAST(${subject} AS BLOB), ?) = CAST(? AS BLOB)`, bindings: [-utf8Length(needle), needle] };
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, (c) => `[${c}]`);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** What SQLite's own LOWER() does: ASCII letters only. */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
