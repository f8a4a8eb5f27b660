// Value edges found by probing: what is saved is what comes back, or a ValidationError before any
// SQL, the same on every dialect. getOrCreate's primary key, fractional epoch milliseconds,
// choices compared as stored, and a datetime default written as text.
import { expect } from 'chai';
import {
  CharField, DateTimeField, DecimalField, IntegerField, Model, SchemaEditor, UUIDField, ValidationError,
  type FieldValues,
} from '../lib/index.js';
import { cleanErrors, failureOf, rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

class Ve2Item extends Model {
  static fields = {
    name: new CharField({ maxLength: 20, null: true }),
    count: new IntegerField({ default: 0 }),
  };
  static meta = { tableName: 've2_item', ordering: ['id'] };
  static objects = this.manager();
}
interface Ve2Item extends FieldValues<typeof Ve2Item> {}

class Ve2Stamp extends Model {
  static fields = { at: new DateTimeField({ null: true }) };
  static meta = { tableName: 've2_stamp', ordering: ['id'] };
  static objects = this.manager();
}
interface Ve2Stamp extends FieldValues<typeof Ve2Stamp> {}

const UPPER_UUID = '5F0C7A52-0C6B-4D1E-9C2A-3B7F1E2D4A6C';

class Ve2Choice extends Model {
  static fields = {
    price: new DecimalField({ maxDigits: 6, decimalPlaces: 2, null: true, choices: [['1.50', 'one and a half'], ['2.00', 'two']] }),
    code: new UUIDField({ null: true, choices: [[UPPER_UUID, 'the one']] }),
    size: new IntegerField({ null: true, choices: [[1, 'small'], [2, 'large']] }),
    at: new DateTimeField({ null: true, choices: [[new Date(Date.UTC(2020, 0, 1)), 'new year']] }),
  };
  static meta = { tableName: 've2_choice', ordering: ['id'] };
  static objects = this.manager();
}
interface Ve2Choice extends FieldValues<typeof Ve2Choice> {}

class Ve2Default extends Model {
  static fields = {
    name: new CharField({ maxLength: 20, null: true }),
    // A string default, as Django accepts: converted by the field, not handed to the driver as is.
    at: new DateTimeField({ default: '2020-01-01 10:00' as never }),
  };
  static meta = { tableName: 've2_default', ordering: ['id'] };
  static objects = this.manager();
}
interface Ve2Default extends FieldValues<typeof Ve2Default> {}

const NEW_YEAR_TEN = new Date(Date.UTC(2020, 0, 1, 10));

forEachDialect('getOrCreate() and updateOrCreate() create the primary key they are given', [Ve2Item], () => {
  beforeEach(async () => {
    await truncate([Ve2Item]);
  });

  it('getOrCreate({ pk }) creates the row with that key, then finds it', async () => {
    const [item, created] = await Ve2Item.objects.getOrCreate({ pk: 999 });
    expect(created).to.equal(true);
    expect(item.pk).to.equal(999);
    expect(await Ve2Item.objects.filter({ pk: 999 }).count()).to.equal(1);
    const [again, createdAgain] = await Ve2Item.objects.getOrCreate({ pk: 999 });
    expect(createdAgain).to.equal(false);
    expect(again.pk).to.equal(999);
    expect(await Ve2Item.objects.count()).to.equal(1);
  });

  it('getOrCreate() with the key by its own name, or with __exact, creates that key', async () => {
    const [byName] = await Ve2Item.objects.getOrCreate({ id: 998 });
    const [byExact] = await Ve2Item.objects.getOrCreate({ pk__exact: 997 });
    expect([byName.pk, byExact.pk]).to.deep.equal([998, 997]);
    expect(await Ve2Item.objects.valuesList('id', { flat: true })).to.deep.equal([997, 998]);
  });

  it('defaults still override the lookup, the key included', async () => {
    const [item, created] = await Ve2Item.objects.getOrCreate({ pk: 996, name: 'lookup' }, { name: 'default', count: 3 });
    expect(created).to.equal(true);
    expect(await Ve2Item.objects.values('id', 'name', 'count')).to.deep.equal([{ id: 996, name: 'default', count: 3 }]);
    expect(item.name).to.equal('default');
    const [moved] = await Ve2Item.objects.getOrCreate({ pk: 995 }, { pk: 994 } as never);
    expect(moved.pk).to.equal(994);
    expect(await Ve2Item.objects.filter({ pk: 994 }).exists()).to.equal(true);
    expect(await Ve2Item.objects.filter({ pk: 995 }).exists()).to.equal(false);
  });

  it('updateOrCreate({ pk }) creates that key, then updates the same row', async () => {
    const [item, created] = await Ve2Item.objects.updateOrCreate({ pk: 990 }, { name: 'first' });
    expect([item.pk, created, item.name]).to.deep.equal([990, true, 'first']);
    const [updated, createdAgain] = await Ve2Item.objects.updateOrCreate({ pk: 990 }, { name: 'second' });
    expect([updated.pk, createdAgain, updated.name]).to.deep.equal([990, false, 'second']);
    expect(await Ve2Item.objects.values('id', 'name')).to.deep.equal([{ id: 990, name: 'second' }]);
  });
});

forEachDialect('DateTimeField refuses a fraction of a millisecond', [Ve2Stamp], () => {
  beforeEach(async () => {
    await truncate([Ve2Stamp]);
  });

  const refusedBeforeSql = async (write: () => Promise<unknown>): Promise<void> => {
    const { error, sql } = await failureOf(write);
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).errors.at!.join(' ')).to.match(/whole number of milliseconds/);
    expect((error as ValidationError).message).to.contain('Ve2Stamp');
    expect(sql, 'no SQL was sent').to.deep.equal([]);
  };

  it('create(), update() and filter() refuse 1.5 ms before any SQL', async () => {
    await refusedBeforeSql(() => Ve2Stamp.objects.create({ at: 1.5 as never }));
    await refusedBeforeSql(() => Ve2Stamp.objects.all().update({ at: 2.5 as never }));
    await refusedBeforeSql(() => Ve2Stamp.objects.filter({ at: 1.5 as never }).count());
    await refusedBeforeSql(() => new Ve2Stamp({ at: -0.25 as never }).save());
    expect(await Ve2Stamp.objects.count()).to.equal(0);
  });

  it('refuses ISO text with digits below the millisecond; zeros there are fine', async () => {
    const { error, sql } = await failureOf(() => Ve2Stamp.objects.create({ at: '2026-01-02T03:04:05.123456Z' as never }));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).errors.at!.join(' ')).to.match(/below the millisecond/);
    expect(sql).to.deep.equal([]);
    const kept = await Ve2Stamp.objects.create({ at: '2026-01-02T03:04:05.123000Z' as never });
    expect((await Ve2Stamp.objects.get({ pk: kept.pk })).at?.toISOString()).to.equal('2026-01-02T03:04:05.123Z');
  });

  it('fullClean() reports the fraction, and whole milliseconds are kept exactly', async () => {
    expect((await cleanErrors(new Ve2Stamp({ at: 1.5 as never })))?.at?.join(' ')).to.match(/whole number of milliseconds/);
    const stamp = await Ve2Stamp.objects.create({ at: 1_577_836_800_001 as never });
    expect((await Ve2Stamp.objects.get({ pk: stamp.pk })).at?.getTime()).to.equal(1_577_836_800_001);
  });
});

