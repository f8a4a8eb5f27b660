import { atomicContext } from '../connection/context.js';
import { DEFAULT_ALIAS } from '../connection/index.js';
import { TransactionManagementError } from '../errors.js';
import { checkOptions, requireFunction } from '../util/arguments.js';

export interface CaptureOnCommitOptions {
  /** Run the captured callbacks once `fn` returns, and those they register in turn (default false). */
  readonly execute?: boolean;
  readonly using?: string;
}

/**
 * The `onCommit()` callbacks registered while `fn` runs. A test's transaction is rolled back, so
 * they would never run: this is how a test sees them, or runs them with `{ execute: true }`
 * (Django's `captureOnCommitCallbacks`). Must run inside a test (or another atomic() block).
 *
 * @example const callbacks = await captureOnCommitCallbacks(() => placeOrder(cart), { execute: true }); expect(callbacks).to.have.length(1);
 */
export async function captureOnCommitCallbacks(fn: () => Promise<unknown>, options: CaptureOnCommitOptions = {}): Promise<Array<() => unknown>> {
  requireFunction(fn, 'captureOnCommitCallbacks(): fn');
  checkOptions(options, 'captureOnCommitCallbacks() options', ['execute', 'using']);
  const alias = options.using ?? DEFAULT_ALIAS;
  const frame = atomicContext.getStore()?.get(alias);
  if (!frame) {
    throw new TransactionManagementError(`captureOnCommitCallbacks() outside a transaction on '${alias}': onCommit() would run each callback at once. Call it inside a test run by wrenTestHooks() / useTestDatabase(), or inside atomic()`);
  }
  const start = frame.onCommit.length;
  await fn();
  // Callbacks of nested blocks that committed were handed to this frame, after the ones before.
  const callbacks = frame.onCommit.slice(start);
  if (!options.execute) return callbacks;
  frame.onCommit.splice(start);
  for (let i = 0; i < callbacks.length; i++) {
    await callbacks[i]!();
    // A callback that registers another (inside the same transaction) queues it here; run it too.
    callbacks.push(...frame.onCommit.splice(start));
  }
  return callbacks;
}
