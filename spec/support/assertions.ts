import { captureQueries, ValidationError } from '../../lib/index.js';

/** The error a promise rejects with; fails the test if it resolves instead. */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** What `run` throws or rejects with (undefined if nothing), and the SQL sent while it ran. */
export async function failureOf(run: () => unknown): Promise<{ error: unknown; sql: string[] }> {
  let error: unknown;
  const queries = await captureQueries(async () => {
    try {
      await run();
    } catch (caught) {
      error = caught;
    }
  });
  return { error, sql: queries.map((q) => q.sql) };
}

type CleanOptions = { exclude?: readonly string[]; validateUnique?: boolean };

/** The `errors` of the ValidationError `fullClean()` raises, or `null` when it passes. */
export async function cleanErrors(instance: { fullClean(options?: CleanOptions): Promise<void> }, options?: CleanOptions): Promise<Readonly<Record<string, string[]>> | null> {
  try {
    await instance.fullClean(options);
    return null;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.errors;
  }
}
