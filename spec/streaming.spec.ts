import { expect } from 'chai';
import { atomic, captureQueries, CharField, connect, database, disconnect, ForeignKey, IntegerField, Model, TransactionManagementError, type FieldValues } from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { DIALECT_URLS, forEachDialect, truncate } from './support/dialects.js';

class StreamAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'stream_authors' };
  static objects = this.manager();
}
interface StreamAuthor extends FieldValues<typeof StreamAuthor> {}

class StreamRow extends Model {
  static fields = {
    n: new IntegerField(),
    label: new CharField({ maxLength: 20 }),
    author: new ForeignKey(() => StreamAuthor, { onDelete: 'CASCADE', relatedName: 'rows', null: true }),
  };
  static meta = { tableName: 'stream_rows' };
  static objects = this.manager();
}
interface StreamRow extends FieldValues<typeof StreamRow> {}

const ROWS = 2_500;

/**
 * The PostgreSQL cursors open on the connection the query runs on, but for this query's own
 * portal, which the view lists once the query runs as a prepared statement (from its second run).
 */
async function openCursors(): Promise<number> {
  const db = database();
  const { rows } = await db.run(db.knex.raw("SELECT count(*) AS n FROM pg_cursors WHERE statement NOT LIKE '%pg_cursors%'"));
  return Number(rows[0]!.n);
}

