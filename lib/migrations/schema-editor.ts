import { createHash } from 'node:crypto';
import { database, type Database } from '../connection/index.js';
import type { Dialect } from '../dialects/index.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import type { ModelClass } from '../models/types.js';

/**
 * Writes DDL for models: CREATE TABLE with columns, NULL-ness, literal defaults, primary and
 * unique keys, then CREATE INDEX for `dbIndex` fields and `meta.indexes`. The migrations
 * framework builds on the same statements.
 */
export class SchemaEditor {
  readonly dialect: Dialect;

  constructor(readonly db: Database = database()) {
    this.dialect = db.dialect;
  }

  /** The statements that create a model's table and indexes. */
  createModelSql(meta: ModelOptions): string[] {
    const q = (name: string) => this.dialect.quoteName(name);
    const lines = meta.fields.map((field) => `${q(field.column)} ${this.columnDefinition(field)}`);
    for (const names of meta.uniqueTogether) {
      const columns = names.map((name) => q(meta.field(name).column));
      lines.push(`CONSTRAINT ${q(indexName(meta.tableName, names, 'uniq'))} UNIQUE (${columns.join(', ')})`);
    }
    const statements = [`CREATE TABLE ${q(meta.tableName)} (${lines.join(', ')})${this.dialect.tableSuffix()}`];
    for (const field of meta.fields) {
      if (field.options.dbIndex && !field.unique) statements.push(this.indexSql(meta, [field.name], false));
    }
    for (const index of meta.indexes) statements.push(this.indexSql(meta, index.fields, index.unique === true, index.name));
    return statements;
  }

  deleteModelSql(meta: ModelOptions): string[] {
    return [`DROP TABLE ${this.dialect.quoteName(meta.tableName)}`];
  }

  async createModel(model: ModelClass): Promise<void> {
    await this.execute(this.createModelSql(model._meta));
  }

  async deleteModel(model: ModelClass, options: { ifExists?: boolean } = {}): Promise<void> {
    const meta = model._meta;
    const sql = `DROP TABLE ${options.ifExists ? 'IF EXISTS ' : ''}${this.dialect.quoteName(meta.tableName)}`;
    await this.execute([sql]);
  }

  async execute(statements: readonly string[]): Promise<void> {
    for (const sql of statements) await this.db.run(this.db.runner().raw(sql));
  }

  columnDefinition(field: Field): string {
    const spec = field.columnSpec();
    if (field.isAuto) {
      return `${this.dialect.columnType(spec)} NOT NULL ${this.dialect.autoIncrementClause(spec.kind as 'auto' | 'bigauto')}`;
    }
    const parts = [this.dialect.columnType(spec), field.null ? 'NULL' : 'NOT NULL'];
    const literal = literalDefault(field);
    if (literal !== undefined && this.dialect.allowsColumnDefault(spec.kind)) parts.push(`DEFAULT ${this.dialect.quoteValue(literal)}`);
    if (field.primaryKey) parts.push('PRIMARY KEY');
    else if (field.unique) parts.push('UNIQUE');
    if (spec.kind === 'positiveint') parts.push(`CHECK (${this.dialect.quoteName(field.column)} >= 0)`);
    return parts.join(' ');
  }

  private indexSql(meta: ModelOptions, names: readonly string[], unique: boolean, name?: string): string {
    const q = (id: string) => this.dialect.quoteName(id);
    const columns = names.map((n) => q(meta.field(n).column));
    const indexId = name ?? indexName(meta.tableName, names, unique ? 'uniq' : 'idx');
    return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${q(indexId)} ON ${q(meta.tableName)} (${columns.join(', ')})`;
  }
}

/** Only constant scalar defaults go into DDL; function defaults are applied by Wren on save. */
function literalDefault(field: Field): string | number | boolean | undefined {
  const value = field.options.default;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/** Django-style deterministic names: table, columns and a short hash, within 63 characters. */
export function indexName(table: string, columns: readonly string[], suffix: string): string {
  const hash = createHash('md5').update([table, ...columns].join('|')).digest('hex').slice(0, 8);
  const head = `${table}_${columns.join('_')}`.slice(0, 63 - hash.length - suffix.length - 2);
  return `${head}_${hash}_${suffix}`;
}
