import { expect } from 'chai';
import { CharField, Model, TextField, ValidationError, type FieldValues } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { failureOf } from './support/assertions.js';

/**
 * 1,000 generated strings round-trip exactly, and every text lookup finds exactly the rows a plain
 * JS filter finds, on every dialect.
 *
 * The case-insensitive lookups are compared with `toLowerCase()` on both sides, so generated
 * letters are limited to scripts whose lower-casing JS and all three databases agree on: ASCII,
 * Latin-1 letters, Greek (without Σ/ς, whose JS lower case depends on the position in the word)
 * and Cyrillic. Everything else (emoji, CJK, RTL, combining marks) has no case and only has to
 * survive byte for byte.
 */
export class HostileText extends Model {
  static fields = {
    body: new TextField(),
    label: new CharField({ maxLength: 40 }),
  };
  static meta = { tableName: 'hostile_texts' };
  static objects = this.manager();
}
export interface HostileText extends FieldValues<typeof HostileText> {}

/** mulberry32: small, fast and deterministic, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const range = (from: number, to: number, skip: readonly number[] = []): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((c) => !skip.includes(c)).map((c) => String.fromCodePoint(c));

const LETTERS = [
  ...range(0x41, 0x5a), ...range(0x61, 0x7a),
  ...range(0xc0, 0xde, [0xd7]), ...range(0xdf, 0xff, [0xf7]), // Latin-1 letters, × and ÷ excepted
  ...range(0x391, 0x3a9, [0x3a2, 0x3a3]), ...range(0x3b1, 0x3c9, [0x3c2, 0x3c3]), // Greek without sigma
  ...range(0x410, 0x44f), '\u0401', '\u0451', // Cyrillic
];
/** Characters SQL, LIKE, GLOB, regex and JSON treat specially. */
const SPECIALS = ["'", '"', '\\', '%', '_', '*', '?', '[', ']', '^', '$', '.', '(', ')', '{', '}', '|', '+', '`', ';', '--', '/*', '\\%', '\\_', '\0', '\n', '\t', '\r'];
const WHITESPACE = [' ', ' ', '  ', '\u00a0', '\u2003', '\u3000'];
const UNCASED = [
  '😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🧑🏿‍💻', // emoji, with skin tones and ZWJ sequences
  'e\u0301', 'a\u0308', 'n\u0303', '\u0301', // combining marks, one on its own
  '漢字', 'かな', 'カナ', '한국어', '中文', // CJK
  'עברית', 'العربية', '\u200f', '\u200e', '\u202e', // right-to-left text and direction marks
  '0', '7', '42', '\ufeff', '\ufffd',
];

function generate(count: number, seed: number): string[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const piece = (): string => {
    const r = random();
    if (r < 0.45) return pick(LETTERS);
    if (r < 0.7) return pick(SPECIALS);
    if (r < 0.8) return pick(WHITESPACE);
    return pick(UNCASED);
  };
  return Array.from({ length: count }, (_, i) => {
    const length = i % 200 === 7 ? 10_000 : Math.floor(random() ** 2 * 40);
    let text = '';
    while (text.length < length) text += piece();
    if (i % 10 === 3) text += '   '; // trailing spaces
    if (i % 37 === 0) text = text.toUpperCase();
    return text;
  });
}

/** PostgreSQL text cannot hold U+0000, so there those values (stored or searched for) are refused before any SQL. */
const storesNul = (dialect: string): boolean => dialect !== 'postgres';

const codePoints = (text: string): string[] => Array.from(text);

