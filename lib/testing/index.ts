/**
 * Test helpers for projects using Wren: `import { wrenTestHooks, assertNumQueries } from 'wren/testing'`.
 * A separate entry point, so that the main one never touches test-only code or mocha's globals.
 */
export { wrenTestHooks, useTestDatabase, useTestTransactions, type MochaRootHooks } from './hooks.js';
export { assertNumQueries } from './assert-num-queries.js';
export { captureOnCommitCallbacks, type CaptureOnCommitOptions } from './on-commit-capture.js';
export { loadFixtures } from './fixtures.js';
export type { TestDatabaseOptions, TestAppConfig } from './options.js';
