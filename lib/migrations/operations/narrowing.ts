import type { ColumnKind, ColumnSpec } from '../../dialects/index.js';

/** The whole numbers each integer kind holds, as Wren validates them (a PositiveIntegerField stops at 2^31 - 1 everywhere). */
const INTEGER_RANGES: Partial<Record<ColumnKind, readonly [bigint, bigint]>> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  positiveint: [0n, 2n ** 31n - 1n],
  auto: [1n, 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  bigauto: [1n, 2n ** 63n - 1n],
};

/** The largest magnitude a non-integer numeric column stores exactly as a whole number. */
function exactLimit(spec: ColumnSpec): bigint | undefined {
  if (spec.kind === 'float') return 2n ** 53n;
  if (spec.kind === 'decimal' && spec.maxDigits !== undefined) return 10n ** BigInt(spec.maxDigits - (spec.decimalPlaces ?? 0)) - 1n;
  return undefined;
}

/** Whether every whole number of integer kind `from` fits the column `to` exactly. */
function holdsIntegers(from: readonly [bigint, bigint], to: ColumnSpec): boolean {
  const range = INTEGER_RANGES[to.kind];
  if (range) return range[0] <= from[0] && from[1] <= range[1];
  const limit = exactLimit(to);
  return limit !== undefined && -limit <= from[0] && from[1] <= limit;
}

/**
 * How a column change can lose values, or undefined when every value the old column holds fits
 * the new one (a longer varchar, varchar to text, integer to bigint, more digits): the README's
 * "narrowing a column". Type changes it cannot vouch for count as narrowing. `subject` names
 * the field in the message: `Author.name`.
 */
export function narrowing(before: ColumnSpec, after: ColumnSpec, subject: string): string | undefined {
  if (before.kind === after.kind) {
    if ((after.maxLength ?? Infinity) < (before.maxLength ?? Infinity)) return `narrows ${subject} from maxLength ${before.maxLength} to ${after.maxLength}; longer values are truncated or fail`;
    const whole = (spec: ColumnSpec) => (spec.maxDigits ?? Infinity) - (spec.decimalPlaces ?? 0);
    if (whole(after) < whole(before) || (after.decimalPlaces ?? Infinity) < (before.decimalPlaces ?? Infinity)) return `narrows the precision of ${subject}; values that do not fit are rounded or fail`;
    return undefined;
  }
  if (before.kind === 'char' && after.kind === 'text') return undefined;
  const integers = INTEGER_RANGES[before.kind];
  if (integers && holdsIntegers(integers, after)) return undefined;
  return `changes the type of ${subject} from ${before.kind} to ${after.kind}; values that do not convert are lost or fail`;
}
