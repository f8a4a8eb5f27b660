// Signals: receivers are typed by the signal and by the sender they connect for.
import {
  CharField, ForeignKey, IntegerField, ManyToManyField, Model, Signal, classPrepared, m2mChanged, postDelete, postInit, postMigrate, postSave,
  preDelete, preInit, preSave, receiver, type DeleteOrigin, type FieldValues, type M2MAction, type ModelClass, type PostSaveArgs, type SendResult,
} from '../../lib/index.js';
import { check, type Equal } from './assert.js';

// Never run: no tables, nothing registered.
class Author extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static objects = this.manager();
}
interface Author extends FieldValues<typeof Author> {}

class Book extends Model {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    pages: new IntegerField({ default: 0 }),
    author: new ForeignKey(() => Author, { onDelete: 'CASCADE' }),
    tags: new ManyToManyField(() => Author),
  };
  static objects = this.manager();
}
interface Book extends FieldValues<typeof Book> {}

export async function signals(): Promise<void> {
  // The example, as written.
  postSave.connect((instance: Book, { created }) => {
    check<Equal<typeof created, boolean>>();
    return instance.title;
  }, { sender: Book });

  // Without annotations the sender types the instance and the arguments.
  preSave.connect((book, { sender, instance, raw, using, updateFields }) => {
    check<Equal<typeof book, Book>>();
    check<Equal<typeof instance, Book>>();
    check<Equal<typeof sender, typeof Book>>();
    check<Equal<typeof raw, boolean>>();
    check<Equal<typeof using, string>>();
    check<Equal<typeof updateFields, readonly string[] | null>>();
    book.pages += 1;
  }, { sender: Book, dispatchUid: 'count-pages' });
  preDelete.connect(async (book, { origin }) => {
    check<Equal<typeof book, Book>>();
    check<Equal<typeof origin, DeleteOrigin>>();
  }, { sender: Book, weak: true });
  postDelete.connect((instance) => check<Equal<typeof instance, Model>>()); // any sender: a Model
  postInit.connect((book) => check<Equal<typeof book, Book>>(), { sender: Book });
  preInit.connect((sender, { args }) => {
    check<Equal<typeof sender, typeof Book>>();
    check<Equal<typeof args, Readonly<Record<string, unknown>>>>();
  }, { sender: Book });
  classPrepared.connect((sender) => check<Equal<typeof sender, ModelClass>>());
  m2mChanged.connect((_through, { action, instance, reverse, model, pkSet }) => {
    check<Equal<typeof action, M2MAction>>();
    check<Equal<typeof instance, Model>>();
    check<Equal<typeof reverse, boolean>>();
    check<Equal<typeof model, ModelClass>>();
    check<Equal<typeof pkSet, ReadonlySet<unknown> | null>>();
  });
  postMigrate.connect((label, { appConfig, plan, using }) => {
    check<Equal<typeof label, 'shop'>>(); // the sender given, as a literal
    check<Equal<typeof appConfig.label, string>>();
    check<Equal<typeof plan[number]['backwards'], boolean>>();
    check<Equal<typeof using, string>>();
  }, { sender: 'shop' });

  // receiver(): connects and hands the function back, typed like connect().
  const stamp = receiver(preSave, { sender: Book })((book, { updateFields }) => {
    check<Equal<typeof book, Book>>();
    return updateFields?.length ?? 0;
  });
  preSave.disconnect(stamp, { sender: Book });
  const onMigrate = receiver(postMigrate)((label) => check<Equal<typeof label, string>>());
  postMigrate.disconnect(onMigrate);

  // A signal of your own.
  const paid = new Signal<{ amount: number }, typeof Book>('paid');
  const off = paid.connect((sender, { amount }) => {
    check<Equal<typeof sender, typeof Book>>();
    return amount * 2;
  });
  const results = await paid.send(Book, { amount: 3 });
  check<Equal<typeof results, SendResult[]>>();
  const robust = await postSave.sendRobust(Book, { instance: new Book(), created: true, raw: false, using: 'default', updateFields: null });
  check<Equal<typeof robust, SendResult[]>>();
  check<Equal<typeof off, () => boolean>>();

  // @ts-expect-error the sender is Author, so the instance is not a Book
  postSave.connect((instance: Book) => instance.title, { sender: Author });
  // @ts-expect-error without a sender every model's instances arrive: a Book annotation would be unsound
  postSave.connect((instance: Book) => instance.title);
  // @ts-expect-error an unknown argument
  postSave.connect((_instance, { creatd }) => creatd, { sender: Book });
  // @ts-expect-error preSave has no `created` (postSave has)
  preSave.connect((_instance, { created }) => created, { sender: Book });
  // @ts-expect-error not an m2mChanged action
  m2mChanged.connect((_through, { action }) => action === 'pre_ad');
  // @ts-expect-error the migrate signals' sender is an app label
  postMigrate.connect(() => undefined, { sender: Book });
  // @ts-expect-error an unknown connect option
  postSave.connect(() => undefined, { sender: Book, dispatchUID: 'x' });
  // @ts-expect-error send() needs the signal's arguments
  await postSave.send(Book, { instance: new Book(), created: true });
  // @ts-expect-error the instance must be the sender's
  await postSave.send(Book, { instance: new Author(), created: true, raw: false, using: 'default', updateFields: null });
  // @ts-expect-error a model signal (instance first) is not a sender-first Signal
  const senderFirst: Signal<PostSaveArgs, ModelClass> = postSave;
  void senderFirst;
  // @ts-expect-error receiver() types the function by the sender too
  receiver(postSave, { sender: Author })((book: Book) => book.title);
  // @ts-expect-error your own signal's arguments are checked when sending
  await paid.send(Book, { amount: '3' });
}
