import { database, type Database } from '../../connection/index.js';
import { NotSupportedError } from '../../errors.js';
import { isForeignKey, isManyToMany, type Field, type ForeignKey } from '../../fields/index.js';
import type { IndexDefinition, ModelOptions } from '../../models/options.js';
import { indexName, SchemaEditor } from '../schema-editor.js';
import type { Literal } from '../state/field-state.js';
import { isManaged, type ConstraintDefinition, type ModelState } from '../state/model-state.js';
import { ddlFeatures, type ColumnParts, type DdlFeatures } from './ddl.js';
import { catalog, type IndexInfo } from './introspection.js';

/**
 * The schema editor the migration operations drive: the table-level statements of
 * `SchemaEditor` plus column, index and constraint changes, each written from two model states
 * (before and after). On SQLite, changes ALTER TABLE cannot make rebuild the table (see
 * `rebuild`). With `collect: true` nothing runs: statements are gathered for `sqlmigrate`.
 */
export class MigrationSchemaEditor extends SchemaEditor {
  readonly ddl: DdlFeatures;
  private readonly collected: string[] | undefined;

  constructor(db: Database = database(), options: { collect?: boolean } = {}) {
    super(db);
    this.ddl = ddlFeatures(this.dialect);
    this.collected = options.collect ? [] : undefined;
  }

  /** True when statements are only gathered (sqlmigrate). */
  get collecting(): boolean {
    return this.collected !== undefined;
  }

  get collectedSql(): readonly string[] {
    return this.collected ?? [];
  }

  /** Statements run since `startLog()`: what a failed operation did get done (for the MySQL report). */
  readonly log: string[] = [];

  override async execute(statements: readonly string[]): Promise<void> {
    if (this.collected) {
      this.collected.push(...statements);
      return;
    }
    for (const sql of statements) {
      await super.execute([sql]);
      this.log.push(sql);
    }
  }

  startLog(): void {
    this.log.length = 0;
  }

  q(identifier: string): string {
    return this.dialect.quoteName(identifier);
  }

  /** CREATE TABLE (with named constraints) and CREATE INDEX statements for a model state. */
  tableSql(model: ModelState): string[] {
    const [create, ...rest] = this.createModelSql(model.meta());
    const constraints = (model.options.constraints ?? []).map((c) => this.constraintClause(model.meta(), c));
    if (!constraints.length) return [create!, ...rest];
    const suffix = this.dialect.tableSuffix();
    const body = create!.slice(0, create!.length - suffix.length - 1);
    return [`${body}, ${constraints.join(', ')})${suffix}`, ...rest];
  }

  /** Creates the model's table, then the join tables of its many-to-many fields. */
  async createTable(model: ModelState): Promise<void> {
    if (!isManaged(model)) return;
    await this.execute(this.tableSql(model));
    for (const join of model.joinTables()) await this.execute(this.tableSql(join));
  }

  async dropTable(model: ModelState): Promise<void> {
    if (!isManaged(model)) return;
    for (const join of model.joinTables()) await this.execute(this.deleteModelSql(join.meta()));
    await this.execute(this.deleteModelSql(model.meta()));
  }

  async renameTable(from: string, to: string): Promise<void> {
    if (from !== to) await this.execute([`ALTER TABLE ${this.q(from)} RENAME TO ${this.q(to)}`]);
  }

  /**
   * Follows a model rename (or table rename) in the automatic join tables: their table name
   * comes from the declaring model's table, their key columns from the two models' names.
   * `before`/`after` pair each join table's state ahead of and after the change.
   */
  async renameJoinTables(pairs: readonly (readonly [ModelState, ModelState])[]): Promise<void> {
    for (const [before, after] of pairs) {
      await this.renameTable(before.tableName, after.tableName);
      const [oldFields, newFields] = [before.meta().fields, after.meta().fields];
      for (const [i, field] of newFields.entries()) {
        const old = oldFields[i]!;
        if (old.column !== field.column) await this.execute([`ALTER TABLE ${this.q(after.tableName)} RENAME COLUMN ${this.q(old.column)} TO ${this.q(field.column)}`]);
      }
    }
  }

