import { expect } from 'chai';
import { atomic, captureQueries, database, DatabaseError, FieldError, RawQuerySet } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { QsPerson } from './models/qs-models.js';

forEachDialect('Model.objects.raw()', [QsPerson], () => {
  const q = (name: string): string => database().dialect.quoteName(name);

  beforeEach(async () => {
    await truncate([QsPerson]);
    await QsPerson.objects.bulkCreate([
      { name: 'Ann', email: 'ann@x.io', age: 31, nickname: 'annie', born: new Date('2000-01-01T10:00:00Z') },
      { name: 'Bob', email: 'bob@x.io', age: 17, active: false },
      { name: 'Cy', email: 'cy@x.io', age: null },
    ]);
  });

  it('hydrates instances with converted values, mapping dbColumn back to the attribute', async () => {
    const people = await QsPerson.objects.raw(`SELECT * FROM ${q('qs_people')} WHERE ${q('age')} > ? ORDER BY ${q('name')}`, [10]);
    expect(people.map((p) => p.name)).to.deep.equal(['Ann', 'Bob']);
    const [ann, bob] = people;
    expect(ann).to.be.instanceOf(QsPerson);
    expect(ann!.isAdding).to.equal(false);
    expect(ann!.nickname).to.equal('annie');
    expect('nick_col' in ann!).to.equal(false);
    expect(ann!.born).to.be.instanceOf(Date);
    expect(ann!.born!.toISOString()).to.equal('2000-01-01T10:00:00.000Z');
    expect(ann!.active).to.equal(true);
    expect(bob!.active).to.equal(false);
  });

  it('binds parameters: a hostile value is data, not SQL', async () => {
    const hostile = "x' OR '1'='1";
    const found = await QsPerson.objects.raw(`SELECT * FROM ${q('qs_people')} WHERE ${q('name')} = ?`, [hostile]);
    expect(found).to.deep.equal([]);
    const raw = QsPerson.objects.raw(`SELECT * FROM ${q('qs_people')} WHERE ${q('name')} = ?`, ['Ann']);
    expect(raw.toSQL().bindings).to.deep.equal(['Ann']);
    expect(raw.toSQL().sql).to.not.contain('Ann');
    expect(() => QsPerson.objects.raw('SELECT 1', 'Ann' as never)).to.throw(/array/);
  });

  it('turns extra columns into attributes and leaves unselected fields unset', async () => {
    const [ann] = await QsPerson.objects.raw(
      `SELECT ${q('id')}, ${q('name')}, ${q('age')} * 2 AS ${q('doubled')} FROM ${q('qs_people')} WHERE ${q('email')} = ?`,
      ['ann@x.io'],
    );
    const record = ann as unknown as Record<string, unknown>;
    expect(ann!.name).to.equal('Ann');
    expect(Number(record.doubled)).to.equal(62);
    expect('email' in ann!).to.equal(false);
    await ann!.refreshFromDb({ fields: ['email'] });
    expect(ann!.email).to.equal('ann@x.io');
  });

  it('maps columns by attribute name, or through translations', async () => {
    const [byAttr] = await QsPerson.objects.raw(`SELECT ${q('id')}, ${q('nick_col')} AS ${q('nickname')} FROM ${q('qs_people')} WHERE ${q('name')} = ?`, ['Ann']);
    expect(byAttr!.nickname).to.equal('annie');
    const [translated] = await QsPerson.objects.raw(
      `SELECT ${q('id')}, ${q('email')} AS ${q('mail')} FROM ${q('qs_people')} WHERE ${q('name')} = ?`,
      ['Bob'],
      { translations: { mail: 'email' } },
    );
    expect(translated!.email).to.equal('bob@x.io');
    // A translation to an unknown field fails at the call, before the query runs.
    expect(() => QsPerson.objects.raw(`SELECT ${q('id')} FROM ${q('qs_people')}`, [], { translations: { id: 'nope' } })).to.throw(FieldError, /Choices are/);
  });

  it('requires the primary key, naming the columns it got', async () => {
    const error = await QsPerson.objects.raw(`SELECT ${q('name')} FROM ${q('qs_people')}`).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(FieldError);
    expect((error as Error).message).to.match(/must include the primary key of QsPerson.*name/);
  });

  it('saves a raw-loaded instance as an UPDATE of the same row', async () => {
    const [bob] = await QsPerson.objects.raw(`SELECT * FROM ${q('qs_people')} WHERE ${q('name')} = ?`, ['Bob']);
    bob!.age = 18;
    await bob!.save();
    expect(await QsPerson.objects.count()).to.equal(3);
    expect((await QsPerson.objects.get({ name: 'Bob' })).age).to.equal(18);
  });

  it('is lazy, cached, async-iterable, and runs inside atomic()', async () => {
    const raw = QsPerson.objects.raw(`SELECT * FROM ${q('qs_people')} ORDER BY ${q('name')}`);
    expect(raw).to.be.instanceOf(RawQuerySet);
    const queries = await captureQueries(async () => {
      await raw;
      await raw;
      const seen: string[] = [];
      for await (const p of raw) seen.push(p.name);
      expect(seen).to.deep.equal(['Ann', 'Bob', 'Cy']);
    });
    expect(queries).to.have.length(1);
    await atomic(async () => {
      await QsPerson.objects.create({ name: 'Dee', email: 'dee@x.io' });
      const inside = await QsPerson.objects.raw(`SELECT * FROM ${q('qs_people')} WHERE ${q('name')} = ?`, ['Dee']);
      expect(inside).to.have.length(1);
    });
  });

  it('wraps database errors with the SQL', async () => {
    const error = await QsPerson.objects.raw(`SELECT * FROM ${q('qs_no_such_table')}`).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(DatabaseError);
    expect((error as DatabaseError).sql).to.contain('qs_no_such_table');
  });
});
