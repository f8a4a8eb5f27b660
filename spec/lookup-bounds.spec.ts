import { expect } from 'chai';
import {
  BigIntegerField, CharField, F, ForeignKey, IntegerField, Model, PositiveIntegerField, Q, QuerySet, SmallIntegerField, ValidationError,
  type FieldValues,
} from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

/**
 * Filter values beyond an integer column's range match as Django 5's IntegerFieldOverflow lookups
 * decide (PostgreSQL raised DataError: "value out of range for type integer"), and `__in` leaves
 * out null members (it raised ValidationError converting them), alike on every dialect.
 */

export class BoundsRow extends Model {
  static fields = {
    label: new CharField({ maxLength: 10 }),
    n: new IntegerField({ null: true }),
    sm: new SmallIntegerField({ null: true }),
    bx: new BigIntegerField({ bigint: true, null: true }),
    pos: new PositiveIntegerField({ null: true }),
    composer: new CharField({ maxLength: 30, null: true }),
  };
  static meta = { ordering: ['label'], tableName: 'lookup_bounds_rows' };
  static objects = this.manager();
}
export interface BoundsRow extends FieldValues<typeof BoundsRow> {}

export class BoundsTrack extends Model {
  static fields = {
    title: new CharField({ maxLength: 10 }),
    row: new ForeignKey(() => BoundsRow, { onDelete: 'CASCADE', null: true }),
  };
  static meta = { ordering: ['title'], tableName: 'lookup_bounds_tracks' };
  static objects = this.manager();
}
export interface BoundsTrack extends FieldValues<typeof BoundsTrack> {}

const INT_MAX = 2 ** 31 - 1;
const INT64_MAX = 2n ** 63n - 1n;
const HUGE = 2 ** 40;

/** `max` holds each column's largest value, `neg` negatives (PositiveIntegerField's least is 0), `nul` only NULLs. */
const ROWS = [
  { label: 'one', n: 1, sm: 1, bx: 1n, pos: 1, composer: 'AC/DC' },
  { label: 'neg', n: -5, sm: -5, bx: -5n, pos: 0, composer: 'Bach' },
  { label: 'max', n: INT_MAX, sm: 32767, bx: INT64_MAX, pos: INT_MAX, composer: null },
  { label: 'nul', n: null, sm: null, bx: null, pos: null, composer: null },
];
const ALL = ['max', 'neg', 'nul', 'one'];
const NOT_NULL = ['max', 'neg', 'one'];

const rows = BoundsRow.objects;
const tracks = BoundsTrack.objects;

async function labels(qs: QuerySet<typeof BoundsRow>): Promise<string[]> {
  return (await qs.valuesList('label', { flat: true })).sort();
}

async function titles(qs: QuerySet<typeof BoundsTrack>): Promise<string[]> {
  return (await qs.valuesList('title', { flat: true })).sort();
}

/** The error a promise rejects with (fails when it resolves). */

/** The rows every test reads, and the row labelled 'one' (a track points at it, another at nothing). */
async function seed(): Promise<BoundsRow> {
  await truncate([BoundsRow, BoundsTrack]);
  await rows.bulkCreate(ROWS);
  const one = await rows.get({ label: 'one' });
  await tracks.bulkCreate([{ title: 'first', row: one }, { title: 'lost', row: null }]);
  return one;
}

