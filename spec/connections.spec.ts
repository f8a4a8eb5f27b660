import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { atomic, connect, database, disconnect, ImproperlyConfigured, SchemaEditor, type DatabaseConfig } from '../lib/index.js';
import { ACTIVE_DIALECTS, DIALECT_URLS } from './support/dialects.js';
import { QsTag } from './models/qs-models.js';
import { rejection } from './support/assertions.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wren-conn-'));

/** Creates the table, writes a row and reads it back through the default connection. */
async function roundTrip(label: string, alias = 'default'): Promise<string[]> {
  const editor = new SchemaEditor(database(alias));
  await editor.deleteModel(QsTag, { ifExists: true });
  await editor.createModel(QsTag);
  await QsTag.objects.using(alias).create({ label });
  return QsTag.objects.using(alias).valuesList('label', { flat: true });
}

describe('connect() and disconnect()', () => {
  const savedUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await disconnect();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  });

  describe('SQLite', () => {
    it('connects to a file by URL, which keeps its rows across connections', async () => {
      const file = path.join(tmp, 'file.db');
      const db = connect(`sqlite:${file}`);
      expect(db.alias).to.equal('default');
      expect(db.dialect.vendor).to.equal('sqlite');
      expect(await roundTrip('kept')).to.deep.equal(['kept']);
      await disconnect();
      expect(fs.existsSync(file)).to.equal(true);
      connect(`sqlite:///${file.replace(/^\//, '')}`);
      expect(await QsTag.objects.valuesList('label', { flat: true })).to.deep.equal(['kept']);
    });

    it('connects to :memory:, whose rows vanish on disconnect', async () => {
      connect('sqlite::memory:');
      expect(await roundTrip('gone')).to.deep.equal(['gone']);
      await disconnect();
      connect('sqlite::memory:');
      const error = await rejection(QsTag.objects.count());
      expect((error as Error).message).to.match(/no such table/);
    });

    const drivers: [string, DatabaseConfig, string][] = [
      ['better-sqlite3 by URL', `sqlite+better-sqlite3:${path.join(tmp, 'b1.db')}`, 'better-sqlite3'],
      ['sqlite3 by URL', `sqlite+sqlite3:${path.join(tmp, 's1.db')}`, 'sqlite3'],
      ['better-sqlite3 by config', { dialect: 'better-sqlite3', connection: { filename: ':memory:' } }, 'better-sqlite3'],
      ['sqlite3 by config', { dialect: 'sqlite3', connection: { filename: ':memory:' } }, 'sqlite3'],
      ['the default driver (better-sqlite3)', 'sqlite::memory:', 'better-sqlite3'],
    ];
    for (const [title, config, driver] of drivers) {
      it(`works through ${title}`, async () => {
        const db = connect(config);
        expect(db.dialect.displayName).to.equal(`SQLite (${driver})`);
        expect(await roundTrip(driver)).to.deep.equal([driver]);
        await atomic(async () => QsTag.objects.create({ label: 'in-trx' }));
        expect(await QsTag.objects.count()).to.equal(2);
      });
    }

    it("defaults to SQLite 'db.sqlite3' in the working directory", async () => {
      delete process.env.DATABASE_URL;
      const dir = fs.mkdtempSync(path.join(tmp, 'default-'));
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const db = database();
        expect(db.dialect.vendor).to.equal('sqlite');
        expect(await roundTrip('default')).to.deep.equal(['default']);
        expect(fs.existsSync(path.join(dir, 'db.sqlite3'))).to.equal(true);
      } finally {
        await disconnect();
        process.chdir(cwd);
      }
    });

    it('defaults to DATABASE_URL when it is set', async () => {
      const file = path.join(tmp, 'from-env.db');
      process.env.DATABASE_URL = `sqlite:${file}`;
      expect(await roundTrip('env')).to.deep.equal(['env']);
      expect(fs.existsSync(file)).to.equal(true);
    });

    it('rejects unknown schemes and aliases, listing the choices', () => {
      expect(() => connect('oracle://x')).to.throw(ImproperlyConfigured, /Unknown database dialect 'oracle'.*postgres/);
      expect(() => connect('nonsense')).to.throw(ImproperlyConfigured, /sqlite:db\.sqlite3/);
      connect({ default: 'sqlite::memory:', reports: 'sqlite::memory:' });
      expect(() => database('report')).to.throw(ImproperlyConfigured, /No database named 'report'\. Did you mean 'reports'\? Configured: default, reports/);
    });
  });

  describe('named connections', () => {
    beforeEach(async () => {
      connect({ default: 'sqlite::memory:', other: { dialect: 'sqlite3', connection: { filename: ':memory:' } } });
      for (const alias of ['default', 'other']) await new SchemaEditor(database(alias)).createModel(QsTag);
    });

    it('qs.using() reads and writes the named database only', async () => {
      await QsTag.objects.create({ label: 'on-default' });
      const saved = await QsTag.objects.using('other').create({ label: 'on-other' });
      expect(await QsTag.objects.valuesList('label', { flat: true })).to.deep.equal(['on-default']);
      expect(await QsTag.objects.using('other').valuesList('label', { flat: true })).to.deep.equal(['on-other']);
      saved.weight = 7;
      await saved.save();
      expect(await QsTag.objects.using('other').filter({ weight: 7 }).count(), 'an instance saves back where it came from').to.equal(1);
      const [loaded] = await QsTag.objects.using('other');
      await loaded!.delete();
      expect(await QsTag.objects.using('other').count()).to.equal(0);
      expect(await QsTag.objects.count()).to.equal(1);
    });

    it("atomic({ using }) runs a transaction on that database", async () => {
      await rejection(
        atomic(
          async () => {
            await QsTag.objects.using('other').create({ label: 'rolled-back' });
            await QsTag.objects.create({ label: 'autocommit-default' });
            throw new Error('undo other');
          },
          { using: 'other' },
        ),
      );
      expect(await QsTag.objects.using('other').count()).to.equal(0);
      expect(await QsTag.objects.count(), 'the default database was not in the transaction').to.equal(1);
    });

    it('disconnect(alias) closes one connection and forgets its name', async () => {
      await disconnect('other');
      expect(() => database('other')).to.throw(ImproperlyConfigured, /No database named 'other'/);
      expect(await QsTag.objects.count()).to.equal(0);
    });
  });

  describe('servers', () => {
    for (const dialect of ['postgres', 'mysql']) {
      describe(dialect, () => {
        before(function () {
          if (!ACTIVE_DIALECTS.includes(dialect)) {
            console.log(`      (skipped: ${dialect} is not in WREN_DIALECTS)`);
            this.skip();
          }
        });

        it(`connects by ${dialect}:// URL`, async () => {
          const url = DIALECT_URLS[dialect]!;
          expect(url.startsWith(`${dialect}://`)).to.equal(true);
          const db = connect(url);
          expect(db.dialect.vendor).to.equal(dialect);
          expect(await roundTrip('server')).to.deep.equal(['server']);
          await new SchemaEditor().deleteModel(QsTag);
        });

        it('takes a config object whose pool size is honoured', async () => {
          connect({ url: DIALECT_URLS[dialect]!, pool: { min: 0, max: 1 } });
          await roundTrip('pooled');
          // With one pooled connection, a query outside the open transaction must wait for it.
          const events: string[] = [];
          let release!: () => void;
          const held = new Promise<void>((resolve) => (release = resolve));
          const block = atomic(async () => {
            await QsTag.objects.count();
            events.push('trx-open');
            await held;
            events.push('trx-done');
          });
          while (!events.includes('trx-open')) await new Promise((r) => setTimeout(r, 5));
          const outside = QsTag.objects.count().then(() => events.push('outside'));
          await new Promise((r) => setTimeout(r, 100));
          expect(events).to.deep.equal(['trx-open']);
          release();
          await Promise.all([block, outside]);
          expect(events).to.deep.equal(['trx-open', 'trx-done', 'outside']);
          await new SchemaEditor().deleteModel(QsTag);
        });
      });
    }
  });
});

describe('public types', () => {
  it('expose no knex type anywhere reachable from lib/index.ts', async function () {
    this.timeout(120_000);
    const out = path.join(tmp, 'dts');
    const tsc = path.resolve('node_modules/.bin/tsc');
    await promisify(execFile)(tsc, ['-p', 'tsconfig.build.json', '--outDir', out, '--emitDeclarationOnly']).catch(() => undefined);
    expect(fs.existsSync(path.join(out, 'index.d.ts')), 'declarations were emitted').to.equal(true);
    const seen = new Set<string>();
    const offenders: string[] = [];
    const stack = [path.join(out, 'index.d.ts')];
    while (stack.length) {
      const file = stack.pop()!;
      if (seen.has(file) || !fs.existsSync(file)) continue;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [, spec] of text.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
        if (spec!.startsWith('.')) stack.push(path.resolve(path.dirname(file), spec!.replace(/\.js$/, '.d.ts')));
        else if (/^knex(\/|$)/.test(spec!)) offenders.push(path.relative(out, file));
      }
    }
    expect(seen.size).to.be.greaterThan(10);
    expect(offenders).to.deep.equal([]);
  });
});
