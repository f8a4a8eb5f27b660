import { expect } from 'chai';
import { atomic, CharField, database, IntegerField, ForeignKey, IntegrityError, ManyToManyField, Model, QuerySet, type FieldValues, type ModelClass } from '../../lib/index.js';
import { loadFixtureObjects } from '../../lib/cli/fixture-loader.js';
import type { FixtureObject } from '../../lib/cli/fixtures.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { rejection } from '../support/assertions.js';
import { configSource, DIALECTS, freshDatabase, tempProject, wren } from './support.js';
import { dropTables, forEachDialect, resetTables, truncate } from '../support/dialects.js';

// Django loads a fixture with foreign key checks off and checks every relation at the end, so the
// order of the objects in the file does not matter; a reference still missing then fails the load.

class FxoNode extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    parent: new ForeignKey((): typeof FxoNode => FxoNode, { onDelete: 'CASCADE', null: true }),
  };
  static meta = { tableName: 'fxo_nodes' };
  static objects = this.manager();
}
interface FxoNode extends FieldValues<typeof FxoNode> {}

class FxoTeam extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    captain: new ForeignKey((): typeof FxoPlayer => FxoPlayer, { onDelete: 'SET_NULL', null: true, relatedName: 'captainOf' }),
  };
  static meta = { tableName: 'fxo_teams' };
  static objects = this.manager();
}
interface FxoTeam extends FieldValues<typeof FxoTeam> {}

/** fxo_teams without the key that closes the cycle, which is added once fxo_players exists. */
class FxoTeamTable extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'fxo_teams', managed: false };
}

// A table Wren did not create: its key is NOT DEFERRABLE, as most schemas made by other tools declare it.
class FxoStaff extends Model {
  static fields = {
    id: new IntegerField({ primaryKey: true }),
    name: new CharField({ maxLength: 20 }),
    boss: new ForeignKey((): typeof FxoStaff => FxoStaff, { onDelete: 'DO_NOTHING', null: true }),
  };
  static meta = { tableName: 'fxo_staff', managed: false };
  static objects = this.manager();
}
interface FxoStaff extends FieldValues<typeof FxoStaff> {}

class FxoPlayer extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    team: new ForeignKey(() => FxoTeam, { onDelete: 'CASCADE' }),
    friends: new ManyToManyField((): typeof FxoNode => FxoNode),
  };
  static meta = { tableName: 'fxo_players' };
  static objects = this.manager();
}
interface FxoPlayer extends FieldValues<typeof FxoPlayer> {}

const MODELS: ModelClass[] = [FxoNode, FxoTeam, FxoPlayer, FxoStaff];
const APPS = [{ label: 'shop', models: MODELS }];
const friendsThrough = () => FxoPlayer._meta.manyToMany[0]!.through as unknown as ModelClass;

const load = (objects: FixtureObject[]) => loadFixtureObjects(APPS, objects, { db: database('default') });
const node = (pk: number, parent: number | null): FixtureObject => ({ model: 'shop.FxoNode', pk, fields: { name: `n${pk}`, parent } });
const rows = async (model: ModelClass, ...fields: string[]) => (await new QuerySet(model).orderBy('pk').valuesList(...(fields as never[]))) as unknown[][];

/** The key checks a load switches off are on again afterwards, on the same connection. */
const CHECKS_STATE: Record<string, { sql: string; on: unknown } | undefined> = {
  sqlite: { sql: 'PRAGMA defer_foreign_keys', on: 0 },
  mysql: { sql: 'SELECT @@SESSION.foreign_key_checks AS v', on: 1 },
  postgres: undefined,
};

async function checksState(dialect: string): Promise<unknown> {
  const probe = CHECKS_STATE[dialect];
  if (!probe) return undefined;
  const { rows: [row] } = await database('default').run({ sql: probe.sql, bindings: [] });
  return Number(Object.values(row!)[0]);
}

const CLOSE_CYCLE: Record<string, string> = {
  sqlite: 'ALTER TABLE fxo_teams ADD COLUMN captain_id integer NULL REFERENCES fxo_players (id) DEFERRABLE INITIALLY DEFERRED',
  postgres: 'ALTER TABLE fxo_teams ADD COLUMN captain_id integer NULL REFERENCES fxo_players (id) DEFERRABLE INITIALLY DEFERRED',
  mysql: 'ALTER TABLE fxo_teams ADD COLUMN captain_id integer NULL, ADD CONSTRAINT fxo_teams_captain FOREIGN KEY (captain_id) REFERENCES fxo_players (id)',
};

