import { atomic } from '../connection/atomic.js';
import { atomicContext, type AtomicFrame } from '../connection/context.js';

// Django's TestCase: each test runs inside a transaction that is rolled back after it, so no
// test sees another's rows and nothing needs deleting. The transaction is an ordinary atomic()
// block held open until afterEach; its frame reaches the test through atomicContext.enterWith,
// since mocha calls beforeEach and the test from separate async contexts (atomic()'s own
// `run()` scope ends with its callback, long before the test starts). What beforeEach enters
// before returning its promise is what mocha's continuation, and so the test, inherits.

/** The reason a test's transaction ends: atomic() rolls back on it, and it is swallowed. */
class TestFinished extends Error {}

interface OpenTransaction {
  readonly frame: AtomicFrame;
  /** Rolls the transaction back and waits until its connection is released. */
  readonly rollBack: () => Promise<void>;
}

interface TestTransactions {
  readonly frames: Map<string, AtomicFrame>;
  readonly transactions: OpenTransaction[];
  /** The mocha test they were opened for. */
  readonly test: object | undefined;
  /** How many beforeEach hooks share them (the hooks registered at the root and in a suite). */
  depth: number;
}

let current: TestTransactions | undefined;

/**
 * Opens a transaction per alias for `test`, the test about to run. Call it from a beforeEach
 * hook **synchronously** (not after an `await`), and return its promise: the transaction is seen
 * by what runs after that hook, the test included. Called again for the same test (the hooks
 * registered twice), it joins the open transactions, adding the aliases they lack.
 */
export function beginTestTransaction(aliases: readonly string[], test: object | undefined): Promise<void> {
  const joined = current !== undefined && test !== undefined && current.test === test;
  const stale = joined ? undefined : current;
  const open = joined ? current! : { frames: new Map<string, AtomicFrame>(), transactions: [], test, depth: 0 };
  open.depth++;
  current = open;
  atomicContext.enterWith(open.frames);
  return (async () => {
    // Left open for an earlier test whose afterEach never ran: its rows must not reach this one.
    if (stale) await rollBack(stale);
    for (const alias of aliases) {
      if (open.frames.has(alias)) continue;
      const transaction = await openTransaction(alias);
      open.transactions.push(transaction);
      open.frames.set(alias, transaction.frame);
    }
  })();
}

/** Rolls back the test's transactions (for afterEach) once every hook that began them has ended. */
export async function rollBackTestTransaction(): Promise<void> {
  const open = current;
  if (!open || --open.depth > 0) return;
  await rollBack(open);
}

async function rollBack(open: TestTransactions): Promise<void> {
  if (current === open) current = undefined;
  // Code still holding the frames (a query the test left running) must no longer find them.
  open.frames.clear();
  for (const transaction of [...open.transactions].reverse()) await transaction.rollBack();
}

/**
 * An atomic() block whose function waits until `rollBack()` rejects it. It starts outside any
 * frame, so it is a transaction of its own and never a savepoint of a stale frame.
 */
function openTransaction(alias: string): Promise<OpenTransaction> {
  return new Promise((resolve, reject) => {
    let finish!: (reason: TestFinished) => void;
    const finished = new Promise<never>((_, rejectFinished) => (finish = rejectFinished));
    let block: Promise<unknown> | undefined;
    const rollBack = async () => {
      finish(new TestFinished());
      await block?.catch((error: unknown) => {
        if (!(error instanceof TestFinished)) throw error;
      });
    };
    block = atomicContext.exit(() =>
      atomic(() => {
        const frame = atomicContext.getStore()!.get(alias)!;
        frame.wrapsTest = true;
        resolve({ frame, rollBack });
        return finished;
      }, { using: alias }),
    );
    // BEGIN failed: the block ends before its function ever ran.
    block.catch(reject);
  });
}
