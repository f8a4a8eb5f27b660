import { expect } from 'chai';
import Database from 'better-sqlite3';
import path from 'node:path';
import { tempProject, wren, type RunResult } from './support.js';

// `wren migrate --database x` with routers from wren.config.ts: operations that allowMigrate
// refuses on x are skipped there, and the migration is still recorded as applied.
const MODELS = `import { CharField, Model, type FieldValues } from 'wren';
export class CliLedger extends Model {
  static fields = { entry: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'cli_ledgers' };
  static objects = this.manager();
}
export interface CliLedger extends FieldValues<typeof CliLedger> {}
export class CliCatalog extends Model {
  static fields = { title: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'cli_catalogs' };
  static objects = this.manager();
}
export interface CliCatalog extends FieldValues<typeof CliCatalog> {}
`;

const CONFIG = `import { defineConfig } from 'wren';
export default defineConfig({
  databases: { default: 'sqlite:default.sqlite3', reports: 'sqlite:reports.sqlite3' },
  apps: [{ label: 'shop', models: './models.ts', migrations: './migrations' }],
  // The reports database holds the catalog only.
  routers: [{ allowMigrate: (alias, _app, model) => alias === 'default' || model === 'CliCatalog' }],
});
`;

function ok(result: RunResult): string {
  expect(result.stderr, result.stdout).to.equal('');
  expect(result.status).to.equal(0);
  return result.stdout;
}

const tablesIn = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'cli_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('wren migrate --database with routers from wren.config.ts [sqlite]', function () {
  this.timeout(120_000);

  it('creates on each database only the tables allowMigrate allows there, and records the migration on both', function () {
    const dir = tempProject('cli-routers', { 'wren.config.ts': CONFIG, 'models.ts': MODELS });
    ok(wren(dir, ['makemigrations']));
    ok(wren(dir, ['migrate']));
    ok(wren(dir, ['migrate', '--database', 'reports']));
    expect(tablesIn(path.join(dir, 'default.sqlite3'))).to.deep.equal(['cli_catalogs', 'cli_ledgers']);
    expect(tablesIn(path.join(dir, 'reports.sqlite3'))).to.deep.equal(['cli_catalogs']);
    expect(ok(wren(dir, ['showmigrations', '--database', 'reports']))).to.equal('shop\n [X] 0001_initial\n');
  });
});
