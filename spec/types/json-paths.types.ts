// Type tests for JSONField key paths and lookups: checked by `tsc --noEmit -p .`, never run.
import { CharField, F, IntegerField, JSONField, KT, Model, type FieldValues, type JsonValue } from '../../lib/index.js';
import { check, type Equal } from './assert.js';

class Doc extends Model {
  static fields = {
    title: new CharField({ maxLength: 40 }),
    data: new JSONField({ null: true }),
    limit: new IntegerField({ default: 0 }),
  };
  static objects = this.manager();
}
interface Doc extends FieldValues<typeof Doc> {}

export async function jsonPathTypes(): Promise<void> {
  // Key and index paths take any JSON value, lookups after them included.
  Doc.objects.filter({ data__owner__name: 'ann', data__tags__0: 'x', data__score__gt: 3, data__owner: null });
  Doc.objects.filter({ data__score__gte: F('limit'), data__owner__name__icontains: 'an', data__score__in: [1, 2] });
  Doc.objects.filter({ data__has_key: 'owner', data__has_keys: ['a', 'b'], data__contains: { tags: ['x'] }, data__owner__isnull: true });
  Doc.objects.exclude({ data__tags__contains: ['x'] });
  // The field's own lookups keep their types.
  // @ts-expect-error isnull takes a boolean
  Doc.objects.filter({ data__isnull: 'yes' });
  // @ts-expect-error no such field
  Doc.objects.filter({ dta__owner: 'ann' });
  // @ts-expect-error key paths belong to JSONFields only
  Doc.objects.filter({ title__owner: 'ann' });

  const rows = await Doc.objects.values('title', 'data__owner__name');
  check<Equal<(typeof rows)[number]['data__owner__name'], JsonValue | null>>();
  await Doc.objects.orderBy('-data__score', 'data__owner__name');
  // @ts-expect-error a key path of a non-JSON field
  await Doc.objects.orderBy('title__x');

  const owners = await Doc.objects.annotate({ owner: KT('data__owner__name') }).values('owner');
  check<Equal<(typeof owners)[number]['owner'], string | null>>();
}