forEachDialect('iterator() streaming', [StreamAuthor, StreamRow], (dialect) => {
  before(async () => {
    await truncate([StreamAuthor, StreamRow]);
    const authors = await StreamAuthor.objects.bulkCreate([{ name: 'ann' }, { name: 'bob' }]);
    await StreamRow.objects.bulkCreate(Array.from({ length: ROWS }, (_, i) => ({ n: i, label: `r${i}`, author: authors[i % 2]! })));
  });

  it('yields what awaiting the QuerySet returns, in its order, with converted values and prefetches per chunk', async () => {
    const qs = StreamRow.objects.filter({ n__gte: 100 }).orderBy('-n').prefetchRelated('author');
    const streamed: StreamRow[] = [];
    for await (const row of qs.iterator({ chunkSize: 300 })) streamed.push(row);
    const loaded = await StreamRow.objects.filter({ n__gte: 100 }).orderBy('-n');
    expect(streamed.map((r) => [r.pk, r.n, r.label])).to.deep.equal(loaded.map((r) => [r.pk, r.n, r.label]));
    expect(streamed.every((r) => r.author?.name === (r.n % 2 ? 'bob' : 'ann'))).to.equal(true);
  });

  it('selectForUpdate().iterator() outside atomic() is refused before any SQL', async () => {
    const queries = await captureQueries(async () => {
      expect(await rejection(StreamRow.objects.selectForUpdate().iterator().next())).to.be.instanceOf(TransactionManagementError);
    });
    expect(queries).to.deep.equal([]);
  });

  if (dialect === 'sqlite') {
    it('SQLite (better-sqlite3): one query read with the statement\'s iterator; the loop body reads and writes between chunks', async () => {
      let seen = 0;
      const queries = await captureQueries(async () => {
        for await (const row of StreamRow.objects.orderBy('n').iterator({ chunkSize: 200 })) {
          seen++;
          if (row.n % 500 === 0) {
            // Reads and a write on the one connection while the iterator is open.
            expect(await StreamAuthor.objects.count()).to.equal(2);
            await StreamAuthor.objects.filter({ name: 'ann' }).update({ name: 'ann' });
          }
        }
      });
      expect(seen).to.equal(ROWS);
      expect(queries.filter((q) => /stream_rows/.test(q.sql))).to.have.length(1);
      expect(queries.some((q) => /limit|offset/i.test(q.sql))).to.equal(false);
    });

    it('SQLite (better-sqlite3): inside atomic() too, and break or an error closes the iterator and leaves the connection usable', async () => {
      await atomic(async () => {
        for await (const row of StreamRow.objects.filter({ n__lt: 1000 }).orderBy('n').iterator({ chunkSize: 100 })) {
          row.label = `x${row.n}`;
          await row.save({ updateFields: ['label'] });
          if (row.n === 450) break;
        }
        expect(await StreamRow.objects.filter({ label__startswith: 'x' }).count()).to.equal(451);
        throw new Error('roll back');
      }).catch((error: Error) => expect(error.message).to.equal('roll back'));
      expect(await StreamRow.objects.filter({ label__startswith: 'x' }).count()).to.equal(0);
      const failing = (async () => {
        for await (const row of StreamRow.objects.iterator({ chunkSize: 10 })) if (row.n >= 0) throw new Error('stop');
      })();
      expect(((await rejection(failing)) as Error).message).to.equal('stop');
      // The statement was finalised: the connection runs statements and takes a transaction again.
      await atomic(async () => expect(await StreamRow.objects.count()).to.equal(ROWS));
      const again: number[] = [];
      for await (const row of StreamRow.objects.orderBy('n').iterator({ chunkSize: 1000 })) again.push(row.n);
      expect(again).to.have.length(ROWS);
    });
  }

  if (dialect === 'mysql') {
    it('MariaDB/MySQL: one query read from the socket outside atomic(); leaving early closes that connection and the pool replaces it', async () => {
      connect({ default: { url: DIALECT_URLS.mysql!, pool: { max: 1 } } });
      try {
        let seen = 0;
        const queries = await captureQueries(async () => {
          for await (const row of StreamRow.objects.orderBy('n').iterator({ chunkSize: 100 })) {
            expect(row.n).to.equal(seen);
            seen++;
          }
        });
        expect(seen).to.equal(ROWS);
        expect(queries.map((q) => q.sql).filter((sql) => /limit|offset/i.test(sql))).to.deep.equal([]);
        expect(queries).to.have.length(1);
        for await (const row of StreamRow.objects.orderBy('n').iterator({ chunkSize: 10 })) if (row.n === 5) break;
        // With one pooled connection, this runs only if the abandoned one was given back (and replaced).
        expect(await StreamRow.objects.count()).to.equal(ROWS);
      } finally {
        await disconnect('default');
        connect(DIALECT_URLS.mysql!);
      }
    });

    it('MariaDB/MySQL: inside atomic() it pages, so the loop body can use the block\'s connection', async () => {
      const queries = await captureQueries(() => atomic(async () => {
        for await (const row of StreamRow.objects.filter({ n__lt: 30 }).orderBy('n').iterator({ chunkSize: 10 })) {
          await StreamRow.objects.filter({ pk: row.pk }).update({ label: `y${row.n}` });
        }
      }));
      expect(queries.filter((q) => /^select/i.test(q.sql))).to.have.length(4);
      expect(await StreamRow.objects.filter({ label__startswith: 'y' }).count()).to.equal(30);
    });
  }

  if (dialect === 'postgres') {
    it('PostgreSQL: one query through a cursor, read in the snapshot it started with', async () => {
      let seen = 0;
      const queries = await captureQueries(async () => {
        for await (const row of StreamRow.objects.orderBy('n').iterator({ chunkSize: 500 })) {
          // Rows added while streaming belong to a later snapshot: the cursor never returns them.
          if (row.n === 10) await StreamRow.objects.create({ n: -1, label: 'late' });
          seen++;
        }
      });
      expect(seen).to.equal(ROWS);
      expect(queries.filter((q) => /^select/i.test(q.sql) && /stream_rows/.test(q.sql))).to.have.length(1);
      expect(queries.some((q) => /limit|offset/i.test(q.sql))).to.equal(false);
      await StreamRow.objects.filter({ label: 'late' }).delete();
    });

    it('PostgreSQL: inside atomic() the loop body writes between chunks, and break closes the cursor', async () => {
      await atomic(async () => {
        for await (const row of StreamRow.objects.filter({ n__lt: 1000 }).orderBy('n').iterator({ chunkSize: 100 })) {
          row.label = `x${row.n}`;
          await row.save({ updateFields: ['label'] });
          if (row.n === 450) break;
        }
        expect(await openCursors(), 'no cursor left open in the block').to.equal(0);
        expect(await StreamRow.objects.filter({ label__startswith: 'x' }).count()).to.equal(451);
        throw new Error('roll back');
      }).catch((error: Error) => expect(error.message).to.equal('roll back'));
      expect(await StreamRow.objects.filter({ label__startswith: 'x' }).count()).to.equal(0);
    });

    it('PostgreSQL: outside atomic() the cursor holds one connection; break and errors close it and give it back', async () => {
      connect({ default: { url: DIALECT_URLS.postgres!, pool: { max: 1 } } });
      try {
        for await (const row of StreamRow.objects.iterator({ chunkSize: 50 })) if (row.n >= 0) break;
        expect(await openCursors()).to.equal(0);
        const failing = (async () => {
          for await (const _ of StreamRow.objects.iterator({ chunkSize: 50 })) throw new Error('body failed');
        })();
        expect(((await rejection(failing)) as Error).message).to.equal('body failed');
        expect(await openCursors()).to.equal(0);
        let count = 0;
        for await (const _ of StreamRow.objects.iterator({ chunkSize: 1000 })) count++;
        expect(count).to.equal(ROWS);
      } finally {
        await disconnect('default');
        connect(DIALECT_URLS.postgres!);
      }
    });
  }
});
