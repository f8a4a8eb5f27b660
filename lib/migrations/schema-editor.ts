import { createHash } from 'node:crypto';
import { database, type Database } from '../connection/index.js';
import type { Dialect } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { isForeignKey, type Field, type ForeignKey } from '../fields/index.js';
import type { ConstraintDefinition, ModelOptions } from '../models/options.js';
import type { ModelClass } from '../models/types.js';
import { isAutoCreated, resolvePending } from '../models/relations.js';

/** A model class, or its resolved metadata (what the migrations framework works with). */
export type SchemaTarget = ModelClass | ModelOptions;

/**
 * Writes DDL for models: CREATE TABLE with columns, NULL-ness, literal defaults, primary and
 * unique keys and `uniqueTogether` constraints, then CREATE INDEX for `dbIndex` fields and
 * `meta.indexes`. The migrations framework builds on the same statements.
 *
 * @example const editor = new SchemaEditor(); await editor.createModel(Author); await editor.deleteModel(Author, { ifExists: true });
 */
export class SchemaEditor {
  readonly dialect: Dialect;

  /** Works on the default database unless given another (`new SchemaEditor(database('other'))`). */
  constructor(readonly db: Database = database()) {
    this.dialect = db.dialect;
  }

  /** The statements that create a model's table and indexes, in order. */
  createModelSql(target: SchemaTarget): string[] {
    const meta = concreteMeta(target, 'create a table for');
    const q = (name: string) => this.dialect.quoteName(name);
    const lines = meta.fields.map((field) => `${q(field.column)} ${this.columnDefinition(field)}`);
    for (const names of meta.uniqueTogether) {
      const columns = names.map((name) => q(meta.field(name).column));
      lines.push(`CONSTRAINT ${q(indexName(meta.tableName, names, 'uniq'))} UNIQUE (${columns.join(', ')})`);
    }
    for (const constraint of meta.declaredMeta?.constraints ?? []) lines.push(this.constraintClause(meta, constraint));
    for (const field of meta.fields) {
      if (isForeignKey(field) && field.options.dbConstraint !== false) lines.push(this.foreignKeyConstraint(meta.tableName, field));
    }
    const statements = [`CREATE TABLE ${q(meta.tableName)} (${lines.join(', ')})${this.dialect.tableSuffix()}`];
    // A unique column (or the primary key) is indexed by its constraint already; keys are indexed as in Django.
    for (const field of meta.fields) {
      const indexed = field.options.dbIndex ?? isForeignKey(field);
      if (indexed && !field.unique) statements.push(this.indexSql(meta, [field.name], { unique: false }));
    }
    for (const index of meta.indexes) statements.push(this.indexSql(meta, index.fields, { unique: index.unique === true, name: index.name }));
    // Automatic many-to-many join tables come and go with the model declaring the relation.
    for (const through of autoThroughModels(meta)) statements.push(...this.createModelSql(through));
    return statements;
  }

  /** `CONSTRAINT name UNIQUE (a, b)` or `CONSTRAINT name CHECK (sql)`, for CREATE TABLE or ALTER TABLE ... ADD. */
  constraintClause(meta: ModelOptions, constraint: ConstraintDefinition): string {
    const q = (name: string) => this.dialect.quoteName(name);
    if (constraint.kind === 'check') return `CONSTRAINT ${q(constraint.name)} CHECK (${constraint.check})`;
    return `CONSTRAINT ${q(constraint.name)} UNIQUE (${constraint.fields.map((name) => q(meta.field(name).column)).join(', ')})`;
  }

  /** `CONSTRAINT ... FOREIGN KEY (author_id) REFERENCES authors (id)`, deferred where the dialect can. */
  foreignKeyConstraint(tableName: string, field: ForeignKey): string {
    const q = (name: string) => this.dialect.quoteName(name);
    const target = field.relatedModel._meta;
    const name = indexName(tableName, [field.column, target.tableName], 'fk');
    const deferred = this.dialect.supportsDeferrableForeignKeys ? ' DEFERRABLE INITIALLY DEFERRED' : '';
    return `CONSTRAINT ${q(name)} FOREIGN KEY (${q(field.column)}) REFERENCES ${q(target.tableName)} (${q(field.targetField.column)})${deferred}`;
  }

  /** The statement that drops a model's table (and with it its indexes). */
  deleteModelSql(target: SchemaTarget, options: { ifExists?: boolean } = {}): string[] {
    const meta = concreteMeta(target, 'drop the table of');
    const throughs = autoThroughModels(meta).flatMap((through) => this.deleteModelSql(through, options));
    return [...throughs, `DROP TABLE ${options.ifExists ? 'IF EXISTS ' : ''}${this.dialect.quoteName(meta.tableName)}`];
  }