  /** Adds a column; `oneOffDefault` fills existing rows without becoming the column's default. */
  async addField(from: ModelState, to: ModelState, name: string, options: { oneOffDefault?: Literal } = {}): Promise<void> {
    if (!isManaged(to)) return;
    const join = to.joinTable(to.field(name));
    if (join) return this.execute(this.tableSql(join));
    if (isManyToMany(to.field(name))) return;
    const field = to.meta().field(name);
    const references = isForeignKey(field) && (field.options as { dbConstraint?: boolean }).dbConstraint !== false;
    const oneOff = options.oneOffDefault === undefined ? this.impliedFill(field) : this.quoteDefault(field, options.oneOffDefault);
    if (this.ddl.rebuildsTables) {
      const simple = oneOff === undefined && !field.unique && !references && (field.null || this.columnParts(field).default !== undefined);
      if (!simple) return this.rebuild(from, to, oneOff === undefined ? {} : { [name]: oneOff });
      await this.execute([`ALTER TABLE ${this.q(to.tableName)} ADD COLUMN ${this.q(field.column)} ${this.columnDefinition(field)}`]);
    } else {
      await this.addColumn(to, field, oneOff);
      if (references) await this.execute([`ALTER TABLE ${this.q(to.tableName)} ADD ${this.foreignKeyConstraint(to.tableName, field as ForeignKey)}`]);
    }
    if (plainIndex(field)) await this.execute([this.createIndexSql(to.meta(), [name], { unique: false })]);
  }

  /** A NOT NULL field whose literal default the column cannot hold (MySQL TEXT): existing rows get it. */
  private impliedFill(field: Field): string | undefined {
    const value = field.options.default;
    if (field.null || value === undefined || typeof value === 'function' || this.columnParts(field).default !== undefined) return undefined;
    return this.quoteDefault(field, value as Literal);
  }

  private async addColumn(to: ModelState, field: Field, oneOff: string | undefined): Promise<void> {
    const table = this.q(to.tableName);
    const column = this.q(field.column);
    const definition = this.columnDefinition(field);
    if (oneOff === undefined || this.columnParts(field).default !== undefined) {
      await this.execute([`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`]);
    } else if (this.dialect.allowsColumnDefault(field.kind)) {
      const parts = this.columnParts(field);
      const withDefault = `${parts.type} ${parts.null ? 'NULL' : 'NOT NULL'} DEFAULT ${oneOff}${field.unique ? ' UNIQUE' : ''}`;
      await this.execute([`ALTER TABLE ${table} ADD COLUMN ${column} ${withDefault}`, `ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`]);
    } else {
      const parts = this.columnParts(field);
      await this.execute([
        `ALTER TABLE ${table} ADD COLUMN ${column} ${parts.type} NULL`,
        `UPDATE ${table} SET ${column} = ${oneOff}`,
        ...this.ddl.alterColumnSql(to.tableName, field.column, { ...parts, null: true }, parts, (id) => this.q(id)),
      ]);
    }
  }

  async removeField(from: ModelState, to: ModelState, name: string): Promise<void> {
    if (!isManaged(from)) return;
    const join = from.joinTable(from.field(name));
    if (join) return this.execute(this.deleteModelSql(join.meta()));
    if (isManyToMany(from.field(name))) return;
    if (this.ddl.rebuildsTables) return this.rebuild(from, to);
    const column = from.column(name);
    if (this.ddl.dropsForeignKeysFirst && isForeignKey(from.field(name))) await this.dropForeignKeys(from.tableName, column);
    await this.execute([`ALTER TABLE ${this.q(from.tableName)} DROP COLUMN ${this.q(column)}`]);
  }

