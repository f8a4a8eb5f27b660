// Edges of field values found by probing: fullClean() over relation keys, mutable defaults,
// dates outside the years 1 to 9999, lone surrogates in JSON and escaped NULs on PostgreSQL.
import { expect } from 'chai';
import {
  CharField, DateField, ForeignKey, JSONField, Model, OneToOneField, SchemaEditor, TextField, ValidationError,
  type FieldValues,
} from '../lib/index.js';
import { cleanErrors, failureOf } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

class EdgeParent extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'edge_parents' };
  static objects = this.manager();
}
interface EdgeParent extends FieldValues<typeof EdgeParent> {}

/** A key in `uniqueTogether`, named by the relation in one set and by its key attribute in the other. */
class EdgeChild extends Model {
  static fields = {
    parent: new ForeignKey(() => EdgeParent, { onDelete: 'CASCADE' }),
    code: new CharField({ maxLength: 10 }),
    slot: new CharField({ maxLength: 10, default: 'a' }),
  };
  static meta = { tableName: 'edge_children', uniqueTogether: [['parent', 'code'], ['parentId', 'slot']] };
  static objects = this.manager();
}
interface EdgeChild extends FieldValues<typeof EdgeChild> {}

/** Single-field uniqueness over relation keys: a one-to-one, and a foreign key with `unique`. */
class EdgeProfile extends Model {
  static fields = {
    owner: new OneToOneField(() => EdgeParent, { onDelete: 'CASCADE', relatedName: 'edgeProfile' }),
    mentor: new ForeignKey(() => EdgeParent, { onDelete: 'CASCADE', unique: true, relatedName: 'mentored' }),
  };
  static meta = { tableName: 'edge_profiles' };
  static objects = this.manager();
}
interface EdgeProfile extends FieldValues<typeof EdgeProfile> {}

class EdgeValue extends Model {
  static fields = {
    doc: new JSONField({ default: {} }),
    list: new JSONField({ default: [] }),
    nested: new JSONField({ default: { tags: ['x'], inner: { n: 1 } } }),
    json: new JSONField({ null: true }),
    day: new DateField({ null: true }),
    text: new TextField({ default: '' }),
    char: new CharField({ maxLength: 20, default: '' }),
  };
  static meta = { tableName: 'edge_values' };
  static objects = this.manager();
}
interface EdgeValue extends FieldValues<typeof EdgeValue> {}

const MODELS = [EdgeParent, EdgeChild, EdgeProfile, EdgeValue];


/** `write` fails with a ValidationError on `field` matching `message`, before any SQL, leaving the rows as they were. */
async function expectRefused(write: () => unknown, field: string, message: RegExp): Promise<void> {
  const before = await EdgeValue.objects.values('pk', field as never).orderBy('pk');
  const { error, sql } = await failureOf(write);
  expect(error, 'nothing was thrown').to.be.instanceOf(ValidationError);
  expect(Object.keys((error as ValidationError).errors)).to.deep.equal([field]);
  expect((error as Error).message).to.match(new RegExp(`^EdgeValue\\.${field}: `));
  expect((error as Error).message).to.match(message);
  expect(sql, 'SQL ran').to.deep.equal([]);
  expect(await EdgeValue.objects.values('pk', field as never).orderBy('pk')).to.deep.equal(before);
}

/** The row `create()` wrote, read back by a fresh query. */
async function roundTrip(values: Partial<Record<keyof typeof EdgeValue.fields, unknown>>): Promise<EdgeValue> {
  const created = await EdgeValue.objects.create(values as never);
  return EdgeValue.objects.get({ pk: created.pk });
}

function yearDate(year: number, month = 0, day = 1): Date {
  const date = new Date(Date.UTC(2000, month, day));
  date.setUTCFullYear(year);
  return date;
}

