import { expect } from 'chai';
import {
  atomic, captureQueries, connect, Count, database, disconnect, F, FieldError, ImproperlyConfigured, onCommit, Prefetch,
  prefetchRelatedObjects, ProgrammingError, Q, Sum, WrenError, WrenTypeError,
} from '../lib/index.js';
import { DIALECT_URLS, forEachDialect } from './support/dialects.js';
import { failureOf } from './support/assertions.js';
import { ARGUMENT_MODELS, BaAuthor, BaTag, BaTrack } from './models/argument-models.js';

// Every wrong call to a public API fails with a typed Wren error that names the argument, before
// any SQL is sent. Each case is written once and run on every dialect.

type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type ErrorClass = abstract new (...args: never[]) => Error;

interface Case {
  readonly call: string;
  readonly run: () => unknown;
  readonly error: ErrorClass;
  readonly message: string;
}

const tracks: Loose = BaTrack.objects;
const noop = async () => undefined;
let saved: Loose;

const cases = (url: string): Case[] => [
  // filter / exclude / get
  { call: 'filter(null)', run: () => tracks.filter(null), error: WrenTypeError, message: 'filter(): argument 1 must be an object of conditions' },
  { call: 'filter(42)', run: () => tracks.filter(42), error: WrenTypeError, message: 'not the number 42' },
  { call: "filter({...}, 'x')", run: () => tracks.filter({ title: 'a' }, 'x'), error: WrenTypeError, message: "filter(): argument 2 must be an object of conditions ({ name: 'Ann' }), a Q() or a boolean expression such as Exists(...), not the string 'x'" },
  { call: 'filter([{...}])', run: () => tracks.filter([{ title: 'a' }]), error: WrenTypeError, message: 'not an array' },
  { call: "exclude('x')", run: () => tracks.exclude('x'), error: WrenTypeError, message: 'exclude(): argument 1' },
  { call: 'get(42)', run: () => tracks.get(42), error: WrenTypeError, message: 'get(): argument 1' },
  { call: 'filter({ nme })', run: () => tracks.filter({ titel: 'a' }), error: FieldError, message: "Cannot resolve keyword 'titel' into field. Choices are: author, id, milliseconds, tags, title. Did you mean 'title'?" },
  { call: 'filter({ title: undefined })', run: () => tracks.filter({ title: undefined }), error: FieldError, message: 'was given undefined' },
  { call: 'filter({ milliseconds: F(unknown) })', run: () => tracks.filter({ milliseconds: F('nope') }), error: FieldError, message: "Cannot resolve keyword 'nope'" },
  // ordering, slicing, aliases
  { call: 'orderBy(123)', run: () => tracks.orderBy(123), error: WrenTypeError, message: 'orderBy(): argument 1 must be a field name (a string) or an expression such as F(\'x\').desc(), not the number 123' },
  { call: 'orderBy(null)', run: () => tracks.orderBy(null), error: WrenTypeError, message: 'orderBy(): argument 1' },
  { call: 'slice(-1)', run: () => tracks.slice(-1), error: WrenTypeError, message: 'negative indexing is not supported' },
  { call: 'slice(0, -2)', run: () => tracks.slice(0, -2), error: WrenTypeError, message: 'slice(): end must be a whole number >= 0' },
  { call: 'slice(1.5)', run: () => tracks.slice(1.5), error: WrenTypeError, message: 'not the number 1.5' },
  { call: "slice('1')", run: () => tracks.slice('1'), error: WrenTypeError, message: "not the string '1'" },
  { call: 'slice(5, 2)', run: () => tracks.slice(5, 2), error: WrenTypeError, message: 'end (2) must not be less than start (5)' },
  { call: 'slice then filter', run: () => tracks.slice(0, 2).filter({ title: 'a' }), error: WrenError, message: 'Cannot filter a QuerySet once a slice has been taken' },
  { call: 'using(42)', run: () => tracks.using(42), error: WrenTypeError, message: 'using(): alias must be a connection alias' },
  { call: "using('nope').count()", run: () => tracks.using('nope').count(), error: ImproperlyConfigured, message: "No database named 'nope'" },
  // values / valuesList / only / defer
  { call: 'values(42)', run: () => tracks.values(42), error: WrenTypeError, message: 'values(): argument 1' },
  { call: "values('title', {})", run: () => tracks.values('title', {}), error: WrenTypeError, message: "values(): argument 2 must be a field name (a string) or named expressions ({ year: ExtractYear('at') }), not" },
  { call: "valuesList('title', { flat: 'yes' })", run: () => tracks.valuesList('title', { flat: 'yes' }), error: WrenTypeError, message: 'valuesList(): flat must be true or false' },
  { call: "valuesList('title', { flatt: true })", run: () => tracks.valuesList('title', { flatt: true }), error: WrenTypeError, message: "unknown option 'flatt'. Choices are: flat" },
  { call: 'valuesList(2 names, { flat: true })', run: () => tracks.valuesList('title', 'id', { flat: true }), error: WrenTypeError, message: 'needs exactly one field name, not 2' },
  { call: 'only(42)', run: () => tracks.only(42), error: WrenTypeError, message: 'only(): argument 1' },
  { call: "only('nope')", run: () => tracks.only('nope'), error: FieldError, message: "Cannot resolve keyword 'nope'" },
  { call: "defer('id')", run: () => tracks.defer('id'), error: FieldError, message: 'The primary key cannot be deferred' },
  // relations
  { call: "selectRelated('no_such')", run: () => tracks.selectRelated('no_such'), error: FieldError, message: "Invalid field name 'no_such' in selectRelated('no_such'). Choices are: author" },
  { call: "selectRelated('tags')", run: () => tracks.selectRelated('tags'), error: FieldError, message: "is a to-many relation: use prefetchRelated('tags')" },
  { call: 'selectRelated(42)', run: () => tracks.selectRelated(42), error: WrenTypeError, message: 'selectRelated(): argument 1' },
  { call: "prefetchRelated('no_such')", run: () => tracks.prefetchRelated('no_such'), error: FieldError, message: "'no_such' is an invalid parameter to prefetchRelated(). Choices are: author, tags" },
  { call: "prefetchRelated('author__nope')", run: () => tracks.prefetchRelated('author__nope'), error: FieldError, message: "Cannot find 'nope' on BaAuthor object" },
  { call: 'prefetchRelated(42)', run: () => tracks.prefetchRelated(42), error: WrenTypeError, message: 'prefetchRelated(): each lookup must be a relation path' },
  { call: 'Prefetch(42)', run: () => Prefetch(42 as never), error: WrenTypeError, message: 'Prefetch(): path must be a relation path' },
  { call: "Prefetch('tags', 'x')", run: () => Prefetch('tags', 'x' as never), error: WrenTypeError, message: "Prefetch('tags'): queryset must be a QuerySet" },
  { call: "Prefetch('tags', null, { to_attr })", run: () => Prefetch('tags', null, { to_attr: 'x' } as never), error: WrenTypeError, message: "unknown option 'to_attr'. Choices are: toAttr" },
  { call: "Prefetch('tags', other model)", run: () => tracks.prefetchRelated(Prefetch('tags', BaAuthor.objects.all())), error: WrenTypeError, message: 'the queryset is over BaAuthor, but the relation loads BaTag' },
  { call: "Prefetch('tags', toAttr: field)", run: () => tracks.prefetchRelated(Prefetch('tags', BaTag.objects.all(), { toAttr: 'title' })), error: FieldError, message: "toAttr 'title' conflicts with a field or member of the model BaTrack" },
  { call: 'prefetchRelatedObjects(42, [])', run: () => prefetchRelatedObjects(42 as never, []), error: WrenTypeError, message: 'prefetchRelatedObjects(): instances must be an array' },
  { call: "fetchMode('lazy')", run: () => tracks.fetchMode('lazy'), error: FieldError, message: "Unknown fetch mode 'lazy'" },
  // annotate / aggregate
  { call: "annotate({ n: 'x' })", run: () => tracks.annotate({ n: 'x' }), error: WrenTypeError, message: "annotate(): the value of 'n' must be an expression" },
  { call: 'annotate(null)', run: () => tracks.annotate(null), error: WrenTypeError, message: 'annotate() takes an object of { name: expression }' },
  { call: 'annotate([Count()])', run: () => tracks.annotate([Count('pk')]), error: WrenTypeError, message: 'not an array' },
  { call: "annotate({ 'n?': ... })", run: () => tracks.annotate({ 'n?': Count('pk') }), error: FieldError, message: "'n?' is not a valid annotation name" },
  { call: 'aggregate(42)', run: () => tracks.aggregate(42), error: WrenTypeError, message: 'aggregate() takes an object' },
  { call: 'aggregate({ n: F() })', run: () => tracks.aggregate({ n: F('milliseconds') }), error: WrenTypeError, message: "aggregate(): 'n' is not an aggregate expression" },
  { call: 'aggregate({ n: 5 })', run: () => tracks.aggregate({ n: 5 }), error: WrenTypeError, message: "aggregate(): the value of 'n' must be an expression" },
  // reads that take options
  { call: 'iterator({ chunkSize: 0 })', run: () => tracks.iterator({ chunkSize: 0 }).next(), error: WrenTypeError, message: 'iterator(): chunkSize must be a whole number >= 1, not the number 0' },
  { call: 'iterator({ size: 5 })', run: () => tracks.iterator({ size: 5 }).next(), error: WrenTypeError, message: "unknown option 'size'" },
  { call: 'inBulk(5)', run: () => tracks.inBulk(5), error: WrenTypeError, message: 'inBulk(): ids must be an array' },
  { call: "inBulk([1], { fieldName: 'title' })", run: () => tracks.inBulk([1], { fieldName: 'title' }), error: FieldError, message: "inBulk()'s fieldName must be a unique field" },
  { call: 'latest(42)', run: () => tracks.latest(42), error: WrenTypeError, message: 'latest/earliest(): argument 1' },
  // writes
  { call: 'create(null)', run: () => tracks.create(null), error: WrenTypeError, message: 'create(): values must be an object, not null' },
  { call: 'create({ nope })', run: () => tracks.create({ nope: 1 }), error: FieldError, message: "BaTrack has no field named 'nope'" },
  { call: 'getOrCreate(lookup, { nope })', run: () => tracks.getOrCreate({ title: 'a' }, { nope: 1 }), error: FieldError, message: "getOrCreate(): defaults names an unknown field 'nope'" },
  { call: 'updateOrCreate(lookup, { nope })', run: () => tracks.updateOrCreate({ title: 'a' }, { nope: 1 }), error: FieldError, message: "updateOrCreate(): defaults names an unknown field 'nope'" },
  { call: 'updateOrCreate({ nope })', run: () => tracks.updateOrCreate({ nope: 1 }), error: FieldError, message: "Cannot resolve keyword 'nope'" },
  { call: 'getOrCreate(42)', run: () => tracks.getOrCreate(42), error: WrenTypeError, message: 'getOrCreate(): lookup must be an object' },
  { call: 'bulkCreate(5)', run: () => tracks.bulkCreate(5), error: WrenTypeError, message: 'bulkCreate(): objects must be an array' },
  { call: 'bulkCreate([{...}, 7])', run: () => tracks.bulkCreate([{ title: 'a' }, 7]), error: WrenTypeError, message: 'bulkCreate(): objects[1] must be a BaTrack instance or an object of values, not the number 7' },
  { call: 'bulkCreate([], { batchSize: 0 })', run: () => tracks.bulkCreate([], { batchSize: 0 }), error: WrenTypeError, message: 'bulkCreate(): batchSize must be a whole number >= 1' },
  { call: 'bulkUpdate([{...}], fields)', run: () => tracks.bulkUpdate([{ id: 1 }], ['title']), error: WrenTypeError, message: 'bulkUpdate(): objects[0] must be a BaTrack instance' },
  { call: 'bulkUpdate([t])', run: () => tracks.bulkUpdate([saved]), error: WrenTypeError, message: 'bulkUpdate(): fields must be a non-empty array of field names' },
  { call: "bulkUpdate([t], 'title')", run: () => tracks.bulkUpdate([saved], 'title'), error: WrenTypeError, message: "not the string 'title'" },
  { call: 'update(null)', run: () => tracks.update(null), error: WrenTypeError, message: 'update(): values must be an object' },
  { call: 'update({ nope })', run: () => tracks.update({ nope: 1 }), error: FieldError, message: "Cannot resolve keyword 'nope'" },
  // raw()
  { call: 'raw(42)', run: () => tracks.raw(42), error: WrenTypeError, message: 'raw(): sql must be a string' },
  { call: "raw(sql, 'x')", run: () => tracks.raw('SELECT * FROM ba_tracks WHERE id = ?', 'x'), error: WrenTypeError, message: 'raw(): params must be an array' },
  { call: 'raw(1 placeholder, [])', run: () => tracks.raw('SELECT * FROM ba_tracks WHERE id = ?', []), error: ProgrammingError, message: 'the SQL has 1 placeholder but 0 parameters were given' },
  { call: 'raw(2 placeholders, [1])', run: () => tracks.raw('SELECT * FROM ba_tracks WHERE id = ? OR id = ?', [1]), error: ProgrammingError, message: 'the SQL has 2 placeholders but 1 parameter was given' },
  { call: 'raw(0 placeholders, [1])', run: () => tracks.raw('SELECT * FROM ba_tracks', [1]), error: ProgrammingError, message: 'the SQL has 0 placeholders but 1 parameter was given' },
  { call: 'raw(translations to unknown)', run: () => tracks.raw('SELECT * FROM ba_tracks', [], { translations: { t: 'titel' } }), error: FieldError, message: "raw() translations map 't' to 'titel', which is not a field of BaTrack. Choices are: author, id, milliseconds, tags, title. Did you mean 'title'?" },
  { call: 'raw(sql, [], 42)', run: () => tracks.raw('SELECT * FROM ba_tracks', [], 42), error: WrenTypeError, message: 'raw() options must be an options object ({ translations }), not the number 42' },
  { call: 'raw(translations: 42)', run: () => tracks.raw('SELECT * FROM ba_tracks', [], { translations: 42 }), error: WrenTypeError, message: 'raw(): translations must be an object' },
  // instances
  { call: 'new Model(null)', run: () => new BaTrack(null as never), error: WrenTypeError, message: 'new BaTrack(): values must be an object of field values, not null' },
  { call: 'new Model({ constructor })', run: () => new BaTrack({ constructor: 1 } as never), error: FieldError, message: "BaTrack has no field named 'constructor'" },
  { call: "save({ updateFields: 'title' })", run: () => saved.save({ updateFields: 'title' }), error: WrenTypeError, message: 'BaTrack.save(): updateFields must be an array of field names' },
  { call: "save({ updateFields: ['nope'] })", run: () => saved.save({ updateFields: ['nope'] }), error: FieldError, message: "unknown field 'nope'" },
  { call: "refreshFromDb({ fields: ['nope'] })", run: () => saved.refreshFromDb({ fields: ['nope'] }), error: FieldError, message: "unknown field 'nope'" },
  { call: 'refreshFromDb({ field })', run: () => saved.refreshFromDb({ field: ['title'] }), error: WrenTypeError, message: "BaTrack.refreshFromDb() options: unknown option 'field'. Choices are: fields, using" },
  { call: 'delete(42)', run: () => saved.delete(42), error: WrenTypeError, message: 'BaTrack.delete() options must be an options object' },
  { call: 'related(42)', run: () => saved.related(42), error: WrenTypeError, message: 'BaTrack.related(): name must be a relation name' },
  { call: "related('nope')", run: () => saved.related('nope'), error: FieldError, message: "Cannot find 'nope' on BaTrack" },
  // expressions and Q
  { call: 'F(42)', run: () => F(42 as never), error: WrenTypeError, message: 'F(): name must be a field or annotation name' },
  { call: "F('')", run: () => F(''), error: WrenTypeError, message: "F(): name must be a field or annotation name (a non-empty string such as 'price'), not the string ''" },
  { call: 'Count(42)', run: () => Count(42 as never), error: WrenTypeError, message: 'COUNT(): input must be a field name' },
  { call: "Sum(x, { distinct: 'yes' })", run: () => Sum('milliseconds', { distinct: 'yes' as never }), error: WrenTypeError, message: 'SUM(): distinct must be true or false' },
  { call: 'F().add({})', run: () => F('milliseconds').add({} as never), error: WrenTypeError, message: 'An expression operand must be an expression, a number, a string or a Date, not an object' },
  { call: 'F().mul(undefined)', run: () => F('milliseconds').mul(undefined as never), error: WrenTypeError, message: 'not undefined' },
  { call: 'Q(42)', run: () => Q(42 as never), error: WrenTypeError, message: 'Q() must be an object of conditions' },
  { call: 'Q({...}).or(7)', run: () => Q({ title: 'a' }).or(7 as never), error: WrenTypeError, message: 'not the number 7' },
  // connections and transactions
  { call: 'connect(42)', run: () => connect(42 as never), error: WrenTypeError, message: 'connect(): config must be a database URL' },
  { call: 'connect(null)', run: () => connect(null as never), error: WrenTypeError, message: 'not null' },
  { call: "connect('')", run: () => connect(''), error: ImproperlyConfigured, message: 'the database URL is empty' },
  { call: "connect('nodb')", run: () => connect('nodb'), error: ImproperlyConfigured, message: "Cannot read database URL 'nodb'" },
  { call: 'connect({ url: undefined })', run: () => connect({ url: undefined }), error: ImproperlyConfigured, message: 'connect(): config: url is undefined' },
  { call: 'connect({})', run: () => connect({}), error: ImproperlyConfigured, message: 'give a url, or a dialect' },
  { call: 'connect({ pool: { max: -1 } })', run: () => connect({ url, pool: { max: -1 } }), error: ImproperlyConfigured, message: 'pool.max must be a whole number >= 1, not the number -1' },
  { call: 'connect({ pool: { max: 2.5 } })', run: () => connect({ url, pool: { max: 2.5 } }), error: ImproperlyConfigured, message: 'pool.max must be a whole number >= 1, not the number 2.5' },
  { call: 'connect({ pool: { min: 5, max: 2 } })', run: () => connect({ url, pool: { min: 5, max: 2 } }), error: ImproperlyConfigured, message: 'pool.min (5) is greater than pool.max (2)' },
  { call: 'connect({ pool: { min: 20 } })', run: () => connect({ url, pool: { min: 20 } }), error: ImproperlyConfigured, message: 'pool.min (20) is greater than pool.max (10, the default)' },
  { call: 'connect({ pool: { maxx: 2 } })', run: () => connect({ url, pool: { maxx: 2 } as never }), error: ImproperlyConfigured, message: "unknown option 'maxx'. Did you mean 'max'?" },
  { call: 'connect({ url, poool })', run: () => connect({ url, poool: { max: 2 } } as never), error: ImproperlyConfigured, message: "unknown option 'poool'. Did you mean 'pool'?" },
  { call: "connect({ dialect: 'oracle' })", run: () => connect({ dialect: 'oracle' as never }), error: ImproperlyConfigured, message: "Unknown database dialect 'oracle'. Known dialects:" },
  { call: "connect({ dialect: 'constructor' })", run: () => connect({ dialect: 'constructor' as never }), error: ImproperlyConfigured, message: "Unknown database dialect 'constructor'" },
  { call: "connect('oracle://x')", run: () => connect('oracle://x/db'), error: ImproperlyConfigured, message: "Unknown database dialect 'oracle'" },
  { call: "connect({ connection: 'x' })", run: () => connect({ dialect: 'postgres', connection: 'x' as never }), error: WrenTypeError, message: 'connect(): config: connection must be an object of driver options' },
  { call: 'connect({ default: 42 })', run: () => connect({ default: 42 } as never), error: WrenTypeError, message: "connect(): database 'default' must be a database URL" },
  { call: 'database(42)', run: () => database(42 as never), error: WrenTypeError, message: 'The database alias must be a string' },
  { call: 'disconnect(42)', run: () => disconnect(42 as never), error: WrenTypeError, message: 'disconnect(): each alias must be a string' },
  { call: 'atomic(42)', run: () => atomic(42 as never), error: WrenTypeError, message: 'atomic(): fn must be a function, not the number 42' },
  { call: 'atomic(fn, 42)', run: () => atomic(noop, 42 as never), error: WrenTypeError, message: 'atomic() options must be an options object ({ using, durable, isolation }), not the number 42' },
  { call: 'atomic(fn, { usng })', run: () => atomic(noop, { usng: 'x' } as never), error: WrenTypeError, message: "atomic() options: unknown option 'usng'. Choices are: using" },
  { call: "atomic(fn, { using: 'nope' })", run: () => atomic(noop, { using: 'nope' }), error: ImproperlyConfigured, message: "No database named 'nope'" },
  { call: 'onCommit(42)', run: () => onCommit(42 as never), error: WrenTypeError, message: 'onCommit(): fn must be a function' },
  { call: 'captureQueries(42)', run: () => captureQueries(42 as never), error: WrenTypeError, message: 'captureQueries(): fn must be a function' },
];

