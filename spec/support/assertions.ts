import { captureQueries } from '../../lib/index.js';

/** The error a promise rejects with; fails the test if it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
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
