import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFixture, loadFixtureObjects } from '../cli/fixture-loader.js';
import { database, DEFAULT_ALIAS } from '../connection/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { activeTestDatabase } from './test-database.js';

/**
 * Loads fixture files (the JSON `wren dumpdata` writes) into the test database, as `wren
 * loaddata` does: all objects or none. In a beforeEach hook or a test, the rows are rolled back
 * with the test. Relative paths start at the folder of wren.config.ts (else the working directory).
 *
 * @example beforeEach(() => loadFixtures('fixtures/products.json', new URL('./orders.json', import.meta.url)));
 */
export async function loadFixtures(...files: ReadonlyArray<string | URL>): Promise<void> {
  const testDatabase = activeTestDatabase();
  if (!testDatabase) {
    throw new ImproperlyConfigured('loadFixtures() finds models through the test database: set one up with wrenTestHooks() (a root hook plugin) or useTestDatabase() first');
  }
  if (files.length === 0) throw new ImproperlyConfigured('loadFixtures() needs at least one fixture file');
  const objects = files.flatMap((file) => {
    const absolute = file instanceof URL ? fileURLToPath(file) : path.resolve(testDatabase.root, file);
    return readFixture(absolute, String(file));
  });
  await loadFixtureObjects(testDatabase.apps, objects, { db: database(DEFAULT_ALIAS) });
}
