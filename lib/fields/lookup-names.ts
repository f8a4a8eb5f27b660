/** Type-level names of the built-in lookups each field family accepts (runtime: lib/query/lookups). */

export type ComparisonLookup = 'exact' | 'in' | 'isnull' | 'gt' | 'gte' | 'lt' | 'lte' | 'range';
export type TextLookup =
  | ComparisonLookup | 'iexact' | 'bexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith'
  | 'endswith' | 'iendswith' | 'regex' | 'iregex';
export type EqualityLookup = 'exact' | 'in' | 'isnull';
export type DateTransform = 'year' | 'month' | 'day' | 'week_day' | 'quarter' | 'week' | 'iso_year' | 'iso_week_day';
export type DateTimeTransform = DateTransform | 'hour' | 'minute' | 'second' | 'date' | 'time';
export type TimeTransform = 'hour' | 'minute' | 'second';
/** Lookups that may follow a transform: `joined__year__gte`. */
export type AfterTransformLookup = 'exact' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'range' | 'isnull';

/**
 * Lookups you register yourself, for the types: augment this interface and filters accept the
 * new suffix on every field whose (non-null) values are assignable to the given type, taking a
 * value of the field's type. Use `unknown` for a lookup registered on every field.
 *
 * @example
 * IntegerField.registerLookup(new NotEqual());
 * declare module 'wren' { interface CustomLookups { ne: number } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface CustomLookups {}
