import type { JsonPathStep } from './index.js';

/**
 * A path in the syntax SQLite and MySQL/MariaDB share: `$."owner"."name"[0]`. Every key is
 * quoted, so dots and spaces stay part of it, and escaped as `JSON.stringify` escapes it:
 * MariaDB (and SQLite before 3.45) compare a key with the document's JSON text as written, and
 * Wren writes documents with `JSON.stringify`; newer SQLite decodes both sides.
 */
export function pathText(path: readonly JsonPathStep[]): string {
  let text = '$';
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : `.${JSON.stringify(step)}`;
  return text;
}

/**
 * A string literal built by `quote` (the dialect's escaping of one piece), with each `?` written
 * as `questionMark` so that no question mark reaches the SQL, where Wren would take it for a
 * placeholder; `join` concatenates the pieces.
 */
export function literal(text: string, quote: (piece: string) => string, questionMark: string, join: (pieces: string[]) => string): string {
  if (!text.includes('?')) return quote(text);
  const pieces: string[] = [];
  text.split('?').forEach((piece, i) => {
    if (i) pieces.push(questionMark);
    if (piece) pieces.push(quote(piece));
  });
  return pieces.length === 1 ? pieces[0]! : join(pieces);
}

/** `doc`'s bindings once per use of its SQL. */
export function repeated(bindings: readonly unknown[], uses: number): unknown[] {
  const all: unknown[] = [];
  for (let i = 0; i < uses; i++) all.push(...bindings);
  return all;
}
