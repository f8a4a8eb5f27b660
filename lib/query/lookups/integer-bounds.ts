import type { SqlFragment } from '../../dialects/index.js';
import type { Field } from '../../fields/index.js';
import { integerColumnRange, outsideRange } from '../../fields/numeric.js';
import { isExpressionNode } from '../nodes.js';

/**
 * What a comparison with an integer beyond its column's range comes to. PostgreSQL refuses such a
 * value (`DataError`: out of range for type integer) where SQLite and MySQL compare it, so the
 * answer is worked out here, before any SQL, as Django's `IntegerFieldOverflow` lookups do:
 * `noRow`, or `everyRow` (every row whose value is not NULL, as the comparison itself would).
 */
export type Beyond = 'noRow' | 'everyRow';

/** The outcome for a value below the column's minimum and for one above its maximum. */
export interface BeyondRule {
  readonly below: Beyond;
  readonly above: Beyond;
}

/** `exact` (and each `in` member): no column value equals it. */
export const EQUALS: BeyondRule = { below: 'noRow', above: 'noRow' };
/** `gt`, `gte`: every value is above a too-small bound, none above a too-large one. */
export const AT_LEAST: BeyondRule = { below: 'everyRow', above: 'noRow' };
/** `lt`, `lte`: the mirror image. */
export const AT_MOST: BeyondRule = { below: 'noRow', above: 'everyRow' };

/** The outcome `rule` gives `rhs`, or undefined when the database has to compare (a value in range, an expression, a non-integer field). */
export function beyondOutcome(rule: BeyondRule, field: Field, rhs: unknown): Beyond | undefined {
  if (isExpressionNode(rhs)) return undefined;
  const range = integerColumnRange(field.kind);
  const side = range && outsideRange(range, rhs);
  return side && rule[side];
}

/** True when `value` can never equal a value of `field`'s column: an `in` list leaves it out. */
export function neverEqual(field: Field, value: unknown): boolean {
  return beyondOutcome(EQUALS, field, value) === 'noRow';
}

/**
 * The SQL of an outcome. Both read `lhs` the way a comparison would: the compiler binds the
 * left-hand side's own values (an annotation such as `F('n').add(1)`) ahead of the lookup's, so
 * SQL that leaves out an lhs holding placeholders would get more values than it has places.
 * Under `exclude()` the compiler adds `lhs IS NOT NULL` and negates, so NULL rows are kept.
 */
export function outcomeSql(outcome: Beyond, lhs: string): SqlFragment {
  return outcome === 'everyRow' ? { sql: `${lhs} IS NOT NULL`, bindings: [] } : noRowSql(lhs);
}

/** A condition no row meets (`1 = 0`), still reading `lhs` when its SQL has placeholders; see `outcomeSql`. */
export function noRowSql(lhs: string): SqlFragment {
  return { sql: lhs.includes('?') ? `${lhs} IS NULL AND 1 = 0` : '1 = 0', bindings: [] };
}
