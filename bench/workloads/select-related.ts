import { eq } from 'drizzle-orm';
import { AUTHORS, BenchBook, BOOKS, dropRelations, seedRelations } from '../relations-model.js';
import { driverOf, drizzleOf, expect, knexOf, kyselyOf, type CaseContext, type Workload } from './workload.js';

type Row = Record<string, unknown>;

/** The join the baselines run; column aliases keep the two `id`s apart. */
const SQL = `SELECT b.id, b.title, b.pages, b.author_id, a.id AS a_id, a.name AS a_name, a.email AS a_email FROM ${BOOKS} b INNER JOIN ${AUTHORS} a ON a.id = b.author_id`;

/** Hand hydration: a book object holding its author object, as Wren's instances do. */
function nest(rows: Row[]): Row[] {
  const out = new Array<Row>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    out[i] = {
      id: row.id, title: row.title, pages: row.pages, authorId: row.author_id,
      author: { id: row.a_id, name: row.a_name, email: row.a_email },
    };
  }
  return out;
}

function check(ctx: CaseContext, books: readonly unknown[], lib: string): void {
  expect(books.length === ctx.sizes.rows, `${lib} fetched ${books.length} books`);
  const last = books[books.length - 1] as { authorId: unknown; author: { id: unknown; name: string } };
  expect(last.author.id === last.authorId && last.author.name.startsWith('author '), `${lib}: the book's author was loaded`);
}

export const selectRelated: Workload = {
  name: 'select-related',
  title: 'selectRelated: books with their author (1 join)',
  description: 'loads every book with its author through one INNER JOIN (Wren: `selectRelated(\'author\')`, instances nested; knex, Kysely and the driver: the same join, nested by hand; Drizzle: the same join, nested by its select shape).',
  size: (s) => `${s.rows.toLocaleString('en')} books`,
  target: 1.5,
  seeded: false,
  emptyBeforeEach: false,
  prepare: (ctx) => seedRelations(ctx.sizes.rows),
  teardown: dropRelations,
  tables: [AUTHORS, BOOKS],
  run: {
    wren: async (ctx) => {
      check(ctx, await BenchBook.objects.selectRelated('author'), 'wren');
    },
    knex: async (ctx) => {
      const rows = (await knexOf(ctx)
        .select('b.id', 'b.title', 'b.pages', 'b.author_id', 'a.id as a_id', 'a.name as a_name', 'a.email as a_email')
        .from(`${BOOKS} as b`)
        .innerJoin(`${AUTHORS} as a`, 'a.id', 'b.author_id')) as Row[];
      check(ctx, nest(rows), 'knex');
    },
    kysely: async (ctx) => {
      const rows = await kyselyOf(ctx)
        .selectFrom(`${BOOKS} as b`)
        .innerJoin(`${AUTHORS} as a`, 'a.id', 'b.author_id')
        .select(['b.id', 'b.title', 'b.pages', 'b.author_id', 'a.id as a_id', 'a.name as a_name', 'a.email as a_email'])
        .execute();
      check(ctx, nest(rows), 'kysely');
    },
    drizzle: async (ctx) => {
      // A nested field map is Drizzle's own way to build the nested objects from the joined row.
      const { db, tables: { authors, books } } = drizzleOf(ctx);
      const rows = await db
        .select({
          id: books.id, title: books.title, pages: books.pages, authorId: books.authorId,
          author: { id: authors.id, name: authors.name, email: authors.email },
        })
        .from(books)
        .innerJoin(authors, eq(authors.id, books.authorId));
      check(ctx, rows, 'drizzle');
    },
    driver: async (ctx) => {
      check(ctx, nest(await driverOf(ctx).all(SQL)), 'driver');
    },
  },
};
