import { expect } from 'chai';
import {
  Abs, Ceil, Coalesce, Concat, Count, DecimalField, Sum, Exp, Extract, ExtractDay, ExtractHour, ExtractIsoWeekDay, ExtractIsoYear, ExtractMinute,
  ExtractMonth, ExtractQuarter, ExtractSecond, ExtractWeek, ExtractWeekDay, ExtractYear, F, FieldError, Floor, Greatest, Least,
  Left, Length, Ln, Log, Lower, LPad, LTrim, MD5, Mod, NotSupportedError, Now, NullIf, Power, Repeat, Replace, Reverse, Right,
  Round, RPad, RTrim, Sign, Sqrt, StdDev, StrIndex, Substr, Trim, Trunc, TruncDate, TruncDay, TruncHour, TruncMinute, TruncMonth,
  TruncQuarter, TruncSecond, TruncTime, TruncWeek, TruncYear, Upper, ValidationError, Value, Variance, Window, RowRange, WrenTypeError, connect, disconnect,
  type Expression,
} from '../lib/index.js';
import { ACTIVE_DIALECTS, dropTables, forEachDialect, resetTables, truncate } from './support/dialects.js';
import { FnItem, FUNCTION_MODELS } from './models/function-models.js';

const items = FnItem.objects;
const utc = (iso: string) => new Date(`${iso}Z`);

/**
 * a: padded non-ASCII text, a Monday datetime in ISO week 1 of the next year, a Sunday date;
 * b: plain values, a leap day; c: NULL everywhere; d: letters beyond Latin-1, dates whose ISO
 * week belongs to the year before.
 */
const ROWS = [
  { label: 'a', team: 'x', name: '  héllo ', nick: null, n: -7, x: 2.675, price: '9.45', at: utc('2024-12-30T10:11:12.345'), day: '2024-12-29', clock: '10:11:12' },
  { label: 'b', team: 'x', name: 'World', nick: 'w', n: 3, x: 2.5, price: '-12.00', at: utc('2024-05-17T23:59:59'), day: '2024-02-29', clock: '23:59:59.5' },
  { label: 'c', team: 'y', name: null, nick: null, n: null, x: null, price: null, at: null, day: null, clock: null },
  { label: 'd', team: 'y', name: 'Ünïcode ☃', nick: 'Ü', n: 10, x: -1.5, price: '0.00', at: utc('2023-01-01T00:00:00'), day: '2021-01-03', clock: '00:00:00' },
];

type ByLabel = Record<string, unknown>;

/** Each expression's value on every row, by label: `{ up: { a: ..., b: ..., c: ..., d: ... } }`. */
async function columns<K extends string>(expressions: Record<K, Expression>): Promise<Record<K, ByLabel>> {
  // Prefixed: an annotation may not take a field's name ('n', 'day').
  const names = Object.keys(expressions) as K[];
  const annotations: Record<string, Expression> = Object.fromEntries(names.map((name) => [`v_${name}`, expressions[name] as Expression]));
  const rows = (await items.annotate(annotations).values('label', ...(names.map((name) => `v_${name}`) as never[]))) as unknown as Record<string, unknown>[];
  return Object.fromEntries(names.map((name) => [name, Object.fromEntries(rows.map((row) => [row.label, row[`v_${name}`]]))])) as Record<K, ByLabel>;
}

async function labels(qs: { valuesList(name: 'label', options: { flat: true }): PromiseLike<unknown[]> }): Promise<unknown[]> {
  return (await qs.valuesList('label', { flat: true })).slice().sort();
}

