import { wrenTestHooks } from 'wren/testing';

// mocha's root hooks (.mocharc.json requires this file): before the first test, a database of
// the tests' own is built from the migrations (SQLite in memory; test_<name> beside a
// PostgreSQL or MySQL database named by DATABASE_URL), and each test runs in a transaction that
// is rolled back after it, so tests never see each other's rows.
export const mochaHooks = wrenTestHooks();
