import { connect, disconnect, QuerySet, SchemaEditor, type ModelClass } from '../../lib/index.js';

/** The databases specs run against; `WREN_DIALECTS` (set by spec/run.js) picks which. */
export const DIALECT_URLS: Record<string, string> = {
  sqlite: process.env.WREN_TEST_SQLITE_URL ?? 'sqlite::memory:',
  postgres: process.env.WREN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.WREN_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};

export const ACTIVE_DIALECTS = (process.env.WREN_DIALECTS ?? 'sqlite').split(',').map((d) => d.trim()).filter(Boolean);

/**
 * Declares `body` once per active dialect, with the default connection pointed at that dialect
 * and the given models' tables created before and dropped after.
 */
export function forEachDialect(title: string, models: readonly ModelClass[], body: (dialect: string) => void): void {
  for (const dialect of ACTIVE_DIALECTS) {
    describe(`${title} [${dialect}]`, function () {
      before(async function () {
        connect(DIALECT_URLS[dialect]!);
        await resetTables(models);
      });
      after(async function () {
        await dropTables(models);
        await disconnect();
      });
      body(dialect);
    });
  }
}

export async function resetTables(models: readonly ModelClass[]): Promise<void> {
  await dropTables(models);
  const editor = new SchemaEditor();
  for (const model of models) await editor.createModel(model);
}

export async function dropTables(models: readonly ModelClass[]): Promise<void> {
  const editor = new SchemaEditor();
  for (const model of [...models].reverse()) await editor.deleteModel(model, { ifExists: true });
}

/** Deletes every row of the models' tables, for `beforeEach`. */
export async function truncate(models: readonly ModelClass[]): Promise<void> {
  for (const model of [...models].reverse()) await new QuerySet(model).delete();
}
