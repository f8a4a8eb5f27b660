import { expect } from 'chai';
import {
  Avg, captureQueries, CharField, Count, F, FieldError, ImproperlyConfigured, Max, Model, Prefetch, Sum, WrenError, WrenTypeError,
} from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { failureOf } from './support/assertions.js';
import { ARGUMENT_MODELS, BaAuthor, BaTag, BaTrack } from './models/argument-models.js';

// Names that reach SQL or become attributes: annotation and aggregate names must be identifiers
// that clash with nothing, and no name a user types can find Object.prototype's members.

type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const tracks: Loose = BaTrack.objects;
const authors: Loose = BaAuthor.objects;

/** The error `run` throws or rejects with, and how many statements were sent meanwhile. */
async function outcome(run: () => unknown): Promise<{ error: unknown; queries: number }> {
  const { error, sql } = await failureOf(run);
  return { error, queries: sql.length };
}

async function expectRefused(run: () => unknown, errorClass: typeof WrenError | typeof WrenTypeError, fragment: string): Promise<void> {
  const { error, queries } = await outcome(run);
  expect(error, `expected ${errorClass.name} containing ${fragment}`).to.be.instanceOf(errorClass);
  expect((error as Error).message).to.contain(fragment);
  expect(queries, 'SQL was sent').to.equal(0);
}

const INVALID_NAMES: readonly [string, string][] = [
  ['', 'it is empty'],
  ['n?', 'only letters, digits and _'],
  ['a b', 'only letters, digits and _'],
  ['1n', 'must start with a letter or _'],
  ['n-1', 'only letters, digits and _'],
  ["n'x", 'only letters, digits and _'],
  ['n"x', 'only letters, digits and _'],
  ['n;drop', 'only letters, digits and _'],
  ['née', 'only letters, digits and _'],
  ['a__b', "'__' separates lookups"],
  ['__proto__', "'__' separates lookups"],
  ['total_', "may not end with '_'"],
  ['x'.repeat(64), 'at most 63 characters'],
  ['_wr0_0', 'reserved'],
  ['_wp0', 'reserved'],
  ['_wrenPrefetchKey', 'reserved'],
];

/** Names annotate() refuses because instances already have them (fields, relations, members). */
const TAKEN_NAMES: readonly [string, string][] = [
  ['title', 'conflicts with a field'],
  ['authorId', 'conflicts with a field'],
  ['author', 'conflicts with a field'],
  ['tags', 'conflicts with a field'],
  ['id', 'conflicts with a field'],
  ['pk', 'conflicts with a field'],
  ['save', 'conflicts with a member of BaTrack'],
  ['delete', 'conflicts with a member'],
  ['refreshFromDb', 'conflicts with a member'],
  ['fullClean', 'conflicts with a member'],
  ['related', 'conflicts with a member'],
  ['toJSON', 'conflicts with a member'],
  ['isAdding', 'conflicts with a member'],
  ['constructor', 'conflicts with a member'],
  ['toString', 'conflicts with a member'],
  ['hasOwnProperty', 'conflicts with a member'],
  ['valueOf', 'conflicts with a member'],
];

const PROTOTYPE_NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];

/** Each API that takes a field name, called with `name`; each must refuse it with FieldError. */
const NAME_TAKERS: readonly [string, (name: string) => unknown][] = [
  ['filter', (n) => tracks.filter({ [n]: 1 })],
  ['filter (lookup)', (n) => tracks.filter({ [`${n}__gt`]: 1 })],
  ['exclude', (n) => tracks.exclude({ [n]: 1 })],
  ['get', (n) => tracks.get({ [n]: 1 })],
  ['filter through a relation', (n) => tracks.filter({ [`author__${n}`]: 1 })],
  ['orderBy', (n) => tracks.orderBy(n)],
  ['orderBy descending', (n) => tracks.orderBy(`-${n}`)],
  ['values', (n) => tracks.values(n)],
  ['valuesList', (n) => tracks.valuesList(n)],
  ['valuesList flat', (n) => tracks.valuesList(n, { flat: true })],
  ['only', (n) => tracks.only(n)],
  ['defer', (n) => tracks.defer(n)],
  ['selectRelated', (n) => tracks.selectRelated(n)],
  ['prefetchRelated', (n) => tracks.prefetchRelated(n)],
  ['F() in filter', (n) => tracks.filter({ milliseconds: F(n) })],
  ['F() in annotate', (n) => tracks.annotate({ doubled: F(n).mul(2) })],
  ['aggregate over it', (n) => tracks.aggregate({ total: Sum(n) })],
  ['update', (n) => tracks.update({ [n]: 1 })],
  ['create', (n) => tracks.create({ [n]: 1 })],
  ['new Model', (n) => new BaTrack({ [n]: 1 } as never)],
  ['bulkCreate', (n) => tracks.bulkCreate([{ [n]: 1 }])],
  ['getOrCreate defaults', (n) => tracks.getOrCreate({ title: 'x' }, { [n]: 1 })],
  ['inBulk fieldName', (n) => tracks.inBulk([1], { fieldName: n })],
  ['raw translations', (n) => tracks.raw('SELECT * FROM ba_tracks', [], { translations: { title: n } })],
];

