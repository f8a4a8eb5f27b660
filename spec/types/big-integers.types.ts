// BigIntegerField's value type follows its `bigint` option: number by default, bigint with `{ bigint: true }`.
import { BigIntegerField, Model, type FieldValues } from '../../lib/index.js';
import { check, type Equal } from './assert.js';

class TypeCounter extends Model {
  static fields = {
    views: new BigIntegerField(),
    ledger: new BigIntegerField({ bigint: true }),
    maybe: new BigIntegerField({ bigint: true, null: true }),
  };
  static objects = this.manager();
}
interface TypeCounter extends FieldValues<typeof TypeCounter> {}

declare const counter: TypeCounter;
check<Equal<typeof counter.views, number>>();
check<Equal<typeof counter.ledger, bigint>>();
check<Equal<typeof counter.maybe, bigint | null>>();

counter.ledger = 9223372036854775807n;
// @ts-expect-error a bigint field holds bigints, not numbers
counter.ledger = 1;
// @ts-expect-error a default BigIntegerField holds numbers
counter.views = 1n;

void TypeCounter.objects.filter({ ledger__gte: 10n });
// @ts-expect-error filter values take the field's type
void TypeCounter.objects.filter({ ledger__gte: 'ten' });
