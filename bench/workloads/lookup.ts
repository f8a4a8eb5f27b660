import { eq } from 'drizzle-orm';
import { spread } from '../data.js';
import { BenchItem, COLUMNS, TABLE } from '../model.js';
import { driverOf, drizzleOf, expect, knexOf, kyselyOf, type Workload } from './workload.js';

const SQL = `SELECT ${COLUMNS.join(', ')} FROM ${TABLE} WHERE id = ?`;

export const lookup: Workload = {
  name: 'lookup',
  title: 'lookups by pk',
  description: 'fetches single rows by primary key, one query each (Wren: `objects.get({ pk })`).',
  size: (s) => `${s.lookups.toLocaleString('en')} queries`,
  target: 1.3,
  seeded: true,
  emptyBeforeEach: false,
  run: {
    wren: async (ctx) => {
      for (const id of spread(ctx.ids, ctx.sizes.lookups)) {
        const item = await BenchItem.objects.get({ pk: id });
        expect(item.id === id, `wren get(${id})`);
      }
    },
    knex: async (ctx) => {
      const knex = knexOf(ctx);
      for (const id of spread(ctx.ids, ctx.sizes.lookups)) {
        const row = (await knex(TABLE).select(COLUMNS).where('id', id).first()) as { id: number } | undefined;
        expect(row?.id === id, `knex lookup ${id}`);
      }
    },
    kysely: async (ctx) => {
      const kysely = kyselyOf(ctx);
      for (const id of spread(ctx.ids, ctx.sizes.lookups)) {
        const row = await kysely.selectFrom(TABLE).select(COLUMNS).where('id', '=', id).executeTakeFirst();
        expect(row?.id === id, `kysely lookup ${id}`);
      }
    },
    drizzle: async (ctx) => {
      const { db, tables } = drizzleOf(ctx);
      for (const id of spread(ctx.ids, ctx.sizes.lookups)) {
        const [row] = await db.select().from(tables.items).where(eq(tables.items.id, id));
        expect(row?.id === id, `drizzle lookup ${id}`);
      }
    },
    driver: async (ctx) => {
      const driver = driverOf(ctx);
      for (const id of spread(ctx.ids, ctx.sizes.lookups)) {
        const row = (await driver.all(SQL, [id]))[0];
        expect(row?.id === id, `driver lookup ${id}`);
      }
    },
  },
};
