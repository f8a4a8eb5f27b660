/** Runs a raw query and returns plain rows (see `queryFor`). */
export type RawQuery = (sql: string, bindings?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** A literal column default that a model can repeat; expressions (now(), sequences) are left out. */
export type LiteralDefault = string | number | boolean;

/** One column as the database describes it. */
export interface ColumnInfo {
  readonly name: string;
  /** The declared type, lowercased, without length or precision: `varchar`, `int4`, `nvarchar`. */
  readonly dataType: string;
  /** The full declared type as the database reports it, for comments: `NVARCHAR(160)`. */
  readonly rawType: string;
  readonly maxLength: number | null;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly nullable: boolean;
  readonly unsigned: boolean;
  /** Filled by the database on insert (serial, identity, AUTO_INCREMENT, SQLite rowid alias). */
  readonly autoIncrement: boolean;
  readonly default: LiteralDefault | undefined;
}

export interface ForeignKeyInfo {
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
}

export interface IndexInfo {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

/** Everything inspectdb needs to know about one table. */
export interface TableInfo {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ForeignKeyInfo[];
  /** Unique constraints and unique indexes, primary key excluded. */
  readonly uniques: readonly (readonly string[])[];
  /** Non-unique indexes. */
  readonly indexes: readonly IndexInfo[];
}

/** Wren field classes inspectdb may write. */
export type FieldClassName =
  | 'AutoField' | 'BigAutoField' | 'IntegerField' | 'BigIntegerField' | 'SmallIntegerField' | 'PositiveIntegerField'
  | 'FloatField' | 'DecimalField' | 'BooleanField' | 'CharField' | 'TextField' | 'DateField' | 'DateTimeField'
  | 'TimeField' | 'UUIDField' | 'JSONField' | 'BinaryField';

/** The field a column maps to, before keys and relations are applied. */
export interface FieldGuess {
  readonly className: FieldClassName;
  readonly options?: Readonly<Record<string, number>>;
  /** Said in a comment above the field, e.g. that the type is a guess. */
  readonly note?: string;
}

/** One dialect's catalogue queries and type map. */
export interface Introspector {
  tableNames(query: RawQuery): Promise<string[]>;
  table(query: RawQuery, name: string): Promise<TableInfo>;
  fieldFor(column: ColumnInfo): FieldGuess;
  /** SQL moving an auto-increment column's sequence past the rows' largest key; null when the database does it itself. */
  sequenceResetSql(table: string, column: string): string | null;
  /**
   * Statements that let a transaction's rows point at rows it writes later (a fixture load), and
   * that restore the checks; null where the keys Wren creates are checked at COMMIT already.
   * Keys are not checked again when restored: the loader checks them itself.
   */
  deferForeignKeysSql(): { readonly defer: string; readonly restore: string } | null;
}
