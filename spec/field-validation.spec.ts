import { inspect } from 'node:util';
import { expect } from 'chai';
import {
  BigIntegerField, BinaryField, BooleanField, CharField, DateField, DateTimeField, DecimalField, DurationField,
  EmailField, FloatField, IntegerField, JSONField, PositiveIntegerField, SlugField, SmallIntegerField, TextField,
  TimeField, URLField, UUIDField, ValidationError,
} from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { FieldsValidated } from './models/fields-models.js';

interface Validating {
  validate(value: unknown): string[];
}

/** Messages `fullClean()` would report for `value` (an empty list when valid). */
function messages(field: Validating, value: unknown): string[] {
  return field.validate(value);
}

const valid = (field: Validating, values: readonly unknown[]): void => {
  for (const value of values) expect(messages(field, value), `${inspect(value)} should be valid`).to.deep.equal([]);
};

describe('Field validation', () => {
  describe('null and blank', () => {
    it('rejects null unless null: true, and empty values unless blank: true', () => {
      expect(messages(new CharField({ maxLength: 5 }), null)).to.deep.equal(['This field cannot be null.']);
      expect(messages(new CharField({ maxLength: 5 }), undefined)).to.deep.equal(['This field cannot be null.']);
      expect(messages(new CharField({ maxLength: 5 }), '')).to.deep.equal(['This field cannot be blank.']);
      expect(messages(new CharField({ maxLength: 5, null: true }), null)).to.deep.equal([]);
      expect(messages(new CharField({ maxLength: 5, blank: true }), '')).to.deep.equal([]);
      expect(messages(new TextField({ blank: true }), null)).to.deep.equal(['This field cannot be null.']);
    });

    it('false and 0 are values, not blanks', () => {
      valid(new BooleanField(), [false, true]);
      valid(new IntegerField(), [0]);
      valid(new FloatField(), [0]);
      valid(new DurationField(), [0]);
    });

    it('JSON treats empty arrays and objects as blank, like Django', () => {
      const json = new JSONField();
      expect(messages(json, [])).to.deep.equal(['This field cannot be blank.']);
      expect(messages(json, {})).to.deep.equal(['This field cannot be blank.']);
      valid(new JSONField({ blank: true }), [[], {}]);
      valid(json, [0, false, 'x', [null], { a: null }]);
    });
  });

  describe('text', () => {
    it('counts maxLength in characters (code points), not bytes or UTF-16 units', () => {
      const field = new CharField({ maxLength: 5 });
      valid(field, ['abcde', 'ÅÅÅÅÅ', '😀😀😀😀😀', '漢字かな한']);
      expect(messages(field, 'abcdef')).to.deep.equal(['Ensure this value has at most 5 characters (it has 6).']);
      expect(messages(field, '😀😀😀😀😀😀')).to.deep.equal(['Ensure this value has at most 5 characters (it has 6).']);
    });

    it('email, slug and URL formats', () => {
      const email = new EmailField();
      valid(email, ['ann@example.com', 'a.b+tag@sub.example.co.uk', 'josé@exämple.com']);
      for (const bad of ['not-an-email', 'a@b', 'a @b.io', '@b.io', 'a@b.io ']) {
        expect(messages(email, bad), bad).to.deep.equal(['Enter a valid email address.']);
      }
      const slug = new SlugField();
      valid(slug, ['a-slug_1', 'ABC']);
      for (const bad of ['has space', 'ünï', 'a/b', 'dot.ted']) {
        expect(messages(slug, bad), bad).to.deep.equal(['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.']);
      }
      const url = new URLField();
      valid(url, ['http://example.com', 'https://example.com/a?b=c#d', 'http://localhost:8000/x', 'ftp://files.example.org']);
      for (const bad of ['example.com', 'javascript:alert(1)', 'http://', 'https://exa mple.com', 'mailto:a@b.io']) {
        expect(messages(url, bad), bad).to.deep.equal(['Enter a valid URL.']);
      }
    });

    it('formatted fields keep their default lengths, and a format error comes with a length error', () => {
      expect(new EmailField().columnSpec().maxLength).to.equal(254);
      expect(new SlugField().columnSpec().maxLength).to.equal(50);
      expect(new URLField().columnSpec().maxLength).to.equal(200);
      expect(new SlugField().options.dbIndex).to.equal(true);
      expect(messages(new SlugField({ maxLength: 3 }), 'a b c')).to.deep.equal([
        'Ensure this value has at most 3 characters (it has 5).',
        'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
      ]);
    });
  });

  describe('numbers', () => {
    it('integer ranges per type', () => {
      const small = new SmallIntegerField();
      valid(small, [-32768, 0, 32767]);
      expect(messages(small, 32768)).to.deep.equal(['Ensure this value is less than or equal to 32767.']);
      expect(messages(small, -32769)).to.deep.equal(['Ensure this value is greater than or equal to -32768.']);
      const positive = new PositiveIntegerField();
      valid(positive, [0, 2147483647]);
      expect(messages(positive, -1)).to.deep.equal(['Ensure this value is greater than or equal to 0.']);
      expect(messages(positive, 2147483648)).to.deep.equal(['Ensure this value is less than or equal to 2147483647.']);
      const integer = new IntegerField();
      expect(messages(integer, 2147483648)).to.deep.equal(['Ensure this value is less than or equal to 2147483647.']);
      const big = new BigIntegerField();
      valid(big, [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
      expect(messages(big, 2 ** 53)[0]).to.match(new RegExp(`^Ensure this value is less than or equal to ${Number.MAX_SAFE_INTEGER}\\. Declare the field with \\{ bigint: true \\}`));
      const exact = new BigIntegerField({ bigint: true });
      expect(exact.clean('9223372036854775807')).to.equal(9223372036854775807n);
      expect(exact.clean(5)).to.equal(5n);
      expect(messages(exact, 2n ** 63n)).to.deep.equal(['Ensure this value is less than or equal to 9223372036854775807.']);
    });

    it('converts numeric strings and rejects what is not a whole number', () => {
      const integer = new IntegerField();
      valid(integer, ['12', ' -3 ']);
      expect(integer.clean('42')).to.equal(42);
      for (const bad of [1.5, 'abc', true, NaN, '1.5', '12abc', '4.0', '1e3', '0x10']) {
        expect(messages(integer, bad), String(bad)).to.deep.equal([`'${String(bad)}' value must be an integer.`]);
      }
    });

    it('floats must be finite (MySQL cannot store Infinity or NaN)', () => {
      const float = new FloatField();
      valid(float, [-1.5, '2.5', 1e308]);
      for (const bad of [Infinity, -Infinity, NaN, 'abc']) {
        expect(messages(float, bad), String(bad)).to.deep.equal([`'${String(bad)}' value must be a float.`]);
      }
    });

    it('decimal digits, checked as Django does: total, then places, then whole digits', () => {
      const field = new DecimalField({ maxDigits: 5, decimalPlaces: 2 });
      valid(field, ['123.45', '-999.99', '0.01', '.5', '7', 1.5, '0012.50']);
      expect(messages(field, '1234.567')).to.deep.equal(['Ensure that there are no more than 5 digits in total.']);
      expect(messages(field, '1.500')).to.deep.equal(['Ensure that there are no more than 2 decimal places.']);
      expect(messages(field, '1234.5')).to.deep.equal(['Ensure that there are no more than 3 digits before the decimal point.']);
      expect(messages(field, 'abc')).to.deep.equal(["'abc' value must be a decimal number."]);
      // Exponents are expanded exactly, as Python's Decimal reads them.
      expect(field.clean('1e2')).to.equal('100');
      expect(messages(field, '1e3')).to.deep.equal(['Ensure that there are no more than 3 digits before the decimal point.']);
      expect(messages(field, 1e400)).to.deep.equal(["'Infinity' value must be a decimal number."]);
      expect(field.clean(2.25)).to.equal('2.25');
      expect(new DecimalField({ maxDigits: 30, decimalPlaces: 0 }).clean(1e21)).to.equal('1000000000000000000000');
    });

    it('durations are whole milliseconds', () => {
      valid(new DurationField(), [0, -1, 90_061_001]);
      expect(messages(new DurationField(), 1.5)).to.deep.equal(["'1.5' value must be a whole number of milliseconds."]);
    });
  });

  describe('booleans, dates and times', () => {
    it('booleans accept true and false only: no spelling is guessed at', () => {
      const field = new BooleanField();
      valid(field, [true, false]);
      expect(field.clean(false)).to.equal(false);
      for (const bad of ['yes', 'false', 'no', 1, 0, '1']) {
        expect(messages(field, bad), String(bad)).to.deep.equal([`'${String(bad)}' value must be either true or false.`]);
      }
    });

    it('dates must be real calendar dates', () => {
      const field = new DateField();
      valid(field, ['2024-02-29', '2026-03-29', '0001-01-01']);
      expect(field.clean(new Date('2026-03-29T23:30:00Z'))).to.equal('2026-03-29');
      expect(messages(field, '2026-02-30')).to.deep.equal(["'2026-02-30' value has the correct format (YYYY-MM-DD) but it is an invalid date."]);
      expect(messages(field, '2025-02-29')).to.deep.equal(["'2025-02-29' value has the correct format (YYYY-MM-DD) but it is an invalid date."]);
      expect(messages(field, '29/03/2026')).to.deep.equal(["'29/03/2026' value has an invalid date format. It must be in YYYY-MM-DD format."]);
    });

    it('datetimes accept Dates, epoch ms and ISO strings; a string without a zone is UTC', () => {
      const field = new DateTimeField();
      expect(field.clean('2026-03-29T01:30:00')!.toISOString()).to.equal('2026-03-29T01:30:00.000Z');
      expect(field.clean('2026-03-29 01:30:00.250')!.toISOString()).to.equal('2026-03-29T01:30:00.250Z');
      expect(field.clean('2026-03-29T03:30:00+02:00')!.toISOString()).to.equal('2026-03-29T01:30:00.000Z');
      expect(field.clean(0)!.toISOString()).to.equal('1970-01-01T00:00:00.000Z');
      expect(messages(field, 'yesterday')).to.deep.equal(["'yesterday' value has an invalid format. It must be a Date or an ISO 8601 string."]);
      expect(messages(field, new Date(NaN))).to.have.length(1);
    });

    it('times are HH:MM[:ss[.uuuuuu]] and come back canonical', () => {
      const field = new TimeField();
      expect(field.clean('14:05')).to.equal('14:05:00');
      expect(field.clean('02:30:00.500')).to.equal('02:30:00.5');
      for (const bad of ['24:00', '12:60', '7:30', 'noon']) {
        expect(messages(field, bad), bad).to.deep.equal([`'${bad}' value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.`]);
      }
    });
  });

  describe('structured values', () => {
    it('UUIDs are checked and normalized to lowercase hyphenated form', () => {
      const field = new UUIDField();
      expect(field.clean('A0EEBC999C0B4EF8BB6D6BB9BD380A11')).to.equal('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
      expect(messages(field, 'not-a-uuid')).to.deep.equal(["'not-a-uuid' is not a valid UUID."]);
    });

    it('JSON refuses values it cannot hold exactly', () => {
      const field = new JSONField();
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      for (const bad of [() => 1, 10n, NaN, { a: undefined }, [new Date()], cyclic, new Map()]) {
        expect(messages(field, bad)).to.have.length(1);
        expect(messages(field, bad)[0]).to.match(/^Value must be valid JSON: \$/);
      }
      const shared = { x: 1 };
      valid(field, [{ a: shared, b: shared }, Object.assign(Object.create(null), { k: 1 })]);
    });

    it('binary takes Buffers and Uint8Arrays and is not editable by default, as in Django', () => {
      const field = new BinaryField();
      valid(field, [Buffer.from([0]), new Uint8Array([1, 2])]);
      expect(messages(field, 'bytes')).to.deep.equal(["Value must be a Buffer or Uint8Array, not 'bytes'."]);
      expect(field.editable).to.equal(false);
      expect(new BinaryField({ editable: true }).editable).to.equal(true);
    });
  });

  describe('choices and validators', () => {
    it('choices accept [value, label] pairs or bare values', () => {
      const pairs = new CharField({ maxLength: 1, choices: [['s', 'Small'], ['l', 'Large']] });
      valid(pairs, ['s', 'l']);
      expect(messages(pairs, 'x')).to.deep.equal(['Value "x" is not a valid choice.']);
      const bare = new IntegerField({ choices: [1, 2, 3] });
      valid(bare, [1, '3']);
      expect(messages(bare, 4)).to.deep.equal(['Value 4 is not a valid choice.']);
    });

    it('custom validators run on the converted value; returned or thrown messages are collected', () => {
      const field = new IntegerField({
        validators: [
          (v: number) => (v % 2 === 0 ? undefined : `${v} is not even.`),
          (v: number) => {
            if (v > 100) throw new Error('Too big.');
          },
          (v: number) => {
            if (v < 0) throw new ValidationError('Negative.');
          },
        ],
      });
      valid(field, [2, '4']);
      expect(messages(field, 3)).to.deep.equal(['3 is not even.']);
      expect(messages(field, 101)).to.deep.equal(['101 is not even.', 'Too big.']);
      expect(messages(field, -2)).to.deep.equal(['Negative.']);
      // A value that cannot be converted never reaches the validators.
      expect(messages(field, 'x')).to.deep.equal(["'x' value must be an integer."]);
    });

    it('clean() throws a ValidationError keyed by the field name', () => {
      const field = new CharField({ maxLength: 2 });
      let caught: unknown;
      try {
        field.clean('abc');
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ValidationError);
      expect((caught as ValidationError).errors).to.deep.equal({ __all__: ['Ensure this value has at most 2 characters (it has 3).'] });
      expect(new CharField({ maxLength: 2, null: true }).clean(null)).to.equal(null);
    });
  });
});

forEachDialect('Field validation through fullClean()', [FieldsValidated], () => {
  beforeEach(async () => {
    await truncate([FieldsValidated]);
  });

  async function errorsOf(instance: FieldsValidated): Promise<Record<string, string[]> | null> {
    try {
      await instance.fullClean();
      return null;
    } catch (error) {
      if (error instanceof ValidationError) return { ...error.errors };
      throw error;
    }
  }

  it('reports every field message at once, keyed by attribute name', async () => {
    const row = new FieldsValidated({
      name: 'toolong', nickname: '', email: 'nope', small: 40000, positive: -1, amount: '1234.5', size: 'm', even: 3,
    });
    expect(await errorsOf(row)).to.deep.equal({
      name: ['Ensure this value has at most 5 characters (it has 7).'],
      email: ['Enter a valid email address.'],
      small: ['Ensure this value is less than or equal to 32767.'],
      positive: ['Ensure this value is greater than or equal to 0.'],
      amount: ['Ensure that there are no more than 3 digits before the decimal point.'],
      size: ['Value "m" is not a valid choice.'],
      even: ['3 is not even.'],
    });
    expect(String((await FieldsValidated.objects.count()))).to.equal('0');
  });

  it('passes valid values (blank where allowed, null where allowed) and they save and load unchanged', async () => {
    const row = new FieldsValidated({ name: 'Ann', nickname: '', email: '', amount: '999.99', size: 'l', even: 4 });
    expect(await errorsOf(row)).to.equal(null);
    await row.save();
    const back = await FieldsValidated.objects.get({ pk: row.pk });
    expect([back.name, back.nickname, back.email, back.amount, back.size, back.even, back.small])
      .to.deep.equal(['Ann', '', '', '999.99', 'l', 4, null]);
  });

  it('skips non-editable (autoNowAdd) fields and the auto primary key', async () => {
    const row = new FieldsValidated({ name: 'x', nickname: '' });
    expect(FieldsValidated._meta.field('createdAt').editable).to.equal(false);
    expect(await errorsOf(row)).to.equal(null);
    expect(row.createdAt).to.equal(null);
  });

  it('a required field left empty is reported as blank', async () => {
    expect(await errorsOf(new FieldsValidated({ name: '', nickname: '' }))).to.deep.equal({ name: ['This field cannot be blank.'] });
    // As in Django, an unset string field starts as '': blank, not null (nickname allows blank).
    const unset = new FieldsValidated({});
    expect([unset.name, unset.nickname]).to.deep.equal(['', '']);
    expect(await errorsOf(unset)).to.deep.equal({ name: ['This field cannot be blank.'] });
  });

  it("an unset string field is saved as '' (save() does not validate, as in Django); a nullable one as null", async () => {
    const row = new FieldsValidated({});
    await row.save();
    const back = await FieldsValidated.objects.get({ pk: row.pk });
    expect([back.name, back.nickname, back.email, back.size]).to.deep.equal(['', '', null, null]);
  });
});
