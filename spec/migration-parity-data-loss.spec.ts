// The README's rule for DATA LOSS warnings: dropping a table or column, or narrowing a column.
// Widening changes (varchar to text, integer to bigint, a longer maxLength, more digits) are not
// flagged, and they keep every value when applied; narrowing ones still are.
import { expect } from 'chai';
import { BigIntegerField, CharField, DecimalField, IntegerField, migrations, Model, SmallIntegerField, TextField } from '../lib/index.js';
import { dropTables, LIB, tempProject } from './migrations/helpers.js';
import { forEachDialect } from './support/dialects.js';

const TABLES = ['dl_items', 'wren_migrations'];

function item(version: 'start' | 'wider' | 'narrower') {
  const fields = {
    start: {
      sku: new CharField({ maxLength: 20 }),
      qty: new IntegerField(),
      small: new SmallIntegerField(),
      code: new CharField({ maxLength: 10 }),
      price: new DecimalField({ maxDigits: 6, decimalPlaces: 2 }),
      count: new IntegerField(),
    },
    wider: {
      sku: new TextField(),
      qty: new BigIntegerField(),
      small: new IntegerField(),
      code: new CharField({ maxLength: 40 }),
      price: new DecimalField({ maxDigits: 9, decimalPlaces: 3 }),
      count: new DecimalField({ maxDigits: 12, decimalPlaces: 2 }),
    },
    narrower: {
      sku: new CharField({ maxLength: 10 }),
      qty: new IntegerField(),
      small: new SmallIntegerField(),
      code: new CharField({ maxLength: 5 }),
      price: new DecimalField({ maxDigits: 9, decimalPlaces: 4 }),
      count: new DecimalField({ maxDigits: 12, decimalPlaces: 2 }),
    },
  }[version];
  return class DlItem extends Model {
    static fields = fields;
    static meta = { tableName: 'dl_items' };
    static objects = this.manager();
  };
}

forEachDialect('migration parity: DATA LOSS only for drops and narrowing', [], () => {
  beforeEach(async () => {
    await dropTables(...TABLES);
  });
  after(async () => {
    await dropTables(...TABLES);
  });

  it('does not flag widening changes, and applying them keeps the values', async () => {
    const dir = tempProject('dl');
    const apps = (version: 'start' | 'wider') => [{ label: 'dl', models: [item(version)], migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps('start'), importFrom: LIB });
    await migrations.migrate({ apps: apps('start') });
    await item('start').objects.create({ sku: 'A-1', qty: 2147483647, small: -32768, code: 'abcdefghij', price: '9999.99', count: -2147483648 });

    const made = await migrations.makeMigrations({ apps: apps('wider'), importFrom: LIB });
    expect(made.migrations[0]!.operations).to.have.length(6);
    expect(made.dataLoss).to.deep.equal([]);
    expect(made.migrations[0]!.source).to.not.contain('DATA LOSS');
    await migrations.migrate({ apps: apps('wider') });
    const [row] = await item('wider').objects.valuesList('sku', 'qty', 'small', 'code', 'price', 'count');
    expect(row).to.deep.equal(['A-1', 2147483647, -32768, 'abcdefghij', '9999.990', '-2147483648.00']);
  });

  it('flags narrowing: a shorter maxLength, a smaller integer, fewer whole digits, text to varchar', async () => {
    const dir = tempProject('dl-narrow');
    const apps = (version: 'wider' | 'narrower') => [{ label: 'dl', models: [item(version)], migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps('wider'), importFrom: LIB });
    const made = await migrations.makeMigrations({ apps: apps('narrower'), importFrom: LIB, dryRun: true });
    expect(made.dataLoss.map((line) => line.replace(/^dl\.0002_\w+: /, ''))).to.deep.equal([
      'Alter field sku on DlItem (changes the type of DlItem.sku from text to char; values that do not convert are lost or fail)',
      'Alter field qty on DlItem (changes the type of DlItem.qty from bigint to integer; values that do not convert are lost or fail)',
      'Alter field small on DlItem (changes the type of DlItem.small from integer to smallint; values that do not convert are lost or fail)',
      'Alter field code on DlItem (narrows DlItem.code from maxLength 40 to 5; longer values are truncated or fail)',
      'Alter field price on DlItem (narrows the precision of DlItem.price; values that do not fit are rounded or fail)',
    ]);
    expect(made.migrations[0]!.source.match(/\/\/ DATA LOSS/g)).to.have.length(5);
  });
});
