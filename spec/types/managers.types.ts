// Custom QuerySet methods reached through the manager, and abstract-base field inheritance.
import { Avg, CharField, DateTimeField, IntegerField, Model, QuerySet, TextField, BooleanField, type FieldValues, type ModelMetaConfig } from '../../lib/index.js';
import { check, type Equal } from './assert.js';

/** Chainable methods of one model (Django's `Manager.from_queryset()`). */
export class TypePersonQuerySet extends QuerySet<typeof TypePerson> {
  adults(): this {
    return this.filter({ age__gte: 18 });
  }

  named(prefix: string): this {
    // @ts-expect-error the model's filter keys are checked inside the subclass too
    this.filter({ nme__startswith: prefix });
    return this.filter({ name__startswith: prefix });
  }

  async averageAge(): Promise<number | null> {
    const { avg } = await this.aggregate({ avg: Avg('age') });
    return avg;
  }
}

export class TypePerson extends Model {
  static fields = {
    name: new CharField({ maxLength: 40 }),
    age: new IntegerField(),
    active: new BooleanField({ default: true }),
  };
  static objects = this.manager(TypePersonQuerySet);
  static active = this.manager(TypePersonQuerySet, (qs) => qs.filter({ active: true }));
  static minors = this.manager((qs) => qs.filter({ age__lt: 18 }));
}
export interface TypePerson extends FieldValues<typeof TypePerson> {}

export async function customMethods(): Promise<void> {
  check<Equal<typeof TypePerson.objects, TypePersonQuerySet>>();
  // Custom methods survive chaining in both directions.
  const adults = await TypePerson.objects.filter({ active: true }).adults().named('A').orderBy('-age');
  check<Equal<typeof adults, TypePerson[]>>();
  const avg = await TypePerson.active.adults().averageAge();
  check<Equal<typeof avg, number | null>>();
  const person = await TypePerson.objects.adults().get({ name: 'Ann' });
  check<Equal<typeof person, TypePerson>>();
  const names = await TypePerson.objects.adults().valuesList('name', { flat: true });
  check<Equal<typeof names, string[]>>();
  // @ts-expect-error the plain manager has no custom methods
  TypePerson.minors.adults();
  // @ts-expect-error unknown field through the custom QuerySet
  TypePerson.objects.adults().filter({ agee: 3 });
}

/** An abstract base: its fields are spread into each subclass, so the types see them. */
export class TypeStamped extends Model {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    created: new DateTimeField({ autoNowAdd: true }),
  };
  static meta: ModelMetaConfig = { abstract: true };
}

export class TypeNote extends TypeStamped {
  static override fields = { ...TypeStamped.fields, text: new TextField({ null: true }) };
  static objects = this.manager();
}
export interface TypeNote extends FieldValues<typeof TypeNote> {}

export async function inheritance(): Promise<void> {
  const note = await TypeNote.objects.create({ title: 'Hi' });
  check<Equal<typeof note.title, string>>();
  check<Equal<typeof note.created, Date>>();
  check<Equal<typeof note.text, string | null>>();
  check<Equal<typeof note.pk, number>>();
  check<Equal<keyof FieldValues<typeof TypeNote>, 'title' | 'created' | 'text' | 'id' | 'pk'>>();
  await TypeNote.objects.filter({ title__icontains: 'h', created__year: 2024, text__isnull: true });
  // @ts-expect-error title is inherited and required
  await TypeNote.objects.create({ text: 'x' });
}
