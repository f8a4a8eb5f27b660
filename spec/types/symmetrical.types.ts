// ManyToManyField('self') and the `symmetrical` option (spec/symmetrical-m2m.spec.ts runs them).
// Type-checked only: these models are never registered.
import { CharField, ManyToManyField, Model, type FieldValues, type ManyToManyManager, type ModelClass } from '../../lib/index.js';
import { check, type Equal } from './assert.js';

/** A 'self' target is typed as a class-name target is: the manager reads some model, loosely. */
class TypeFriend extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    friends: new ManyToManyField('self'),
    following: new ManyToManyField('self', { symmetrical: false, relatedName: 'followers' }),
    idols: new ManyToManyField((): ModelClass => TypeFriend, { symmetrical: true }),
  };
  static objects = this.manager();
}
interface TypeFriend extends FieldValues<typeof TypeFriend, { followers: typeof TypeFriend }> {}

declare const ann: TypeFriend;
declare const bob: TypeFriend;

export async function selfRelations(): Promise<void> {
  check<Equal<typeof ann.friends, ManyToManyManager<ModelClass>>>();
  // symmetrical: false keeps the reverse accessor, declared as for any relation.
  check<Equal<typeof ann.followers, ManyToManyManager<typeof TypeFriend>>>();
  await ann.friends.add(bob, 3);
  await ann.friends.remove(bob);
  await ann.friends.set([bob]);
  await ann.following.add(bob);
  await ann.followers.clear();
  await TypeFriend.objects.filter({ friends__name: 'Bob' });
}

export function options(): void {
  new ManyToManyField('self', { symmetrical: false, through: () => TypeFriend });
  // @ts-expect-error symmetrical is a boolean
  new ManyToManyField('self', { symmetrical: 'yes' });
  // @ts-expect-error unknown options are refused, as before
  new ManyToManyField('self', { symetrical: false });
}
