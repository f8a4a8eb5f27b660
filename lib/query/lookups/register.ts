import type { DatePart } from '../../dialects/index.js';
import {
  AutoField, BigIntegerField, CharField, DateField, DateTimeField, DecimalField, DurationField, Field, FloatField, ForeignKey,
  IntegerField, PositiveIntegerField, SmallIntegerField, TextField, TimeField, UUIDField,
} from '../../fields/index.js';
import { comparisonLookups, ExactLookup, IExactLookup, InLookup, IsNullLookup, patternLookups, RangeLookup, RegexLookup } from './builtin.js';
import { BinaryExactLookup } from './binary-exact.js';
import { DatePartTransform, FunctionTransform } from './lookup.js';
import { extractKey, type ExtractPart } from '../../dialects/functions/date-parts.js';
// JSONField key paths and lookups register themselves.
import './json.js';

/**
 * Built-in lookups per field family (the type-level twin is `fields/lookup-names.ts`). Every field
 * gets equality, `in` and `isnull`; ordered types add comparisons and `range`; text adds the
 * pattern lookups; dates and times add the extract transforms.
 */
const equality = [new ExactLookup(), new InLookup(), new IsNullLookup()];
const ordered = [...comparisonLookups, new RangeLookup()];
const text = [new IExactLookup(), new BinaryExactLookup(), ...patternLookups, new RegexLookup('regex', true), new RegexLookup('iregex', false)];

for (const lookup of equality) Field.registerLookup(lookup);

const orderedClasses = [
  IntegerField, BigIntegerField, SmallIntegerField, PositiveIntegerField, AutoField, FloatField, DecimalField,
  DateField, DateTimeField, TimeField, DurationField, CharField, TextField, UUIDField,
];
for (const cls of orderedClasses) for (const lookup of ordered) cls.registerLookup(lookup);
// A ForeignKey compares its key, as in Django: `invoice__lte: 5`, `author__range: [1, 3]`.
for (const lookup of ordered) ForeignKey.registerLookup(lookup);
for (const cls of [CharField, TextField, UUIDField]) for (const lookup of text) cls.registerLookup(lookup);

const integerOutput = (): Field => new IntegerField();
const dateOutput = (): Field => new DateField();
const part = (name: DatePart, output: () => Field): DatePartTransform => new DatePartTransform(name, output);

const extracted = (name: ExtractPart): FunctionTransform => new FunctionTransform(name, extractKey(name), integerOutput);
const dateParts = [
  part('year', integerOutput), part('month', integerOutput), part('day', integerOutput), part('week_day', integerOutput),
  extracted('quarter'), extracted('week'), extracted('iso_year'), extracted('iso_week_day'),
];
const timeParts = [part('hour', integerOutput), part('minute', integerOutput), part('second', integerOutput)];

for (const transform of dateParts) DateField.registerLookup(transform);
const timeOfDay = new FunctionTransform('time', 'TIME_OF_DAY', () => new TimeField());
for (const transform of [...dateParts, ...timeParts, part('date', dateOutput), timeOfDay]) DateTimeField.registerLookup(transform);
for (const transform of timeParts) TimeField.registerLookup(transform);