forEachDialect('Database functions', FUNCTION_MODELS, (dialect) => {
  beforeEach(async () => {
    await truncate(FUNCTION_MODELS);
    await items.bulkCreate(ROWS);
  });

  describe('comparison', () => {
    it('Coalesce gives the first non-NULL argument, typed by the first', async () => {
      const got = await columns({ name: Coalesce('nick', 'name'), text: Coalesce('nick', Value('none')), n: Coalesce('n', 0), price: Coalesce('price', Value('1.5', new DecimalField({ maxDigits: 8, decimalPlaces: 2 }))) });
      expect(got.name).to.deep.equal({ a: '  héllo ', b: 'w', c: null, d: 'Ü' });
      expect(got.text).to.deep.equal({ a: 'none', b: 'w', c: 'none', d: 'Ü' });
      expect(got.n).to.deep.equal({ a: -7, b: 3, c: 0, d: 10 });
      expect(got.price).to.deep.equal({ a: '9.45', b: '-12.00', c: '1.50', d: '0.00' });
    });

    it('gives text constants the type of the other arguments', async () => {
      const totals = await items.values('team').annotate({ total: Coalesce(Sum<string>('price'), Value('0')) }).orderBy('team');
      expect(totals).to.deep.equal([{ team: 'x', total: '-2.55' }, { team: 'y', total: '0.00' }]);
      const got = await columns({ at: Coalesce('at', Value('2024-06-01T00:00:00Z')), n: Greatest('n', Value('4')) });
      expect(got.at).to.deep.equal({ a: utc('2024-12-30T10:11:12.345'), b: utc('2024-05-17T23:59:59'), c: utc('2024-06-01T00:00:00'), d: utc('2023-01-01T00:00:00') });
      expect(got.n).to.deep.equal({ a: 4, b: 4, c: 4, d: 10 });
      expect(() => items.annotate({ bad: Coalesce('n', Value('four')) })).to.throw(ValidationError, /FnItem\.n: 'four' value must be an integer/);
    });

    it('Greatest and Least skip NULLs on every dialect, NULL only when all are', async () => {
      const june = utc('2024-06-01T00:00:00');
      const got = await columns({ hi: Greatest('n', 0), lo: Least('n', 0), allNull: Greatest('n', Value(null)), latest: Greatest('at', Value(june)), price: Least('price', 5) });
      expect(got.hi).to.deep.equal({ a: 0, b: 3, c: 0, d: 10 });
      expect(got.lo).to.deep.equal({ a: -7, b: 0, c: 0, d: 0 });
      expect(got.allNull).to.deep.equal({ a: -7, b: 3, c: null, d: 10 });
      expect(got.latest).to.deep.equal({ a: utc('2024-12-30T10:11:12.345'), b: june, c: june, d: june });
      expect(got.price).to.deep.equal({ a: '5.00', b: '-12.00', c: '5.00', d: '0.00' });
    });

    it('NullIf gives NULL where the two are equal', async () => {
      const got = await columns({ n: NullIf('n', 3), nick: NullIf('nick', Value('w')) });
      expect(got.n).to.deep.equal({ a: -7, b: null, c: null, d: 10 });
      expect(got.nick).to.deep.equal({ a: null, b: null, c: null, d: 'Ü' });
    });

    it('needs two arguments or more', () => {
      expect(() => Coalesce('name')).to.throw(WrenTypeError, /^Coalesce\(\) takes at least 2 arguments \(field names or expressions\), given 1$/);
      expect(() => Greatest('n')).to.throw(WrenTypeError, /Greatest\(\)/);
      expect(() => Least()).to.throw(WrenTypeError, /Least\(\)/);
      expect(() => Concat('name')).to.throw(WrenTypeError, /Concat\(\)/);
    });
  });

  describe('text', () => {
    it('changes case beyond ASCII and counts characters, not bytes', async () => {
      const got = await columns({ up: Upper('name'), low: Lower('name'), len: Length('name'), constant: Length(Value('héllo')) });
      expect(got.up).to.deep.equal({ a: '  HÉLLO ', b: 'WORLD', c: null, d: 'ÜNÏCODE ☃' });
      expect(got.low).to.deep.equal({ a: '  héllo ', b: 'world', c: null, d: 'ünïcode ☃' });
      expect(got.len).to.deep.equal({ a: 8, b: 5, c: null, d: 9 });
      expect(got.constant).to.deep.equal({ a: 5, b: 5, c: 5, d: 5 });
    });

    it('Concat reads NULL as empty text', async () => {
      const got = await columns({ joined: Concat('name', Value('-'), 'nick'), withNumber: Concat('label', Value(':'), 'n') });
      expect(got.joined).to.deep.equal({ a: '  héllo -', b: 'World-w', c: '-', d: 'Ünïcode ☃-Ü' });
      expect(got.withNumber).to.deep.equal({ a: 'a:-7', b: 'b:3', c: 'c:', d: 'd:10' });
    });

    it('trims spaces from either or both ends', async () => {
      const got = await columns({ both: Trim('name'), left: LTrim('name'), right: RTrim('name') });
      expect(got.both).to.deep.equal({ a: 'héllo', b: 'World', c: null, d: 'Ünïcode ☃' });
      expect(got.left).to.deep.equal({ a: 'héllo ', b: 'World', c: null, d: 'Ünïcode ☃' });
      expect(got.right).to.deep.equal({ a: '  héllo', b: 'World', c: null, d: 'Ünïcode ☃' });
    });

    it('Substr, Left and Right count characters from 1', async () => {
      const got = await columns({ two: Substr('name', 3, 2), rest: Substr('name', 3), left: Left('name', 3), right: Right('name', 3), longer: Right('nick', 5), byColumn: Left('label', F('n')) });
      expect(got.two).to.deep.equal({ a: 'hé', b: 'rl', c: null, d: 'ïc' });
      expect(got.rest).to.deep.equal({ a: 'héllo ', b: 'rld', c: null, d: 'ïcode ☃' });
      expect(got.left).to.deep.equal({ a: '  h', b: 'Wor', c: null, d: 'Ünï' });
      expect(got.right).to.deep.equal({ a: 'lo ', b: 'rld', c: null, d: 'e ☃' });
      expect(got.longer).to.deep.equal({ a: null, b: 'w', c: null, d: 'Ü' });
      expect(got.byColumn).to.deep.equal({ a: '', b: 'b', c: null, d: 'd' });
    });

    it('Replace replaces every occurrence, respecting case', async () => {
      const got = await columns({ upper: Replace('name', Value('l'), Value('L')), removed: Replace('name', Value('l')), none: Replace('name', Value('L'), Value('x')) });
      expect(got.upper).to.deep.equal({ a: '  héLLo ', b: 'WorLd', c: null, d: 'Ünïcode ☃' });
      expect(got.removed).to.deep.equal({ a: '  héo ', b: 'Word', c: null, d: 'Ünïcode ☃' });
      expect(got.none).to.deep.equal({ a: '  héllo ', b: 'World', c: null, d: 'Ünïcode ☃' });
    });

    it('StrIndex is 1-based, 0 when absent, and respects case even between two constants', async () => {
      const got = await columns({ l: StrIndex('name', Value('l')), upper: StrIndex('name', Value('L')), snowman: StrIndex('name', Value('☃')), constants: StrIndex(Value('Hello'), Value('h')) });
      expect(got.l).to.deep.equal({ a: 5, b: 4, c: null, d: 0 });
      expect(got.upper).to.deep.equal({ a: 0, b: 0, c: null, d: 0 });
      expect(got.snowman).to.deep.equal({ a: 0, b: 0, c: null, d: 9 });
      expect(got.constants).to.deep.equal({ a: 0, b: 0, c: 0, d: 0 });
    });

    it('LPad and RPad pad with a space or repeated fill, and cut longer text', async () => {
      const got = await columns({ stars: LPad('nick', 4, Value('*')), spaces: RPad('nick', 3), fill: RPad('nick', 5, Value('ab')), cut: LPad('name', 3), cutRight: RPad('name', 2) });
      expect(got.stars).to.deep.equal({ a: null, b: '***w', c: null, d: '***Ü' });
      expect(got.spaces).to.deep.equal({ a: null, b: 'w  ', c: null, d: 'Ü  ' });
      expect(got.fill).to.deep.equal({ a: null, b: 'wabab', c: null, d: 'Üabab' });
      expect(got.cut).to.deep.equal({ a: '  h', b: 'Wor', c: null, d: 'Ünï' });
      expect(got.cutRight).to.deep.equal({ a: '  ', b: 'Wo', c: null, d: 'Ün' });
    });

    it('Repeat, Reverse and MD5', async () => {
      const got = await columns({ three: Repeat('nick', 3), none: Repeat('nick', 0), reversed: Reverse('name'), hash: MD5('name') });
      expect(got.three).to.deep.equal({ a: null, b: 'www', c: null, d: 'ÜÜÜ' });
      expect(got.none).to.deep.equal({ a: null, b: '', c: null, d: '' });
      expect(got.reversed).to.deep.equal({ a: ' olléh  ', b: 'dlroW', c: null, d: '☃ edocïnÜ' });
      expect(got.hash).to.deep.equal({ a: 'e43000e0ef48988c6e1b675a5e1b8547', b: 'f5a7924e621e84c9280a9a27e1bcb7f6', c: null, d: '86bbfb02b016baa6623b043664678e62' });
    });

    it('refuses constant positions, lengths and fills Django refuses', () => {
      expect(() => Substr('name', 0)).to.throw(WrenTypeError, /Substr\(\): pos must be a whole number >= 1, not the number 0/);
      expect(() => Substr('name', 1, -1)).to.throw(WrenTypeError, /Substr\(\): length/);
      expect(() => Left('name', 0)).to.throw(WrenTypeError, /Left\(\): length must be a whole number >= 1/);
      expect(() => Right('name', Value(1.5))).to.throw(WrenTypeError, /Right\(\): length/);
      expect(() => LPad('name', -1)).to.throw(WrenTypeError, /LPad\(\): length must be a whole number >= 0/);
      expect(() => RPad('name', 3, Value(''))).to.throw(WrenTypeError, /RPad\(\): fill must be non-empty text/);
      expect(() => Repeat('name', -2)).to.throw(WrenTypeError, /Repeat\(\): number/);
    });
  });

  describe('math', () => {
    it('Abs, Ceil and Floor keep numbers numbers and decimals exact strings', async () => {
      const got = await columns({ absN: Abs('n'), absX: Abs('x'), absPrice: Abs('price'), ceilX: Ceil('x'), floorX: Floor('x'), ceilPrice: Ceil('price'), floorPrice: Floor('price') });
      expect(got.absN).to.deep.equal({ a: 7, b: 3, c: null, d: 10 });
      expect(got.absX).to.deep.equal({ a: 2.675, b: 2.5, c: null, d: 1.5 });
      expect(got.absPrice).to.deep.equal({ a: '9.45', b: '12.00', c: null, d: '0.00' });
      expect(got.ceilX).to.deep.equal({ a: 3, b: 3, c: null, d: -1 });
      expect(got.floorX).to.deep.equal({ a: 2, b: 2, c: null, d: -2 });
      expect(got.ceilPrice).to.deep.equal({ a: '10', b: '-12', c: null, d: '0' });
      expect(got.floorPrice).to.deep.equal({ a: '9', b: '-12', c: null, d: '0' });
    });

    it('Round rounds half away from zero on the decimal form, with places', async () => {
      const got = await columns({ x: Round('x'), x2: Round('x', 2), price: Round('price'), price1: Round('price', 1), price5: Round('price', 5), n: Round('n') });
      expect(got.x).to.deep.equal({ a: 3, b: 3, c: null, d: -2 });
      expect(got.x2).to.deep.equal({ a: 2.68, b: 2.5, c: null, d: -1.5 });
      expect(got.price).to.deep.equal({ a: '9', b: '-12', c: null, d: '0' });
      expect(got.price1).to.deep.equal({ a: '9.5', b: '-12.0', c: null, d: '0.0' });
      expect(got.price5).to.deep.equal({ a: '9.45', b: '-12.00', c: null, d: '0.00' });
      expect(got.n).to.deep.equal({ a: -7, b: 3, c: null, d: 10 });
      expect(() => Round('x', -1)).to.throw(WrenTypeError, /Round\(\): places must be a whole number from 0 to 30, not the number -1/);
      expect(() => Round('x', 1.5)).to.throw(WrenTypeError, /Round\(\): places/);
    });

    it("Mod keeps the dividend's sign and gives NULL for a zero divisor", async () => {
      const got = await columns({ n: Mod('n', 3), zero: Mod('n', 0), price: Mod('price', 2), x: Mod('x', 1), byColumn: Mod(100, F('n')) });
      expect(got.n).to.deep.equal({ a: -1, b: 0, c: null, d: 1 });
      expect(got.zero).to.deep.equal({ a: null, b: null, c: null, d: null });
      expect(got.price).to.deep.equal({ a: '1.45', b: '0.00', c: null, d: '0.00' });
      expect(got.x).to.deep.equal({ a: 0.6749999999999998, b: 0.5, c: null, d: -0.5 });
      expect(got.byColumn).to.deep.equal({ a: 2, b: 1, c: null, d: 0 });
      // F().mod() computes as Mod() does, floats and decimals included (SQLite's % truncates both sides).
      const viaF = await columns({ x: F('x').mod(1), price: F('price').mod(2), n: F('n').mod(3) });
      expect(viaF.x).to.deep.equal(got.x);
      expect(viaF.price).to.deep.equal(got.price);
      expect(viaF.n).to.deep.equal(got.n);
    });

    it('Sign is an integer whatever it reads', async () => {
      const got = await columns({ n: Sign('n'), price: Sign('price'), x: Sign('x') });
      expect(got.n).to.deep.equal({ a: -1, b: 1, c: null, d: 1 });
      expect(got.price).to.deep.equal({ a: 1, b: -1, c: null, d: 0 });
      expect(got.x).to.deep.equal({ a: 1, b: 1, c: null, d: -1 });
    });

    it('Ln, Sqrt and Log outside their domain are NULL on every dialect', async () => {
      const got = await columns({ ln0: Ln(Value(0)), lnNeg: Ln(Value(-1)), sqrtNeg: Sqrt(Value(-4)), logBase1: Log(1, 10), logOf0: Log(10, 0), logNegBase: Log(Value(-2), 8) });
      for (const [name, byLabel] of Object.entries(got)) expect(Object.values(byLabel), name).to.deep.equal([null, null, null, null]);
    });

    it('Power, Sqrt, Exp, Ln and Log are floats, Log(base, value) in Django\'s order', async () => {
      const got = await columns({ square: Power('n', 2), root2: Power(2, 0.5), sqrt: Sqrt(Abs('x')), exp: Exp('n'), ln: Ln(Abs('n')), log2: Log(2, Abs('n')), log1000: Log(10, 1000), e: Exp(1), one: Ln(Value(Math.E)) });
      expect(got.square).to.deep.equal({ a: 49, b: 9, c: null, d: 100 });
      expect(got.root2.a).to.equal(1.4142135623730951);
      expect(got.sqrt).to.deep.equal({ a: 1.6355427233796125, b: 1.5811388300841898, c: null, d: 1.224744871391589 });
      expect(got.exp).to.deep.equal({ a: 0.0009118819655545162, b: 20.085536923187668, c: null, d: 22026.465794806718 });
      // The databases' C library, the same on all three (V8's Math.log(3) is 1.0986122886681096).
      expect(got.ln).to.deep.equal({ a: 1.9459101490553132, b: 1.0986122886681098, c: null, d: 2.302585092994046 });
      expect(got.log2).to.deep.equal({ a: 2.807354922057604, b: 1.5849625007211563, c: null, d: 3.3219280948873626 });
      expect(got.log1000.a).to.equal(2.9999999999999996);
      expect(got.e.a).to.equal(Math.E);
      expect(got.one.a).to.equal(1);
    });
  });

  describe('dates', () => {
    it('Extract reads UTC parts of a datetime, ISO weeks across year ends', async () => {
      const got = await columns({
        year: ExtractYear('at'), isoYear: ExtractIsoYear('at'), quarter: ExtractQuarter('at'), month: ExtractMonth('at'), week: ExtractWeek('at'),
        weekDay: ExtractWeekDay('at'), isoWeekDay: ExtractIsoWeekDay('at'), day: ExtractDay('at'), hour: ExtractHour('at'), minute: ExtractMinute('at'),
        second: ExtractSecond('at'), generic: Extract('at', 'week'),
      });
      expect(got).to.deep.equal({
        year: { a: 2024, b: 2024, c: null, d: 2023 },
        isoYear: { a: 2025, b: 2024, c: null, d: 2022 },
        quarter: { a: 4, b: 2, c: null, d: 1 },
        month: { a: 12, b: 5, c: null, d: 1 },
        week: { a: 1, b: 20, c: null, d: 52 },
        weekDay: { a: 2, b: 6, c: null, d: 1 },
        isoWeekDay: { a: 1, b: 5, c: null, d: 7 },
        day: { a: 30, b: 17, c: null, d: 1 },
        hour: { a: 10, b: 23, c: null, d: 0 },
        minute: { a: 11, b: 59, c: null, d: 0 },
        second: { a: 12, b: 59, c: null, d: 0 },
        generic: { a: 1, b: 20, c: null, d: 52 },
      });
    });

    it('Extract reads the date parts of a DateField and the time parts of a TimeField', async () => {
      const got = await columns({
        year: ExtractYear('day'), isoYear: ExtractIsoYear('day'), week: ExtractWeek('day'), weekDay: ExtractWeekDay('day'),
        isoWeekDay: ExtractIsoWeekDay('day'), quarter: ExtractQuarter('day'), hour: ExtractHour('clock'), second: ExtractSecond('clock'),
      });
      expect(got).to.deep.equal({
        year: { a: 2024, b: 2024, c: null, d: 2021 },
        isoYear: { a: 2024, b: 2024, c: null, d: 2020 },
        week: { a: 52, b: 9, c: null, d: 53 },
        weekDay: { a: 1, b: 5, c: null, d: 1 },
        isoWeekDay: { a: 7, b: 4, c: null, d: 7 },
        quarter: { a: 4, b: 1, c: null, d: 1 },
        hour: { a: 10, b: 23, c: null, d: 0 },
        second: { a: 12, b: 59, c: null, d: 0 },
      });
    });

    it('Trunc keeps a datetime a Date in UTC, weeks from Monday', async () => {
      const got = await columns({
        year: TruncYear('at'), quarter: TruncQuarter('at'), month: TruncMonth('at'), week: TruncWeek('at'), day: TruncDay('at'),
        hour: TruncHour('at'), minute: TruncMinute('at'), second: TruncSecond('at'), generic: Trunc('at', 'quarter'),
      });
      expect(got.year).to.deep.equal({ a: utc('2024-01-01T00:00'), b: utc('2024-01-01T00:00'), c: null, d: utc('2023-01-01T00:00') });
      expect(got.quarter).to.deep.equal({ a: utc('2024-10-01T00:00'), b: utc('2024-04-01T00:00'), c: null, d: utc('2023-01-01T00:00') });
      expect(got.generic).to.deep.equal(got.quarter);
      expect(got.month).to.deep.equal({ a: utc('2024-12-01T00:00'), b: utc('2024-05-01T00:00'), c: null, d: utc('2023-01-01T00:00') });
      expect(got.week).to.deep.equal({ a: utc('2024-12-30T00:00'), b: utc('2024-05-13T00:00'), c: null, d: utc('2022-12-26T00:00') });
      expect(got.day).to.deep.equal({ a: utc('2024-12-30T00:00'), b: utc('2024-05-17T00:00'), c: null, d: utc('2023-01-01T00:00') });
      expect(got.hour).to.deep.equal({ a: utc('2024-12-30T10:00'), b: utc('2024-05-17T23:00'), c: null, d: utc('2023-01-01T00:00') });
      expect(got.minute).to.deep.equal({ a: utc('2024-12-30T10:11'), b: utc('2024-05-17T23:59'), c: null, d: utc('2023-01-01T00:00') });
      expect(got.second).to.deep.equal({ a: utc('2024-12-30T10:11:12'), b: utc('2024-05-17T23:59:59'), c: null, d: utc('2023-01-01T00:00') });
    });

    it('Trunc keeps a DateField a date and a TimeField a time', async () => {
      const got = await columns({
        year: TruncYear('day'), quarter: TruncQuarter('day'), month: TruncMonth('day'), week: TruncWeek('day'), day: TruncDay('day'),
        hour: TruncHour('clock'), minute: TruncMinute('clock'), second: TruncSecond('clock'),
      });
      expect(got).to.deep.equal({
        year: { a: '2024-01-01', b: '2024-01-01', c: null, d: '2021-01-01' },
        quarter: { a: '2024-10-01', b: '2024-01-01', c: null, d: '2021-01-01' },
        month: { a: '2024-12-01', b: '2024-02-01', c: null, d: '2021-01-01' },
        week: { a: '2024-12-23', b: '2024-02-26', c: null, d: '2020-12-28' },
        day: { a: '2024-12-29', b: '2024-02-29', c: null, d: '2021-01-03' },
        hour: { a: '10:00:00', b: '23:00:00', c: null, d: '00:00:00' },
        minute: { a: '10:11:00', b: '23:59:00', c: null, d: '00:00:00' },
        second: { a: '10:11:12', b: '23:59:59', c: null, d: '00:00:00' },
      });
    });

    it('TruncDate and TruncTime give the UTC date and time of day', async () => {
      const got = await columns({ date: TruncDate('at'), time: TruncTime('at'), ofDate: TruncDate('day') });
      expect(got.date).to.deep.equal({ a: '2024-12-30', b: '2024-05-17', c: null, d: '2023-01-01' });
      expect(got.time).to.deep.equal({ a: '10:11:12.345', b: '23:59:59', c: null, d: '00:00:00' });
      expect(got.ofDate).to.deep.equal({ a: '2024-12-29', b: '2024-02-29', c: null, d: '2021-01-03' });
    });

    it('Now is the database clock, as a Date', async () => {
      const before = Date.now();
      const [row] = (await items.filter({ label: 'a' }).annotate({ now: Now() }).values('now' as never)) as unknown as { now: Date }[];
      expect(row!.now).to.be.an.instanceOf(Date);
      expect(Math.abs(row!.now.getTime() - before)).to.be.below(60_000);
    });

    it('refuses a part or unit the field does not have, naming the field', async () => {
      await expectFieldError(() => items.annotate({ h: ExtractHour('day') }), /ExtractHour\(\) needs a DateTimeField or TimeField .*, not 'day' \(DateField\)/);
      await expectFieldError(() => items.annotate({ y: ExtractYear('clock') }), /ExtractYear\(\) needs a DateTimeField or DateField .*, not 'clock' \(TimeField\)/);
      await expectFieldError(() => items.annotate({ y: ExtractYear('name') }), /ExtractYear\(\) needs .*'name' \(CharField\)/);
      await expectFieldError(() => items.annotate({ t: TruncHour('day') }), /TruncHour\(\) needs a DateTimeField or TimeField to truncate to the hour, not 'day' \(DateField\)/);
      await expectFieldError(() => items.annotate({ t: TruncMonth('clock') }), /TruncMonth\(\) needs a DateTimeField or DateField/);
      await expectFieldError(() => items.annotate({ t: TruncDate('clock') }), /TruncDate\(\) needs a DateTimeField or DateField, not 'clock' \(TimeField\)/);
      expect(() => Extract('at', 'epoch' as never)).to.throw(WrenTypeError, /Extract\(\): part must be one of 'year', .*'second', not the string 'epoch'/);
      expect(() => Trunc('at', 'decade' as never)).to.throw(WrenTypeError, /Trunc\(\): unit must be one of 'year', .*, not the string 'decade'/);
    });
  });

  describe('in filter(), orderBy(), values() and update()', () => {
    it('filters on function annotations and compares columns with functions', async () => {
      expect(await labels(items.annotate({ len: Length('name') }).filter({ len__gt: 5 } as never))).to.deep.equal(['a', 'd']);
      expect(await labels(items.annotate({ week: ExtractWeek('at') }).filter({ week: 1 } as never))).to.deep.equal(['a']);
      expect(await labels(items.filter({ nick: Lower('nick') }))).to.deep.equal(['b']);
      expect(await labels(items.filter({ n__lt: Abs('n') }))).to.deep.equal(['a']);
      expect(await labels(items.filter({ day__lt: TruncDate('at') }))).to.deep.equal(['a', 'b', 'd']);
    });

    it('compares datetime results with dates and columns (SQLite compares them in one form)', async () => {
      const december = utc('2024-12-01T00:00:00');
      expect(await labels(items.annotate({ month: TruncMonth('at') }).filter({ month: december } as never))).to.deep.equal(['a']);
      expect(await labels(items.annotate({ month: TruncMonth('at') }).filter({ month__gte: december } as never))).to.deep.equal(['a']);
      expect(await labels(items.filter({ at__gt: TruncDay('at') }))).to.deep.equal(['a', 'b']);
      expect(await labels(items.filter({ at__lt: Now() }))).to.deep.equal(['a', 'b', 'd']);
      expect(await labels(items.filter({ at: Greatest('at', Value(utc('2024-06-01T00:00:00'))) }))).to.deep.equal(['a']);
    });

    it('orders by a function', async () => {
      const byLength = await items.exclude({ name: null }).orderBy(Length('name').desc(), 'label').valuesList('label', { flat: true });
      expect(byLength).to.deep.equal(['d', 'a', 'b']);
      const byN = await items.annotate({ n0: Coalesce('n', 0) }).orderBy('n0' as never).valuesList('label', { flat: true });
      expect(byN).to.deep.equal(['a', 'c', 'b', 'd']);
    });

    it('groups by a truncated date', async () => {
      const months = await items.exclude({ at: null }).annotate({ year: ExtractYear('at') }).values('year' as never).annotate({ rows: Count('pk') }).orderBy('year' as never);
      expect(months).to.deep.equal([{ year: 2023, rows: 1 }, { year: 2024, rows: 2 }]);
      const weeks = await items.exclude({ day: null }).annotate({ week: TruncWeek('day') }).values('week' as never).annotate({ rows: Count('pk') }).orderBy('week' as never);
      expect(weeks).to.deep.equal([{ week: '2020-12-28', rows: 1 }, { week: '2024-02-26', rows: 1 }, { week: '2024-12-23', rows: 1 }]);
    });

    it('updates columns from functions', async () => {
      await items.update({ name: Upper(Trim('name')), n: Abs('n'), price: Round('price', 1), day: TruncDate('at'), at: TruncMonth('at'), nick: Concat('label', Value('!')) });
      const rows = await items.orderBy('label').values('label', 'name', 'n', 'price', 'day', 'at', 'nick');
      expect(rows).to.deep.equal([
        { label: 'a', name: 'HÉLLO', n: 7, price: '9.50', day: '2024-12-30', at: utc('2024-12-01T00:00'), nick: 'a!' },
        { label: 'b', name: 'WORLD', n: 3, price: '-12.00', day: '2024-05-17', at: utc('2024-05-01T00:00'), nick: 'b!' },
        { label: 'c', name: null, n: null, price: null, day: null, at: null, nick: 'c!' },
        { label: 'd', name: 'ÜNÏCODE ☃', n: 10, price: '0.00', day: '2023-01-01', at: utc('2023-01-01T00:00'), nick: 'd!' },
      ]);
    });
  });

  describe('StdDev and Variance', () => {
    beforeEach(async () => {
      await truncate(FUNCTION_MODELS);
      await items.bulkCreate([1, 2, 3, 4, 5, 5].map((n, i) => ({ label: `r${i}`, team: i < 3 ? 'x' : i < 5 ? 'y' : 'z', n, x: n / 2, price: `${n}.00` })));
    });

    it('computes population and sample statistics as floats', async () => {
      const got = await items.exclude({ label: 'r5' }).aggregate({
        sd: StdDev('n'), sdSample: StdDev('n', { sample: true }), v: Variance('n'), vSample: Variance('n', { sample: true }),
        ofDecimal: Variance('price'), ofFloat: Variance('x', { sample: true }),
      });
      expect(got).to.deep.equal({ sd: Math.SQRT2, sdSample: 1.5811388300841898, v: 2, vSample: 2.5, ofDecimal: 2, ofFloat: 0.625 });
    });

    it('takes a filter, and gives NULL without enough rows', async () => {
      const got = await items.aggregate({
        filtered: StdDev('n', { filter: { n__gt: 1, label__lt: 'r5' } }), none: Variance('n', { filter: { n__gt: 9 } }),
        one: StdDev('n', { sample: true, filter: { n: 1 } }), onePop: StdDev('n', { filter: { n: 1 } }),
      });
      expect(got).to.deep.equal({ filtered: 1.118033988749895, none: null, one: null, onePop: 0 });
    });

    it('takes distinct: true, except on MySQL/MariaDB', async () => {
      const query = items.aggregate({ distinct: Variance('n', { distinct: true }), filtered: StdDev('n', { filter: { n__gt: 1 }, distinct: true }) });
      if (dialect !== 'mysql') {
        expect(await query).to.deep.equal({ distinct: 2, filtered: 1.118033988749895 });
        return;
      }
      const error = await query.then(() => null, (caught: unknown) => caught);
      expect(error).to.be.instanceOf(NotSupportedError);
      expect((error as Error).message).to.match(/^Variance\(\{ distinct: true \}\) is not supported on MySQL\/MariaDB/);
    });

    it('works over a window, a moving frame included', async () => {
      const rows = await items.annotate({ spread: Window(Variance('n'), { orderBy: ['n', 'label'], frame: RowRange({ start: -1, end: 0 }) }), sd: Window(StdDev('n', { sample: true }), { partitionBy: ['team'] }) })
        .orderBy('n', 'label').values('label', 'spread' as never, 'sd' as never);
      expect(rows).to.deep.equal([
        { label: 'r0', spread: 0, sd: 1 }, { label: 'r1', spread: 0.25, sd: 1 }, { label: 'r2', spread: 0.25, sd: 1 },
        { label: 'r3', spread: 0.25, sd: Math.SQRT1_2 }, { label: 'r4', spread: 0.25, sd: Math.SQRT1_2 }, { label: 'r5', spread: 0, sd: null },
      ]);
    });

    it('groups', async () => {
      const rows = await items.values('team').annotate({ v: Variance('n', { sample: true }) }).orderBy('team');
      expect(rows).to.deep.equal([{ team: 'x', v: 1 }, { team: 'y', v: 0.5 }, { team: 'z', v: null }]);
    });

    it("refuses '*' and unknown options", () => {
      expect(() => StdDev('*')).to.throw(WrenTypeError, /StdDev\(\): input must be a field name/);
      expect(() => Variance('n', { population: true } as never)).to.throw(WrenTypeError, /Variance\(\) options: unknown option 'population'/);
      expect(() => Variance('n', { sample: 1 } as never)).to.throw(WrenTypeError, /Variance\(\): sample must be true or false/);
    });
  });
});

