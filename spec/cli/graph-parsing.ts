// Readers for what `wren graph` prints, so the specs can compare tables and edges exactly. The
// mermaid reader is deliberately strict: it accepts only the grammar every deployed mermaid
// version parses (quoted entity names, one-word types and names, PK/FK/UK keys, quoted comments).

export interface ParsedEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Mermaid: the relationship symbols (`}o--||`); DOT: the edge's attribute list. */
  readonly detail: string;
}

export interface ParsedGraph {
  readonly tables: string[];
  /** Attribute lines per table (mermaid) or the label's HTML (DOT). */
  readonly bodies: Map<string, string[]>;
  readonly edges: ParsedEdge[];
}

const WORD = '[A-Za-z_\\u00C0-\\uFFFF][A-Za-z0-9_\\u00C0-\\uFFFF]*';
const ENTITY = '"([^"%\\\\\\r\\n]+)"';
const ATTRIBUTE = new RegExp(`^        (${WORD}) (${WORD})( (?:PK|FK|UK)(?:, (?:PK|FK|UK))*)?( "[^"]*")?$`);
const RELATIONSHIP = new RegExp(`^    ${ENTITY} ((?:\\|o|\\|\\||\\}o|\\}\\|)(?:--|\\.\\.)(?:o\\||\\|\\||o\\{|\\|\\{)) ${ENTITY} : "([^"]*)"$`);
const OPEN = new RegExp(`^    ${ENTITY}( \\{)?$`);

/** Parses an erDiagram, throwing on the first line outside the strict grammar. */
export function parseMermaid(text: string): ParsedGraph {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'erDiagram') throw new Error(`mermaid: first line is '${lines[0]}', not erDiagram`);
  const graph: ParsedGraph = { tables: [], bodies: new Map(), edges: [] };
  let open: string | undefined;
  for (const line of lines.slice(1)) {
    if (/^\s*%%[^{]/.test(line)) continue;
    if (open !== undefined) {
      if (line === '    }') open = undefined;
      else if (ATTRIBUTE.test(line) && !/^(pk|fk|uk)$/i.test(ATTRIBUTE.exec(line)![2]!)) graph.bodies.get(open)!.push(line.trim());
      else throw new Error(`mermaid: bad attribute line '${line}'`);
      continue;
    }
    const relationship = RELATIONSHIP.exec(line);
    if (relationship) {
      graph.edges.push({ from: relationship[1]!, detail: relationship[2]!, to: relationship[3]!, label: relationship[4]! });
      continue;
    }
    const entity = OPEN.exec(line);
    if (!entity) throw new Error(`mermaid: bad line '${line}'`);
    graph.tables.push(entity[1]!);
    graph.bodies.set(entity[1]!, []);
    if (entity[2]) open = entity[1]!;
  }
  if (open !== undefined) throw new Error(`mermaid: entity '${open}' is not closed`);
  return graph;
}

const DOT_ID = '"((?:[^"\\\\]|\\\\.)*)"';
const DOT_NODE = new RegExp(`^  ${DOT_ID} \\[label=<(.*)>\\];$`);
const DOT_EDGE = new RegExp(`^  ${DOT_ID} -> ${DOT_ID} \\[(.*)\\];$`);

/** Parses the DOT `wren graph` writes: one node or edge statement per line. */
export function parseDot(text: string): ParsedGraph {
  const graph: ParsedGraph = { tables: [], bodies: new Map(), edges: [] };
  const unquote = (id: string) => id.replace(/\\"/g, '"');
  for (const line of text.split('\n')) {
    const node = DOT_NODE.exec(line);
    if (node) {
      graph.tables.push(unquote(node[1]!));
      graph.bodies.set(unquote(node[1]!), [node[2]!]);
      continue;
    }
    const edge = DOT_EDGE.exec(line);
    if (edge) graph.edges.push({ from: unquote(edge[1]!), to: unquote(edge[2]!), detail: edge[3]!, label: unescapeXml(/label=<([^>]*)>/.exec(edge[3]!)?.[1] ?? '') });
  }
  return graph;
}

/** Nodes and edges of Graphviz's SVG, from their `<title>`s (`Album`, `Album:r2:e->Artist:l0:w`). */
export function parseSvg(svg: string): ParsedGraph {
  const titles = (kind: string) => [...svg.matchAll(new RegExp(`<g id="${kind}\\d+" class="${kind}">\\s*<title>([^<]*)</title>`, 'g'))].map((m) => unescapeXml(m[1]!));
  const edges = titles('edge').map((title) => {
    const [from, to] = title.split('->').map((end) => end.split(':')[0]!);
    return { from: from!, to: to!, label: '', detail: title };
  });
  return { tables: titles('node'), bodies: new Map(), edges };
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Throws unless the text is well-formed XML with one `<svg>` root: every tag closed in order,
 * attributes quoted, no stray `<` or unknown `&` in text. (A small checker rather than a parser
 * dependency; enough for what Graphviz writes.)
 */
export function assertWellFormedSvg(svg: string): void {
  const body = svg.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/<!DOCTYPE[^>[]*(\[[^\]]*\])?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  for (let at = 0; at < body.length; ) {
    const next = body.indexOf('<', at);
    checkText(next < 0 ? body.slice(at) : body.slice(at, next));
    if (next < 0) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (!match) throw new Error(`svg: malformed tag at ${next}: ${body.slice(next, next + 60)}`);
    const [whole, closing, name, , selfClosing] = match;
    if (closing) {
      if (stack.pop() !== name) throw new Error(`svg: </${name}> closes nothing open at ${next}`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
    at = next + whole.length;
  }
  if (stack.length) throw new Error(`svg: unclosed <${stack.join('>, <')}>`);
  if (roots !== 1 || !/^\s*<svg[\s>]/.test(body)) throw new Error('svg: the document must have exactly one <svg> root');
}

function checkText(text: string): void {
  const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (bad) throw new Error(`svg: bare '&' in text: ${text.slice(Math.max(0, bad.index - 20), bad.index + 20)}`);
}
