// The (field, input) -> outcome table of spec/values.spec.ts. Each case states the one outcome
// expected on every dialect: the exact value read back, or a ValidationError whose message matches.
// `postgres` overrides the outcome where PostgreSQL documents a limit (its text cannot hold U+0000),
// `mysql` where mysql2 does (it reads datetimes before the year 100 as 19xx).
import type { ValRow } from '../models/value-models.js';

export type ValueField = Exclude<keyof typeof ValRow.fields, 'owner'>;
export type Outcome = { readonly value: unknown } | { readonly error: RegExp };

export interface ValueCase {
  readonly field: ValueField;
  readonly input: unknown;
  readonly outcome: Outcome;
  readonly postgres?: Outcome;
  readonly mysql?: Outcome;
  readonly label?: string;
}

const cases: ValueCase[] = [];
const ok = (field: ValueField, input: unknown, value: unknown = input, label?: string): void => void cases.push({ field, input, outcome: { value }, label });
const bad = (field: ValueField, input: unknown, error: RegExp, label?: string): void => void cases.push({ field, input, outcome: { error }, label });

const NOT_INTEGER = /value must be an integer/;
const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;

// Integers: integral numbers, bigints and integral text within the column's range; nothing rounded or coerced.
ok('int', 0);
ok('int', 42);
ok('int', -7);
ok('int', '12', 12);
ok('int', ' -3 ', -3);
ok('int', '+5', 5);
ok('int', 4.0, 4);
ok('int', -0, 0, '-0');
ok('int', 12n, 12);
ok('int', 2147483647);
ok('int', -2147483648);
for (const input of [4.7, '4.7', 'abc', '12abc', '', '4.0', '1e3', '0x10', true, false, NaN, Infinity, {}, [], [1], new Date(0)]) bad('int', input, NOT_INTEGER);
bad('int', 2 ** 31, /less than or equal to 2147483647/);
bad('int', -(2 ** 31) - 1, /greater than or equal to -2147483648/);
bad('int', '9999999999', /less than or equal to 2147483647/);
ok('small', 32767);
ok('small', -32768);
ok('small', '100', 100);
bad('small', 40000, /less than or equal to 32767/);
bad('small', -40000, /greater than or equal to -32768/);
bad('small', 1.5, NOT_INTEGER);
ok('positive', 0);
ok('positive', 2147483647);
bad('positive', -1, /greater than or equal to 0/);
bad('positive', 2147483648, /less than or equal to 2147483647/);

// 64-bit integers: numbers within ±(2^53 - 1); `bigint: true` fields hold the whole range as bigint.
ok('big', Number.MAX_SAFE_INTEGER);
ok('big', -Number.MAX_SAFE_INTEGER);
ok('big', '9007199254740991', Number.MAX_SAFE_INTEGER);
ok('big', 5n, 5);
bad('big', 2 ** 53, /less than or equal to 9007199254740991\. Declare the field with \{ bigint: true \}/);
bad('big', '9007199254740993', /beyond the integers JavaScript numbers hold exactly/);
bad('big', 2n ** 62n, /less than or equal to 9007199254740991/);
bad('big', 2n ** 62n + 1n, /beyond the integers JavaScript numbers hold exactly/);
bad('big', 1.5, NOT_INTEGER);
bad('big', 'many', NOT_INTEGER);
ok('huge', 2n ** 63n - 1n);
ok('huge', -(2n ** 63n));
ok('huge', '9007199254740993', 9007199254740993n);
ok('huge', 42, 42n);
ok('huge', '-1', -1n);
bad('huge', 2n ** 63n, /less than or equal to 9223372036854775807/);
bad('huge', -(2n ** 63n) - 1n, /greater than or equal to -9223372036854775808/);
bad('huge', 2 ** 60, /must be an integer/, 'an unsafe number (already rounded)');
bad('huge', 1.5, /must be an integer/);
bad('huge', 'abc', /must be an integer/);

// Floats: finite numbers and decimal text.
ok('float', 1.5);
ok('float', -0.25);
ok('float', 1e308);
ok('float', 2.2250738585072014e-308);
ok('float', '2.5', 2.5);
ok('float', ' 1e-3 ', 0.001);
ok('float', 0.1 + 0.2, 0.30000000000000004);
ok('float', 123456789.12345679);
for (const input of [NaN, Infinity, -Infinity, 'abc', '', '0x10', '1.5.2', true, {}, []]) bad('float', input, /value must be a float/);