  private async dropForeignKeys(table: string, column: string): Promise<void> {
    for (const fk of await this.foreignKeysOn(table, column)) await this.execute([this.ddl.dropForeignKeySql(table, fk, (id) => this.q(id))]);
  }

  /** `table.column` a key field references (undefined for other fields and `dbConstraint: false`). */
  private reference(field: Field): string | undefined {
    if (!isForeignKey(field) || (field.options as { dbConstraint?: boolean }).dbConstraint === false) return undefined;
    const key = field as ForeignKey;
    return `${key.relatedModel._meta.tableName}.${key.targetField.column}`;
  }

  private async foreignKeysOn(table: string, column: string): Promise<string[]> {
    try {
      return (await catalog(this.dialect).foreignKeys(this.db, table)).filter((fk) => fk.column === column).map((fk) => fk.name);
    } catch (error) {
      if (this.collecting) return [];
      throw error;
    }
  }

  /** Changes a column in place: name (dbColumn), type, NULL, default, unique and index. */
  async alterField(from: ModelState, to: ModelState, name: string, options: { oneOffDefault?: Literal } = {}): Promise<void> {
    if (!isManaged(to)) return;
    if (isManyToMany(to.field(name))) {
      const [before, after] = [from.joinTable(from.field(name)), to.joinTable(to.field(name))];
      if (before && after) await this.renameTable(before.tableName, after.tableName);
      return;
    }
    const a = from.meta().field(name);
    const b = to.meta().field(name);
    if (a.primaryKey !== b.primaryKey || a.isAuto !== b.isAuto) {
      throw new NotSupportedError(`Migrations cannot change which field is ${to.name}'s primary key (${name}); create a new model and copy the data instead`);
    }
    // NULLs get the one-off default, else the field's literal default (also where the column cannot hold it: MySQL TEXT, JSON).
    const fill = a.null && !b.null ? (options.oneOffDefault === undefined ? (this.columnParts(b).default ?? this.impliedFill(b)) : this.quoteDefault(b, options.oneOffDefault)) : undefined;
    if (this.ddl.rebuildsTables) return this.rebuild(from, to, fill === undefined ? {} : { [name]: `COALESCE(${this.q(a.column)}, ${fill})` });
    const table = to.tableName;
    // A key that changes target (or type) loses its constraint first and gets the new one last.
    const [refA, refB] = [this.reference(a), this.reference(b)];
    const rekey = refA !== refB || (refA !== undefined && this.columnParts(a).type !== this.columnParts(b).type);
    if (rekey && refA) await this.dropForeignKeys(table, a.column);
    if (a.column !== b.column) await this.execute([`ALTER TABLE ${this.q(table)} RENAME COLUMN ${this.q(a.column)} TO ${this.q(b.column)}`]);
    if (a.unique && !b.unique && !a.primaryKey) await this.dropIndexLike(table, [b.column], { unique: true, fallback: `${table}_${b.column}_key` });
    if (plainIndex(a) && !plainIndex(b)) await this.dropIndexLike(table, [b.column], { unique: false, fallback: indexName(table, [name], 'idx') });
    if (fill !== undefined) await this.execute([`UPDATE ${this.q(table)} SET ${this.q(b.column)} = ${fill} WHERE ${this.q(b.column)} IS NULL`]);
    await this.execute(this.ddl.alterColumnSql(table, b.column, this.columnParts(a), this.columnParts(b), (id) => this.q(id)));
    if (!a.unique && b.unique) await this.execute([`ALTER TABLE ${this.q(table)} ADD CONSTRAINT ${this.q(indexName(table, [name], 'uniq'))} UNIQUE (${this.q(b.column)})`]);
    if (!plainIndex(a) && plainIndex(b)) await this.execute([this.createIndexSql(to.meta(), [name], { unique: false })]);
    if (rekey && refB) await this.execute([`ALTER TABLE ${this.q(table)} ADD ${this.foreignKeyConstraint(table, b as ForeignKey)}`]);
  }

