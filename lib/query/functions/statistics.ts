import { argumentError, checkOptions } from '../../util/arguments.js';
import { Aggregate, Expression, type AggregateInput, type AggregateOptions } from '../expressions.js';

/** `sample: true` divides by n - 1 (the sample's estimate); without it by n (the population's). */
export interface SpreadOptions extends AggregateOptions {
  readonly sample?: boolean;
}

function spread(label: string, population: 'STDDEV_POP' | 'VAR_POP', sample: 'STDDEV_SAMP' | 'VAR_SAMP', input: AggregateInput, options: SpreadOptions): Aggregate<number | null> {
  if (!(input instanceof Expression) && (typeof input !== 'string' || input === '' || input === '*')) {
    throw argumentError(`${label}: input`, "a field name (such as 'price') or an expression", input);
  }
  checkOptions(options, `${label} options`, ['sample', 'distinct', 'filter']);
  const { sample: isSample, ...rest } = options;
  if (isSample !== undefined && typeof isSample !== 'boolean') throw argumentError(`${label}: sample`, 'true or false', isSample);
  return new Aggregate<number | null>(isSample ? sample : population, input, rest);
}

/**
 * The standard deviation, as a float (computed over doubles on every dialect); NULL over no rows,
 * and for `sample: true` over fewer than two. On SQLite with better-sqlite3 Wren registers the
 * aggregate; the sqlite3 driver cannot, and raises `NotSupportedError`.
 *
 * @example Book.objects.aggregate({ spread: StdDev('pages', { sample: true }) })
 */
export function StdDev(input: AggregateInput, options: SpreadOptions = {}): Aggregate<number | null> {
  return spread('StdDev()', 'STDDEV_POP', 'STDDEV_SAMP', input, options);
}

/** The variance (the standard deviation squared), as `StdDev` computes it. */
export function Variance(input: AggregateInput, options: SpreadOptions = {}): Aggregate<number | null> {
  return spread('Variance()', 'VAR_POP', 'VAR_SAMP', input, options);
}
