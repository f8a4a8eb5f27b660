import { eq } from 'drizzle-orm';
import { wren } from '../wren.js';

const { atomic } = wren;
import { spread } from '../data.js';
import { BenchItem, COLUMNS, TABLE, WRITE_COLUMNS } from '../model.js';
import { driverOf, drizzleOf, knexOf, kyselyOf, type Workload } from './workload.js';

const SELECT = `SELECT ${COLUMNS.join(', ')} FROM ${TABLE} WHERE id = ?`;
const UPDATE = `UPDATE ${TABLE} SET ${WRITE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;

export const update: Workload = {
  name: 'update',
  title: 'load-modify-save',
  description: 'in one transaction, loads a row by key, changes one value and writes the row back (Wren: `get()` then `save()`, which UPDATEs every column as Django does).',
  size: (s) => `${s.updates.toLocaleString('en')} rows`,
  seeded: true,
  emptyBeforeEach: false,
  run: {
    wren: async (ctx) => {
      await atomic(async () => {
        for (const id of spread(ctx.ids, ctx.sizes.updates)) {
          const item = await BenchItem.objects.get({ pk: id });
          item.score += 1;
          await item.save();
        }
      });
    },
    knex: async (ctx) => {
      await knexOf(ctx).transaction(async (trx) => {
        for (const id of spread(ctx.ids, ctx.sizes.updates)) {
          const row = (await trx(TABLE).select(COLUMNS).where('id', id).first()) as Record<string, unknown>;
          row.score = (row.score as number) + 1;
          const { id: _, ...values } = row;
          await trx(TABLE).where('id', id).update(values);
        }
      });
    },
    kysely: async (ctx) => {
      await kyselyOf(ctx).transaction().execute(async (trx) => {
        for (const id of spread(ctx.ids, ctx.sizes.updates)) {
          const { id: _, ...values } = await trx.selectFrom(TABLE).select(COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
          values.score += 1;
          await trx.updateTable(TABLE).set(values).where('id', '=', id).execute();
        }
      });
    },
    drizzle: async (ctx) => {
      const drizzle = drizzleOf(ctx);
      if (drizzle.sqlite) {
        // On better-sqlite3 Drizzle's transaction is better-sqlite3's own, which is synchronous.
        const { db, tables: { items } } = drizzle.sqlite;
        db.transaction((tx) => {
          for (const id of spread(ctx.ids, ctx.sizes.updates)) {
            const { id: _, ...values } = tx.select().from(items).where(eq(items.id, id)).get()!;
            values.score += 1;
            tx.update(items).set(values).where(eq(items.id, id)).run();
          }
        });
        return;
      }
      const { db, tables: { items } } = drizzle;
      await db.transaction(async (tx) => {
        for (const id of spread(ctx.ids, ctx.sizes.updates)) {
          const [row] = await tx.select().from(items).where(eq(items.id, id));
          const { id: _, ...values } = row!;
          values.score += 1;
          await tx.update(items).set(values).where(eq(items.id, id));
        }
      });
    },
    driver: async (ctx) => {
      const driver = driverOf(ctx);
      await driver.run('BEGIN');
      try {
        for (const id of spread(ctx.ids, ctx.sizes.updates)) {
          const row = (await driver.all(SELECT, [id]))[0]!;
          row.score = (row.score as number) + 1;
          await driver.run(UPDATE, [...WRITE_COLUMNS.map((c) => row[c]), id]);
        }
        await driver.run('COMMIT');
      } catch (error) {
        await driver.run('ROLLBACK');
        throw error;
      }
    },
  },
};
