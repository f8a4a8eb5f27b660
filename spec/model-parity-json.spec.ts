import { expect } from 'chai';
import { BigIntegerField, CharField, Count, DecimalField, ForeignKey, Model, type FieldValues } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

// toJSON() makes JSON.stringify(instance) work for every field, a bigint one included: it gives the
// bigint as its decimal string (lossless; DecimalField values are strings too).

class MpjOwner extends Model {
  static fields = { name: new CharField({ maxLength: 20 }), big: new BigIntegerField({ bigint: true, null: true }) };
  static meta = { tableName: 'mpj_owners' };
  static objects = this.manager();
}
interface MpjOwner extends FieldValues<typeof MpjOwner> {}

class MpjItem extends Model {
  static fields = {
    huge: new BigIntegerField({ bigint: true, null: true }),
    plain: new BigIntegerField({ null: true }),
    price: new DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true }),
    owner: new ForeignKey(() => MpjOwner, { onDelete: 'CASCADE', null: true, relatedName: 'items' }),
  };
  static meta = { tableName: 'mpj_items' };
  static objects = this.manager();
}
interface MpjItem extends FieldValues<typeof MpjItem> {}

const MODELS = [MpjOwner, MpjItem];
const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

forEachDialect('toJSON(): bigint values as decimal strings', MODELS, () => {
  beforeEach(() => truncate(MODELS));

  it('stringifies a created instance, keeping every digit of the extremes', async () => {
    const owner = await MpjOwner.objects.create({ name: 'o', big: MIN });
    const item = await MpjItem.objects.create({ huge: MAX, plain: 5, price: '1.5', owner });
    expect(item.huge).to.equal(MAX); // the attribute stays a bigint
    expect(JSON.parse(JSON.stringify(item))).to.deep.equal({ id: item.pk, huge: '9223372036854775807', plain: 5, price: '1.50', ownerId: owner.pk });
    expect(BigInt(item.toJSON().huge as string)).to.equal(MAX);
    expect(JSON.parse(JSON.stringify(owner)).big).to.equal('-9223372036854775808');
  });

  it('stringifies loaded, selectRelated, annotated and only() instances; null stays null', async () => {
    const owner = await MpjOwner.objects.create({ name: 'o', big: 12n });
    const item = await MpjItem.objects.create({ huge: MAX, owner });
    const empty = await MpjItem.objects.create({ huge: null });
    const loaded = await MpjItem.objects.get({ pk: item.pk });
    expect(JSON.parse(JSON.stringify(loaded)).huge).to.equal('9223372036854775807');
    const joined = await MpjItem.objects.selectRelated('owner').get({ pk: item.pk });
    expect(JSON.parse(JSON.stringify(joined)).huge).to.equal('9223372036854775807');
    expect(JSON.parse(JSON.stringify(joined.owner))).to.deep.equal({ id: owner.pk, name: 'o', big: '12' });
    const annotated = await MpjOwner.objects.annotate({ n: Count('items') }).get({ pk: owner.pk });
    expect(JSON.parse(JSON.stringify(annotated))).to.deep.equal({ id: owner.pk, name: 'o', big: '12' });
    const only = await MpjItem.objects.only('huge').get({ pk: item.pk });
    expect(JSON.parse(JSON.stringify(only))).to.deep.equal({ id: item.pk, huge: '9223372036854775807' });
    expect(JSON.parse(JSON.stringify(await MpjItem.objects.get({ pk: empty.pk }))).huge).to.equal(null);
    expect(JSON.stringify([loaded, joined])).to.be.a('string');
  });
});
