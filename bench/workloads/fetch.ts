import { BenchItem, COLUMNS, TABLE } from '../model.js';
import { driverOf, drizzleOf, expect, knexOf, kyselyOf, type Workload } from './workload.js';

const SQL = `SELECT ${COLUMNS.join(', ')} FROM ${TABLE}`;

export const fetch: Workload = {
  name: 'fetch',
  title: 'fetch all rows',
  description: 'reads every row: Wren as model instances (converted booleans and dates), Drizzle as rows its column types convert, knex, Kysely and the driver as plain rows.',
  size: (s) => `${s.rows.toLocaleString('en')} rows`,
  target: 1.5,
  seeded: true,
  emptyBeforeEach: false,
  run: {
    wren: async (ctx) => {
      const items = await BenchItem.objects.all();
      expect(items.length === ctx.sizes.rows, `wren fetched ${items.length} rows`);
    },
    knex: async (ctx) => {
      const rows = await knexOf(ctx)(TABLE).select(COLUMNS);
      expect(rows.length === ctx.sizes.rows, `knex fetched ${rows.length} rows`);
    },
    kysely: async (ctx) => {
      const rows = await kyselyOf(ctx).selectFrom(TABLE).select(COLUMNS).execute();
      expect(rows.length === ctx.sizes.rows, `kysely fetched ${rows.length} rows`);
    },
    drizzle: async (ctx) => {
      const { db, tables } = drizzleOf(ctx);
      // select() without a field list names every column of the table, the same seven.
      const rows = await db.select().from(tables.items);
      expect(rows.length === ctx.sizes.rows, `drizzle fetched ${rows.length} rows`);
    },
    driver: async (ctx) => {
      const rows = await driverOf(ctx).all(SQL);
      expect(rows.length === ctx.sizes.rows, `driver fetched ${rows.length} rows`);
    },
  },
};
