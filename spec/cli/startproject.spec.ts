import { expect } from 'chai';
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dependencySpec, wrenSource } from '../../lib/cli/wren-source.js';
import { checkoutCopy, exec, installDependencies, packedWren, prebuiltBetterSqlite3, REPO, tempDir, userShell, wren, type RunResult } from './support.js';

interface ProjectPackage {
  name: string;
  type: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const wrenPackage = readJson<{ version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> }>(path.join(REPO, 'package.json'));

/** The commands under "Next steps:", as printed. */
function printedSteps(stdout: string): string[] {
  const after = stdout.slice(stdout.indexOf('Next steps:\n') + 'Next steps:\n'.length);
  return after.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim());
}

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
    expect(printedSteps(result.stdout)).to.deep.equal(['cd shop', 'npm install', 'npx wren makemigrations', 'npx wren migrate', 'npm run example', 'npm test']);
    const dir = path.join(parent, 'shop');
    for (const file of ['package.json', 'wren.config.ts', 'models.ts', 'scripts/example.ts', 'test/product.spec.ts', 'test/hooks.ts', 'test/fixtures/products.json', '.mocharc.json', '.gitignore', 'README.md', 'tsconfig.json']) {
      expect(existsSync(path.join(dir, file)), file).to.equal(true);
    }
    const pkg = readJson<ProjectPackage>(path.join(dir, 'package.json'));
    expect(pkg.name).to.equal('shop');
    expect(pkg.type).to.equal('module');
    expect(readFileSync(path.join(dir, 'wren.config.ts'), 'utf8')).to.include("label: 'shop'");
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).to.match(/^# shop\n/);
    expect(readJson<{ require: string[] }>(path.join(dir, '.mocharc.json')).require).to.deep.equal(['test/hooks.ts']);
    expect(readFileSync(path.join(dir, 'test/fixtures/products.json'), 'utf8')).to.include('"model": "shop.Product"');
  });

  it('links the checkout it runs from (file:), and says so in the output and the README', function () {
    const dir = path.join(parent, 'shop');
    const pkg = readJson<ProjectPackage>(path.join(dir, 'package.json'));
    const spec = pkg.dependencies.wren!;
    expect(spec).to.match(/^file:/);
    expect(path.resolve(dir, spec.slice('file:'.length))).to.equal(realpathSync(REPO));
    // npm runs a file: dependency's `prepare` (which builds Wren's dist/) only when allowScripts names it.
    expect(pkg.allowScripts).to.deep.equal({ 'better-sqlite3': true, esbuild: true, [spec]: true });
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).to.include(`Wren is linked from the checkout at \`${realpathSync(REPO)}\``);
    expect(readme).to.include(`Once Wren is published, depend on \`"wren": "^${wrenPackage.version}"\` instead`);
  });

  it('pins the tools to the versions Wren is tested with', function () {
    const pkg = readJson<ProjectPackage>(path.join(parent, 'shop', 'package.json'));
    const tested = { ...wrenPackage.devDependencies, ...wrenPackage.dependencies };
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (name !== 'wren') expect(range, name).to.equal(tested[name]);
    }
    expect(pkg.devDependencies.typescript).to.equal(wrenPackage.devDependencies.typescript);
  });

  it('refuses a bad name or a non-empty directory', function () {
    const bad = wren(parent, ['startproject', 'My Shop']);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.include("'My Shop' is not a valid project name");
    const again = wren(parent, ['startproject', 'shop']);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/shop already exists and is not empty/);
  });

  it('from a clone, the printed steps work as printed: npm install, migrations, the example, the tests', function () {
    // About 10 s with a warm npm cache and the prebuilt better-sqlite3; a minute more where it compiles.
    this.timeout(600_000);
    const checkout = checkoutCopy();
    const home = tempDir('newuser');
    prebuiltBetterSqlite3(home);
    const created = wren(home, ['startproject', 'shop'], { bin: path.join(checkout, 'bin', 'wren.js') });
    expect(created.stderr).to.equal('');
    expect(created.stdout).to.match(/It depends on "wren": "file:[^"]+", not on the npm registry/);
    const dir = path.join(home, 'shop');
    expect(existsSync(path.join(checkout, 'dist')), 'the clone has no dist/ yet').to.equal(false);

    const ran = new Map<string, RunResult>();
    let cwd = home;
    for (const step of printedSteps(created.stdout)) {
      if (step.startsWith('cd ')) {
        cwd = path.resolve(cwd, step.slice('cd '.length));
        continue;
      }
      // A warm npm cache where there is one; the command itself is as printed.
      const result = userShell(cwd, step, step === 'npm install' ? { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } : {});
      expect(result.status, `${step}:\n${result.stdout}${result.stderr}`).to.equal(0);
      ran.set(step, result);
    }
    expect([...ran.keys()]).to.deep.equal(['npm install', 'npx wren makemigrations', 'npx wren migrate', 'npm run example', 'npm test']);
    expect(cwd).to.equal(dir);

    // npm linked the clone and ran its `prepare`, with no install script left unapproved.
    expect(lstatSync(path.join(dir, 'node_modules', 'wren')).isSymbolicLink()).to.equal(true);
    expect(realpathSync(path.join(dir, 'node_modules', 'wren'))).to.equal(realpathSync(checkout));
    expect(existsSync(path.join(checkout, 'dist', 'index.js')), 'npm install built the clone\'s dist/').to.equal(true);
    expect(ran.get('npm install')!.stderr).not.to.match(/allowScripts|install-scripts/);

    expect(ran.get('npx wren makemigrations')!.stderr).to.equal('');
    expect(ran.get('npx wren makemigrations')!.stdout).to.include('migrations/0001_initial.ts');
    expect(ran.get('npx wren migrate')!.stderr).to.equal('');
    expect(ran.get('npx wren migrate')!.stdout).to.match(/Applying shop\.0001_initial\.\.\. OK/);
    expect(existsSync(path.join(dir, 'db.sqlite3'))).to.equal(true);
    expect(ran.get('npm run example')!.stdout).to.match(/Created Widget \d+ \(#1\); 1 products/);
    expect(ran.get('npm test')!.stdout).to.match(/3 passing/);

    // The project's own TypeScript, the version Wren is tested with, accepts the project.
    const types = userShell(dir, 'npm run --silent typecheck');
    expect(types.stdout + types.stderr).to.equal('');
    expect(types.status).to.equal(0);
    const major = (file: string) => readJson<{ version: string }>(file).version.split('.')[0];
    expect(major(path.join(dir, 'node_modules', 'typescript', 'package.json'))).to.equal(major(path.join(REPO, 'node_modules', 'typescript', 'package.json')));

    // The README's last step of the tour: a picture of the project's models.
    const graph = userShell(dir, 'npx wren graph -o models.svg');
    expect(graph.status, graph.stderr).to.equal(0);
    const svg = readFileSync(path.join(dir, 'models.svg'), 'utf8');
    expect(svg).to.match(/<svg[\s\S]*<\/svg>\s*$/);
    expect(svg).to.include('Product');
  });

  it('depends on ^version when Wren is an installed package, with no note in the README', function () {
    const wrenDir = packedWren();
    const created = wren(parent, ['startproject', 'kiosk'], { bin: path.join(wrenDir, 'bin', 'wren.js') });
    expect(created.stderr).to.equal('');
    expect(created.stdout).not.to.include('It depends on');
    expect(printedSteps(created.stdout)[1]).to.equal('npm install');
    const dir = path.join(parent, 'kiosk');
    const pkg = readJson<ProjectPackage>(path.join(dir, 'package.json'));
    expect(pkg.dependencies.wren).to.equal(`^${wrenPackage.version}`);
    expect(pkg.allowScripts).to.deep.equal({ 'better-sqlite3': true, esbuild: true });
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).to.match(/^# kiosk\n\nA \[Wren\]\(https:\/\/www\.npmjs\.com\/package\/wren\) project\.\n\n```sh\n/);
  });

  it('runs out of the box when installed: migrate, the sample script, npm test, tsc', function () {
    const wrenDir = packedWren();
    const created = wren(parent, ['startproject', 'store', 'store-dir', '--wren', `file:${wrenDir}`]);
    expect(created.status).to.equal(0);
    const dir = path.join(parent, 'store-dir');
    expect(readJson<ProjectPackage>(path.join(dir, 'package.json')).dependencies.wren).to.equal(`file:${wrenDir}`);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).to.include(`This project installs Wren from \`file:${wrenDir}\``);
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

describe('startproject: where the running Wren came from', function () {
  let base: string;

  /** A package root holding only package.json (and lib/index.ts for a checkout). */
  function wrenAt(dir: string, options: { sources?: boolean } = {}): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'wren', version: '0.3.1' }));
    if (options.sources) {
      mkdirSync(path.join(dir, 'lib'));
      writeFileSync(path.join(dir, 'lib', 'index.ts'), '');
    }
    return dir;
  }

  function withLockfile(project: string, resolved: string): void {
    const lock = { name: 'app', lockfileVersion: 3, packages: { 'node_modules/wren': { version: '0.3.1', resolved } } };
    writeFileSync(path.join(project, 'node_modules', '.package-lock.json'), JSON.stringify(lock));
  }

  beforeEach(function () {
    base = tempDir('wren-source');
  });

  it('a checkout (it has lib/): file:, relative beside it, absolute across top-level folders', function () {
    const root = wrenAt(path.join(base, 'src', 'wren'), { sources: true });
    const source = wrenSource(root);
    expect(source).to.deep.equal({ kind: 'checkout', version: '0.3.1', root });
    expect(dependencySpec(source, path.join(base, 'src', 'shop'))).to.equal('file:../wren');
    expect(dependencySpec(source, path.join(root, 'shop'))).to.equal('file:..');
    expect(dependencySpec(source, path.join(path.parse(base).root, 'elsewhere-wren-spec', 'shop'))).to.equal(`file:${root.split(path.sep).join('/')}`);
  });

  it('an installed copy without a lockfile record, or one from a registry tarball: ^version', function () {
    const root = wrenAt(path.join(base, 'app', 'node_modules', 'wren'));
    expect(dependencySpec(wrenSource(root), base)).to.equal('^0.3.1');
    withLockfile(path.join(base, 'app'), 'https://registry.npmjs.org/wren/-/wren-0.3.1.tgz');
    expect(wrenSource(root)).to.deep.equal({ kind: 'registry', version: '0.3.1' });
  });

  it('an installed copy from git or a tarball: the same source, a tarball path made relative to the new project', function () {
    const root = wrenAt(path.join(base, 'app', 'node_modules', 'wren'));
    withLockfile(path.join(base, 'app'), 'git+ssh://git@github.com/example/wren.git#0123456789abcdef');
    expect(dependencySpec(wrenSource(root), path.join(base, 'shop'))).to.equal('git+ssh://git@github.com/example/wren.git#0123456789abcdef');
    withLockfile(path.join(base, 'app'), 'file:../wren-0.3.1.tgz');
    expect(dependencySpec(wrenSource(root), path.join(base, 'shop'))).to.equal('file:../wren-0.3.1.tgz');
  });
});
