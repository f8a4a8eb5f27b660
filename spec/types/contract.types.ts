// The contract, as a user writes it, must compile as written (and fail where it should).
import {
  Avg, BooleanField, CharField, Count, DateTimeField, DecimalField, EmailField, F, IntegerField, Model, Q, atomic,
  type CreateInput, type FieldValues,
} from '../../lib/index.js';
import { check, type Equal } from './assert.js';

export class ContractAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new EmailField({ unique: true }),
    age: new IntegerField({ null: true }),
    joined: new DateTimeField({ autoNowAdd: true }),
  };
  static meta = { ordering: ['name'] };
  static objects = this.manager();
}
export interface ContractAuthor extends FieldValues<typeof ContractAuthor> {}

export async function contract(rows: CreateInput<typeof ContractAuthor>[]): Promise<void> {
  const a = await ContractAuthor.objects.create({ name: 'Ann', email: 'ann@x.io' });
  a.age = 31;
  await a.save();
  const adults = ContractAuthor.objects.filter({ age__gte: 18 }).exclude({ name__startswith: 'Z' }).orderBy('-age');
  for (const x of await adults.slice(0, 10)) check<Equal<typeof x.name, string>>();
  await ContractAuthor.objects.get({ pk: 1 });
  await ContractAuthor.objects.filter(Q({ name: 'Ann' }).or({ age__isnull: true })).count();
  await ContractAuthor.objects.filter({ pk: a.pk }).update({ age: F('age').add(1) });
  const values = await ContractAuthor.objects.values('name', 'age');
  check<Equal<typeof values, { name: string; age: number | null }[]>>();
  const emails = await ContractAuthor.objects.valuesList('email', { flat: true });
  check<Equal<typeof emails, string[]>>();
  const stats = await ContractAuthor.objects.aggregate({ avg: Avg('age'), n: Count('pk') });
  check<Equal<typeof stats, { avg: number | null; n: number }>>();
  await atomic(async () => {
    await ContractAuthor.objects.bulkCreate(rows);
  });
  try {
    await ContractAuthor.objects.get({ pk: 1 });
  } catch (error) {
    if (error instanceof ContractAuthor.DoesNotExist || error instanceof ContractAuthor.MultipleObjectsReturned) return;
  }
}

export function contractTypos(): void {
  // @ts-expect-error typo in a field name
  ContractAuthor.objects.filter({ nmae: 'Ann' });
  // @ts-expect-error typo in a lookup
  ContractAuthor.objects.filter({ age__gtee: 18 });
  // @ts-expect-error typo in an ordering
  ContractAuthor.objects.orderBy('-aeg');
  // @ts-expect-error typo inside Q
  ContractAuthor.objects.filter(Q({ name: 'Ann' }).or({ age__isnul: true }));
  // @ts-expect-error typo in values()
  ContractAuthor.objects.values('nmae');
}

/** Other field types from the issue: Decimal is an exact string, Boolean a boolean. */
export class ContractBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 200 }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
    inPrint: new BooleanField({ default: true }),
  };
  static objects = this.manager();
}
export interface ContractBook extends FieldValues<typeof ContractBook> {}

export async function books(): Promise<void> {
  const book = await ContractBook.objects.create({ title: 'T', price: '12.50' });
  check<Equal<typeof book.price, string>>();
  check<Equal<typeof book.inPrint, boolean>>();
  // A Decimal reads back as a string, to stay exact; a number is accepted on the way in (an
  // inexact one, such as 0.1 + 0.2 in two places, is refused with a ValidationError, not rounded).
  await ContractBook.objects.create({ title: 'T', price: 12.5 });
  // @ts-expect-error but not a boolean
  await ContractBook.objects.create({ title: 'T', price: true });
}
