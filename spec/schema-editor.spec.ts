import { expect } from 'chai';
import { CharField, database, DatabaseError, ImproperlyConfigured, IntegerField, IntegrityError, F, Model, ValidationError, SchemaEditor, type Database, type ModelClass, type ModelMetaConfig } from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { MdlStamped, SchCode, SchTiny, SchWidget } from './models/model-models.js';
import { rejection } from './support/assertions.js';

interface ColumnInfo {
  readonly type: string;
  readonly nullable: boolean;
  /** The literal default, unquoted; null when there is none. */
  readonly default: string | null;
}

interface IndexInfo {
  readonly name: string;
  readonly unique: boolean;
  readonly primary: boolean;
  readonly columns: readonly string[];
}

interface TableInfo {
  readonly columns: ReadonlyMap<string, ColumnInfo>;
  readonly indexes: readonly IndexInfo[];
}

type Vendor = Database['dialect']['vendor'];
type Row = Record<string, unknown>;

async function query(sql: string, bindings: readonly (string | number)[] = []): Promise<Row[]> {
  const db = database();
  return (await db.run(db.knex.raw(sql, bindings as never))).rows;
}

/** `'it''s'::character varying` -> `it's`; booleans as 1/0; MariaDB's `NULL` as null. */
function literal(raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === 'NULL') return null;
  let text = String(raw).replace(/::[a-z ]+(\(\d+(,\d+)?\))?$/i, '');
  const quoted = /^'(.*)'$/s.exec(text);
  if (quoted) text = quoted[1]!.replace(/''/g, "'");
  return text === 'true' ? '1' : text === 'false' ? '0' : text;
}

