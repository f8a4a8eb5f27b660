import { expect } from 'chai';
import {
  atomic,
  BigIntegerField,
  BinaryField,
  BooleanField,
  CharField,
  Count,
  DataError,
  database,
  DateField,
  DateTimeField,
  DecimalField,
  DurationField,
  F,
  FloatField,
  ForeignKey,
  JSONField,
  Model,
  TextField,
  TimeField,
  UUIDField,
  type FieldValues,
} from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

/**
 * PostgreSQL and MySQL hand a SELECT's rows to Wren as they read them (a `RowSink`), and Wren
 * builds each instance then; `iterator()` reads the same query in chunks the driver collected
 * first (a server-side cursor, mysql2's stream, better-sqlite3's iterator) and builds them
 * afterwards. Both must give exactly the same result.
 */
class SinkPublisher extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'sink_publishers' };
  static objects = this.manager();
}
interface SinkPublisher extends FieldValues<typeof SinkPublisher> {}

class SinkAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 30 }),
    publisher: new ForeignKey(() => SinkPublisher, { onDelete: 'CASCADE', null: true, relatedName: 'authors' }),
  };
  static meta = { tableName: 'sink_authors' };
  static objects = this.manager();
}
interface SinkAuthor extends FieldValues<typeof SinkAuthor> {}

class SinkBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 60 }),
    blurb: new TextField({ null: true }),
    pages: new BigIntegerField({ null: true }),
    huge: new BigIntegerField({ bigint: true, null: true }),
    price: new DecimalField({ maxDigits: 12, decimalPlaces: 2, null: true }),
    ratio: new FloatField({ null: true }),
    inPrint: new BooleanField({ default: true }),
    published: new DateField({ null: true }),
    updated: new DateTimeField({ null: true }),
    opens: new TimeField({ null: true }),
    length: new DurationField({ null: true }),
    tags: new JSONField({ null: true }),
    ref: new UUIDField({ null: true }),
    cover: new BinaryField({ null: true }),
    author: new ForeignKey(() => SinkAuthor, { onDelete: 'CASCADE', null: true, relatedName: 'books' }),
  };
  static meta = { tableName: 'sink_books', ordering: ['id'] };
  static objects = this.manager();
}
interface SinkBook extends FieldValues<typeof SinkBook> {}

const MODELS = [SinkPublisher, SinkAuthor, SinkBook];
const BOOKS = 300;

/** Every field of every book, related objects by key, in a form chai compares exactly. */
function fieldsOf(book: SinkBook): unknown[] {
  return [book.id, book.title, book.blurb, book.pages, book.huge, book.price, book.ratio, book.inPrint, book.published, book.updated?.getTime() ?? null, book.opens, book.length, book.tags, book.ref, book.cover === null ? null : [...book.cover], book.authorId];
}

async function streamed<T>(query: { iterator(options: { chunkSize: number }): AsyncIterable<T> }): Promise<T[]> {
  const out: T[] = [];
  for await (const item of query.iterator({ chunkSize: 64 })) out.push(item);
  return out;
}

