import { DEFAULT_ALIAS } from '../connection/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { checkOptions } from '../util/arguments.js';
import type { TestDatabaseOptions } from './options.js';
import { setUpTestDatabase, type TestDatabase } from './test-database.js';
import { beginTestTransaction, rollBackTestTransaction } from './test-transaction.js';

/** mocha's root hooks, as a root hook plugin exports them (`export const mochaHooks = ...`). */
export interface MochaRootHooks {
  beforeAll(): Promise<void>;
  beforeEach(): Promise<void>;
  afterEach(): Promise<void>;
  afterAll(): Promise<void>;
}

/**
 * Hooks for mocha's root hook plugin: the test database is built once (`beforeAll`) and each
 * test runs in a transaction rolled back after it. Plain functions, so Wren never imports mocha.
 *
 * @example export const mochaHooks = wrenTestHooks(); // test/hooks.ts, with "require": ["test/hooks.ts"] in .mocharc.json
 */
export function wrenTestHooks(options: TestDatabaseOptions = {}): MochaRootHooks {
  let testDatabase: TestDatabase | undefined;
  const transactions = testTransactionHooks([DEFAULT_ALIAS]);
  return {
    async beforeAll() {
      testDatabase = await setUpTestDatabase(options);
    },
    beforeEach: transactions.beforeEach,
    afterEach: transactions.afterEach,
    async afterAll() {
      await testDatabase?.tearDown();
      testDatabase = undefined;
    },
  };
}

/**
 * The same hooks, registered with mocha's globals: inside a `describe()` they cover that suite,
 * at a spec file's top level every test of the run.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): void {
  const hooks = wrenTestHooks(options);
  const mocha = mochaGlobals('useTestDatabase()');
  mocha.before(hooks.beforeAll);
  mocha.beforeEach(hooks.beforeEach);
  mocha.afterEach(hooks.afterEach);
  mocha.after(hooks.afterAll);
}

/**
 * Only the per-test transaction, for suites that connect and create their tables themselves;
 * `databases` names the aliases to wrap (Django's `TestCase.databases`), `['default']` by default.
 *
 * @example describe('orders', () => { before(() => connect(url)); useTestTransactions(); ... });
 */
export function useTestTransactions(options: { databases?: readonly string[] } = {}): void {
  checkOptions(options, 'useTestTransactions() options', ['databases']);
  const hooks = testTransactionHooks(options.databases ?? [DEFAULT_ALIAS]);
  const mocha = mochaGlobals('useTestTransactions()');
  mocha.beforeEach(hooks.beforeEach);
  mocha.afterEach(hooks.afterEach);
}

/** What mocha binds `this` to in a hook: its context, which names the test about to run. */
type HookContext = { readonly currentTest?: object } | undefined;

function testTransactionHooks(aliases: readonly string[]): Pick<MochaRootHooks, 'beforeEach' | 'afterEach'> {
  return {
    // Not async: the transaction must be entered in the call mocha makes, before it awaits anything.
    beforeEach(this: HookContext) {
      return beginTestTransaction(aliases, this?.currentTest);
    },
    afterEach: () => rollBackTestTransaction(),
  };
}

type HookRegistrar = (fn: () => Promise<void>) => void;

interface MochaGlobals {
  readonly before: HookRegistrar;
  readonly after: HookRegistrar;
  readonly beforeEach: HookRegistrar;
  readonly afterEach: HookRegistrar;
}

function mochaGlobals(caller: string): MochaGlobals {
  const globals = globalThis as Partial<Record<keyof MochaGlobals, unknown>>;
  const names = ['before', 'after', 'beforeEach', 'afterEach'] as const;
  if (names.some((name) => typeof globals[name] !== 'function')) {
    throw new ImproperlyConfigured(`${caller} registers mocha hooks, but mocha's globals are not defined: call it in a spec file (or a describe() block) that mocha loads, or export wrenTestHooks() as mochaHooks from a root hook plugin`);
  }
  return globals as unknown as MochaGlobals;
}