forEachDialect('choices compare the values as the column stores them', [Ve2Choice], () => {
  beforeEach(async () => {
    await truncate([Ve2Choice]);
  });

  it('a decimal written without its padding is the padded choice, as save() stores it', async () => {
    expect(await cleanErrors(new Ve2Choice({ price: '1.5' }))).to.equal(null);
    expect(await cleanErrors(new Ve2Choice({ price: 2 }))).to.equal(null);
    const saved = await Ve2Choice.objects.create({ price: '1.5' });
    const loaded = await Ve2Choice.objects.get({ pk: saved.pk });
    expect(loaded.price).to.equal('1.50');
    expect(await cleanErrors(loaded)).to.equal(null);
  });

  it('UUIDs in either case, integers as text and equal instants are choices', async () => {
    expect(await cleanErrors(new Ve2Choice({ code: UPPER_UUID.toLowerCase() }))).to.equal(null);
    expect(await cleanErrors(new Ve2Choice({ code: UPPER_UUID }))).to.equal(null);
    expect(await cleanErrors(new Ve2Choice({ size: '2' as never }))).to.equal(null);
    expect(await cleanErrors(new Ve2Choice({ at: '2020-01-01T00:00:00Z' as never }))).to.equal(null);
  });

  it('values that are not choices are still refused, with the stored form named', async () => {
    expect((await cleanErrors(new Ve2Choice({ price: '1.55' })))?.price).to.deep.equal(['Value "1.55" is not a valid choice.']);
    expect((await cleanErrors(new Ve2Choice({ code: '00000000-0000-4000-8000-000000000000' })))?.code?.join(' ')).to.match(/not a valid choice/);
    expect((await cleanErrors(new Ve2Choice({ size: 3 })))?.size?.join(' ')).to.match(/not a valid choice/);
    expect((await cleanErrors(new Ve2Choice({ at: new Date(Date.UTC(2020, 0, 2)) })))?.at?.join(' ')).to.match(/not a valid choice/);
  });
});

forEachDialect('a DateTimeField default written as text', [], () => {
  afterEach(async () => {
    await new SchemaEditor().deleteModel(Ve2Default, { ifExists: true });
  });

  it('becomes the column default, and the value save() writes, on every dialect', async () => {
    const editor = new SchemaEditor();
    const [table] = editor.createModelSql(Ve2Default);
    expect(table).to.match(/DEFAULT '2020-01-01[ T]10:00:00/);
    await editor.createModel(Ve2Default);
    const saved = await Ve2Default.objects.create({ name: 'orm' });
    expect((await Ve2Default.objects.get({ pk: saved.pk })).at).to.deep.equal(NEW_YEAR_TEN);
    // A row written without the column takes the database's default: the same instant.
    const q = (name: string) => editor.dialect.quoteName(name);
    await editor.execute([`INSERT INTO ${q('ve2_default')} (${q('name')}) VALUES ('raw')`]);
    expect((await Ve2Default.objects.get({ name: 'raw' })).at).to.deep.equal(NEW_YEAR_TEN);
  });
});
