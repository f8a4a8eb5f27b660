import { expect } from 'chai';
import {
  captureQueries, CharField, DateTimeField, DecimalField, FieldError, ForeignKey, IntegerField, IntegrityError, Model, NotSupportedError,
  WrenError, WrenTypeError, type FieldValues,
} from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { failureOf } from './support/assertions.js';

class UpsertShelf extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'upsert_shelves' };
  static objects = this.manager();
}
interface UpsertShelf extends FieldValues<typeof UpsertShelf> {}

/** One unique key besides the auto primary key: the shape every dialect can upsert on. */
class UpsertStock extends Model {
  static fields = {
    sku: new CharField({ maxLength: 20, unique: true, dbColumn: 'sku_code' }),
    qty: new IntegerField(),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2, default: '0.00' }),
    seen: new DateTimeField({ null: true }),
    note: new CharField({ maxLength: 20, default: '' }),
    shelf: new ForeignKey(() => UpsertShelf, { onDelete: 'CASCADE', null: true }),
  };
  static meta = { tableName: 'upsert_stock' };
  static objects = this.manager();
}
interface UpsertStock extends FieldValues<typeof UpsertStock> {}

/** A two-column key (uniqueTogether) and no other. */
class UpsertDesk extends Model {
  static fields = { room: new CharField({ maxLength: 10 }), seat: new IntegerField(), holder: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'upsert_desks', uniqueTogether: [['room', 'seat']] };
  static objects = this.manager();
}
interface UpsertDesk extends FieldValues<typeof UpsertDesk> {}

/** A two-column key (uniqueTogether) and a second unique field. */
class UpsertSeat extends Model {
  static fields = {
    room: new CharField({ maxLength: 10 }),
    seat: new IntegerField(),
    badge: new CharField({ maxLength: 10, unique: true }),
    holder: new CharField({ maxLength: 20 }),
  };
  static meta = { tableName: 'upsert_seats', uniqueTogether: [['room', 'seat']] };
  static objects = this.manager();
}
interface UpsertSeat extends FieldValues<typeof UpsertSeat> {}

const inserts = (sql: readonly string[]) => sql.filter((s) => /^\s*insert/i.test(s));
const stock = async () => (await UpsertStock.objects.orderBy('sku').valuesList('sku', 'qty', 'note')).map((row) => row.join(':'));