forEachDialect('Field edges', MODELS, (dialect) => {
  beforeEach(() => truncate(MODELS));

  describe('fullClean() over relation keys', () => {
    it('cleans a loaded instance whose uniqueTogether names a foreign key, without loading the relation', async () => {
      const parent = await EdgeParent.objects.create({ name: 'p' });
      const { pk } = await EdgeChild.objects.create({ parent, code: 'c1' });
      const loaded = await EdgeChild.objects.get({ pk });
      expect(await cleanErrors(loaded)).to.equal(null);
      loaded.code = 'c2';
      expect(await cleanErrors(loaded)).to.equal(null);
    });

    it('finds a clash of a foreign key and another field, named by relation or by key attribute', async () => {
      const parent = await EdgeParent.objects.create({ name: 'p' });
      const other = await EdgeParent.objects.create({ name: 'q' });
      await EdgeChild.objects.create({ parent, code: 'c1', slot: 's1' });
      const loaded = await EdgeChild.objects.get({ pk: (await EdgeChild.objects.create({ parent, code: 'c2', slot: 's2' })).pk });
      loaded.code = 'c1';
      expect(await cleanErrors(loaded)).to.deep.equal({ __all__: ['EdgeChild with this parent and code already exists.'] });
      loaded.code = 'c2';
      loaded.slot = 's1';
      expect(await cleanErrors(loaded)).to.deep.equal({ __all__: ['EdgeChild with this parentId and slot already exists.'] });
      expect(await cleanErrors(new EdgeChild({ parentId: parent.pk, code: 'c1', slot: 's9' }))).to.deep.equal({ __all__: ['EdgeChild with this parent and code already exists.'] });
      expect(await cleanErrors(new EdgeChild({ parentId: other.pk, code: 'c1', slot: 's1' }))).to.equal(null);
      expect(await cleanErrors(new EdgeChild({ parentId: parent.pk, code: 'c1', slot: 's9' }), { exclude: ['parent'] })).to.equal(null);
      expect(await cleanErrors(new EdgeChild({ parentId: parent.pk, code: 'c9', slot: 's1' }), { exclude: ['parentId'] })).to.equal(null);
    });

    it('checks unique one-to-one and foreign keys on loaded and new instances', async () => {
      const ann = await EdgeParent.objects.create({ name: 'ann' });
      const bob = await EdgeParent.objects.create({ name: 'bob' });
      const { pk } = await EdgeProfile.objects.create({ owner: ann, mentor: bob });
      const loaded = await EdgeProfile.objects.get({ pk });
      expect(await cleanErrors(loaded)).to.equal(null);
      expect(await cleanErrors(new EdgeProfile({ ownerId: ann.pk, mentorId: bob.pk }))).to.deep.equal({
        owner: ['EdgeProfile with this owner already exists.'],
        mentor: ['EdgeProfile with this mentor already exists.'],
      });
      expect(await cleanErrors(new EdgeProfile({ ownerId: bob.pk, mentorId: ann.pk }))).to.equal(null);
    });
  });

  describe('mutable defaults', () => {
    it('gives every new instance its own copy of an object or array default', () => {
      const first = new EdgeValue({});
      (first.doc as Record<string, unknown>).mutated = 1;
      (first.list as unknown[]).push(1);
      ((first.nested as { tags: string[] }).tags).push('y');
      const second = new EdgeValue({});
      expect([second.doc, second.list, second.nested]).to.deep.equal([{}, [], { tags: ['x'], inner: { n: 1 } }]);
      expect(second.doc).not.to.equal(first.doc);
      expect(EdgeValue.fields.doc.options.default).to.deep.equal({});
      expect(EdgeValue.fields.nested.options.default).to.deep.equal({ tags: ['x'], inner: { n: 1 } });
    });

    it('never changes the DDL: the declared default stays as written', () => {
      const before = new SchemaEditor().createModelSql(EdgeValue);
      const instance = new EdgeValue({});
      (instance.doc as Record<string, unknown>).mutated = 1;
      ((instance.nested as { inner: { n: number } }).inner).n = 2;
      expect(new SchemaEditor().createModelSql(EdgeValue)).to.deep.equal(before);
      expect(before.join('\n')).not.to.contain('mutated');
    });

    it('stores the changed copy, and the default for the next row', async () => {
      const changed = new EdgeValue({});
      (changed.doc as Record<string, unknown>).mutated = 1;
      await changed.save();
      const plain = await EdgeValue.objects.create({});
      expect((await EdgeValue.objects.get({ pk: changed.pk })).doc).to.deep.equal({ mutated: 1 });
      const fresh = await EdgeValue.objects.get({ pk: plain.pk });
      expect([fresh.doc, fresh.list, fresh.nested]).to.deep.equal([{}, [], { tags: ['x'], inner: { n: 1 } }]);
    });
  });

  describe('DateField years', () => {
    const outside: [string, unknown][] = [
      ['a Date in the year 10000', yearDate(10000)],
      ['a Date in the year -1', yearDate(-1)],
      ['a Date in the year 0', yearDate(0, 5, 15)],
      ["'0000-01-01'", '0000-01-01'],
    ];
    for (const [label, input] of outside) {
      it(`refuses ${label} before any SQL, in create() and update()`, async () => {
        await expectRefused(() => EdgeValue.objects.create({ day: input as never }), 'day', /outside the years 1 to 9999/);
        const row = await EdgeValue.objects.create({});
        await expectRefused(() => EdgeValue.objects.filter({ pk: row.pk }).update({ day: input as never }), 'day', /outside the years 1 to 9999/);
        expect((await cleanErrors(new EdgeValue({ day: input as never })))?.day?.join(' ')).to.match(/outside the years 1 to 9999 a date can hold/);
      });
    }

    it('stores the first and last days of the range as they are', async () => {
      expect((await roundTrip({ day: yearDate(1) })).day).to.equal('0001-01-01');
      expect((await roundTrip({ day: '0001-01-01' })).day).to.equal('0001-01-01');
      expect((await roundTrip({ day: yearDate(9999, 11, 31) })).day).to.equal('9999-12-31');
      expect((await roundTrip({ day: '9999-12-31' })).day).to.equal('9999-12-31');
      expect(await EdgeValue.objects.filter({ day: '9999-12-31' }).count()).to.equal(2);
    });
  });

  describe('lone surrogates in JSON', () => {
    const halves: [string, unknown, RegExp][] = [
      ['a lone high surrogate', '\uD800', /\$ contains a lone surrogate/],
      ['a lone low surrogate inside a value', { k: 'a\uDC00b' }, /\$\.k contains a lone surrogate/],
      ['half an emoji as a key', { ['😀'.slice(0, 1)]: 1 }, /key .* at \$ contains a lone surrogate/],
      ['half an emoji deep in an array', [1, { list: ['ok', '😀'.slice(1)] }], /\$\[1\]\.list\[1\] contains a lone surrogate/],
    ];
    for (const [label, input, message] of halves) {
      it(`refuses ${label} before any SQL`, async () => {
        await expectRefused(() => EdgeValue.objects.create({ json: input as never }), 'json', message);
        const row = await EdgeValue.objects.create({});
        await expectRefused(() => EdgeValue.objects.filter({ pk: row.pk }).update({ json: input as never }), 'json', message);
        await expectRefused(() => EdgeValue.objects.bulkCreate([new EdgeValue({ json: input as never })]), 'json', message);
        expect((await cleanErrors(new EdgeValue({ json: input as never })))?.json?.join(' ')).to.match(message);
      });
    }

    it('stores whole surrogate pairs in values and keys', async () => {
      const value = { '😀 key': ['emoji 😀', '𝄞'], plain: 'ok' };
      expect((await roundTrip({ json: value })).json).to.deep.equal(value);
    });

    it('refuses lone surrogates in text and char fields the same way', async () => {
      await expectRefused(() => EdgeValue.objects.create({ text: 'a\uD800' }), 'text', /lone surrogate/);
      await expectRefused(() => EdgeValue.objects.create({ char: '\uDFFFb' }), 'char', /lone surrogate/);
    });
  });

  describe('backslashes and NUL in JSON', () => {
    const escapes: [string, unknown][] = [
      ['a backslash followed by u0000', '\\u0000'],
      ['an escaped backslash before u0000', '\\\\u0000'],
      ['a key and a value spelling \\u0000', { 'k\\u0000': 'x\\u0000y', list: ['\\\\\\u0000'] }],
    ];
    for (const [label, input] of escapes) {
      it(`stores ${label} (no NUL) as it is`, async () => {
        expect((await roundTrip({ json: input })).json).to.deep.equal(input);
      });
    }

    const nuls: [string, unknown][] = [
      ['a NUL', 'a\u0000b'],
      ['a NUL after a backslash', '\\\u0000'],
      ['a NUL after two backslashes', { '\\\\\u0000': 1 }],
    ];
    for (const [label, input] of nuls) {
      if (dialect === 'postgres') {
        it(`refuses ${label} before any SQL on PostgreSQL`, async () => {
          await expectRefused(() => EdgeValue.objects.create({ json: input as never }), 'json', /NUL character \(U\+0000\) cannot be stored on PostgreSQL/);
        });
      } else {
        it(`stores ${label} as it is`, async () => {
          expect((await roundTrip({ json: input })).json).to.deep.equal(input);
        });
      }
    }
  });
});