const TABLES = () => [FxoNode, FxoTeam, FxoPlayer, friendsThrough(), FxoStaff];

forEachDialect('loaddata', [], (dialect) => describe('objects in any order, references checked at the end', () => {
  const sql = (text: string) => database('default').run({ sql: text, bindings: [] });
  /** The cycle between fxo_teams and fxo_players must be broken before either table goes. */
  async function dropAll() {
    if (dialect === 'postgres') await sql('ALTER TABLE IF EXISTS fxo_teams DROP COLUMN IF EXISTS captain_id');
    if (dialect === 'mysql') await sql('ALTER TABLE fxo_teams DROP FOREIGN KEY fxo_teams_captain').catch(() => {});
    await dropTables(TABLES());
  }
  before(async () => {
    await dropAll();
    await resetTables([FxoNode, FxoTeamTable, FxoPlayer]);
    await sql(CLOSE_CYCLE[dialect]!);
    await sql('CREATE TABLE fxo_staff (id integer NOT NULL PRIMARY KEY, name varchar(20) NOT NULL, boss_id integer NULL, FOREIGN KEY (boss_id) REFERENCES fxo_staff (id))');
  });
  beforeEach(() => truncate(TABLES()));
  after(dropAll);

  it('loads a self-reference to a row later in the fixture', async () => {
    await load([node(1, 3), node(2, 1), node(3, null)]);
    expect(await rows(FxoNode, 'pk', 'parent')).to.deep.equal([[1, 3], [2, 1], [3, null]]);
  });

  it('loads models that reference each other (a cycle), children listed first', async () => {
    await load([
      { model: 'shop.FxoPlayer', pk: 7, fields: { name: 'p7', team: 4, friends: [2] } },
      { model: 'shop.FxoNode', pk: 2, fields: { name: 'n2', parent: null } },
      { model: 'shop.FxoTeam', pk: 4, fields: { name: 't4', captain: 7 } },
    ]);
    expect(await rows(FxoTeam, 'pk', 'captain')).to.deep.equal([[4, 7]]);
    expect(await rows(FxoPlayer, 'pk', 'team')).to.deep.equal([[7, 4]]);
  });

  it('updates an existing row to point at a row the same fixture adds later', async () => {
    await load([node(1, null)]);
    await load([node(1, 5), node(5, null)]);
    expect(await rows(FxoNode, 'pk', 'parent')).to.deep.equal([[1, 5], [5, null]]);
  });

  it('fails and loads nothing when a reference is still missing after the whole load', async () => {
    await load([node(1, null)]);
    const error = await rejection(load([node(2, 1), node(3, 99)]));
    expect(error).to.be.instanceOf(IntegrityError);
    expect((error as Error).message).to.equal("shop.FxoNode (pk 3) has an invalid foreign key: parent is 99, and no shop.FxoNode has that id");
    expect(await rows(FxoNode, 'pk')).to.deep.equal([[1]]);
    expect(await checksState(dialect)).to.equal(CHECKS_STATE[dialect]?.on);
  });

  it('checks the keys of other models and of many-to-many join rows too', async () => {
    const team = rejection(load([{ model: 'shop.FxoPlayer', pk: 1, fields: { name: 'p', team: 42, friends: [] } }]));
    expect((await team as Error).message).to.equal("shop.FxoPlayer (pk 1) has an invalid foreign key: team is 42, and no shop.FxoTeam has that id");
    const friend = rejection(load([
      { model: 'shop.FxoTeam', pk: 1, fields: { name: 't', captain: null } },
      { model: 'shop.FxoPlayer', pk: 1, fields: { name: 'p', team: 1, friends: [8] } },
    ]));
    expect((await friend as Error).message).to.equal('shop.FxoPlayer (pk 1) has an invalid foreign key: friends lists 8, and no shop.FxoNode has that id');
    expect(await rows(FxoTeam, 'pk')).to.deep.equal([]);
    expect(await rows(friendsThrough(), 'pk')).to.deep.equal([]);
  });

  it('loads a table whose keys are NOT DEFERRABLE (made by another tool) in any order too', async function () {
    const staff = (pk: number, boss: number | null): FixtureObject => ({ model: 'shop.FxoStaff', pk, fields: { name: `s${pk}`, boss } });
    await load([staff(1, 2), staff(2, null)]);
    // New rows go in before existing ones are updated, so this holds even where PostgreSQL checks
    // such a key at the end of each statement.
    await load([staff(2, 3), staff(3, null)]);
    expect(await rows(FxoStaff, 'pk', 'boss')).to.deep.equal([[1, 2], [2, 3], [3, null]]);
    const error = await rejection(load([staff(4, 9)]));
    expect(error).to.be.instanceOf(IntegrityError);
    // PostgreSQL refuses the INSERT itself, with its own message.
    if (dialect !== 'postgres') expect((error as Error).message).to.equal('shop.FxoStaff (pk 4) has an invalid foreign key: boss is 9, and no shop.FxoStaff has that id');
    expect(await rows(FxoStaff, 'pk')).to.deep.equal([[1], [2], [3]]);
  });

  it('switches the checks back on afterwards, on the connection it used', async () => {
    await load([node(1, 2), node(2, null)]);
    expect(await checksState(dialect)).to.equal(CHECKS_STATE[dialect]?.on);
    await atomic(async () => {
      await load([node(3, 4), node(4, null)]);
      expect(await checksState(dialect)).to.equal(CHECKS_STATE[dialect]?.on);
    });
  });

  it('inside an enclosing transaction (loadFixtures in a test), fails at once rather than at COMMIT', async () => {
    const outcome = await rejection(atomic(async () => {
      const error = await rejection(load([node(1, 77)]));
      expect(error).to.be.instanceOf(IntegrityError);
      expect(await rows(FxoNode, 'pk')).to.deep.equal([]);
      expect(await checksState(dialect)).to.equal(CHECKS_STATE[dialect]?.on);
      throw new Error('roll back');
    }));
    expect((outcome as Error).message).to.equal('roll back');
  });
}));