/** Raised when the query resolves the function, before any SQL: at annotate() or when it runs. */
async function expectFieldError(query: () => PromiseLike<unknown>, message: RegExp): Promise<void> {
  let error: unknown;
  try {
    await query();
  } catch (caught) {
    error = caught;
  }
  expect(error).to.be.instanceOf(FieldError);
  expect((error as Error).message).to.match(message);
}

if (ACTIVE_DIALECTS.includes('sqlite')) {
  describe('Database functions on SQLite through the sqlite3 driver', () => {
    before(async () => {
      connect('sqlite+sqlite3::memory:');
      await resetTables(FUNCTION_MODELS);
      await items.bulkCreate(ROWS);
    });
    after(async () => {
      await dropTables(FUNCTION_MODELS);
      await disconnect();
    });

    it('refuses the functions this driver cannot register, naming it', async () => {
      for (const [expression, name] of [[Reverse('name'), 'Reverse'], [MD5('name'), 'MD5'], [StdDev('n'), 'StdDev'], [Variance('n', { sample: true }), 'Variance']] as const) {
        let error: unknown;
        try {
          await items.annotate({ v: expression }).values('v' as never);
        } catch (caught) {
          error = caught;
        }
        expect(error, name).to.be.instanceOf(NotSupportedError);
        expect((error as Error).message).to.match(new RegExp(`^${name}\\(\\) is not supported on SQLite \\(sqlite3\\)`));
      }
    });

    it('has the plain-SQL functions, with ASCII-only case changes and SQLite\'s own ROUND', async () => {
      const got = await columns({ up: Upper('name'), week: ExtractWeek('at'), month: TruncMonth('at'), pad: LPad('nick', 3, Value('*')), round: Round('x', 2) });
      expect(got.up).to.deep.equal({ a: '  HéLLO ', b: 'WORLD', c: null, d: 'ÜNïCODE ☃' });
      expect(got.week).to.deep.equal({ a: 1, b: 20, c: null, d: 52 });
      expect(got.month.a).to.deep.equal(utc('2024-12-01T00:00'));
      expect(got.pad).to.deep.equal({ a: null, b: '**w', c: null, d: '**Ü' });
      expect(got.round).to.deep.equal({ a: 2.67, b: 2.5, c: null, d: -1.5 });
    });
  });
}
