// Django parity: a ForeignKey moved to a new model while its old target is removed. The old
// target exists only in the migration history, so makemigrations must read it from there (it
// crashed looking for it among the live models). Through the CLI, where only the new models load.
import { expect } from 'chai';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configSource, DIALECTS, freshDatabase, tempProject, wren, type RunResult } from './cli/support.js';

const MODELS_V1 = `import { CharField, ForeignKey, Model } from 'wren';
export class Category extends Model {
  static fields = { title: new CharField({ maxLength: 30 }) };
  static objects = this.manager();
}
export class Product extends Model {
  static fields = { name: new CharField({ maxLength: 30 }), category: new ForeignKey(() => Category, { onDelete: 'CASCADE', null: true }) };
  static objects = this.manager();
}
`;

const MODELS_V2 = `import { CharField, ForeignKey, Model } from 'wren';
export class Brand extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static objects = this.manager();
}
export class Product extends Model {
  static fields = { name: new CharField({ maxLength: 30 }), category: new ForeignKey(() => Brand, { onDelete: 'CASCADE', null: true }) };
  static objects = this.manager();
}
`;

function ok(result: RunResult): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).to.equal(0);
  return result.stdout;
}

for (const dialect of DIALECTS) {
  describe(`migration parity: a ForeignKey moved to a new model, the old one removed [${dialect}]`, function () {
    this.timeout(180_000);
    let dir: string;
    const run = (...args: string[]) => wren(dir, args);
    const shell = (code: string) => ok(run('shell', '-c', code)).trim();

    before(async function () {
      dir = tempProject(`retarget-${dialect}`, { 'models.ts': MODELS_V1 });
      writeFileSync(path.join(dir, 'wren.config.ts'), configSource(await freshDatabase(dialect, dir, 'mig_parity_retarget'), { label: 'shop', models: './models.ts', migrations: './migrations' }));
      ok(run('makemigrations'));
      ok(run('migrate'));
      shell("await Category.objects.create({ title: 'old' }); await Product.objects.create({ name: 'lamp' }); console.log(1)");
      writeFileSync(path.join(dir, 'models.ts'), MODELS_V2);
    });

    it('makemigrations (--dry-run and --noinput) creates the new model, alters the key, then deletes the old model', function () {
      const expected = /- Create model Brand\n {4}- Alter field category on Product\n {4}- Delete model Category\n/;
      expect(ok(run('makemigrations', '--dry-run', '--noinput'))).to.match(expected);
      const out = ok(run('makemigrations', '--noinput'));
      expect(out).to.match(expected);
      expect(out).to.contain('! shop.0002_').and.contain('drops table categories');
      expect(out).to.not.contain('changes the type');
      expect(readdirSync(path.join(dir, 'migrations')).filter((f) => f.startsWith('0002_'))).to.have.length(1);
      expect(ok(run('sqlmigrate', '0002'))).to.match(/brands/);
      expect(ok(run('makemigrations', '--check'))).to.contain('No changes detected');
    });

    it('migrate moves the key to the new table, and back to 0001 restores the old one', function () {
      expect(ok(run('migrate'))).to.match(/Applying shop\.0002_\w+\.\.\. OK/);
      expect(shell("const b = await Brand.objects.create({ name: 'acme' }); await Product.objects.filter({ name: 'lamp' }).update({ category: b }); console.log(await Product.objects.filter({ category__name: 'acme' }).count())")).to.equal('1');
      shell("await Product.objects.update({ category: null }); console.log(1)");
      expect(ok(run('migrate', '0001'))).to.match(/Unapplying shop\.0002_\w+\.\.\. OK/);
      expect(ok(run('migrate'))).to.match(/Applying shop\.0002_\w+\.\.\. OK/);
      expect(shell('console.log(await Product.objects.count())')).to.equal('1');
    });
  });
}