  /**
   * Creates the table and its indexes. If a later statement fails the table is dropped again, so
   * no half-built table is left behind on databases without transactional DDL.
   */
  async createModel(target: SchemaTarget): Promise<void> {
    await this.db.ready(); // the table options may depend on the server version
    const [createTable, ...indexes] = this.createModelSql(target);
    await this.execute([createTable!]);
    try {
      await this.execute(indexes);
    } catch (error) {
      await this.execute(this.deleteModelSql(target, { ifExists: true })).catch(() => undefined);
      throw error;
    }
  }

  /** Drops the table; with `ifExists` a missing table is not an error. */
  async deleteModel(target: SchemaTarget, options: { ifExists?: boolean } = {}): Promise<void> {
    await this.execute(this.deleteModelSql(target, options));
  }

  /** Runs DDL statements one by one, on the current `atomic()` transaction if there is one. */
  async execute(statements: readonly string[]): Promise<void> {
    for (const sql of statements) await this.db.run({ sql, bindings: [] });
  }

  /** A column's type and constraints, as in CREATE TABLE: `varchar(100) NOT NULL UNIQUE`. */
  columnDefinition(field: Field): string {
    const spec = field.columnSpec();
    if (field.isAuto) {
      return `${this.dialect.columnType(spec)} NOT NULL ${this.dialect.autoIncrementClause(spec.kind as 'auto' | 'bigauto')}`;
    }
    const parts = [this.dialect.columnType(spec), field.null ? 'NULL' : 'NOT NULL'];
    const literal = this.literalDefault(field);
    if (literal !== undefined && this.dialect.allowsColumnDefault(spec.kind)) parts.push(`DEFAULT ${this.dialect.quoteValue(literal)}`);
    if (field.primaryKey) parts.push('PRIMARY KEY');
    else if (field.unique) parts.push('UNIQUE');
    if (spec.kind === 'positiveint') parts.push(`CHECK (${this.dialect.quoteName(field.column)} >= 0)`);
    return parts.join(' ');
  }

  /**
   * A constant default as the database stores it (a boolean as 1 on SQLite, JSON as text);
   * function defaults and values with no literal form are applied by Wren on save only.
   */
  private literalDefault(field: Field): string | number | boolean | undefined {
    const value = field.options.default;
    const jsonKind = field.kind === 'json';
    if (value === undefined || value === null || typeof value === 'function') return undefined;
    if (!jsonKind && typeof value === 'object') return undefined;
    const toDb = this.dialect.toDb(field.kind);
    const stored = jsonKind ? JSON.stringify(value) : toDb ? toDb(value) : value;
    return typeof stored === 'string' || typeof stored === 'number' || typeof stored === 'boolean' ? stored : undefined;
  }

  private indexSql(meta: ModelOptions, names: readonly string[], options: { unique: boolean; name?: string | undefined }): string {
    const q = (id: string) => this.dialect.quoteName(id);
    const columns = names.map((n) => q(meta.field(n).column));
    const indexId = options.name ?? indexName(meta.tableName, names, options.unique ? 'uniq' : 'idx');
    return `CREATE ${options.unique ? 'UNIQUE ' : ''}INDEX ${q(indexId)} ON ${q(meta.tableName)} (${columns.join(', ')})`;
  }
}

function concreteMeta(target: SchemaTarget, action: string): ModelOptions {
  const meta = typeof target === 'function' ? target._meta : target;
  if (meta.abstract) throw new ImproperlyConfigured(`Cannot ${action} ${meta.name}: it is abstract (meta.abstract: true) and has no table`);
  return meta;
}

/** Django-style deterministic names: table, columns and a short hash, within 63 characters. */
export function indexName(table: string, columns: readonly string[], suffix: string): string {
  const hash = createHash('md5').update([table, ...columns].join('|')).digest('hex').slice(0, 8);
  const head = `${table}_${columns.join('_')}`.slice(0, 63 - hash.length - suffix.length - 2);
  return `${head}_${hash}_${suffix}`;
}

/** The join models Wren created for a model's many-to-many fields (not user `through` models). */
function autoThroughModels(meta: ModelOptions): ModelOptions[] {
  if (meta.manyToMany.length === 0) return [];
  resolvePending();
  return meta.manyToMany.map((field) => field.through as unknown as ModelClass).filter((through) => through && isAutoCreated(through)).map((through) => through._meta);
}
