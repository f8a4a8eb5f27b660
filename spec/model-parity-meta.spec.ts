import { expect } from 'chai';
import {
  CharField, FieldError, getModel, ImproperlyConfigured, IntegerField, ManyToManyField, Model, QuerySet, type FieldValues, type ModelClass,
  type ModelMetaConfig,
} from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

// A `static meta` declared below `static objects = this.manager()` is honoured, as in Django, where
// the order of Meta and the managers in the class body does not matter.

class MpmTag extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static objects = this.manager();
  static meta = { tableName: 'mpm_tag_rows', ordering: ['name'] };
}
interface MpmTag extends FieldValues<typeof MpmTag, { lates: typeof MpmLate }> {}

class MpmLateQuerySet extends QuerySet<typeof MpmLate> {
  big(): this {
    return this.filter({ n__gte: 10 });
  }
}

class MpmLate extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    n: new IntegerField({ default: 0 }),
    tags: new ManyToManyField(() => MpmTag, { relatedName: 'lates' }),
  };
  static objects = this.manager(MpmLateQuerySet);
  static big = this.manager(MpmLateQuerySet, (qs) => qs.big());
  static meta = { tableName: 'mpm_late_rows', ordering: ['-n', 'name'], getLatestBy: 'n' };
}
interface MpmLate extends FieldValues<typeof MpmLate> {}

/** The same model with the documented order, to compare the SQL both give. */
class MpmEarly extends Model {
  static fields = { name: new CharField({ maxLength: 20 }), n: new IntegerField({ default: 0 }) };
  static meta = { tableName: 'mpm_late_rows', ordering: ['-n', 'name'] };
  static objects = this.manager();
}

const MODELS: ModelClass[] = [MpmTag, MpmLate];

describe('static meta below the managers', () => {
  it('is used for the table, the ordering and getLatestBy, as a meta above them is', () => {
    expect(MpmLate._meta.tableName).to.equal('mpm_late_rows');
    expect(MpmLate._meta.ordering).to.deep.equal(['-n', 'name']);
    expect(MpmLate._meta.getLatestBy).to.equal('n');
    const late = MpmLate.objects.all().toSQL().sql;
    expect(late).to.equal(MpmEarly.objects.all().toSQL().sql);
    expect(late).to.match(/from "mpm_late_rows" order by "mpm_late_rows"\."n" desc, "mpm_late_rows"\."name" asc/i);
    // A scoped manager's filter names the table too.
    expect(MpmLate.big.toSQL().sql).to.match(/from "mpm_late_rows" where "mpm_late_rows"\."n" >= \? order by "mpm_late_rows"\."n" desc/i);
    expect(getModel('MpmLate')).to.equal(MpmLate);
  });

  it('renames the automatic join table with the model\'s table', () => {
    const through = MpmLate._meta.manyToMany[0]!.through as unknown as ModelClass;
    expect(through._meta.tableName).to.equal('mpm_late_rows_tags');
    expect(getModel('MpmLate_tags')).to.equal(through);
  });

  it('a typo in a late meta raises FieldError on each use of the model, listing the fields', () => {
    class MpmTypo extends Model {
      static fields = { title: new CharField({ maxLength: 5 }) };
      static objects = this.manager();
      static meta = { ordering: ['titel'] };
    }
    for (let i = 0; i < 2; i++) {
      expect(() => MpmTypo.objects.all()).to.throw(FieldError, /Cannot resolve keyword 'titel'.*Did you mean 'title'\?/);
      expect(() => new MpmTypo({ title: 'x' })).to.throw(FieldError, /titel/);
    }
  });

  it('a late meta making the model abstract raises ImproperlyConfigured on use', () => {
    class MpmLateAbstract extends Model {
      static fields = { title: new CharField({ maxLength: 5 }) };
      static objects = this.manager();
      static meta: ModelMetaConfig = { abstract: true };
    }
    expect(() => MpmLateAbstract.objects.all()).to.throw(ImproperlyConfigured, /MpmLateAbstract is abstract .*cannot have a manager/);
  });

  it('a model without meta, or with meta above the manager, is unchanged', () => {
    class MpmPlain extends Model {
      static fields = { title: new CharField({ maxLength: 5 }) };
      static objects = this.manager();
    }
    expect(MpmPlain.objects.all().toSQL().sql).to.equal('select "mpm_plains"."id", "mpm_plains"."title" from "mpm_plains"');
    expect(MpmEarly._meta.tableName).to.equal('mpm_late_rows');
  });
});

forEachDialect('static meta below the managers, on the database', MODELS, () => {
  beforeEach(() => truncate([...MODELS, MpmLate._meta.manyToMany[0]!.through as unknown as ModelClass]));

  it('creates, orders and relates rows in the late meta\'s tables', async () => {
    await MpmLate.objects.bulkCreate([{ name: 'b', n: 1 }, { name: 'a', n: 12 }, { name: 'c', n: 12 }]);
    expect((await MpmLate.objects.all()).map((row) => row.name)).to.deep.equal(['a', 'c', 'b']);
    expect((await MpmLate.big).map((row) => row.name)).to.deep.equal(['a', 'c']);
    expect((await MpmLate.objects.latest()).n).to.equal(12);
    const b = await MpmLate.objects.get({ name: 'b' });
    const red = await MpmTag.objects.create({ name: 'red' });
    await b.tags.add(red);
    expect((await red.lates.all()).map((row) => row.name)).to.deep.equal(['b']);
    expect(await MpmLate.objects.filter({ tags__name: 'red' }).count()).to.equal(1);
  });
});