/** Reads a table's columns and indexes from the database's own catalog. */
const INTROSPECT: Record<Vendor, (table: string) => Promise<TableInfo>> = {
  async sqlite(table) {
    const columns = new Map<string, ColumnInfo>();
    const pkColumns: string[] = [];
    for (const row of await query(`PRAGMA table_info(${JSON.stringify(table)})`)) {
      columns.set(String(row.name), { type: String(row.type), nullable: row.notnull === 0 && row.pk === 0, default: literal(row.dflt_value) });
      if (Number(row.pk) > 0) pkColumns.push(String(row.name));
    }
    const indexes: IndexInfo[] = [];
    for (const row of await query(`PRAGMA index_list(${JSON.stringify(table)})`)) {
      const info = await query(`PRAGMA index_info(${JSON.stringify(String(row.name))})`);
      const cols = info.sort((a, b) => Number(a.seqno) - Number(b.seqno)).map((c) => String(c.name));
      indexes.push({ name: String(row.name), unique: row.unique === 1, primary: row.origin === 'pk', columns: cols });
    }
    // An INTEGER PRIMARY KEY is the rowid: no index row, so report it from table_info.
    if (!indexes.some((i) => i.primary) && pkColumns.length) indexes.push({ name: 'rowid', unique: true, primary: true, columns: pkColumns });
    return { columns, indexes };
  },

  async postgres(table) {
    const columns = new Map<string, ColumnInfo>();
    const columnRows = await query(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_get_expr(d.adbin, d.adrelid) AS dflt
         FROM pg_attribute a
         JOIN pg_class t ON t.oid = a.attrelid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [table],
    );
    for (const row of columnRows) columns.set(String(row.name), { type: String(row.type), nullable: row.nullable === true, default: literal(row.dflt) });
    const indexRows = await query(
      `SELECT i.relname AS name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
              (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_class i ON i.oid = ix.indexrelid
        WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace`,
      [table],
    );
    const indexes = indexRows.map((row) => ({ name: String(row.name), unique: row.is_unique === true, primary: row.is_primary === true, columns: String(row.columns).split(',') }));
    return { columns, indexes };
  },

  async mysql(table) {
    const columns = new Map<string, ColumnInfo>();
    const columnRows = await query(
      `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [table],
    );
    for (const row of columnRows) {
      // MySQL 8 prints `int`, MariaDB `int(11)`: compare without the display width.
      const type = String(row.type).replace(/^((?:small|big|medium)?int)\(\d+\)/, '$1');
      columns.set(String(row.name), { type, nullable: row.nullable === 'YES', default: literal(row.dflt) });
    }
    const indexRows = await query(
      `SELECT INDEX_NAME AS name, MIN(NON_UNIQUE) AS non_unique, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME`,
      [table],
    );
    const indexes = indexRows.map((row) => ({
      name: String(row.name), unique: Number(row.non_unique) === 0, primary: row.name === 'PRIMARY', columns: String(row.columns).split(','),
    }));
    return { columns, indexes };
  },
};

async function introspect(model: ModelClass): Promise<TableInfo> {
  return INTROSPECT[database().dialect.vendor](model._meta.tableName);
}

async function tableExists(model: ModelClass): Promise<boolean> {
  return (await introspect(model)).columns.size > 0;
}

const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);
const indexesOn = (info: TableInfo, columns: readonly string[]): IndexInfo[] => info.indexes.filter((i) => sameColumns(i.columns, columns));

/** Column types per dialect, as each database's catalog reports them. */
const EXPECTED_TYPES: Record<Vendor, Record<string, string | RegExp>> = {
  sqlite: {
    id: 'integer', name: 'varchar(30)', code: 'varchar(50)', title: 'varchar(50)', notes: 'text', count: 'integer', enabled: 'bool',
    price: 'text', ratio: 'real', born: 'date', seen: 'datetime', token: 'char(36)', data: 'text', size: 'integer unsigned',
    grp: 'varchar(10)', serial: 'integer',
  },
  postgres: {
    id: 'integer', name: 'character varying(30)', code: 'character varying(50)', title: 'character varying(50)', notes: 'text',
    count: 'integer', enabled: 'boolean', price: 'numeric(8,2)', ratio: 'double precision', born: 'date',
    seen: 'timestamp with time zone', token: 'uuid', data: 'jsonb', size: 'integer', grp: 'character varying(10)', serial: 'integer',
  },
  mysql: {
    id: 'int', name: 'varchar(30)', code: 'varchar(50)', title: 'varchar(50)', notes: 'longtext', count: 'int', enabled: 'tinyint(1)',
    price: 'decimal(8,2)', ratio: 'double', born: 'date', seen: 'datetime(6)', token: 'char(36)', data: /^(json|longtext)$/,
    size: /^int(\(10\))? unsigned$/, grp: 'varchar(10)', serial: 'int',
  },
};

/** The full DDL of SchTiny per dialect. */
const TINY_SQL: Record<Vendor, string> = {
  sqlite: 'CREATE TABLE "sch_tiny" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "label" varchar(20) NOT NULL DEFAULT \'x\', "n" integer NULL)',
  postgres: 'CREATE TABLE "sch_tiny" ("id" serial NOT NULL PRIMARY KEY, "label" varchar(20) NOT NULL DEFAULT \'x\', "n" integer NULL)',
  mysql: 'CREATE TABLE `sch_tiny` (`id` integer NOT NULL AUTO_INCREMENT PRIMARY KEY, `label` varchar(20) NOT NULL DEFAULT \'x\', `n` integer NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin',
};
/** MariaDB's binary collation without trailing-space padding; MySQL 8 calls it utf8mb4_0900_bin. */
const sameCollation = (sql: string) => sql.replace('COLLATE=utf8mb4_0900_bin', 'COLLATE=utf8mb4_nopad_bin');

forEachDialect('SchemaEditor', [SchWidget, SchCode], () => {
  let vendor: Vendor;
  before(() => {
    vendor = database().dialect.vendor;
  });

  it('creates every column with its type, as the catalog reports it', async () => {
    const info = await introspect(SchWidget);
    expect([...info.columns.keys()]).to.deep.equal(SchWidget._meta.fields.map((f) => f.column));
    expect(info.columns.has('grp')).to.equal(true);
    for (const [column, expected] of Object.entries(EXPECTED_TYPES[vendor])) {
      const actual = info.columns.get(column)?.type.toLowerCase();
      if (typeof expected === 'string') expect(actual, column).to.equal(expected);
      else expect(actual, column).to.match(expected);
    }
  });

  it('makes only null: true columns nullable', async () => {
    const info = await introspect(SchWidget);
    const nullable = [...info.columns].filter(([, c]) => c.nullable).map(([name]) => name);
    expect(nullable).to.deep.equal(['notes', 'ratio', 'born', 'data']);
  });

  it('writes constant defaults into the DDL, but not function or automatic ones', async () => {
    const info = await introspect(SchWidget);
    const defaults = Object.fromEntries([...info.columns].filter(([name]) => name !== 'id').map(([name, c]) => [name, c.default]));
    expect(defaults).to.deep.equal({
      // SQLite keeps exact decimals as canonical text (see its dialect), and so does the default.
      name: null, code: null, title: "it's", notes: null, count: '3', enabled: '1', price: vendor === 'sqlite' ? '1.5' : '1.50', ratio: null, born: null,
      seen: null, token: null, data: null, size: '0', grp: null, serial: null,
    });
  });

  it('lets a raw INSERT that omits defaulted columns get the defaults', async () => {
    const db = database();
    const row = { name: 'raw', code: 'raw', seen: '2024-01-01 00:00:00', token: '00000000-0000-0000-0000-000000000001', grp: 'g', serial: 1 };
    await db.run(db.knex.insert(row).into('sch_widgets'));
    const loaded = await SchWidget.objects.get({ code: 'raw' });
    expect([loaded.title, loaded.count, loaded.enabled, loaded.price, loaded.size]).to.deep.equal(["it's", 3, true, '1.50', 0]);
    await SchWidget.objects.all().delete();
  });

  it('makes the primary key and unique fields unique, with one index each', async () => {
    const info = await introspect(SchWidget);
    const pk = info.indexes.filter((i) => i.primary);
    expect(pk.map((i) => i.columns)).to.deep.equal([['id']]);
    const code = indexesOn(info, ['code']);
    expect(code).to.have.length(1);
    expect(code[0]!.unique).to.equal(true);
    const natural = await introspect(SchCode);
    expect(natural.indexes.filter((i) => i.primary).map((i) => i.columns)).to.deep.equal([['code']]);
    expect(natural.columns.get('code')?.nullable).to.equal(false);
  });

  it('indexes dbIndex fields, and creates meta.indexes with their names and uniqueness', async () => {
    const info = await introspect(SchWidget);
    const name = indexesOn(info, ['name']);
    expect(name.map((i) => i.unique)).to.deep.equal([false]);
    expect(name[0]!.name).to.match(/^sch_widgets_name_[0-9a-f]{8}_idx$/);
    expect(indexesOn(info, ['count', 'enabled']).map((i) => i.unique)).to.deep.equal([false]);
    const title = indexesOn(info, ['title']);
    expect(title.map((i) => [i.name, i.unique])).to.deep.equal([['sch_title_idx', true]]);
    expect(indexesOn(info, ['title', 'serial'])).to.have.length(0);
  });

  it('creates uniqueTogether as a unique constraint the database enforces', async () => {
    const info = await introspect(SchWidget);
    const together = indexesOn(info, ['grp', 'serial']);
    expect(together).to.have.length(1);
    expect(together[0]!.unique).to.equal(true);
    // SQLite's catalog names the index after the table; the constraint name lives in the DDL text.
    const name = vendor === 'sqlite'
      ? /CONSTRAINT "([^"]+)" UNIQUE/.exec(String((await query("SELECT sql FROM sqlite_master WHERE name = 'sch_widgets'"))[0]!.sql))?.[1]
      : together[0]!.name;
    expect(name).to.match(/^sch_widgets_group_serial_[0-9a-f]{8}_uniq$/);
    await SchWidget.objects.create({ name: 'a', code: 'a', group: 'g', serial: 1, title: 'a' });
    await SchWidget.objects.create({ name: 'b', code: 'b', group: 'g', serial: 2, title: 'b' });
    const error = await SchWidget.objects.create({ name: 'c', code: 'c', group: 'g', serial: 1, title: 'c' }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(IntegrityError);
    await SchWidget.objects.all().delete();
  });

  it('rejects negative positive integers in the database', async () => {
    // The field refuses the value before any SQL...
    const refused = await SchWidget.objects.create({ name: 'n', code: 'n', group: 'g', serial: 1, size: -1 }).then(() => null, (e: unknown) => e);
    expect(refused).to.be.instanceOf(ValidationError);
    // ...and the column refuses it too, for values computed by the database (F expressions skip the field).
    const widget = await SchWidget.objects.create({ name: 'n', code: 'n', group: 'g', serial: 1, size: 1 });
    const error = await SchWidget.objects.filter({ pk: widget.pk }).update({ size: F('size').sub(5) }).then(() => null, (e: unknown) => e);
    // A CHECK violation (an IntegrityError); MySQL's UNSIGNED type rejects the value first (out of range).
    expect(error).to.be.instanceOf(DatabaseError);
    expect((error as Error).message).to.match(/check|range|constraint/i);
    expect((await SchWidget.objects.get({ pk: widget.pk })).size).to.equal(1);
    await SchWidget.objects.all().delete();
  });

  it('returns the DDL as text: the table, then one statement per index', () => {
    const editor = new SchemaEditor();
    expect(editor.createModelSql(SchTiny).map(sameCollation)).to.deep.equal([TINY_SQL[vendor]]);
    expect(editor.createModelSql(SchTiny._meta).map(sameCollation)).to.deep.equal([TINY_SQL[vendor]]);
    const q = (name: string) => editor.dialect.quoteName(name);
    const statements = editor.createModelSql(SchWidget);
    expect(statements).to.have.length(4);
    expect(statements[0]).to.match(new RegExp(`^CREATE TABLE ${escape(q('sch_widgets'))} \\(`));
    expect(statements[0]).to.contain(`${q('grp')} varchar(10) NOT NULL`);
    expect(statements[0]).to.contain(`UNIQUE (${q('grp')}, ${q('serial')})`);
    const Q = escape(q('x').slice(-1));
    expect(statements[1]).to.match(new RegExp(`^CREATE INDEX ${Q}sch_widgets_name_[0-9a-f]{8}_idx${Q} ON ${Q}sch_widgets${Q} \\(${Q}name${Q}\\)$`));
    expect(statements[2]).to.match(new RegExp(`^CREATE INDEX ${Q}sch_widgets_count_enabled_[0-9a-f]{8}_idx${Q} ON ${Q}sch_widgets${Q} \\(${Q}count${Q}, ${Q}enabled${Q}\\)$`));
    expect(statements[3]).to.equal(`CREATE UNIQUE INDEX ${q('sch_title_idx')} ON ${q('sch_widgets')} (${q('title')})`);
    expect(editor.deleteModelSql(SchTiny)).to.deep.equal([`DROP TABLE ${q('sch_tiny')}`]);
    expect(editor.deleteModelSql(SchTiny, { ifExists: true })).to.deep.equal([`DROP TABLE IF EXISTS ${q('sch_tiny')}`]);
  });

  it('creates and drops a table; ifExists tolerates a missing one', async () => {
    const editor = new SchemaEditor();
    await editor.deleteModel(SchTiny, { ifExists: true });
    expect(await tableExists(SchTiny)).to.equal(false);
    await editor.createModel(SchTiny);
    expect(await tableExists(SchTiny)).to.equal(true);
    const again = await editor.createModel(SchTiny).then(() => null, (e: unknown) => e);
    expect(again).to.be.instanceOf(DatabaseError);
    expect(await tableExists(SchTiny)).to.equal(true);
    await editor.deleteModel(SchTiny);
    expect(await tableExists(SchTiny)).to.equal(false);
    const missing = await editor.deleteModel(SchTiny).then(() => null, (e: unknown) => e);
    expect(missing).to.be.instanceOf(DatabaseError);
    await editor.deleteModel(SchTiny, { ifExists: true });
  });

  it('leaves no table behind when an index cannot be created', async () => {
    const editor = new SchemaEditor();
    const clash = Object.create(SchTiny._meta, {
      indexes: { value: [{ fields: ['label'], name: 'sch_dup_idx' }, { fields: ['n'], name: 'sch_dup_idx' }] },
    }) as typeof SchTiny._meta;
    const error = await editor.createModel(clash).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(DatabaseError);
    expect(await tableExists(SchTiny)).to.equal(false);
  });

  it('refuses abstract models', () => {
    const editor = new SchemaEditor();
    expect(() => editor.createModelSql(MdlStamped)).to.throw(ImproperlyConfigured, /Cannot create a table for MdlStamped: it is abstract/);
    expect(() => editor.deleteModelSql(MdlStamped)).to.throw(ImproperlyConfigured, /Cannot drop the table of MdlStamped: it is abstract/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A model with named constraints, which createModel() writes into the table. */
class SchRange extends Model {
  static fields = { low: new IntegerField(), high: new IntegerField(), code: new CharField({ maxLength: 5 }) };
  static meta = {
    tableName: 'sch_ranges',
    constraints: [
      { kind: 'check', name: 'sch_ranges_ordered', check: 'low <= high' },
      { kind: 'unique', name: 'sch_ranges_code_low', fields: ['code', 'low'] },
    ],
  } satisfies ModelMetaConfig;
  static objects = this.manager();
}

forEachDialect('SchemaEditor: meta.constraints', [SchRange], () => {
  it('creates CHECK and UNIQUE constraints with the table', async () => {
    await SchRange.objects.create({ low: 1, high: 2, code: 'a' });
    expect(await rejection(SchRange.objects.create({ low: 3, high: 2, code: 'b' }))).to.be.instanceOf(IntegrityError);
    expect(await rejection(SchRange.objects.create({ low: 1, high: 5, code: 'a' }))).to.be.instanceOf(IntegrityError);
    expect(await SchRange.objects.count()).to.equal(1);
  });
});