/** Substrings of stored values (cut at code points), case-flipped twins, and needles chosen to trip LIKE and GLOB. */
function needlesFor(values: readonly string[], seed: number): string[] {
  const random = prng(seed);
  const needles = new Set<string>(['%', '_', '\0', '\\', '*', '?', '[', "'", 'a%', '%_', '\0a', ' ', '', 'no such text']);
  const flipCase = (text: string): string => codePoints(text).map((c) => (random() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
  while (needles.size < 80) {
    const points = codePoints(values[Math.floor(random() * values.length)]!);
    if (points.length === 0) continue;
    const start = Math.floor(random() * points.length);
    const end = Math.min(points.length, start + 1 + Math.floor(random() * 6));
    const needle = points.slice(start, end).join('');
    needles.add(needle);
    if (random() < 0.3) needles.add(flipCase(needle));
  }
  // Whole values, exactly and with case flipped, for exact and iexact.
  for (let i = 0; i < 20; i++) {
    const value = values[Math.floor(random() * values.length)]!;
    needles.add(codePoints(value).slice(0, 200).join(''));
    if (i % 2 === 0) needles.add(flipCase(value));
  }
  return [...needles];
}

type Matcher = (stored: string, needle: string) => boolean;
const lower = (text: string): string => text.toLowerCase();
const REFERENCE: Record<string, Matcher> = {
  exact: (s, n) => s === n,
  iexact: (s, n) => lower(s) === lower(n),
  contains: (s, n) => s.includes(n),
  icontains: (s, n) => lower(s).includes(lower(n)),
  startswith: (s, n) => s.startsWith(n),
  istartswith: (s, n) => lower(s).startsWith(lower(n)),
  endswith: (s, n) => s.endsWith(n),
  iendswith: (s, n) => lower(s).endsWith(lower(n)),
};

const GENERATED = generate(1000, 20260329);
const labelOf = (text: string): string => (text.length <= 40 ? text : Array.from(text).slice(0, 10).join(''));

forEachDialect('Hostile values', [HostileText], (dialect) => {
  const values = storesNul(dialect) ? GENERATED : GENERATED.map((text) => text.replace(/\0/g, ''));
  const stored = new Map<number, string>();

  before(async function () {
    this.timeout(60_000);
    await truncate([HostileText]);
    const created = await HostileText.objects.bulkCreate(values.map((body) => ({ body, label: labelOf(body) })));
    created.forEach((row, i) => stored.set(row.id as number, values[i]!));
  });

  it('generates what the spec promises: NUL, wildcards, emoji, combining marks, 10,000-character strings', () => {
    const all = GENERATED.join('');
    for (const probe of ['\0', '%', '_', '*', '?', '[', '\\', "'", '👨‍👩‍👧‍👦', '\u0301', '漢', 'ע', 'É', 'ж', 'Ω']) expect(all, JSON.stringify(probe)).to.include(probe);
    expect(GENERATED.filter((text) => text.length >= 10_000)).to.have.length(5);
    expect(GENERATED.filter((text) => text.endsWith('   ')).length).to.be.at.least(100);
  });

  it('round-trips every value exactly, in a TextField and (when short) a CharField', async function () {
    this.timeout(30_000);
    const rows = await HostileText.objects.orderBy('id');
    expect(rows).to.have.length(values.length);
    const mismatches = rows.flatMap((row) => {
      const expected = stored.get(row.id as number)!;
      if (row.body !== expected) return [`body ${JSON.stringify(row.body).slice(0, 80)} != ${JSON.stringify(expected).slice(0, 80)}`];
      return row.label === labelOf(expected) ? [] : [`label ${JSON.stringify(row.label)} != ${JSON.stringify(labelOf(expected))}`];
    });
    expect(mismatches).to.deep.equal([]);
  });

  if (!storesNul(dialect)) {
    it('refuses text with U+0000 before any SQL, in writes and in every lookup', async () => {
      const attempts: (() => Promise<unknown>)[] = [
        async () => HostileText.objects.create({ body: 'a\0b', label: 'x' }),
        ...Object.keys(REFERENCE).map((lookup) => async () => HostileText.objects.filter({ [`body__${lookup}`]: 'a\0b' }).count()),
      ];
      for (const attempt of attempts) {
        const { error, sql } = await failureOf(attempt);
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as Error).message).to.match(/^HostileText\.(body|label): .*U\+0000/);
        expect(sql).to.deep.equal([]);
      }
    });
  }

  it('finds exactly the rows a JS filter finds, for every text lookup and needle', async function () {
    this.timeout(60_000);
    // On PostgreSQL needles with U+0000 are refused (see above); the stored values hold none.
    const needles = needlesFor(values, 7).filter((needle) => storesNul(dialect) || !needle.includes('\0'));
    const failures: string[] = [];
    for (const lookup of Object.keys(REFERENCE)) {
      for (const needle of needles) {
        const expected = [...stored].filter(([, text]) => REFERENCE[lookup]!(text, needle)).map(([id]) => id).sort((a, b) => a - b);
        const found = (await HostileText.objects.filter({ [`body__${lookup}`]: needle }).valuesList('id', { flat: true })).map(Number).sort((a, b) => a - b);
        if (JSON.stringify(found) !== JSON.stringify(expected)) failures.push(`${lookup} ${JSON.stringify(needle)}: expected ${expected.length} rows, found ${found.length}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('finds the same rows through the CharField column', async function () {
    this.timeout(30_000);
    const needles = needlesFor(values.map(labelOf), 11).filter((needle) => storesNul(dialect) || !needle.includes('\0')).slice(0, 30);
    const failures: string[] = [];
    for (const lookup of ['exact', 'icontains', 'startswith', 'iendswith']) {
      for (const needle of needles) {
        const expected = [...stored].filter(([, text]) => REFERENCE[lookup]!(labelOf(text), needle)).length;
        const found = await HostileText.objects.filter({ [`label__${lookup}`]: needle }).count();
        if (found !== expected) failures.push(`${lookup} ${JSON.stringify(needle)}: expected ${expected}, found ${found}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });
});
