import type { ColumnInfo, ForeignKeyInfo, TableInfo } from '../../introspection/index.js';
import type { ErGraph, GraphColumn, GraphEdge, GraphTable } from './types.js';

/**
 * The graph of tables as the database describes them (the introspection `inspectdb` uses): an
 * edge per foreign key whose both tables are drawn.
 */
export function introspectedGraph(tables: readonly TableInfo[], title: string): ErGraph {
  const drawn = new Set(tables.map((table) => table.name));
  return {
    title,
    tables: tables.map(databaseTable),
    edges: tables.flatMap((table) => table.foreignKeys.filter((key) => drawn.has(key.refTable)).map((key) => keyEdge(table, key))),
  };
}

function databaseTable(table: TableInfo): GraphTable {
  const singlyUnique = new Set(table.uniques.filter((columns) => columns.length === 1).map((columns) => columns[0]!));
  const isSolePk = (name: string) => table.primaryKey.length === 1 && table.primaryKey[0] === name;
  const columns = table.columns.map((column): GraphColumn => {
    const key = table.foreignKeys.find((fk) => fk.columns.includes(column.name));
    const references = key ? { table: key.refTable, column: key.refColumns[key.columns.indexOf(column.name)] ?? key.refColumns[0] ?? '' } : undefined;
    return {
      name: column.name,
      type: column.dataType,
      typeArgs: typeArgs(column),
      pk: table.primaryKey.includes(column.name),
      unique: singlyUnique.has(column.name) && !isSolePk(column.name),
      nullable: column.nullable,
      ...(references ? { references } : {}),
    };
  });
  return { name: table.name, notes: [], columns };
}

function typeArgs(column: ColumnInfo): string {
  if (column.precision !== null) return `${column.precision},${column.scale ?? 0}`;
  return column.maxLength !== null ? String(column.maxLength) : '';
}

function keyEdge(table: TableInfo, key: ForeignKeyInfo): GraphEdge {
  // A key over unique columns (or the whole primary key) allows one row per target row.
  const sameColumns = (columns: readonly string[]) => columns.length === key.columns.length && key.columns.every((name) => columns.includes(name));
  const oneToOne = sameColumns(table.primaryKey) || table.uniques.some(sameColumns);
  const nullable = key.columns.some((name) => table.columns.find((column) => column.name === name)?.nullable);
  return {
    from: table.name,
    to: key.refTable,
    kind: oneToOne ? 'oneToOne' : 'foreignKey',
    label: key.columns.join(', '),
    cardinality: { from: oneToOne ? 'zeroOrOne' : 'zeroOrMore', to: nullable ? 'zeroOrOne' : 'exactlyOne' },
    fromColumn: key.columns[0]!,
    ...(key.refColumns[0] ? { toColumn: key.refColumns[0] } : {}),
  };
}
