import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configSource, DIALECTS, freshDatabase, tempProject, typecheck, wren } from './support.js';

// Django's inspectdb writes a key column with a unique constraint as a OneToOneField (its reverse
// side is one object, named after the model), not as ForeignKey(unique=True).

const MODELS = `import { CharField, ForeignKey, Model, OneToOneField } from 'wren';
export class OtoOwner extends Model {
  static fields = { name: new CharField({ maxLength: 20 }), otoExtra: new CharField({ maxLength: 20, null: true }) };
  static meta = { tableName: 'oto_owners' };
  static objects = this.manager();
}
export class OtoProfile extends Model {
  static fields = {
    bio: new CharField({ maxLength: 20 }),
    owner: new OneToOneField(() => OtoOwner, { onDelete: 'CASCADE' }),
    manager: new ForeignKey(() => OtoOwner, { onDelete: 'CASCADE', null: true, relatedName: 'managed' }),
  };
  static meta = { tableName: 'oto_profiles' };
  static objects = this.manager();
}
export class OtoCard extends Model {
  static fields = {
    number: new CharField({ maxLength: 20, unique: true }),
    holder: new OneToOneField(() => OtoOwner, { onDelete: 'CASCADE', null: true, relatedName: 'heldCard' }),
    spare: new OneToOneField(() => OtoOwner, { onDelete: 'CASCADE', null: true, relatedName: 'spareCard' }),
    byNumber: new OneToOneField(() => OtoCard, { onDelete: 'CASCADE', null: true, toField: 'number', relatedName: 'previous' }),
  };
  static meta = { tableName: 'oto_cards' };
  static objects = this.manager();
}
export class OtoExtra extends Model {
  static fields = { owner: new OneToOneField(() => OtoOwner, { onDelete: 'CASCADE', primaryKey: true }), note: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'oto_extras' };
  static objects = this.manager();
}
`;

const SETUP = `const editor = new SchemaEditor();
for (const model of [OtoOwner, OtoProfile, OtoCard, OtoExtra]) await editor.createModel(model);
const ann = await OtoOwner.objects.create({ name: 'Ann' });
const bob = await OtoOwner.objects.create({ name: 'Bob' });
await OtoProfile.objects.create({ bio: 'hi', owner: ann, manager: bob });
const c1 = await OtoCard.objects.create({ number: 'c-1', holder: ann, spare: bob });
await OtoCard.objects.create({ number: 'c-2', byNumber: c1 });
await OtoExtra.objects.create({ owner: bob, note: 'n' });`;

// The reverse accessors the generated source names, used through the generated models.
const QUERY = `const ann = await OtoOwner.objects.get({ name: 'Ann' });
const bob = await OtoOwner.objects.get({ name: 'Bob' });
const c1 = await OtoCard.objects.get({ number: 'c-1' });
console.log(JSON.stringify({
  profile: (await ann.related('otoProfileOwner')).bio,
  managed: (await bob.related('otoProfileManagerSet')).map((p) => p.bio),
  held: (await ann.related('otoCardHolder')).number,
  spare: (await bob.related('otoCardSpare')).number,
  extra: (await bob.related('otoExtraOwner')).note,
  next: (await c1.related('otoCard')).number,
  viaLookup: await OtoOwner.objects.filter({ otoProfileOwner__bio: 'hi' }).valuesList('name', { flat: true }),
}));`;

for (const dialect of DIALECTS) {
  describe(`wren inspectdb: a unique foreign key is a OneToOneField [${dialect}]`, function () {
    this.timeout(120_000);
    let dir: string;
    let source: string;

    before(async function () {
      dir = tempProject(`inspect-oto-${dialect}`, { 'models.ts': MODELS });
      writeFileSync(path.join(dir, 'wren.config.ts'), configSource(await freshDatabase(dialect, dir, 'cli_oto')));
      const setup = wren(dir, ['shell', '-c', SETUP]);
      expect(setup.stderr).to.equal('');
      const result = wren(dir, ['inspectdb']);
      expect(result.stderr).to.equal('');
      source = result.stdout;
    });

    it('writes OneToOneField without unique: true, and a ForeignKey for a key that is not unique', function () {
      const fields = (model: string) => {
        const body = source.slice(source.indexOf(`export class ${model} extends Model`));
        return Object.fromEntries([...body.slice(0, body.indexOf('\n  };')).matchAll(/^ {4}(\w+): (new .*),$/gm)].map((m) => [m[1], m[2]]));
      };
      expect(fields('OtoProfile')).to.include({
        owner: "new OneToOneField(() => OtoOwner, { onDelete: 'DO_NOTHING', relatedName: 'otoProfileOwner' })",
        manager: "new ForeignKey(() => OtoOwner, { onDelete: 'DO_NOTHING', null: true, relatedName: 'otoProfileManagerSet' })",
      });
      expect(fields('OtoCard')).to.include({
        number: 'new CharField({ maxLength: 20, unique: true })',
        holder: "new OneToOneField(() => OtoOwner, { onDelete: 'DO_NOTHING', null: true, relatedName: 'otoCardHolder' })",
        spare: "new OneToOneField(() => OtoOwner, { onDelete: 'DO_NOTHING', null: true, relatedName: 'otoCardSpare' })",
        byNumber: "new OneToOneField(() => OtoCard, { onDelete: 'DO_NOTHING', toField: 'number', null: true })",
      });
      // The reverse side is one object named after the model, unless a field of the target has that name.
      expect(fields('OtoExtra')).to.include({ owner: "new OneToOneField(() => OtoOwner, { onDelete: 'DO_NOTHING', primaryKey: true, relatedName: 'otoExtraOwner' })" });
      expect(source).to.not.match(/ForeignKey\([^)]*unique: true/);
      expect(source).to.match(/import \{ [^}]*OneToOneField[^}]*\} from 'wren';/);
    });

    it('compiles, passes check, and the reverse accessors it names work on the data', function () {
      writeFileSync(path.join(dir, 'models.ts'), source);
      const checked = typecheck(dir, ['models.ts']);
      expect((checked.stdout + checked.stderr).split('\n').filter((line) => line.startsWith('models.ts('))).to.deep.equal([]);
      const check = wren(dir, ['check']);
      expect(check.stderr).to.equal('');
      const result = wren(dir, ['shell', '-c', QUERY]);
      expect(result.stderr).to.equal('');
      expect(JSON.parse(result.stdout)).to.deep.equal({ profile: 'hi', managed: ['hi'], held: 'c-1', spare: 'c-1', extra: 'n', next: 'c-2', viaLookup: ['Ann'] });
    });

    it('round-trips: tables made from the generated models inspect to the same source', async function () {
      const url = await freshDatabase(dialect, dir, 'cli_oto_again');
      writeFileSync(path.join(dir, 'again.config.ts'), configSource(url));
      const created = wren(dir, ['--config', 'again.config.ts', 'shell', '-c', 'const editor = new SchemaEditor(); for (const model of [OtoOwner, OtoProfile, OtoCard, OtoExtra]) await editor.createModel(model);']);
      expect(created.stderr).to.equal('');
      const again = wren(dir, ['--config', 'again.config.ts', 'inspectdb']);
      const body = (text: string) => text.split('\n').filter((line) => !line.startsWith('import ') && !line.startsWith('// Models generated')).join('\n');
      expect(body(again.stdout)).to.equal(body(source));
    });
  });
}
