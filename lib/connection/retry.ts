import { DatabaseError, TransactionManagementError } from '../errors.js';
import { checkOptions, requireFunction, requireInteger } from '../util/arguments.js';
import { atomicContext } from './context.js';

export interface RetryOptions {
  /** How many times `fn` runs at most, the first included (default 3). */
  readonly attempts?: number;
  /** The pause before the second attempt, in milliseconds (default 10); it doubles each time, with jitter. */
  readonly delayMs?: number;
}

/**
 * Runs `fn` again when it fails with an error the database marks `retryable` (a deadlock, a
 * serialization failure, a lock wait timeout): the transaction lost to another one and may
 * succeed now. `fn` should hold the whole `atomic()` block, since a failed transaction cannot
 * continue; calling `retry()` inside one raises `TransactionManagementError`. Any other error,
 * or the last attempt's, is thrown as it is.
 *
 * @example await retry(() => atomic(() => transfer(a, b, 10), { isolation: 'serializable' }), { attempts: 5 });
 */
export async function retry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  requireFunction(fn, 'retry(): fn');
  checkOptions(options, 'retry() options', ['attempts', 'delayMs']);
  const attempts = options.attempts === undefined ? 3 : requireInteger(options.attempts, 'retry(): attempts', 1);
  const delayMs = options.delayMs === undefined ? 10 : requireInteger(options.delayMs, 'retry(): delayMs', 0);
  if ([...(atomicContext.getStore()?.values() ?? [])].some((frame) => !frame.wrapsTest)) {
    throw new TransactionManagementError('retry() cannot run inside atomic(): the failed transaction would be the enclosing one; put the atomic() block inside the retried function');
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !(error instanceof DatabaseError) || !error.retryable) throw error;
      // Jitter, so transactions that collided do not collide again at the same moment.
      await pause(delayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
