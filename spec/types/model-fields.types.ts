import type { JsonValue } from '../../lib/index.js';
import { check, type Equal } from './assert.js';
import { TypeAuthor, TypeCountry } from './models.js';

declare const a: TypeAuthor;
declare const c: TypeCountry;

// Instance attributes come from `static fields`, nullable exactly when `null: true`.
check<Equal<typeof a.name, string>>();
check<Equal<typeof a.email, string>>();
check<Equal<typeof a.age, number | null>>();
check<Equal<typeof a.joined, Date>>();
check<Equal<typeof a.rating, string>>();
check<Equal<typeof a.score, number | null>>();
check<Equal<typeof a.active, boolean>>();
check<Equal<typeof a.birthday, string | null>>();
check<Equal<typeof a.wakes, string | null>>();
check<Equal<typeof a.visits, number>>();
check<Equal<typeof a.nap, number | null>>();
check<Equal<typeof a.token, string>>();
check<Equal<typeof a.profile, JsonValue | null>>();
check<Equal<typeof a.avatar, Buffer | null>>();
check<Equal<typeof a.bio, string>>();
check<Equal<typeof a.slug, string>>();

// The implicit primary key and its `pk` alias; a declared primary key replaces `id`.
check<Equal<typeof a.id, number>>();
check<Equal<typeof a.pk, number>>();
check<Equal<typeof c.pk, string>>();
check<Equal<typeof c.code, string>>();
// @ts-expect-error a model with its own primary key has no `id`
c.id;

// Attributes are assignable with their own type only.
a.age = 31;
a.age = null;
// @ts-expect-error name is not nullable
a.name = null;
// @ts-expect-error age is a number
a.age = '31';
// @ts-expect-error no such field
a.nme;

// Model methods stay available next to the fields.
export async function methods(): Promise<void> {
  await a.save({ updateFields: ['age'] });
  await a.refreshFromDb();
  await a.fullClean();
  const n: number = await a.delete();
  void n;
}
