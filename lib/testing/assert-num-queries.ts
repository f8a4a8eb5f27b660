import { AssertionError } from 'node:assert';
import { captureQueries, DEFAULT_ALIAS, type CapturedQuery } from '../connection/index.js';
import { checkOptions, requireFunction, requireInteger, requireString } from '../util/arguments.js';

/**
 * Runs `fn` and fails unless it ran exactly `expected` queries on the database (Django's
 * `assertNumQueries`); the message lists every statement. Returns what `fn` returned.
 *
 * @example const books = await assertNumQueries(2, () => Book.objects.prefetchRelated('tags').fetch());
 */
export async function assertNumQueries<T>(expected: number, fn: () => Promise<T>, options: { using?: string } = {}): Promise<T> {
  requireInteger(expected, 'assertNumQueries(): expected', 0);
  requireFunction(fn, 'assertNumQueries(): fn');
  checkOptions(options, 'assertNumQueries() options', ['using']);
  const alias = options.using === undefined ? DEFAULT_ALIAS : requireString(options.using, 'assertNumQueries(): using');
  let result!: T;
  const captured = await captureQueries(async () => {
    result = await fn();
  });
  const queries = captured.filter((query) => query.alias === alias);
  if (queries.length !== expected) {
    throw new AssertionError({ message: failureMessage(expected, queries, alias), actual: queries.length, expected, operator: 'assertNumQueries' });
  }
  return result;
}

function failureMessage(expected: number, queries: readonly CapturedQuery[], alias: string): string {
  const count = (n: number) => `${n} quer${n === 1 ? 'y' : 'ies'}`;
  const lines = queries.map((query, i) => `  ${i + 1}. ${query.sql}${query.bindings.length ? ` -- ${JSON.stringify(query.bindings, jsonSafe)}` : ''}`);
  return [`Expected ${count(expected)} on '${alias}', ${queries.length} ran${queries.length ? ':' : ''}`, ...lines].join('\n');
}

/** Bindings may hold bigints and buffers, which JSON.stringify refuses or spells out byte by byte. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') return '<bytes>';
  return value;
}
