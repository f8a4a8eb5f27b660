import { expect } from 'chai';
import { CharField, connect, database, disconnect, IntegerField, Model, SchemaEditor, WrenTypeError, type FieldValues } from '../lib/index.js';
import { ACTIVE_DIALECTS, DIALECT_URLS } from './support/dialects.js';

const ALIAS = 'unprepared';

class PoolerItem extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    qty: new IntegerField({ default: 0 }),
  };
  static meta = { tableName: 'pooler_items' };
  static objects = this.manager();
}
interface PoolerItem extends FieldValues<typeof PoolerItem> {}

/** The statements the server keeps prepared for the one pooled connection (PostgreSQL). */
async function preparedOnServer(): Promise<string[]> {
  const { rows } = await database(ALIAS).run({ sql: 'SELECT statement FROM pg_prepared_statements', bindings: [] });
  return (rows as { statement: string }[]).map((row) => row.statement);
}

/**
 * Everything an application repeats: the by-key get() Wren prepares from its first run, a filter
 * it prepares from its second, save()'s UPDATE and a full bulkCreate batch.
 */
async function repeatEverything(): Promise<unknown[]> {
  const items = PoolerItem.objects.using(ALIAS);
  await items.bulkCreate([{ name: 'a', qty: 1 }, { name: 'b', qty: 2 }, { name: 'c', qty: 3 }], { batchSize: 1 });
  const results: unknown[] = [];
  for (let run = 0; run < 3; run++) {
    const first = await items.get({ name: 'a' });
    const byKey = await items.get({ pk: first.id });
    byKey.qty += 10;
    await byKey.save();
    results.push(await items.filter({ qty__gte: 2 }).orderBy('name').valuesList('name', 'qty'));
  }
  return results;
}

describe('connect({ preparedStatements: false })', () => {
  afterEach(async () => {
    await disconnect(ALIAS).catch(() => undefined);
  });

  it('is true or false; anything else is refused when connect() is called', () => {
    const url = DIALECT_URLS[ACTIVE_DIALECTS[0]!]!;
    expect(() => connect({ [ALIAS]: { url, preparedStatements: 'no' as never } })).to.throw(WrenTypeError, /preparedStatements must be true or false, not the string 'no'/);
  });

  for (const dialect of ACTIVE_DIALECTS) {
    it(`[${dialect}] returns what the prepared path returns${dialect === 'postgres' ? ', leaving no statement prepared on the server' : ''}`, async () => {
      const outcomes: unknown[][] = [];
      const kept: string[][] = [];
      for (const preparedStatements of [true, false]) {
        // One connection, so the server's view of it is the session every statement ran on.
        connect({ [ALIAS]: { url: DIALECT_URLS[dialect]!, pool: { max: 1 }, preparedStatements } });
        const editor = new SchemaEditor(database(ALIAS));
        await editor.deleteModel(PoolerItem, { ifExists: true });
        await editor.createModel(PoolerItem);
        try {
          outcomes.push(await repeatEverything());
          if (dialect === 'postgres') kept.push(await preparedOnServer());
        } finally {
          await editor.deleteModel(PoolerItem);
          await disconnect(ALIAS);
        }
      }
      expect(outcomes[1]).to.deep.equal(outcomes[0]);
      expect(outcomes[1]![2]).to.deep.equal([['a', 31], ['b', 2], ['c', 3]]);
      if (dialect === 'postgres') {
        expect(kept[0]!.some((sql) => sql.includes('pooler_items')), 'by default the repeated statements are prepared').to.equal(true);
        expect(kept[1]).to.deep.equal([]);
      }
    });
  }
});
