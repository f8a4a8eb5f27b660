import { expect } from 'chai';
import { CharField, database, Model, type FieldValues } from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';

/** A table Wren did not create: its columns compare case-insensitively (see `createTable`). */
export class BxName extends Model {
  static fields = {
    name: new CharField({ maxLength: 40 }),
    legacy: new CharField({ maxLength: 40 }),
  };
  static meta = { tableName: 'bx_names', managed: false };
  static objects = this.manager();
}
export interface BxName extends FieldValues<typeof BxName> {}

async function raw(sql: string): Promise<void> {
  const db = database();
  await db.run(db.knex.raw(sql));
}

/**
 * Case-insensitive columns as existing databases have them: MySQL/MariaDB `utf8mb4_general_ci`
 * (and a latin1 one), SQLite `COLLATE NOCASE`, PostgreSQL `citext`.
 */
async function createTable(dialect: string): Promise<void> {
  await raw('DROP TABLE IF EXISTS bx_names');
  if (dialect === 'mysql') {
    await raw(
      'CREATE TABLE bx_names (id int AUTO_INCREMENT PRIMARY KEY, name varchar(40) COLLATE utf8mb4_general_ci NOT NULL, ' +
        'legacy varchar(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
    );
    return;
  }
  if (dialect === 'sqlite') {
    await raw('CREATE TABLE bx_names (id integer PRIMARY KEY AUTOINCREMENT, name varchar(40) NOT NULL COLLATE NOCASE, legacy varchar(40) NOT NULL COLLATE NOCASE)');
    return;
  }
  await raw('CREATE EXTENSION IF NOT EXISTS citext');
  await raw('CREATE TABLE bx_names (id serial PRIMARY KEY, name citext NOT NULL, legacy citext NOT NULL)');
}

forEachDialect('bexact on tables Wren did not create', [], (dialect) => {
  before(async () => {
    await createTable(dialect);
    for (const name of ['Ann', 'ann', 'ANN', 'Ann ', 'Zoë', 'Zoe', 'zoë']) await BxName.objects.create({ name, legacy: name });
  });
  after(async () => {
    await raw('DROP TABLE IF EXISTS bx_names');
  });

  const names = async (filter: Record<string, string>): Promise<string[]> =>
    ((await BxName.objects.filter(filter as never).orderBy('id').valuesList('name', { flat: true })) as string[]).map(String);

  it("documents the trap: exact follows the column's case-insensitive collation", async () => {
    expect(await names({ name: 'ann' })).to.include.members(['Ann', 'ann', 'ANN']);
  });

  it('bexact compares exactly the same characters: case, accents and trailing spaces count', async () => {
    expect(await names({ name__bexact: 'Ann' })).to.deep.equal(['Ann']);
    expect(await names({ name__bexact: 'ann' })).to.deep.equal(['ann']);
    expect(await names({ name__bexact: 'Ann ' })).to.deep.equal(['Ann ']);
    expect(await names({ name__bexact: 'Zoë' })).to.deep.equal(['Zoë']);
    expect(await names({ name__bexact: 'Zoe' })).to.deep.equal(['Zoe']);
    expect(await names({ name__bexact: 'nobody' })).to.deep.equal([]);
  });

  it('bexact works on a column in another character set (latin1 on MySQL/MariaDB)', async () => {
    expect(await names({ legacy__bexact: 'Zoë' })).to.deep.equal(['Zoë']);
    expect(await names({ legacy__bexact: 'zoë' })).to.deep.equal(['zoë']);
    expect(await names({ legacy__bexact: 'ANN' })).to.deep.equal(['ANN']);
  });

  it('combines with exact, which can use an index in the column collation, and with exclude()', async () => {
    expect(await names({ name: 'ann', name__bexact: 'ann' })).to.deep.equal(['ann']);
    const others = await BxName.objects.exclude({ name__bexact: 'Ann' }).count();
    expect(others).to.equal(6);
  });
});