forEachDialect('Identifiers', ARGUMENT_MODELS, () => {
  before(async () => {
    const ann = await BaAuthor.objects.create({ name: 'Ann', age: 30 });
    const bob = await BaAuthor.objects.create({ name: 'Bob', age: 40 });
    await BaTrack.objects.bulkCreate([
      { title: 'One', milliseconds: 1500, author: ann },
      { title: 'Two', milliseconds: 2500, author: ann },
      { title: 'Three?', milliseconds: 4000, author: bob },
    ] as never[]);
  });

  describe('annotation and aggregate names must be identifiers', () => {
    for (const [name, why] of INVALID_NAMES) {
      it(`annotate() and aggregate() refuse ${JSON.stringify(name.length > 20 ? `${name.slice(0, 10)}... (${name.length} chars)` : name)}`, async () => {
        await expectRefused(() => tracks.annotate({ [name]: Count('pk') }), FieldError, why);
        await expectRefused(() => tracks.annotate({ [name]: Count('pk') }), FieldError, `'${name}' is not a valid annotation name`);
        await expectRefused(() => tracks.aggregate({ [name]: Count('pk') }), FieldError, `'${name}' is not a valid aggregate name`);
      });
    }

    it('refuses symbol keys and non-object arguments with WrenTypeError', async () => {
      await expectRefused(() => tracks.annotate({ [Symbol('n')]: Count('pk') }), WrenTypeError, 'a symbol key was given');
      await expectRefused(() => tracks.annotate('n'), WrenTypeError, "annotate() takes an object of { name: expression }, e.g. annotate({ n: Count('pk') }), not the string 'n'");
      await expectRefused(() => tracks.aggregate([Sum('milliseconds')]), WrenTypeError, 'not an array');
    });

    it('accepts identifiers up to 63 characters, a leading _ and digits, and reads them back', async () => {
      const long = `m${'s'.repeat(62)}`;
      const totals = await tracks.aggregate({ [long]: Sum('milliseconds'), _n: Count('pk'), n2: Max('milliseconds') });
      expect(totals).to.deep.equal({ [long]: 8000, _n: 3, n2: 4000 });
      // Annotated before values(): one row per track, as in Django.
      const rows = await tracks.annotate({ [long]: Sum('milliseconds'), _n: Count('pk') }).values(long, '_n');
      expect((rows as unknown as Record<string, number>[]).map((row) => row[long]!).sort()).to.deep.equal([1500, 2500, 4000]);
    });
  });

  describe('annotate() names may not clash with anything instances already have', () => {
    for (const [name, why] of TAKEN_NAMES) {
      it(`refuses '${name}'`, async () => {
        await expectRefused(() => tracks.annotate({ [name]: Count('pk') }), FieldError, `The annotation '${name}' ${why}`);
      });
    }

    it('refuses a reverse accessor (BaAuthor.tracks) and a reverse many-to-many (BaTag.tracks)', async () => {
      await expectRefused(() => authors.annotate({ tracks: Count('tracks') }), FieldError, "The annotation 'tracks' conflicts with a field on the model BaAuthor");
      await expectRefused(() => (BaTag.objects as Loose).annotate({ tracks: Count('tracks') }), FieldError, "The annotation 'tracks' conflicts with a field");
    });

    it('refuses a method a model subclass adds', async () => {
      class BaWithMethod extends Model {
        static fields = { label: new CharField({ maxLength: 5 }) };
        static meta = { tableName: 'ba_tracks_method' };
        static objects = this.manager();
        shout(): string {
          return 'x';
        }
      }
      await expectRefused(() => (BaWithMethod.objects as Loose).annotate({ shout: Count('pk') }), FieldError, "conflicts with a member of BaWithMethod instances (BaWithMethod.prototype.shout)");
    });
  });

  describe('aggregate() names may repeat a field (as in Django)', () => {
    it('aggregate({ milliseconds: Sum("milliseconds") }) returns the sum', async () => {
      expect(await tracks.aggregate({ milliseconds: Sum('milliseconds') })).to.deep.equal({ milliseconds: 8000 });
    });

    it('several field-named aggregates read the fields, not each other', async () => {
      const result = await tracks.aggregate({ milliseconds: Avg('milliseconds'), id: Count('milliseconds'), title: Max('title') });
      // MariaDB's AVG of integers has 4 decimal places (div_precision_increment); the name is what is tested here.
      expect(result.milliseconds).to.be.closeTo(8000 / 3, 1e-3);
      expect(result).to.include({ id: 3, title: 'Two' });
    });

    it('names of relations and model members are fine in the plain result object', async () => {
      expect(await tracks.filter({ author__name: 'Ann' }).aggregate({ author: Count('author'), save: Sum('milliseconds'), constructor: Max('milliseconds') }))
        .to.deep.equal({ author: 2, save: 4000, constructor: 2500 });
    });

    it('over annotated rows, an aggregate may take the name of an annotation', async () => {
      expect(await tracks.annotate({ seconds: F('milliseconds').div(1000) }).aggregate({ seconds: Sum('seconds') })).to.have.property('seconds').that.is.a('number');
    });
  });

  describe('prototype names are unknown names, never Object.prototype members', () => {
    for (const name of PROTOTYPE_NAMES) {
      for (const [api, call] of NAME_TAKERS) {
        it(`${api} with '${name}' raises FieldError with the choices`, async () => {
          const { error, queries } = await outcome(() => call(name));
          expect(error, `${api}('${name}') raised nothing`).to.be.instanceOf(FieldError);
          expect((error as Error).message).to.contain(name);
          expect((error as Error).message).to.match(/Choices are|Cannot find|must be a unique field/);
          expect(queries, 'SQL was sent').to.equal(0);
        });
      }
    }

    it('an annotation lookup does not find Object.prototype (F("constructor") after annotate)', async () => {
      const qs = tracks.annotate({ n: Count('pk') });
      await expectRefused(() => qs.filter({ constructor: 1 }), FieldError, "Cannot resolve keyword 'constructor'");
      await expectRefused(() => qs.orderBy('toString'), FieldError, "Cannot resolve keyword 'toString'");
      await expectRefused(() => qs.values('valueOf'), FieldError, "Cannot resolve keyword 'valueOf'");
    });

    it('a Prefetch toAttr may not hide a field or a member', async () => {
      await expectRefused(() => authors.prefetchRelated(Prefetch('tracks', null, { toAttr: 'save' })), FieldError, "toAttr 'save' conflicts");
      await expectRefused(() => authors.prefetchRelated(Prefetch('tracks', null, { toAttr: 'name' })), FieldError, "toAttr 'name' conflicts");
      await expectRefused(() => authors.prefetchRelated(Prefetch('tracks', null, { toAttr: 'a__b' })), FieldError, "toAttr 'a__b' is not a valid attribute name");
    });

    it('a raw() column named like a member is refused instead of replacing it', async () => {
      const q = (name: string) => tracks.db.dialect.quoteName(name);
      const { error, queries } = await outcome(() => tracks.raw(`SELECT id, title AS ${q('save')} FROM ba_tracks`).fetch());
      expect(error).to.be.instanceOf(FieldError);
      expect((error as Error).message).to.contain("the result column 'save' would replace BaTrack.prototype.save");
      // Column names are known only once the query has run.
      expect(queries).to.equal(1);
    });
  });

  describe('no identifier can shift the bindings', () => {
    it('values with ? and quotes bind as values around annotations', async () => {
      const rows = await tracks.annotate({ doubled: F('milliseconds').mul(2) }).filter({ title: 'Three?', doubled__gt: 1 }).values('title', 'doubled');
      expect(rows).to.deep.equal([{ title: 'Three?', doubled: 8000 }]);
    });

    it("raw() counts placeholders as the SQL parser reads them: '??' is one, '\\\\?' none", async () => {
      const qs = tracks.raw('SELECT * FROM ba_tracks WHERE id = ? AND title <> ?', [1, 'x']);
      expect(qs.toSQL().bindings).to.deep.equal([1, 'x']);
      expect(() => tracks.raw('SELECT * FROM ?? WHERE id = ?', ['ba_tracks'])).to.throw(WrenError, 'the SQL has 2 placeholders but 1 parameter was given');
      expect(() => tracks.raw('SELECT * FROM ba_tracks WHERE id = \\? AND id = ?', [1])).not.to.throw();
      const rows = await tracks.raw('SELECT * FROM ?? WHERE title = ?', ['ba_tracks', 'Three?']);
      expect(rows.map((r: Loose) => r.title)).to.deep.equal(['Three?']);
    });

    it("a model whose table or column name contains '?' is refused when it is first used", () => {
      class BaOddColumn extends Model {
        static fields = { label: new CharField({ maxLength: 5, dbColumn: 'la?bel' }) };
        static meta = { tableName: 'ba_odd_columns' };
      }
      expect(() => BaOddColumn._meta).to.throw(ImproperlyConfigured, "the table or column name 'la?bel' contains '?'");
    });
  });
});