// Decimals (6 digits, 2 places): exact text, padded to the places; more digits than fit are refused, never rounded.
ok('dec', '1.5', '1.50');
ok('dec', '1234.56');
ok('dec', '-9999.99');
ok('dec', 1.25, '1.25');
ok('dec', '1e2', '100.00');
ok('dec', '0012.50', '12.50');
ok('dec', '1.500', '1.50');
ok('dec', 0, '0.00');
ok('dec', '-0', '0.00');
ok('dec', '.5', '0.50');
ok('dec', 7, '7.00');
ok('dec', 12n, '12.00');
ok('dec', '  3.10 ', '3.10');
for (const input of ['1.234', '1.235', '1.005', '0.001', '-0.125']) bad('dec', input, /no more than 2 decimal places/);
bad('dec', 0.1 + 0.2, /no more than 6 digits in total/);
bad('dec', '12345.6', /no more than 4 digits before the decimal point/);
bad('dec', '12345.67', /no more than 6 digits in total/);
bad('dec', '12345', /no more than 4 digits before the decimal point/);
bad('dec', '1e400', /no more than 6 digits in total/);
for (const input of ['abc', 1e400, NaN, '', true, {}, '1,5', '1e', '--1']) bad('dec', input, /value must be a decimal number/);

// Booleans: true and false only.
ok('flag', true);
ok('flag', false);
for (const input of ['false', 'no', 'true', 1, 0, '', {}]) bad('flag', input, /value must be either true or false/);

// Text: strings as given (trailing spaces and all); numbers by their text; limits in characters.
ok('char', 'abc');
ok('char', '');
ok('char', '1234567890');
ok('char', 'ten chars ', 'ten chars ', 'trailing space within the limit');
ok('char', 12345, '12345');
ok('char', 1.5, '1.5');
ok('char', 12n, '12');
ok('char', 'é'.repeat(10));
ok('char', '😀'.repeat(10), '😀'.repeat(10), 'ten emoji');
ok('char', "it's \\ %_");
bad('char', 'abcdefghijk', /at most 10 characters \(it has 11\)/);
bad('char', '1234567890 ', /at most 10 characters \(it has 11\)/, 'an 11th trailing space');
bad('char', '😀'.repeat(11), /at most 10 characters \(it has 11\)/, 'eleven emoji');
for (const input of [true, {}, [], NaN, Infinity, Buffer.from('x')]) bad('char', input, /value must be a string/);
ok('text', 'x'.repeat(10_000));
ok('text', '');
ok('text', 'multi\nline\ttext\r\n');
ok('text', 'Ünïcödé 👩‍👩‍👧 e\u0301 中文 עברית');
ok('text', "'; DROP TABLE val_row; --");
cases.push({ field: 'text', input: 'a\u0000b', outcome: { value: 'a\u0000b' }, postgres: { error: /NUL character \(U\+0000\) cannot be stored on PostgreSQL/ }, label: 'NUL' });
for (const input of [{ a: 1 }, false, Symbol.for('x')]) bad('text', input, /value must be a string/);
bad('text', '😀'.slice(0, 1), /lone surrogate/, 'half an emoji');
bad('char', 'a\uDC00b', /lone surrogate/, 'a lone low surrogate');

// Dates: ISO dates that exist; a Date gives its UTC date.
ok('date', '2026-03-29');
ok('date', '2024-02-29');
ok('date', '0001-01-01');
ok('date', '9999-12-31');
ok('date', new Date('2026-03-29T23:30:00Z'), '2026-03-29');
for (const input of ['2026-02-30', '2025-02-29', '2026-13-01']) bad('date', input, /correct format \(YYYY-MM-DD\) but it is an invalid date/);
for (const input of ['yesterday', '2026-03-29T10:00:00+02:00', '2026-03-29 10:00', '29/03/2026', '2026-3-9', '', 20260329, new Date('x'), true]) {
  bad('date', input, /invalid date format/);
}

