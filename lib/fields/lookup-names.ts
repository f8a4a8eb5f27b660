/** Type-level names of the built-in lookups each field family accepts (runtime: lib/query/lookups). */

export type ComparisonLookup = 'exact' | 'in' | 'isnull' | 'gt' | 'gte' | 'lt' | 'lte' | 'range';
export type TextLookup =
  | ComparisonLookup | 'iexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith'
  | 'endswith' | 'iendswith' | 'regex' | 'iregex';
export type EqualityLookup = 'exact' | 'in' | 'isnull';
export type DateTransform = 'year' | 'month' | 'day' | 'week_day';
export type DateTimeTransform = DateTransform | 'hour' | 'minute' | 'second' | 'date';
export type TimeTransform = 'hour' | 'minute' | 'second';
/** Lookups that may follow a transform: `joined__year__gte`. */
export type AfterTransformLookup = 'exact' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'range' | 'isnull';
