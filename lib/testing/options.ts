import type { DatabaseConfig } from '../connection/index.js';
import type { ModelClass } from '../models/types.js';

/** An app with migrations, as `migrations.migrate()` takes it. */
export interface TestAppConfig {
  readonly label: string;
  readonly models: readonly ModelClass[];
  /** Its migration files; an app without any gets its tables straight from the models. */
  readonly migrationsDir?: string;
}

/** What `wrenTestHooks()` and `useTestDatabase()` take; everything is optional in a project made by `wren startproject`. */
export interface TestDatabaseOptions {
  /**
   * The project's database, which the test database is made beside (never the one used):
   * SQLite gives an in-memory database, PostgreSQL and MySQL/MariaDB `test_<name>` on the same
   * server. Default: `default` in wren.config.ts, else `DATABASE_URL`, else SQLite.
   */
  readonly url?: DatabaseConfig;
  /**
   * The test database's name: on a server, instead of `test_<name>`; for SQLite, a file instead
   * of memory (relative to the working directory).
   */
  readonly name?: string;
  /**
   * Reuse the test database if it exists and keep it after the run; only missing migrations are
   * applied (Django's `--keepdb`). Also the way to test on a server where you may not create
   * databases: have `test_<name>` made once for you.
   */
  readonly keep?: boolean;
  /** The apps whose migrations build the schema. Default: the apps of wren.config.ts. */
  readonly apps?: readonly TestAppConfig[];
  /** Or only models, whose tables are created from their fields (no migrations). */
  readonly models?: readonly ModelClass[];
  /** The config file, when not the nearest wren.config.* from the working directory up. */
  readonly config?: string;
}

export const TEST_DATABASE_OPTION_KEYS: readonly string[] = ['url', 'name', 'keep', 'apps', 'models', 'config'];
