/**
 * Runs `run` and returns its promise, or a rejected one if it throws before making one. Hot paths
 * use this instead of an `async` function: each async function and each `await` costs a promise,
 * and inside `atomic()` Node 20's AsyncLocalStorage hooks every promise; the caller still sees a
 * bad argument as a rejection, never a synchronous throw.
 */
export function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}
