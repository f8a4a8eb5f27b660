import type { Insertable } from 'kysely';
import { BenchItem, TABLE, WRITE_COLUMNS } from '../model.js';
import type { BenchDatabase } from '../peers/kysely.js';
import { driverOf, drizzleOf, knexOf, kyselyOf, type Workload } from './workload.js';

/** Rows per INSERT, the same for every library; 500 is the most knex can send SQLite in one INSERT. */
export const BATCH = 500;

const placeholders = `(${WRITE_COLUMNS.map(() => '?').join(', ')})`;

export const insert: Workload = {
  name: 'insert',
  title: 'bulk insert',
  description: `inserts the rows in multi-row INSERTs of ${BATCH} (Wren: \`bulkCreate\`, which also sets the new primary keys where the database returns them).`,
  size: (s) => `${s.rows.toLocaleString('en')} rows`,
  seeded: false,
  emptyBeforeEach: true,
  run: {
    wren: async (ctx) => {
      await BenchItem.objects.bulkCreate(ctx.items, { batchSize: BATCH });
    },
    knex: async (ctx) => {
      const knex = knexOf(ctx);
      for (let start = 0; start < ctx.storedRows.length; start += BATCH) {
        await knex(TABLE).insert(ctx.storedRows.slice(start, start + BATCH));
      }
    },
    kysely: async (ctx) => {
      const kysely = kyselyOf(ctx);
      for (let start = 0; start < ctx.storedRows.length; start += BATCH) {
        await kysely.insertInto(TABLE).values(ctx.storedRows.slice(start, start + BATCH) as Insertable<BenchDatabase['bench_items']>[]).execute();
      }
    },
    drizzle: async (ctx) => {
      const { db, tables } = drizzleOf(ctx);
      for (let start = 0; start < ctx.storedRows.length; start += BATCH) {
        await db.insert(tables.items).values(ctx.storedRows.slice(start, start + BATCH) as (typeof tables.items.$inferInsert)[]);
      }
    },
    driver: async (ctx) => {
      const driver = driverOf(ctx);
      for (let start = 0; start < ctx.storedRows.length; start += BATCH) {
        const batch = ctx.storedRows.slice(start, start + BATCH);
        const sql = `INSERT INTO ${TABLE} (${WRITE_COLUMNS.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')}`;
        await driver.run(sql, batch.flatMap((row) => WRITE_COLUMNS.map((column) => row[column])));
      }
    },
  },
};