const NODE_MODELS = `import { ForeignKey, Model } from 'wren';
export class Node extends Model {
  static fields = { parent: new ForeignKey((): typeof Node => Node, { onDelete: 'CASCADE', null: true }) };
  static objects = this.manager();
}
`;

for (const dialect of DIALECTS) {
  describe(`wren loaddata: a row pointing at a later row [${dialect}]`, function () {
    this.timeout(60_000);

    it('loads it, and names the row when a reference is missing after the load', async function () {
      const dir = tempProject(`fixture-order-${dialect}`, { 'models.ts': NODE_MODELS });
      writeFileSync(path.join(dir, 'wren.config.ts'), configSource(await freshDatabase(dialect, dir, 'fxo_cli')));
      expect(wren(dir, ['shell', '-c', 'await new SchemaEditor().createModel(Node);']).stderr).to.equal('');
      writeFileSync(path.join(dir, 'n.json'), JSON.stringify([{ model: 'app.Node', pk: 1, fields: { parent: 2 } }, { model: 'app.Node', pk: 2, fields: { parent: null } }]));
      const loaded = wren(dir, ['loaddata', 'n.json']);
      expect(loaded.stderr).to.equal('');
      expect(loaded.stdout.trim()).to.equal('Installed 2 objects from 1 fixture');
      writeFileSync(path.join(dir, 'bad.json'), JSON.stringify([{ model: 'app.Node', pk: 3, fields: { parent: 4 } }, { model: 'app.Node', pk: 4, fields: { parent: 5 } }]));
      const bad = wren(dir, ['loaddata', 'bad.json']);
      expect(bad.status).to.equal(1);
      expect(bad.stderr).to.equal('Error: Nothing was loaded: app.Node (pk 4) has an invalid foreign key: parent is 5, and no app.Node has that id\n');
      const keys = wren(dir, ['shell', '-c', "console.log(JSON.stringify(await Node.objects.orderBy('pk').valuesList('pk', 'parent')))"]);
      expect(keys.stdout.trim()).to.equal('[[1,2],[2,null]]');
    });
  });
}
