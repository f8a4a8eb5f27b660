import { rmSync } from 'node:fs';
import path from 'node:path';
import { connect, DEFAULT_ALIAS, disconnect } from '../connection/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { checkOptions } from '../util/arguments.js';
import { createSchema } from './create-schema.js';
import { defaultTestName, withDatabaseName } from './database-names.js';
import { TEST_DATABASE_OPTION_KEYS, type TestAppConfig, type TestDatabaseOptions } from './options.js';
import { createServerDatabase, dropServerDatabase, isServerDatabase } from './server-databases.js';
import { resolveTestProject } from './test-project.js';

/** The database a test run uses, connected as `default`: its apps, and how to remove it. */
export interface TestDatabase {
  readonly apps: readonly TestAppConfig[];
  /** Where relative fixture paths start. */
  readonly root: string;
  /** Removes the database (unless kept) and closes the connection. */
  tearDown(): Promise<void>;
}

let active: TestDatabase | undefined;

/** The test database set up by `wrenTestHooks()` / `useTestDatabase()` and not yet torn down. */
export function activeTestDatabase(): TestDatabase | undefined {
  return active;
}

/**
 * Creates the test database, connects `default` to it and builds the schema from the
 * migrations (or the models). Everything the tests run goes there, never to the project's own.
 */
export async function setUpTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  checkOptions(options, 'useTestDatabase() options', TEST_DATABASE_OPTION_KEYS);
  if (active) throw new ImproperlyConfigured('A test database is set up already: use useTestDatabase() / wrenTestHooks() once per run (or per suite, one suite at a time)');
  const project = await resolveTestProject(options);
  const keep = options.keep === true;
  const server = isServerDatabase(project.source);
  const name = options.name ?? (server ? defaultTestName(project.source) : ':memory:');
  if (server) await createServerDatabase(project.source, name, { reuse: keep });
  else if (!keep) removeSqliteFile(name);
  const database = connect(withDatabaseName(project.source, name));
  const testDatabase: TestDatabase = {
    apps: project.apps,
    root: project.root,
    async tearDown() {
      if (active === testDatabase) active = undefined;
      await disconnect(DEFAULT_ALIAS);
      if (keep) return;
      if (server) await dropServerDatabase(project.source, name);
      else removeSqliteFile(name);
    },
  };
  try {
    await createSchema(project.apps, database);
  } catch (error) {
    await testDatabase.tearDown().catch(() => undefined);
    throw error;
  }
  active = testDatabase;
  return testDatabase;
}

/** A SQLite test file (and its journal) left by an earlier run; memory needs nothing. */
function removeSqliteFile(name: string): void {
  if (name === ':memory:' || name === '') return;
  const file = path.resolve(name);
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
