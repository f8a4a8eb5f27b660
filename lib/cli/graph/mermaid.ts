import { uniqueIdentifiers } from './identifiers.js';
import { edgeCaption, fullType, type ErGraph, type GraphColumn, type GraphEdge, type Multiplicity } from './types.js';

// Crow's-foot ends as mermaid writes them on the left and on the right of `--`.
const LEFT: Record<Multiplicity, string> = { zeroOrOne: '|o', exactlyOne: '||', zeroOrMore: '}o', oneOrMore: '}|' };
const RIGHT: Record<Multiplicity, string> = { zeroOrOne: 'o|', exactlyOne: '||', zeroOrMore: 'o{', oneOrMore: '|{' };

/**
 * A mermaid `erDiagram` (renders on GitHub in a ```mermaid block). Written for the strictest
 * grammar still deployed: entity names always quoted (bare `one`, `to`, `u` are keywords),
 * attribute types and names plain words (no spaces or parentheses: `CharField(100)` goes in the
 * quoted comment), keys among PK, FK, UK.
 */
export function renderMermaid(graph: ErGraph): string {
  const ids = uniqueIdentifiers(graph.tables.map((table) => table.name), entityName);
  const drawn = new Set(graph.tables.map((table) => table.name));
  const lines = ['erDiagram', `    %% ${text(graph.title)}, drawn by wren graph`];
  for (const table of graph.tables) {
    if (table.notes.length) lines.push(`    %% ${text(table.name)}: ${text(table.notes.join('; '))}`);
    if (table.columns.length === 0) {
      lines.push(`    "${ids.get(table.name)}"`);
      continue;
    }
    lines.push(`    "${ids.get(table.name)}" {`);
    for (const column of table.columns) lines.push(`        ${attribute(column, drawn)}`);
    lines.push('    }');
  }
  for (const edge of graph.edges) lines.push(`    ${relationship(edge, ids)}`);
  return `${lines.join('\n')}\n`;
}

function attribute(column: GraphColumn, drawn: ReadonlySet<string>): string {
  const keys = [column.pk && 'PK', column.references && 'FK', column.unique && 'UK'].filter(Boolean);
  const notes = [column.typeArgs ? fullType(column) : '', column.nullable ? 'nullable' : ''];
  // A key into a table left out of the picture says where it points, since no line does.
  if (column.references && !drawn.has(column.references.table)) notes.push(`to ${column.references.table}.${column.references.column}`);
  const comment = notes.filter(Boolean).join(', ');
  return `${word(column.type)} ${word(column.name)}${keys.length ? ` ${keys.join(', ')}` : ''}${comment ? ` "${text(comment)}"` : ''}`;
}

function relationship(edge: GraphEdge, ids: ReadonlyMap<string, string>): string {
  // Dotted (non-identifying) for many-to-many: no key column on either side.
  const line = edge.kind === 'manyToMany' ? '..' : '--';
  return `"${ids.get(edge.from)}" ${LEFT[edge.cardinality.from]}${line}${RIGHT[edge.cardinality.to]} "${ids.get(edge.to)}" : "${text(edgeCaption(edge))}"`;
}

/** A quoted entity name may hold anything but double quotes (made single), `%`, backslashes and line breaks. */
function entityName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/"/g, "'").replace(/[%\\\u0000-\u001f\u007f]/g, '_') || '_';
}

/** An attribute type or name: a letter or `_`, then letters, digits and `_`; never a key word. */
function word(name: string): string {
  let cleaned = name.replace(/[^A-Za-z0-9_\u00C0-\uFFFF]/g, '_');
  if (!/^[A-Za-z_\u00C0-\uFFFF]/.test(cleaned)) cleaned = `_${cleaned}`;
  // The lexer reads a bare PK, FK or UK (in any case) as a key, not as a name.
  return /^(pk|fk|uk)$/i.test(cleaned) ? `${cleaned}_` : cleaned;
}

/** Text inside double quotes, or after `%%`: one line, no double quote, no `%%`. */
function text(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/%%+/g, '%');
}