// Datetimes: instants, stored in UTC; a string without a zone is UTC.
ok('dt', new Date('2026-03-29T01:30:00.123Z'));
ok('dt', '2026-03-29T03:30:00+02:00', new Date('2026-03-29T01:30:00Z'));
ok('dt', '2026-03-29 02:30', new Date('2026-03-29T02:30:00Z'), 'zoneless, no seconds');
ok('dt', '2026-03-29T02:30:15', new Date('2026-03-29T02:30:15Z'));
ok('dt', '2026-03-29', new Date('2026-03-29T00:00:00Z'));
ok('dt', 0, new Date(0));
ok('dt', '2026-03-29T01:30:00.5Z', new Date('2026-03-29T01:30:00.500Z'));
for (const input of ['garbage', new Date('x'), true, {}, '', '2026-02-30T00:00:00Z', '2026-03-29T25:00:00Z']) bad('dt', input, /invalid format|invalid date/);
// Django's years, 1 to 9999; from 100 on MySQL/MariaDB.
ok('dt', '9999-12-31T23:59:59.999Z', new Date('9999-12-31T23:59:59.999Z'), 'last year');
ok('dt', new Date('1000-01-01T00:00:00Z'), undefined, 'year 1000');
ok('dt', new Date('0100-01-01T00:00:00Z'), undefined, 'year 100');
const BEFORE_100 = { error: /before the year 100 cannot be stored \(mysql2 would read it back as 19xx\) on MySQL/ };
for (const iso of ['0099-12-31T23:59:59.999Z', '0050-06-01T12:00:00Z', '0001-01-01T00:00:00Z']) {
  cases.push({ field: 'dt', input: new Date(iso), outcome: { value: new Date(iso) }, mysql: BEFORE_100, label: `year ${iso.slice(0, 4)}` });
}
for (const input of [new Date('+010000-01-01T00:00:00Z'), new Date('0000-12-31T00:00:00Z'), 253402300800000]) {
  bad('dt', input, /outside the years 1 to 9999/);
}

// Times of day: HH:MM[:ss[.uuuuuu]], no zone.
ok('time', '14:05', '14:05:00');
ok('time', '23:59:59.999999');
ok('time', '00:00:00');
ok('time', '02:30:00.500', '02:30:00.5');
for (const input of ['25:61', '24:00', '12:60', '7:30', 'noon', '12:00:00+02:00', '12:00Z', 1200, new Date(0), '']) bad('time', input, /invalid format/);

// Durations: whole milliseconds.
ok('dur', 0);
ok('dur', 86_400_000);
ok('dur', -1);
ok('dur', '1000', 1000);
ok('dur', Number.MAX_SAFE_INTEGER);
for (const input of [1.5, '1 day', 'abc', true, {}]) bad('dur', input, /whole number of milliseconds/);
bad('dur', 2 ** 53, /within ±9007199254740991 milliseconds/);

// UUIDs: lowercase, hyphenated.
ok('uuid', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
ok('uuid', 'a0eebc999c0b4ef8bb6d6bb9bd380a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
for (const input of ['not-a-uuid', 42, '', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}']) bad('uuid', input, /is not a valid UUID/);

// JSON: values JSON holds exactly.
ok('json', { a: 1, b: [true, null, 'x'] });
ok('json', [1, 'x', null]);
ok('json', 'just a string');
ok('json', 42);
ok('json', 1.5);
ok('json', true);
ok('json', {});
ok('json', []);
ok('json', { nested: { deep: [1, 2, { x: 'é😀' }] }, 'key with spaces': "quote ' and \\" });
cases.push({ field: 'json', input: { text: 'a\u0000b' }, outcome: { value: { text: 'a\u0000b' } }, postgres: { error: /NUL character \(U\+0000\) cannot be stored on PostgreSQL/ }, label: 'NUL inside' });
bad('json', NaN, /\$ is NaN, which JSON cannot hold/);
bad('json', { a: Infinity }, /\$\.a is Infinity/);
bad('json', 10n, /\$ is a bigint/);
bad('json', cyclic, /\$\.self refers back to itself/);
bad('json', () => 1, /\$ is a function/);
bad('json', [new Date(0)], /\$\[0\] is .*not a plain object or array/);
bad('json', new Map(), /not a plain object or array/);
bad('json', { a: undefined }, /\$\.a is undefined, which JSON cannot hold/);

// Binary: Buffers and Uint8Arrays.
ok('bin', Buffer.from([0, 1, 255]));
ok('bin', new Uint8Array([1, 2]), Buffer.from([1, 2]));
ok('bin', Buffer.alloc(0));
for (const input of ['bytes', [1, 2], 42]) bad('bin', input, /must be a Buffer or Uint8Array/);

// Null is stored as NULL in every nullable column.
for (const field of ['int', 'dec', 'char', 'date', 'dt', 'json', 'bin', 'huge'] as const) ok(field, null);

export const VALUE_CASES: readonly ValueCase[] = cases;