forEachDialect('bulkCreate() with ignoreConflicts / updateConflicts', [UpsertShelf, UpsertStock, UpsertSeat, UpsertDesk], (dialect) => {
  beforeEach(async () => {
    await truncate([UpsertShelf, UpsertStock, UpsertSeat, UpsertDesk]);
    await UpsertStock.objects.bulkCreate([{ sku: 'a', qty: 1, note: 'old a' }, { sku: 'b', qty: 2, note: 'old b' }]);
  });

  describe('updateConflicts', () => {
    it('updates only updateFields of the rows whose key exists, inserts the rest, in one INSERT', async () => {
      const before = await UpsertStock.objects.get({ sku: 'a' });
      let made: UpsertStock[] = [];
      const queries = await captureQueries(async () => {
        made = await UpsertStock.objects.bulkCreate(
          [{ sku: 'a', qty: 10, note: 'new a' }, { sku: 'c', qty: 3, note: 'new c' }],
          { updateConflicts: true, uniqueFields: ['sku'], updateFields: ['qty'] },
        );
      });
      expect(inserts(queries.map((q) => q.sql))).to.have.length(1);
      expect(await stock()).to.deep.equal(['a:10:old a', 'b:2:old b', 'c:3:new c']);
      // Every instance holds its row's key: the existing row's for 'a', a new one for 'c'.
      expect(made[0]!.pk).to.equal(before.pk);
      expect(made[1]!.pk).to.equal((await UpsertStock.objects.get({ sku: 'c' })).pk);
      expect(made.every((item) => !item.isAdding)).to.equal(true);
    });

    it('converts the updated values as any write does: decimals, datetimes and keys come back as given', async () => {
      const shelf = await UpsertShelf.objects.create({ name: 'top' });
      const seen = new Date('2024-02-29T23:59:58.123Z');
      await UpsertStock.objects.bulkCreate(
        [{ sku: 'b', qty: 5, price: '123456.78', seen, shelf }],
        { updateConflicts: true, uniqueFields: ['sku'], updateFields: ['qty', 'price', 'seen', 'shelf'] },
      );
      const row = await UpsertStock.objects.get({ sku: 'b' });
      expect([row.qty, row.price, row.seen?.toISOString(), row.shelfId]).to.deep.equal([5, '123456.78', seen.toISOString(), shelf.pk]);
      const refused = await failureOf(() => UpsertStock.objects.bulkCreate(
        [{ sku: 'b', qty: 6, price: '1.234' }],
        { updateConflicts: true, uniqueFields: ['sku'], updateFields: ['qty', 'price'] },
      ));
      expect((refused.error as Error).name).to.equal('ValidationError');
      expect(refused.sql, 'refused before any SQL').to.deep.equal([]);
      expect((await UpsertStock.objects.get({ sku: 'b' })).qty).to.equal(5);
    });

    it('sends one INSERT per batch and sets each instance its key', async () => {
      const rows = ['a', 'b', 'c', 'd', 'e'].map((sku, i) => ({ sku, qty: 100 + i }));
      let made: UpsertStock[] = [];
      const queries = await captureQueries(async () => {
        made = await UpsertStock.objects.bulkCreate(rows, { updateConflicts: true, uniqueFields: ['sku'], updateFields: ['qty'], batchSize: 2 });
      });
      expect(inserts(queries.map((q) => q.sql))).to.have.length(3);
      expect(await stock()).to.deep.equal(['a:100:old a', 'b:101:old b', 'c:102:', 'd:103:', 'e:104:']);
      const ids = new Map((await UpsertStock.objects.valuesList('sku', 'id')).map(([sku, id]) => [sku, id]));
      expect(made.map((item) => item.pk)).to.deep.equal(rows.map((row) => ids.get(row.sku)));
    });

    it('updates by a uniqueTogether key of two columns, named in any order', async () => {
      await UpsertDesk.objects.create({ room: 'r1', seat: 1, holder: 'ann' });
      await UpsertDesk.objects.bulkCreate(
        [{ room: 'r1', seat: 1, holder: 'bob' }, { room: 'r1', seat: 2, holder: 'cy' }, { room: 'r2', seat: 1, holder: 'dee' }],
        { updateConflicts: true, uniqueFields: ['seat', 'room'], updateFields: ['holder'] },
      );
      const desks = await UpsertDesk.objects.orderBy('room', 'seat').valuesList('room', 'seat', 'holder');
      expect(desks).to.deep.equal([['r1', 1, 'bob'], ['r1', 2, 'cy'], ['r2', 1, 'dee']]);
    });

    it('on MySQL/MariaDB refuses a model with another unique key (ON DUPLICATE KEY UPDATE has no target); elsewhere a conflict on the other key stays an IntegrityError', async () => {
      await UpsertSeat.objects.create({ room: 'r1', seat: 1, badge: 'x1', holder: 'ann' });
      const { error, sql } = await failureOf(() => UpsertSeat.objects.bulkCreate(
        [{ room: 'r2', seat: 5, badge: 'x1', holder: 'bob' }],
        { updateConflicts: true, uniqueFields: ['room', 'seat'], updateFields: ['holder'] },
      ));
      if (dialect === 'mysql') {
        expect(error).to.be.instanceOf(NotSupportedError);
        expect((error as Error).message).to.match(/MariaDB|MySQL/).and.match(/\[badge\]/);
        expect(sql).to.deep.equal([]);
      } else {
        expect(error).to.be.instanceOf(IntegrityError);
      }
      expect(await UpsertSeat.objects.valuesList('holder', { flat: true })).to.deep.equal(['ann']);
    });

    it('updates by primary key when the objects carry their own', async () => {
      const made = await UpsertShelf.objects.bulkCreate([{ name: 'one' }, { name: 'two' }]);
      await UpsertShelf.objects.bulkCreate(
        [{ id: made[0]!.pk, name: 'ONE' }, { id: (made[1]!.pk as number) + 100, name: 'new' }],
        { updateConflicts: true, uniqueFields: ['pk'], updateFields: ['name'] },
      );
      expect(await UpsertShelf.objects.orderBy('name').valuesList('name', { flat: true })).to.deep.equal(['ONE', 'new', 'two']);
    });
  });

  describe('ignoreConflicts', () => {
    it('skips rows whose key exists, inserts the others, and leaves the skipped ones unchanged', async () => {
      const made = await UpsertStock.objects.bulkCreate([{ sku: 'a', qty: 99, note: 'lost' }, { sku: 'd', qty: 4 }], { ignoreConflicts: true });
      expect(await stock()).to.deep.equal(['a:1:old a', 'b:2:old b', 'd:4:']);
      // As in Django: the database reports only the rows it inserted, so no instance gets a key.
      expect(made.map((item) => item.pk)).to.deep.equal([null, null]);
    });

    it('does not hide other errors: a missing foreign key row still fails, and nothing is written', async () => {
      const { error } = await failureOf(() => UpsertStock.objects.bulkCreate([{ sku: 'e', qty: 5 }, { sku: 'f', qty: 6, shelfId: 987654 }], { ignoreConflicts: true }));
      expect(error).to.be.instanceOf(IntegrityError);
      expect(await stock()).to.deep.equal(['a:1:old a', 'b:2:old b']);
    });
  });

  describe('mistakes are refused before any SQL', () => {
    const cases: [string, object, new (...args: never[]) => Error, RegExp][] = [
      ['both modes', { ignoreConflicts: true, updateConflicts: true }, WrenError, /mutually exclusive/],
      ['updateConflicts without updateFields', { updateConflicts: true, uniqueFields: ['sku'] }, WrenError, /needs updateFields/],
      ['updateConflicts without uniqueFields', { updateConflicts: true, updateFields: ['qty'] }, WrenError, /needs uniqueFields.*\[sku\]/],
      ['uniqueFields that are not a unique key', { updateConflicts: true, uniqueFields: ['qty'], updateFields: ['note'] }, FieldError, /not a unique key of UpsertStock; its unique keys are \[id\], \[sku\]/],
      ['the primary key in updateFields', { updateConflicts: true, uniqueFields: ['sku'], updateFields: ['pk'] }, FieldError, /primary key/],
      ['an unknown field', { updateConflicts: true, uniqueFields: ['sku'], updateFields: ['qtty'] }, FieldError, /unknown field 'qtty'.*Choices are: .*qty/],
      ['uniqueFields without updateConflicts', { uniqueFields: ['sku'] }, WrenError, /only with updateConflicts/],
      ['a non-boolean flag', { ignoreConflicts: 'yes' }, WrenTypeError, /ignoreConflicts must be true or false/],
      ['an unknown option', { upsert: true }, WrenTypeError, /unknown option 'upsert'/],
    ];
    for (const [title, options, type, message] of cases) {
      it(title, async () => {
        const { error, sql } = await failureOf(() => UpsertStock.objects.bulkCreate([{ sku: 'z', qty: 1 }], options as never));
        expect(error).to.be.instanceOf(type);
        expect((error as Error).message).to.match(message);
        expect(sql).to.deep.equal([]);
      });
    }

    it('two objects with the same key in one call', async () => {
      const { error, sql } = await failureOf(() => UpsertStock.objects.bulkCreate(
        [{ sku: 'q', qty: 1 }, { sku: 'r', qty: 2 }, { sku: 'q', qty: 3 }],
        { updateConflicts: true, uniqueFields: ['sku'], updateFields: ['qty'] },
      ));
      expect(error).to.be.instanceOf(WrenError);
      expect((error as Error).message).to.match(/two objects have the same sku \("q"\)/);
      expect(sql).to.deep.equal([]);
      expect(await stock()).to.deep.equal(['a:1:old a', 'b:2:old b']);
    });
  });
});
