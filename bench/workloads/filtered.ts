import { and, desc, eq, gte } from 'drizzle-orm';
import { boolParam } from '../data.js';
import { BenchItem, COLUMNS, TABLE } from '../model.js';
import { driverOf, drizzleOf, expect, knexOf, kyselyOf, type Workload } from './workload.js';

const SQL = `SELECT ${COLUMNS.join(', ')} FROM ${TABLE} WHERE age >= ? AND active = ? ORDER BY score DESC LIMIT 20`;
const minAge = (i: number): number => i % 80;

export const filtered: Workload = {
  name: 'filtered',
  title: 'filter + order + limit',
  description: '`age >= n AND active` ordered by an indexed float column, first 20 rows, with n varying per query.',
  size: (s) => `${s.filtered.toLocaleString('en')} queries`,
  seeded: true,
  emptyBeforeEach: false,
  run: {
    wren: async (ctx) => {
      for (let i = 0; i < ctx.sizes.filtered; i++) {
        const items = await BenchItem.objects.filter({ age__gte: minAge(i), active: true }).orderBy('-score').slice(0, 20);
        expect(items.length === 20, `wren filtered returned ${items.length}`);
      }
    },
    knex: async (ctx) => {
      const knex = knexOf(ctx);
      const active = boolParam(true, ctx.target.family);
      for (let i = 0; i < ctx.sizes.filtered; i++) {
        const rows = await knex(TABLE).select(COLUMNS).where('age', '>=', minAge(i)).andWhere('active', active as boolean).orderBy('score', 'desc').limit(20);
        expect(rows.length === 20, `knex filtered returned ${rows.length}`);
      }
    },
    kysely: async (ctx) => {
      const kysely = kyselyOf(ctx);
      const active = boolParam(true, ctx.target.family) as boolean | number;
      for (let i = 0; i < ctx.sizes.filtered; i++) {
        const rows = await kysely.selectFrom(TABLE).select(COLUMNS).where('age', '>=', minAge(i)).where('active', '=', active).orderBy('score', 'desc').limit(20).execute();
        expect(rows.length === 20, `kysely filtered returned ${rows.length}`);
      }
    },
    drizzle: async (ctx) => {
      const { db, tables: { items } } = drizzleOf(ctx);
      for (let i = 0; i < ctx.sizes.filtered; i++) {
        // The boolean column converts `true` for the driver itself.
        const rows = await db.select().from(items).where(and(gte(items.age, minAge(i)), eq(items.active, true))).orderBy(desc(items.score)).limit(20);
        expect(rows.length === 20, `drizzle filtered returned ${rows.length}`);
      }
    },
    driver: async (ctx) => {
      const driver = driverOf(ctx);
      const active = boolParam(true, ctx.target.family);
      for (let i = 0; i < ctx.sizes.filtered; i++) {
        const rows = await driver.all(SQL, [minAge(i), active]);
        expect(rows.length === 20, `driver filtered returned ${rows.length}`);
      }
    },
  },
};
