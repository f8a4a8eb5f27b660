import { dependencyOrder } from '../cli/fixtures.js';
import type { Database } from '../connection/index.js';
import { introspectorFor, queryFor } from '../introspection/index.js';
import { migrate } from '../migrations/api.js';
import { migrationFiles } from '../migrations/loader.js';
import { SchemaEditor } from '../migrations/schema-editor.js';
import type { ModelClass } from '../models/types.js';
import type { TestAppConfig } from './options.js';


/**
 * Builds the schema as Django's test runner does: tables for apps without migration files come
 * straight from their models (first, since migrated apps may point at them), then every
 * migration is applied. On a kept database only what is missing is added.
 */
export async function createSchema(apps: readonly TestAppConfig[], db: Database): Promise<void> {
  const migrated = apps.filter((app) => app.migrationsDir !== undefined && migrationFiles(app.migrationsDir).length > 0);
  const unmigrated = apps.filter((app) => !migrated.includes(app));
  await createTables(unmigrated.flatMap((app) => app.models), db);
  if (migrated.length > 0) {
    await migrate({ apps: migrated.map((app) => ({ label: app.label, models: app.models, migrationsDir: app.migrationsDir! })), using: db.alias });
  }
}

/** CREATE TABLE for each managed model whose table does not exist yet, referenced tables first. */
async function createTables(models: readonly ModelClass[], db: Database): Promise<void> {
  if (models.length === 0) return;
  const existing = new Set(await introspectorFor(db.dialect).tableNames(queryFor(db)));
  const wanted = models.filter((model) => model._meta.managed && !existing.has(model._meta.tableName));
  const editor = new SchemaEditor(db);
  for (const { model } of dependencyOrder(wanted.map((model) => ({ label: model.name, model })))) await editor.createModel(model);
}