forEachDialect('Bad arguments', ARGUMENT_MODELS, (dialect) => {
  const url = DIALECT_URLS[dialect]!;

  before(async () => {
    const author = await BaAuthor.objects.create({ name: 'Ann', age: 30 });
    saved = await BaTrack.objects.create({ title: 'One', milliseconds: 1000, author });
  });

  it('has more than 45 distinct cases', () => {
    const calls = cases(url).map((c) => c.call);
    expect(new Set(calls).size).to.equal(calls.length);
    expect(calls.length).to.be.greaterThan(45);
  });

  for (const c of cases(DIALECT_URLS[dialect]!)) {
    it(`${c.call} raises ${c.error.name} before any SQL`, async () => {
      const { error, sql } = await failureOf(c.run);
      expect(error, 'no error was raised').to.be.instanceOf(c.error);
      expect(error).to.be.instanceOf(WrenError);
      expect((error as Error).message).to.contain(c.message);
      expect(sql, 'SQL was sent').to.deep.equal([]);
    });
  }

  it('a WrenTypeError is a TypeError and a WrenError', async () => {
    const { error } = await failureOf(() => tracks.filter(null));
    expect(error).to.be.instanceOf(TypeError);
    expect(error).to.be.instanceOf(WrenError);
    expect((error as Error).name).to.equal('WrenTypeError');
  });

  it('a rejected connect() leaves the configured database in place', async () => {
    const before = database();
    expect(() => connect({ url, pool: { max: -1 } })).to.throw(ImproperlyConfigured);
    expect(() => connect({ dialect: 'oracle' as never })).to.throw(ImproperlyConfigured);
    expect(database()).to.equal(before);
    expect(await BaTrack.objects.count()).to.equal(1);
  });

  it('the same calls with good arguments work (the checks reject only what is wrong)', async () => {
    expect(await tracks.filter(Q({ title: 'One' }), { milliseconds__gte: 0 }).slice(0, 1).count()).to.equal(1);
    expect(await tracks.valuesList('title', { flat: true })).to.deep.equal(['One']);
    expect(await tracks.raw('SELECT * FROM ba_tracks WHERE title = ? AND id = ?', ['One', saved.id], { translations: { title: 'title' } })).to.have.length(1);
    expect(await tracks.aggregate({})).to.deep.equal({});
    const [found, created] = await tracks.getOrCreate({ title: 'One' }, { milliseconds: 5 });
    expect([found.id, created]).to.deep.equal([saved.id, false]);
    expect(await atomic(async () => tracks.inBulk(null), { using: 'default' })).to.have.property('size', 1);
  });
});
