import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, configSource, tempProject, wren } from './support.js';

const COMMANDS = ['startproject', 'makemigrations', 'migrate', 'showmigrations', 'sqlmigrate', 'inspectdb', 'graph', 'shell', 'dbshell', 'check', 'dumpdata', 'loaddata'];

const MODELS = `import { CharField, Model, type FieldValues } from 'wren';
export class BasicsNote extends Model {
  static fields = { text: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'basics_notes' };
  static objects = this.manager();
}
export interface BasicsNote extends FieldValues<typeof BasicsNote> {}
`;

describe('wren CLI: help, arguments, errors and exit codes', function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    dir = tempProject('basics', { 'wren.config.ts': configSource('sqlite::memory:'), 'models.ts': MODELS });
  });

  it('lists every command in --help and exits 0', function () {
    const result = wren(dir, ['--help']);
    expect(result.status).to.equal(0);
    for (const command of COMMANDS) expect(result.stdout).to.match(new RegExp(`^  ${command} `, 'm'));
  });

  it('has --help on every command, describing its arguments and options', function () {
    for (const command of COMMANDS) {
      const result = wren(dir, [command, '--help']);
      expect(result.status, command).to.equal(0);
      expect(result.stdout, command).to.match(new RegExp(`^Usage: wren ${command} `));
      expect(result.stdout, command).to.include('-h, --help');
    }
    expect(wren(dir, ['makemigrations', '--help']).stdout).to.include('--rename <Model.old=new>');
    expect(wren(dir, ['migrate', '--help']).stdout).to.include('--fake-initial');
  });

  it('prints the version', function () {
    const result = wren(dir, ['--version']);
    expect(result.status).to.equal(0);
    expect(result.stdout.trim()).to.match(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on usage errors: unknown command (with a suggestion), missing argument, bad option', function () {
    const unknown = wren(dir, ['migrat']);
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.include("unknown command 'migrat'");
    expect(unknown.stderr).to.include('migrate');
    const missing = wren(dir, ['loaddata']);
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.include("missing required argument 'fixtures'");
    const option = wren(dir, ['dumpdata', '--indnet', '2']);
    expect(option.status).to.equal(2);
    expect(option.stderr).to.include("unknown option '--indnet'");
    const value = wren(dir, ['dumpdata', '--indent', 'two']);
    expect(value.status).to.equal(2);
    expect(value.stderr).to.include('expected a whole number');
    const badRename = wren(dir, ['makemigrations', '--rename', 'Author.name']);
    expect(badRename.status).to.equal(2);
    expect(badRename.stderr).to.include('--rename expects Model.field=value');
  });

  it('prints errors as one line without a stack trace, and the stack with --traceback', function () {
    const plain = wren(dir, ['dumpdata', 'nope.Model']);
    expect(plain.status).to.equal(1);
    expect(plain.stderr).to.match(/^Error: No app labelled 'nope'\. .*Choices are: app/);
    expect(plain.stderr).not.to.match(/\n\s+at /);
    const traced = wren(dir, ['dumpdata', 'nope.Model', '--traceback']);
    expect(traced.status).to.equal(1);
    expect(traced.stderr).to.match(/\n\s+at /);
  });

  it('says how to fix a missing configuration', function () {
    const empty = tempProject('basics-empty', {});
    const result = wren(empty, ['showmigrations']);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/ImproperlyConfigured: Cannot find the project configuration: no wren\.config\.ts in .* or its parents/);
  });

  it('finds the config in a parent folder, or the one given with --config', function () {
    const sub = path.join(dir, 'deep', 'er');
    mkdirSync(sub, { recursive: true });
    expect(wren(sub, ['check']).stdout).to.include('System check identified no issues.');
    const other = tempProject('basics-other', {});
    const result = wren(other, ['--config', path.join(dir, 'wren.config.ts'), 'check']);
    expect(result.status).to.equal(0);
    expect(wren(other, ['check', '--config', 'missing.config.ts']).stderr).to.include("'" + path.join(other, 'missing.config.ts') + "' does not exist");
  });

  it('colours output only when asked to on a terminal: never under NO_COLOR or in a pipe', function () {
    const piped = wren(dir, ['dumpdata', 'nope.Model'], { env: { NO_COLOR: '' } });
    expect(piped.stderr).not.to.include('\u001b[');
    const forced = wren(dir, ['dumpdata', 'nope.Model'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stderr).to.include('\u001b[31m');
    const both = wren(dir, ['dumpdata', 'nope.Model'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(both.stderr).not.to.include('\u001b[');
  });

  it('loads several apps, each with its own models module', function () {
    const multi = tempProject('basics-multi', {
      'wren.config.ts': `import { defineConfig } from 'wren';
export default defineConfig({ databases: 'sqlite::memory:', apps: [{ label: 'notes', models: './notes/models.ts' }, { label: 'tags', models: './tags/models.ts' }] });
`,
      'notes/models.ts': MODELS.replace(/BasicsNote/g, 'MultiNote').replace('basics_notes', 'multi_notes'),
      'tags/models.ts': MODELS.replace(/BasicsNote/g, 'MultiTag').replace('basics_notes', 'multi_tags'),
    });
    const result = wren(multi, ['shell', '-c', 'console.log(MultiNote._meta.tableName, MultiTag._meta.tableName)']);
    expect(result.stderr).to.equal('');
    expect(result.stdout.trim()).to.equal('multi_notes multi_tags');
    const bad = wren(multi, ['dumpdata', 'tag']);
    expect(bad.stderr).to.include("Did you mean 'tags'?");
  });

  it('rejects a config with two apps of the same label', function () {
    const twice = tempProject('basics-twice', {
      'wren.config.ts': `import { defineConfig } from 'wren';
export default defineConfig({ apps: [{ label: 'a', models: './models.ts' }, { label: 'a', models: './models.ts' }] });
`,
      'models.ts': MODELS,
    });
    const result = wren(twice, ['check']);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include("two apps are labelled 'a'");
  });

  it('runs code in the shell with the models and top-level await, from -c or stdin', function () {
    const code = "await SchemaEditor.prototype.createModel.call(new SchemaEditor(), BasicsNote); await BasicsNote.objects.create({ text: 'hi' }); console.log(await BasicsNote.objects.count());";
    expect(wren(dir, ['shell', '-c', code]).stdout.trim()).to.equal('1');
    expect(wren(dir, ['shell'], { input: code }).stdout.trim()).to.equal('1');
    const failing = wren(dir, ['shell', '-c', 'await BasicsNote.objects.get({ text: "x" })']);
    expect(failing.status).to.equal(1);
    expect(failing.stderr).to.include('no such table');
  });

  it('dbshell runs the database client with its arguments and returns its exit code', function () {
    const file = path.join(dir, 'dbshell.sqlite3');
    writeFileSync(path.join(dir, 'dbshell.config.ts'), configSource(`sqlite:${file}`));
    const result = wren(dir, ['--config', 'dbshell.config.ts', 'dbshell', '--', 'select 6 * 7;']);
    if (result.stderr.includes('was not found on PATH')) {
      console.log('      (sqlite3 client not installed: only the error message was checked)');
      expect(result.status).to.equal(1);
      return;
    }
    expect(result.stdout.trim()).to.equal('42');
    expect(result.status).to.equal(0);
    expect(wren(dir, ['--config', 'dbshell.config.ts', 'dbshell', '--', 'select nonsense;']).status).to.not.equal(0);
  });

  it('on a terminal: colours, and a progress bar while loading a large fixture', function () {
    if (spawnSync('script', ['--version']).error) {
      console.log('      (skipped: util-linux `script` is needed to give the command a terminal)');
      this.skip();
    }
    const file = path.join(dir, 'tty.sqlite3');
    writeFileSync(path.join(dir, 'tty.config.ts'), configSource(`sqlite:${file}`));
    const objects = Array.from({ length: 3000 }, (_, i) => ({ model: 'app.BasicsNote', pk: i + 1, fields: { text: `n${i}` } }));
    writeFileSync(path.join(dir, 'tty.json'), JSON.stringify(objects));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm' };
    delete env.NODE_OPTIONS;
    const setup = spawnSync(process.execPath, [BIN, '--config', 'tty.config.ts', 'shell', '-c', 'await new SchemaEditor().createModel(BasicsNote)'], { cwd: dir, env, encoding: 'utf8' });
    expect(setup.stderr).to.equal('');
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --config tty.config.ts loaddata tty.json`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, env, encoding: 'utf8' });
    expect(result.status).to.equal(0);
    expect(result.stdout).to.match(/Loading \[.*\] \d+% \| \d+\/3000/);
    expect(result.stdout).to.include('Installed 3000 objects from 1 fixture');
    const failing = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} dumpdata nope`, '/dev/null'], { cwd: dir, env, encoding: 'utf8' });
    expect(failing.stdout).to.include('\u001b[31m');
  });
});