forEachDialect('Lookups with values beyond an integer column', [BoundsRow, BoundsTrack], (dialect) => {
  let one: BoundsRow;

  before(async () => {
    one = await seed();
  });

  describe('exact', () => {
    it('matches nothing, decided before any SQL (no value bound)', async () => {
      for (const qs of [rows.filter({ sm: 40000 }), rows.filter({ n: -HUGE }), rows.filter({ bx: 2n ** 70n }), rows.filter({ pk: HUGE })]) {
        const { sql, bindings } = qs.toSQL();
        expect(sql).to.match(/1 = 0/);
        expect(bindings).to.deep.equal([]);
        expect(await labels(qs)).to.deep.equal([]);
      }
    });

    it('is bounded by the column type: smallint, integer, 64-bit, positive', async () => {
      expect(await labels(rows.filter({ sm: 32768 }))).to.deep.equal([]);
      expect(await labels(rows.filter({ sm: -32769 }))).to.deep.equal([]);
      expect(await labels(rows.filter({ sm: 32767 }))).to.deep.equal(['max']);
      expect(await labels(rows.filter({ n: INT_MAX + 1 }))).to.deep.equal([]);
      expect(await labels(rows.filter({ n: INT_MAX }))).to.deep.equal(['max']);
      expect(await labels(rows.filter({ n: '99999999999' as never }))).to.deep.equal([]);
      expect(await labels(rows.filter({ bx: INT64_MAX + 1n }))).to.deep.equal([]);
      expect(await labels(rows.filter({ bx: -(2n ** 63n) - 1n }))).to.deep.equal([]);
      expect(await labels(rows.filter({ bx: INT64_MAX }))).to.deep.equal(['max']);
      expect(await labels(rows.filter({ pos: -1 }))).to.deep.equal([]);
      expect(await labels(rows.filter({ pos: INT_MAX + 1 }))).to.deep.equal([]);
    });

    it('get() by a key beyond the range raises the model\'s DoesNotExist', async () => {
      // A model whose by-key statement is not cached yet: get() compiles the lookup.
      expect(await rejection(rows.get({ pk: HUGE }))).to.be.instanceOf(BoundsRow.DoesNotExist);
      expect(await rejection(rows.get({ id: -HUGE }))).to.be.instanceOf(BoundsRow.DoesNotExist);
      expect(await rejection(rows.get({ sm: 40000 }))).to.be.instanceOf(BoundsRow.DoesNotExist);
    });

    it('get() by a key beyond the range, once the by-key statement is cached; save() of such a key', async () => {
      await rows.get({ pk: one.pk });
      await rows.get({ pk: one.pk });
      expect(await rejection(rows.get({ pk: HUGE }))).to.be.instanceOf(BoundsRow.DoesNotExist);
      expect((await rows.get({ pk: one.pk })).pk).to.equal(one.pk);
      // save()'s cached UPDATE by key: a key beyond the range updates nothing, then the INSERT refuses it.
      const loaded = await rows.get({ pk: one.pk });
      await loaded.save();
      await loaded.save();
      (loaded as unknown as { id: number }).id = HUGE;
      expect(await rejection(loaded.save())).to.be.instanceOf(ValidationError);
    });

    it('combines with other conditions: or() keeps the other side, exclude() keeps every row', async () => {
      expect(await labels(rows.filter(Q({ n: HUGE }).or({ n: 1 })))).to.deep.equal(['one']);
      expect(await labels(rows.filter({ n: HUGE, label: 'one' }))).to.deep.equal([]);
      expect(await labels(rows.exclude({ n: HUGE }))).to.deep.equal(ALL);
      expect(await labels(rows.exclude({ bx: -(2n ** 70n) }))).to.deep.equal(ALL);
      expect(await labels(rows.filter(Q({ sm: 40000 }).not()))).to.deep.equal(ALL);
    });
  });

  describe('gt, gte, lt, lte', () => {
    it('a bound below the minimum: gt/gte match every non-null row, lt/lte none', async () => {
      expect(await labels(rows.filter({ n__gt: -HUGE }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ n__gte: -(2 ** 31) - 1 }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ sm__gt: -40000 }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ bx__gte: -(2n ** 70n) }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ pos__gte: -1 }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ n__lt: -HUGE }))).to.deep.equal([]);
      expect(await labels(rows.filter({ sm__lte: -40000 }))).to.deep.equal([]);
      expect(await labels(rows.filter({ bx__lt: -(2n ** 70n) }))).to.deep.equal([]);
      expect(await labels(rows.filter({ pos__lt: -1 }))).to.deep.equal([]);
    });

    it('a bound above the maximum: lt/lte match every non-null row, gt/gte none', async () => {
      expect(await labels(rows.filter({ n__lt: HUGE }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ n__lte: INT_MAX + 1 }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ sm__lt: 40000 }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ bx__lte: 2n ** 70n }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ n__gt: HUGE }))).to.deep.equal([]);
      expect(await labels(rows.filter({ sm__gte: 40000 }))).to.deep.equal([]);
      expect(await labels(rows.filter({ bx__gt: 2n ** 70n }))).to.deep.equal([]);
      expect(await labels(rows.filter({ pos__gt: INT_MAX + 1 }))).to.deep.equal([]);
    });

    it('every non-null row reads as `IS NOT NULL`, with no value bound', () => {
      const { sql, bindings } = rows.filter({ n__gt: -HUGE }).toSQL();
      expect(sql).to.match(/IS NOT NULL/);
      expect(bindings).to.deep.equal([]);
    });

    it('values at the bounds still compare in the database', async () => {
      expect(await labels(rows.filter({ n__gte: INT_MAX }))).to.deep.equal(['max']);
      expect(await labels(rows.filter({ sm__lt: -32768 }))).to.deep.equal([]);
      expect(await labels(rows.filter({ bx__gte: INT64_MAX }))).to.deep.equal(['max']);
      expect(await labels(rows.filter({ pos__lte: 0 }))).to.deep.equal(['neg']);
    });

    it('exclude() is the negation, keeping rows whose value is NULL', async () => {
      expect(await labels(rows.exclude({ n__gt: -HUGE }))).to.deep.equal(['nul']);
      expect(await labels(rows.exclude({ n__lte: HUGE }))).to.deep.equal(['nul']);
      expect(await labels(rows.exclude({ n__lt: -HUGE }))).to.deep.equal(ALL);
      expect(await labels(rows.exclude({ sm__gte: 40000 }))).to.deep.equal(ALL);
      expect(await labels(rows.exclude({ bx__gt: -(2n ** 70n) }))).to.deep.equal(['nul']);
    });
  });

  describe('range', () => {
    it('a bound beyond the column decides its half', async () => {
      expect(await labels(rows.filter({ n__range: [-HUGE, HUGE] }))).to.deep.equal(NOT_NULL);
      expect(await labels(rows.filter({ n__range: [0, HUGE] }))).to.deep.equal(['max', 'one']);
      expect(await labels(rows.filter({ n__range: [-HUGE, 0] }))).to.deep.equal(['neg']);
      expect(await labels(rows.filter({ n__range: [HUGE, 2 ** 41] }))).to.deep.equal([]);
      expect(await labels(rows.filter({ sm__range: [-40000, -40001] }))).to.deep.equal([]);
      expect(await labels(rows.exclude({ n__range: [-HUGE, 0] }))).to.deep.equal(['max', 'nul', 'one']);
    });
  });

  describe('in', () => {
    it('leaves out members beyond the column; left empty, it matches nothing', async () => {
      expect(await labels(rows.filter({ n__in: [1, HUGE, -HUGE] }))).to.deep.equal(['one']);
      expect(await labels(rows.filter({ sm__in: [40000, -5] }))).to.deep.equal(['neg']);
      expect(await labels(rows.filter({ bx__in: [2n ** 70n, INT64_MAX] }))).to.deep.equal(['max']);
      expect(await labels(rows.filter({ pk__in: [HUGE] }))).to.deep.equal([]);
      const { sql, bindings } = rows.filter({ n__in: [HUGE, 2 ** 41] }).toSQL();
      expect(sql).to.match(/1 = 0/);
      expect(bindings).to.deep.equal([]);
      expect(rows.filter({ n__in: [1, HUGE] }).toSQL().bindings).to.deep.equal(dialect === 'postgres' ? [[1]] : [1]);
    });

    it('exclude() keeps every row but those matching a member in range', async () => {
      expect(await labels(rows.exclude({ n__in: [HUGE] }))).to.deep.equal(ALL);
      expect(await labels(rows.exclude({ n__in: [HUGE, 1] }))).to.deep.equal(['max', 'neg', 'nul']);
    });
  });

  describe('foreign keys', () => {
    it('compare as their target key column', async () => {
      expect(await titles(tracks.filter({ row: 99999999999 }))).to.deep.equal([]);
      expect(await titles(tracks.filter({ row__in: [99999999999, one.pk] }))).to.deep.equal(['first']);
      expect(await titles(tracks.filter({ row__gt: -HUGE }))).to.deep.equal(['first']);
      expect(await titles(tracks.filter({ row__lt: -HUGE }))).to.deep.equal([]);
      expect(await titles(tracks.exclude({ row: 99999999999 }))).to.deep.equal(['first', 'lost']);
      expect(await titles(tracks.exclude({ row__lte: HUGE }))).to.deep.equal(['lost']);
      expect(await titles(tracks.filter({ row__sm: 40000 }))).to.deep.equal([]);
      expect(await titles(tracks.filter({ row__id: HUGE }))).to.deep.equal([]);
    });
  });

  describe('annotations', () => {
    it('an annotation with values of its own keeps them when a bound decides', async () => {
      // Not the row at the integer maximum, where the sum itself would overflow on PostgreSQL.
      const plusOne = rows.exclude({ label: 'max' }).annotate({ m: F('n').add(1) });
      expect(await labels(plusOne.filter({ m__in: [] }))).to.deep.equal([]);
      expect(await labels(plusOne.filter({ m__in: [2, HUGE] }))).to.deep.equal(['one']);
      expect(await labels(plusOne.filter({ m: HUGE }))).to.deep.equal([]);
      expect(await labels(plusOne.filter({ m__gt: -HUGE }))).to.deep.equal(['neg', 'one']);
      expect(await labels(plusOne.exclude({ m__in: [HUGE] }))).to.deep.equal(['neg', 'nul', 'one']);
    });
  });

  describe('getOrCreate', () => {
    it('goes on to create, where the field refuses the value', async () => {
      const before = await rows.count();
      const error = (await rejection(rows.getOrCreate({ sm: 40000 }, { label: 'new' }))) as Error;
      expect(error).to.be.instanceOf(ValidationError);
      expect(error.message).to.match(/less than or equal to 32767/);
      expect(await rejection(rows.getOrCreate({ label: 'new', n: HUGE }))).to.be.instanceOf(ValidationError);
      expect(await rows.count()).to.equal(before);
    });
  });
});

