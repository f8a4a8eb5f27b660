import { uniqueIdentifiers } from './identifiers.js';
import { edgeCaption, fullType, type ErGraph, type GraphColumn, type GraphEdge, type GraphTable, type Multiplicity } from './types.js';

// Crow's-foot ends as Graphviz arrow shapes; the first shape sits against the table.
const ARROW: Record<Multiplicity, string> = { zeroOrOne: 'teeodot', exactlyOne: 'teetee', zeroOrMore: 'crowodot', oneOrMore: 'crowtee' };

const HEADER_COLOR = '#dde6f2';
const MUTED_COLOR = '#555555';

/**
 * A Graphviz digraph: each table an HTML-like label with one row per column (a port per row, so
 * a key's line starts at its column), each relation an edge with crow's-foot ends.
 */
export function renderDot(graph: ErGraph): string {
  const ids = uniqueIdentifiers(graph.tables.map((table) => table.name), nodeName);
  const drawn = new Set(graph.tables.map((table) => table.name));
  const lines = [
    `// ${oneLine(graph.title)}, drawn by wren graph`,
    'digraph wren {',
    '  graph [rankdir=LR, nodesep=0.4, ranksep=1.0, pad=0.4, fontname="Helvetica"];',
    '  node [shape=plain, fontname="Helvetica", fontsize=11];',
    `  edge [dir=both, fontname="Helvetica", fontsize=9, color="${MUTED_COLOR}", fontcolor="${MUTED_COLOR}"];`,
  ];
  for (const table of graph.tables) lines.push(`  ${quoted(ids.get(table.name)!)} [label=<${tableLabel(table, drawn)}>];`);
  for (const edge of graph.edges) lines.push(`  ${edgeStatement(edge, graph, ids)}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function tableLabel(table: GraphTable, drawn: ReadonlySet<string>): string {
  const notes = table.notes.map((note) => `<br/><font point-size="9" color="${MUTED_COLOR}">${html(note)}</font>`).join('');
  const header = `<tr><td colspan="3" bgcolor="${HEADER_COLOR}"><b>${html(table.name)}</b>${notes}</td></tr>`;
  const rows = table.columns.map((column, index) => columnRow(column, index, drawn));
  return `<table border="0" cellborder="1" cellspacing="0" cellpadding="4" bgcolor="white">${header}${rows.join('')}</table>`;
}

function columnRow(column: GraphColumn, index: number, drawn: ReadonlySet<string>): string {
  const keys = [column.pk && 'PK', column.references && 'FK', column.unique && 'UK', column.nullable && 'null'].filter(Boolean).join(' ');
  // A key into a table left out of the picture says where it points, since no line does.
  const target = column.references && !drawn.has(column.references.table) ? ` to ${column.references.table}.${column.references.column}` : '';
  const name = column.pk ? `<u>${html(column.name)}</u>` : html(column.name);
  const type = `<font color="${MUTED_COLOR}">${html(fullType(column))}</font>`;
  // A port at each end of the row: lines leave a key from its right edge and reach a target at its left.
  return `<tr><td port="l${index}" align="left">${name}</td><td align="left">${type}</td><td port="r${index}" align="left">${html(keys + target)}</td></tr>`;
}

function edgeStatement(edge: GraphEdge, graph: ErGraph, ids: ReadonlyMap<string, string>): string {
  const attributes = [
    ...port('tailport', graph, edge.from, edge.fromColumn, 'r'),
    ...port('headport', graph, edge.to, edge.toColumn, 'l'),
    `arrowtail=${ARROW[edge.cardinality.from]}`,
    `arrowhead=${ARROW[edge.cardinality.to]}`,
    ...(edge.kind === 'manyToMany' ? ['style=dashed'] : []),
    // Loops on one table share their ends, so their labels are placed after layout, clear of each other.
    `${edge.from === edge.to ? 'xlabel' : 'label'}=<${html(edgeCaption(edge))}>`,
  ];
  return `${quoted(ids.get(edge.from)!)} -> ${quoted(ids.get(edge.to)!)} [${attributes.join(', ')}];`;
}

/** The row's right (`r`) or left (`l`) port, on its outer side since the layout runs left to right. */
function port(attribute: string, graph: ErGraph, tableName: string, columnName: string | undefined, end: 'r' | 'l'): string[] {
  if (columnName === undefined) return [];
  const index = graph.tables.find((table) => table.name === tableName)?.columns.findIndex((column) => column.name === columnName) ?? -1;
  return index < 0 ? [] : [`${attribute}="${end}${index}:${end === 'r' ? 'e' : 'w'}"`];
}

/**
 * A node name DOT can quote: only `"` has an escape there, and a backslash would still reach
 * Graphviz's own escapes (`\N`, `\l`), so backslashes and line breaks become `_`. The label shows
 * the real name.
 */
function nodeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\\u0000-\u001f\u007f]/g, '_') || '_';
}

function quoted(id: string): string {
  return `"${id.replace(/"/g, '\\"')}"`;
}

/** Text inside an HTML-like label: markup characters as entities, control characters dropped. */
function html(value: string): string {
  return oneLine(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}
