import { avg, count } from 'drizzle-orm';
import { wren } from '../wren.js';

const { Avg, Count } = wren;
import { BenchItem, TABLE } from '../model.js';
import { driverOf, drizzleOf, expect, knexOf, kyselyOf, type Workload } from './workload.js';

const SQL = `SELECT category, COUNT(*) AS n, AVG(score) AS avg FROM ${TABLE} GROUP BY category`;
const GROUPS = 20;

export const aggregate: Workload = {
  name: 'aggregate',
  title: 'grouped aggregate',
  description: 'COUNT and AVG per category (20 groups) over all rows, repeated a few times per repetition.',
  size: (s) => `${s.aggregates} queries over ${s.rows.toLocaleString('en')} rows`,
  seeded: true,
  emptyBeforeEach: false,
  run: {
    wren: async (ctx) => {
      for (let i = 0; i < ctx.sizes.aggregates; i++) {
        // Django's group-by idiom: values() first, then the aggregates (annotated first, they stay per row).
        const rows = await BenchItem.objects.values('category').annotate({ n: Count('pk'), avg: Avg('score') });
        expect(rows.length === GROUPS, `wren returned ${rows.length} groups`);
      }
    },
    knex: async (ctx) => {
      const knex = knexOf(ctx);
      for (let i = 0; i < ctx.sizes.aggregates; i++) {
        const rows = await knex(TABLE).select('category').count({ n: '*' }).avg({ avg: 'score' }).groupBy('category');
        expect(rows.length === GROUPS, `knex returned ${rows.length} groups`);
      }
    },
    kysely: async (ctx) => {
      const kysely = kyselyOf(ctx);
      for (let i = 0; i < ctx.sizes.aggregates; i++) {
        const rows = await kysely
          .selectFrom(TABLE)
          .select((eb) => ['category', eb.fn.countAll().as('n'), eb.fn.avg('score').as('avg')])
          .groupBy('category')
          .execute();
        expect(rows.length === GROUPS, `kysely returned ${rows.length} groups`);
      }
    },
    drizzle: async (ctx) => {
      const { db, tables: { items } } = drizzleOf(ctx);
      for (let i = 0; i < ctx.sizes.aggregates; i++) {
        const rows = await db.select({ category: items.category, n: count(), avg: avg(items.score) }).from(items).groupBy(items.category);
        expect(rows.length === GROUPS, `drizzle returned ${rows.length} groups`);
      }
    },
    driver: async (ctx) => {
      const driver = driverOf(ctx);
      for (let i = 0; i < ctx.sizes.aggregates; i++) {
        const rows = await driver.all(SQL);
        expect(rows.length === GROUPS, `driver returned ${rows.length} groups`);
      }
    },
  },
};
