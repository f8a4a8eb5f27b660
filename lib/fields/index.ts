export { Field, type FieldOptions, type Validator, type Choices, type RegisteredLookup } from './field.js';
export { AutoField, BigAutoField, IntegerField, BigIntegerField, SmallIntegerField, PositiveIntegerField, FloatField, DecimalField, type DecimalFieldOptions } from './numeric.js';
export { BooleanField } from './boolean.js';
export { CharField, TextField, EmailField, SlugField, URLField, type CharFieldOptions } from './text.js';
export { DateField, DateTimeField, TimeField, DurationField, type AutoTimestampOptions } from './temporal.js';
export { JSONField, UUIDField, BinaryField, type JsonValue } from './structured.js';
export type * from './lookup-names.js';
export {
  ForeignKey, OneToOneField, ManyToManyField, isRelation, isForeignKey, isManyToMany, setModelLookup, defaultRelatedName,
  type ForeignKeyOptions, type ManyToManyOptions, type OnDelete, type ModelRef, type RelatedModel,
} from './related.js';
