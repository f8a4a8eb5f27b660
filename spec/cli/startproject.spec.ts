import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { exec, installDependencies, packedWren, tempDir, wren } from './support.js';

describe('wren startproject', function () {
  this.timeout(300_000);
  let parent: string;

  before(function () {
    parent = tempDir('startproject');
  });

  it('writes the skeleton with the name filled in and says what to run next', function () {
    const result = wren(parent, ['startproject', 'shop']);
    expect(result.stderr).to.equal('');
    expect(result.status).to.equal(0);
    expect(result.stdout).to.match(/Created shop \(\d+ files\)/);
    expect(result.stdout).to.include('npx wren migrate');
    const dir = path.join(parent, 'shop');
    for (const file of ['package.json', 'wren.config.ts', 'models.ts', 'scripts/example.ts', 'test/product.spec.ts', 'test/hooks.ts', 'test/fixtures/products.json', '.mocharc.json', '.gitignore', 'README.md', 'tsconfig.json']) {
      expect(existsSync(path.join(dir, file)), file).to.equal(true);
    }
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; type: string; dependencies: Record<string, string> };
    expect(pkg.name).to.equal('shop');
    expect(pkg.type).to.equal('module');
    expect(pkg.dependencies.wren).to.match(/^\^\d+\.\d+\.\d+/);
    expect(readFileSync(path.join(dir, 'wren.config.ts'), 'utf8')).to.include("label: 'shop'");
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).to.match(/^# shop\n/);
    expect(JSON.parse(readFileSync(path.join(dir, '.mocharc.json'), 'utf8')).require).to.deep.equal(['test/hooks.ts']);
    expect(readFileSync(path.join(dir, 'test/fixtures/products.json'), 'utf8')).to.include('"model": "shop.Product"');
  });

  it('refuses a bad name or a non-empty directory', function () {
    const bad = wren(parent, ['startproject', 'My Shop']);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.include("'My Shop' is not a valid project name");
    const again = wren(parent, ['startproject', 'shop']);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/shop already exists and is not empty/);
  });

  it('runs out of the box when installed: migrate, the sample script, npm test, tsc', function () {
    const wrenDir = packedWren();
    const created = wren(parent, ['startproject', 'store', 'store-dir', '--wren', `file:${wrenDir}`]);
    expect(created.status).to.equal(0);
    const dir = path.join(parent, 'store-dir');
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.wren).to.equal(`file:${wrenDir}`);
    installDependencies(dir, wrenDir);

    const made = exec(dir, 'npx', ['--no-install', 'wren', 'makemigrations']);
    expect(made.stderr).to.equal('');
    expect(made.stdout).to.include('migrations/0001_initial.ts');
    const migrated = exec(dir, 'npx', ['--no-install', 'wren', 'migrate']);
    expect(migrated.stderr).to.equal('');
    expect(migrated.stdout).to.match(/Applying store\.0001_initial\.\.\. OK/);
    expect(existsSync(path.join(dir, 'db.sqlite3'))).to.equal(true);

    const example = exec(dir, 'npm', ['run', '--silent', 'example']);
    expect(example.stderr).to.equal('');
    expect(example.stdout).to.match(/Created Widget \d+ \(#1\); 1 products/);

    // The tests run on a database of their own (in memory), built from the migrations, each test rolled back.
    const tests = exec(dir, 'npm', ['test', '--silent']);
    expect(tests.stdout).to.match(/3 passing/);
    expect(tests.status).to.equal(0);

    const types = exec(dir, path.join(wrenDir, 'node_modules', '.bin', 'tsc'), ['-p', '.']);
    expect(types.stdout + types.stderr).to.equal('');
    expect(types.status).to.equal(0);
  });
});
