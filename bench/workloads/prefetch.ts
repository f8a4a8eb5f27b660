import { inArray } from 'drizzle-orm';
import { instanceState, wren } from '../wren.js';

const { captureQueries } = wren;
const { loadedRelation } = instanceState;
import { AUTHOR_COLUMNS, AUTHORS, BenchAuthor, BOOK_COLUMNS, BOOKS, BOOKS_PER_AUTHOR, dropRelations, seedRelations } from '../relations-model.js';
import { driverOf, drizzleOf, expect, knexOf, kyselyOf, type CaseContext, type Workload } from './workload.js';

type Row = Record<string, unknown>;
type AuthorRow = Row & { id: number; books: Row[] };

const AUTHORS_SQL = `SELECT ${AUTHOR_COLUMNS.join(', ')} FROM ${AUTHORS}`;
const booksSql = (count: number) => `SELECT ${BOOK_COLUMNS.join(', ')} FROM ${BOOKS} WHERE author_id IN (${new Array(count).fill('?').join(', ')})`;

/** What the baselines do by hand: one list per author, books grouped by key. */
function groupBooks(authors: Row[], books: Row[]): AuthorRow[] {
  const byId = new Map<unknown, AuthorRow>();
  for (const author of authors as AuthorRow[]) {
    author.books = [];
    byId.set(author.id, author);
  }
  for (const book of books) byId.get(book.author_id)!.books.push(book);
  return authors as AuthorRow[];
}

function check(ctx: CaseContext, authors: readonly unknown[], booksOf: (author: unknown) => readonly unknown[], lib: string): void {
  const expected = ctx.sizes.rows / BOOKS_PER_AUTHOR;
  expect(authors.length === expected, `${lib} fetched ${authors.length} authors`);
  expect(authors.every((a) => booksOf(a).length === BOOKS_PER_AUTHOR), `${lib}: every author has ${BOOKS_PER_AUTHOR} books`);
}

/** The prefetched list as `author.books.all()` serves it, read synchronously so the check costs what the baselines' does. */
const wrenBooks = (author: unknown) => (loadedRelation(author as object, 'books') ?? []) as readonly unknown[];

export const prefetch: Workload = {
  name: 'prefetch',
  title: 'prefetchRelated: authors with their books (2 queries)',
  description: 'loads every author and, with one more query, all their books (Wren: `prefetchRelated(\'books\')`, checked to run exactly 2 queries; knex, Kysely, Drizzle and the driver: the same two queries, grouped by hand).',
  size: (s) => `${(s.rows / BOOKS_PER_AUTHOR).toLocaleString('en')} authors × ${BOOKS_PER_AUTHOR} books`,
  target: 1.5,
  seeded: false,
  emptyBeforeEach: false,
  prepare: async (ctx) => {
    await seedRelations(ctx.sizes.rows);
    const queries = await captureQueries(async () => {
      const authors = await BenchAuthor.objects.prefetchRelated('books');
      const loaded = await Promise.all(authors.map(async (a) => (await (a as unknown as { related(n: string): Promise<unknown[]> }).related('books')).length));
      expect(loaded.every((n) => n === BOOKS_PER_AUTHOR), 'wren prefetch grouped the books');
    });
    expect(queries.length === 2, `wren prefetch ran ${queries.length} queries, not 2`);
  },
  teardown: dropRelations,
  tables: [AUTHORS, BOOKS],
  run: {
    wren: async (ctx) => {
      const authors = await BenchAuthor.objects.prefetchRelated('books');
      check(ctx, authors, wrenBooks, 'wren');
    },
    knex: async (ctx) => {
      const knex = knexOf(ctx);
      const authors = (await knex(AUTHORS).select(AUTHOR_COLUMNS)) as Row[];
      const books = (await knex(BOOKS).select(BOOK_COLUMNS).whereIn('author_id', authors.map((a) => a.id as number))) as Row[];
      check(ctx, groupBooks(authors, books), (a) => (a as AuthorRow).books, 'knex');
    },
    kysely: async (ctx) => {
      const kysely = kyselyOf(ctx);
      const authors = await kysely.selectFrom(AUTHORS).select(AUTHOR_COLUMNS).execute();
      const books = await kysely.selectFrom(BOOKS).select(BOOK_COLUMNS).where('author_id', 'in', authors.map((a) => a.id)).execute();
      check(ctx, groupBooks(authors, books), (a) => (a as AuthorRow).books, 'kysely');
    },
    drizzle: async (ctx) => {
      // Drizzle's relational API (`db.query.authors.findMany({ with: { books: true } })`) loads this
      // in ONE query (json_agg over a lateral join, or JSON subqueries on SQLite), not the two
      // compared here; so the same two queries are built with the query builder and grouped by hand.
      const { db, tables: { authors, books } } = drizzleOf(ctx);
      const authorRows = await db.select().from(authors);
      const bookRows = await db
        .select({ id: books.id, title: books.title, pages: books.pages, author_id: books.authorId })
        .from(books)
        .where(inArray(books.authorId, authorRows.map((a) => a.id)));
      check(ctx, groupBooks(authorRows, bookRows), (a) => (a as AuthorRow).books, 'drizzle');
    },
    driver: async (ctx) => {
      const driver = driverOf(ctx);
      const authors = await driver.all(AUTHORS_SQL);
      const books = await driver.all(booksSql(authors.length), authors.map((a) => a.id));
      check(ctx, groupBooks(authors, books), (a) => (a as AuthorRow).books, 'driver');
    },
  },
};