forEachDialect('in with null members', [BoundsRow, BoundsTrack], (dialect) => {
  let one: BoundsRow;

  before(async () => {
    one = await seed();
  });

  it('leaves null and undefined out (IN (NULL) matches nothing)', async () => {
    expect(await labels(rows.filter({ composer__in: ['AC/DC', null] }))).to.deep.equal(['one']);
    expect(await labels(rows.filter({ n__in: [null, 1, undefined] } as never))).to.deep.equal(['one']);
    expect(await titles(tracks.filter({ row__in: [one, null] }))).to.deep.equal(['first']);
    const { bindings } = rows.filter({ composer__in: ['AC/DC', null] } as never).toSQL();
    expect(bindings).to.deep.equal(dialect === 'postgres' ? [['AC/DC']] : ['AC/DC']);
  });

  it('a list of nulls only matches nothing', async () => {
    expect(await labels(rows.filter({ composer__in: [null] } as never))).to.deep.equal([]);
    expect(await labels(rows.filter({ composer__in: [null, undefined] } as never))).to.deep.equal([]);
    expect(await titles(tracks.filter({ row__in: [null] } as never))).to.deep.equal([]);
  });

  it('exclude() drops the listed values and keeps NULL rows', async () => {
    expect(await labels(rows.exclude({ composer__in: ['AC/DC', null] } as never))).to.deep.equal(['max', 'neg', 'nul']);
    expect(await labels(rows.exclude({ composer__in: [null] } as never))).to.deep.equal(ALL);
    expect(await titles(tracks.exclude({ row__in: [one, null] } as never))).to.deep.equal(['lost']);
  });
});