forEachDialect('Rows built as the driver reads them', MODELS, (dialect) => {
  before(async () => {
    await truncate([...MODELS].reverse());
    const publishers = await SinkPublisher.objects.bulkCreate([{ name: 'Penguin' }, { name: 'Faber' }]);
    const authors = await SinkAuthor.objects.bulkCreate([
      { name: 'ann', publisher: publishers[0]! },
      { name: 'bob', publisher: publishers[1]! },
      { name: 'cy', publisher: null },
    ]);
    await SinkBook.objects.bulkCreate(
      Array.from({ length: BOOKS }, (_, i) => {
        const empty = i % 7 === 0;
        return {
          title: `Book ${i} ✓ ü`,
          blurb: empty ? null : `about ${i}`.repeat(1 + (i % 3)),
          pages: empty ? null : 100 + i,
          huge: empty ? null : 9_007_199_254_740_993n + BigInt(i),
          price: empty ? null : `${i}.${String(i % 100).padStart(2, '0')}`,
          ratio: empty ? null : i / 8,
          inPrint: i % 2 === 0,
          published: empty ? null : `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`,
          updated: empty ? null : new Date(Date.UTC(2024, 0, 1, 0, 0, i, 125)),
          opens: empty ? null : `09:${String(i % 60).padStart(2, '0')}:00`,
          length: empty ? null : i * 1_000_001,
          tags: empty ? null : { n: i, list: ['a', i], nested: { ok: i % 2 === 0 } },
          ref: empty ? null : `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          cover: empty ? null : Buffer.from([i % 256, 0, 255]),
          author: i % 5 === 0 ? null : authors[i % 3]!,
        };
      }),
    );
  });

  it('builds the same instances, every field converted, as the collected path', async () => {
    // The two paths differ only where the driver hands rows over as it reads them.
    expect(database().driver.rowSinks === true).to.equal(dialect !== 'sqlite');
    const loaded = await SinkBook.objects.all();
    const chunked = await streamed(SinkBook.objects.all());
    expect(loaded).to.have.length(BOOKS);
    expect(loaded.every((b) => b instanceof SinkBook)).to.equal(true);
    expect(loaded.map(fieldsOf)).to.deep.equal(chunked.map(fieldsOf));
    const sample = loaded[1]!;
    expect(sample.huge).to.equal(9_007_199_254_740_994n);
    expect(sample.price).to.equal('1.01');
    expect(sample.tags).to.deep.equal({ n: 1, list: ['a', 1], nested: { ok: false } });
    expect(sample.updated?.toISOString()).to.equal('2024-01-01T00:00:01.125Z');
  });

  it('attaches selectRelated objects (nested, and null through the LEFT JOIN), one instance per related row', async () => {
    const loaded = await SinkBook.objects.selectRelated('author__publisher');
    const chunked = await streamed(SinkBook.objects.selectRelated('author__publisher'));
    const related = (books: SinkBook[]) =>
      books.map((b) => {
        const author = b.author;
        return [b.id, author?.id ?? null, author?.name ?? null, author?.publisher?.name ?? null];
      });
    expect(related(loaded)).to.deep.equal(related(chunked));
    expect(loaded.filter((b) => b.author === null)).to.have.length(BOOKS / 5);
    const byAnn = loaded.filter((b) => b.author?.name === 'ann');
    expect(byAnn.length).to.be.greaterThan(1);
    expect(new Set(byAnn.map((b) => b.author)).size).to.equal(1);
    expect(byAnn[0]!.author!.publisher!.name).to.equal('Penguin');
    expect(loaded.find((b) => b.author?.name === 'cy')!.author!.publisher).to.equal(null);
  });

  it('builds values() objects and valuesList() tuples with annotations and relation paths as the collected path does', async () => {
    const values = () => SinkBook.objects.annotate({ twice: F('pages').mul(2) }).values('id', 'huge', 'price', 'twice', 'author__name');
    expect(await values()).to.deep.equal(await streamed(values()));
    const tuples = () => SinkBook.objects.valuesList('id', 'updated', 'tags');
    expect(await tuples()).to.deep.equal(await streamed(tuples()));
    const flat = () => SinkBook.objects.valuesList('huge', { flat: true });
    expect(await flat()).to.deep.equal(await streamed(flat()));
    const counts = await SinkAuthor.objects.annotate({ n: Count('books') }).orderBy('name').valuesList('name', 'n');
    expect(counts).to.deep.equal([['ann', 80], ['bob', 80], ['cy', 80]]);
  });

  it('a value no field can hold fails the query with DataError, and the connection serves the next one', async () => {
    // The 151st row of 300 holds a 64-bit integer a plain BigIntegerField cannot read exactly.
    const middle = (await SinkBook.objects.all())[150]!;
    await database().run({ sql: `UPDATE sink_books SET pages = 9007199254740993 WHERE id = ?`, bindings: [middle.id] });
    try {
      const error = await rejection(SinkBook.objects.all());
      expect(error).to.be.instanceOf(DataError);
      // better-sqlite3 rounds it to a double before Wren sees it: the message says so rather than quote it as stored.
      expect((error as Error).message).to.match(dialect === 'sqlite' ? /9007199254740992 after the driver rounded it/ : /integer 9007199254740993 read/);
      await atomic(async () => {
        expect(await rejection(SinkBook.objects.filter({ id__gte: middle.id - 20 }))).to.be.instanceOf(DataError);
        // The rest of the result was read off the connection: the block goes on with it.
        expect(await SinkBook.objects.filter({ pages__isnull: true }).count()).to.equal(Math.ceil(BOOKS / 7));
        expect((await SinkBook.objects.filter({ id__lt: middle.id })).length).to.equal(150);
      });
      expect(await SinkBook.objects.filter({ pages__lt: 1000 }).count()).to.equal(BOOKS - Math.ceil(BOOKS / 7) - 1);
    } finally {
      await SinkBook.objects.filter({ id: middle.id }).update({ pages: middle.pages });
    }
    expect((await SinkBook.objects.get({ id: middle.id })).pages).to.equal(250);
  });
});
