// The picture `wren graph` draws, as plain data: built from the models or from a live database,
// then handed to one renderer per format. Nothing here knows about mermaid or Graphviz.

/** How many rows may sit at one end of a relation for one row at the other end (crow's foot). */
export type Multiplicity = 'zeroOrOne' | 'exactlyOne' | 'zeroOrMore' | 'oneOrMore';

export interface GraphColumn {
  readonly name: string;
  /** One word: a field class (`CharField`) or a database type (`nvarchar`). */
  readonly type: string;
  /** What goes between the type's parentheses (`160`, `10,2`); empty when nothing does. */
  readonly typeArgs: string;
  readonly pk: boolean;
  /** Unique on its own (a primary key is not marked again). */
  readonly unique: boolean;
  readonly nullable: boolean;
  /** Where a foreign key column points. */
  readonly references?: { readonly table: string; readonly column: string };
}

export interface GraphTable {
  /** A model's class name, or a table's name. Unique within the graph. */
  readonly name: string;
  /** Short lines shown under the name: the table a model uses, the abstract parents it extends. */
  readonly notes: readonly string[];
  readonly columns: readonly GraphColumn[];
}

export type RelationKind = 'foreignKey' | 'oneToOne' | 'manyToMany';

export interface GraphEdge {
  /** The table that declares the relation (holds the key, or the ManyToManyField). */
  readonly from: string;
  readonly to: string;
  readonly kind: RelationKind;
  /** The declaring field, or the key columns of a database's foreign key. */
  readonly label: string;
  /** The reverse accessor on `to` (`books`); absent when hidden (`+`) or unknown. */
  readonly relatedName?: string;
  /** For a many-to-many: the join model (`declared`) or the join table Wren creates. */
  readonly through?: { readonly name: string; readonly declared: boolean };
  readonly cardinality: { readonly from: Multiplicity; readonly to: Multiplicity };
  /** The joined columns, so a renderer can draw the edge from row to row. */
  readonly fromColumn?: string;
  readonly toColumn?: string;
}

export interface ErGraph {
  /** What is drawn, for a comment at the top: `apps blog, shop`, `the 'default' database (SQLite)`. */
  readonly title: string;
  readonly tables: readonly GraphTable[];
  readonly edges: readonly GraphEdge[];
}

/** The words a label uses for an edge: `author (books)`, `tags (posts) through Tagging`. */
export function edgeCaption(edge: GraphEdge): string {
  const related = edge.relatedName ? ` (${edge.relatedName})` : '';
  const through = edge.through ? (edge.through.declared ? ` through ${edge.through.name}` : ` via ${edge.through.name}`) : '';
  return `${edge.label}${related}${through}`;
}

/** The full type as a reader expects it: `CharField(100)`, `numeric(10,2)`, `integer`. */
export function fullType(column: GraphColumn): string {
  return column.typeArgs ? `${column.type}(${column.typeArgs})` : column.type;
}
