import { BenchItem, COLUMNS, TABLE } from '../model.js';
import { driverOf, expect, knexOf, type Workload } from './workload.js';

const SQL = `SELECT ${COLUMNS.join(', ')} FROM ${TABLE}`;

export const fetch: Workload = {
  name: 'fetch',
  title: 'fetch all rows',
  description: 'reads every row: Wren as model instances (converted booleans and dates), knex and the driver as plain rows.',
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
    driver: async (ctx) => {
      const rows = await driverOf(ctx).all(SQL);
      expect(rows.length === ctx.sizes.rows, `driver fetched ${rows.length} rows`);
    },
  },
};