  /**
   * Renames a field's column; a many-to-many field has no column, so its automatic join table
   * (named after the field) is renamed instead, as Django does.
   */
  async renameField(from: ModelState, to: ModelState, oldName: string, newName: string): Promise<void> {
    if (!isManaged(to)) return;
    if (isManyToMany(to.field(newName))) {
      const [before, after] = [from.joinTable(from.field(oldName)), to.joinTable(to.field(newName))];
      if (before && after) await this.renameJoinTables([[before, after]]);
      return;
    }
    const before = from.column(oldName);
    const after = to.column(newName);
    if (before !== after) await this.execute([`ALTER TABLE ${this.q(to.tableName)} RENAME COLUMN ${this.q(before)} TO ${this.q(after)}`]);
  }

  async addIndex(model: ModelState, index: IndexDefinition): Promise<void> {
    if (!isManaged(model)) return;
    await this.execute([this.createIndexSql(model.meta(), index.fields, { unique: index.unique === true, name: index.name })]);
  }

  async removeIndex(model: ModelState, index: IndexDefinition): Promise<void> {
    if (!isManaged(model)) return;
    const meta = model.meta();
    const columns = index.fields.map((n) => meta.field(n).column);
    const name = index.name ?? indexName(model.tableName, index.fields, index.unique ? 'uniq' : 'idx');
    const found = index.name ? name : await this.findIndex(model.tableName, columns, index.unique === true);
    await this.execute([this.ddl.dropIndexSql(model.tableName, found ?? name, (id) => this.q(id))]);
  }

  async alterUniqueTogether(from: ModelState, to: ModelState): Promise<void> {
    if (!isManaged(to)) return;
    const key = (names: readonly string[]) => names.join(',');
    const before = new Map((from.options.uniqueTogether ?? []).map((n) => [key(n), n]));
    const after = new Map((to.options.uniqueTogether ?? []).map((n) => [key(n), n]));
    const removed = [...before].filter(([k]) => !after.has(k)).map(([, n]) => n);
    const added = [...after].filter(([k]) => !before.has(k)).map(([, n]) => n);
    if (!removed.length && !added.length) return;
    if (this.ddl.rebuildsTables) return this.rebuild(from, to);
    for (const names of removed) {
      const columns = names.map((n) => from.column(n));
      const fallback = indexName(from.tableName, names, 'uniq');
      const found = (await this.findIndex(from.tableName, columns, true)) ?? fallback;
      await this.execute([this.ddl.dropConstraintSql(from.tableName, found, 'unique', (id) => this.q(id))]);
    }
    for (const names of added) {
      await this.execute([`ALTER TABLE ${this.q(to.tableName)} ADD ${this.constraintClause(to.meta(), { kind: 'unique', name: indexName(to.tableName, names, 'uniq'), fields: names })}`]);
    }
  }

  async addConstraint(from: ModelState, to: ModelState, constraint: ConstraintDefinition): Promise<void> {
    if (!isManaged(to)) return;
    if (this.ddl.rebuildsTables) return this.rebuild(from, to);
    await this.execute([`ALTER TABLE ${this.q(to.tableName)} ADD ${this.constraintClause(to.meta(), constraint)}`]);
  }

  async removeConstraint(from: ModelState, to: ModelState, constraint: ConstraintDefinition): Promise<void> {
    if (!isManaged(to)) return;
    if (this.ddl.rebuildsTables) return this.rebuild(from, to);
    await this.execute([this.ddl.dropConstraintSql(from.tableName, constraint.name, constraint.kind, (id) => this.q(id))]);
  }

  /**
   * SQLite's way to change a table (its documented 12-step procedure, inside the migration's
   * transaction): create the new table under a temporary name, copy the rows, drop the old
   * table, rename the new one, recreate its indexes. `expressions` gives the SQL a column is
   * filled from (by field name); other columns copy the same field's old column, and new
   * fields take their default (or NULL).
   */
  async rebuild(from: ModelState, to: ModelState, expressions: Readonly<Record<string, string>> = {}): Promise<void> {
    const [create, ...indexes] = this.tableSql(to);
    const temp = `new__${to.tableName}`;
    const prefix = `CREATE TABLE ${this.q(to.tableName)} (`;
    const targets: string[] = [];
    const sources: string[] = [];
    for (const field of to.meta().fields) {
      const old = from.meta().maybeField(field.name);
      const expression = expressions[field.name] ?? (old ? this.q(old.column) : this.columnParts(field).default ?? (field.null ? 'NULL' : undefined));
      if (expression === undefined) continue;
      targets.push(this.q(field.column));
      sources.push(expression);
    }
    await this.execute([
      `CREATE TABLE ${this.q(temp)} (${create!.slice(prefix.length)}`,
      `INSERT INTO ${this.q(temp)} (${targets.join(', ')}) SELECT ${sources.join(', ')} FROM ${this.q(from.tableName)}`,
      `DROP TABLE ${this.q(from.tableName)}`,
      `ALTER TABLE ${this.q(temp)} RENAME TO ${this.q(to.tableName)}`,
      ...indexes,
    ]);
  }

  /** The column's type, NULL-ness and literal default, for ALTER COLUMN. */
  columnParts(field: Field): ColumnParts {
    const type = this.dialect.columnType(field.columnSpec());
    const value = field.options.default;
    const literal = value === undefined || typeof value === 'function' || !this.dialect.allowsColumnDefault(field.kind) ? undefined : this.quoteDefault(field, value as Literal);
    return { type, null: field.null, default: literal };
  }

  /** A value as a DDL literal, stored as the driver would store it (booleans as 1 on SQLite, JSON as text). */
  quoteDefault(field: Field, value: Literal): string | undefined {
    if (value === null) return 'NULL';
    const json = field.kind === 'json';
    if (!json && typeof value === 'object') return undefined;
    const toDb = this.dialect.toDb(field.kind);
    const stored = json ? JSON.stringify(value) : toDb ? toDb(value) : value;
    if (typeof stored !== 'string' && typeof stored !== 'number' && typeof stored !== 'boolean') return undefined;
    return this.dialect.quoteValue(stored);
  }

  /** The name of the index over exactly these columns, read from the database's catalog. */
  async findIndex(table: string, columns: readonly string[], unique: boolean): Promise<string | undefined> {
    let indexes: IndexInfo[];
    try {
      indexes = await catalog(this.dialect).indexes(this.db, table);
    } catch (error) {
      if (this.collecting) return undefined;
      throw error;
    }
    const match = indexes.find((i) => !i.primary && i.unique === unique && i.columns.length === columns.length && i.columns.every((c, n) => c === columns[n]));
    return match?.name;
  }

  private async dropIndexLike(table: string, columns: readonly string[], options: { unique: boolean; fallback: string }): Promise<void> {
    const name = (await this.findIndex(table, columns, options.unique)) ?? options.fallback;
    await this.execute([options.unique ? this.ddl.dropConstraintSql(table, name, 'unique', (id) => this.q(id)) : this.ddl.dropIndexSql(table, name, (id) => this.q(id))]);
  }


  private createIndexSql(meta: ModelOptions, names: readonly string[], options: { unique: boolean; name?: string | undefined }): string {
    const columns = names.map((n) => this.q(meta.field(n).column));
    const id = options.name ?? indexName(meta.tableName, names, options.unique ? 'uniq' : 'idx');
    return `CREATE ${options.unique ? 'UNIQUE ' : ''}INDEX ${this.q(id)} ON ${this.q(meta.tableName)} (${columns.join(', ')})`;
  }
}

/** A field indexed on its own: `dbIndex`, or a foreign key (indexed by default, as in Django), unless unique. */
function plainIndex(field: Field): boolean {
  return (field.options.dbIndex ?? isForeignKey(field)) === true && !field.unique;
}
