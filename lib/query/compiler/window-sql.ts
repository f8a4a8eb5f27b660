import type { SqlFragment } from '../../dialects/index.js';
import type { ExpressionNode, WindowFrame } from '../nodes.js';
import type { SqlCompiler } from './sql-compiler.js';

type WindowNode = Extract<ExpressionNode, { kind: 'window' }>;

/** `<expression> OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ...)`, the same on all three databases. */
export function windowSql(node: WindowNode, c: SqlCompiler): SqlFragment {
  const call = node.expression;
  if (call.kind === 'func' && OFFSET_FUNCTIONS.has(call.fn.name) && call.args.length === 3 && !c.dialect.supportsOffsetDefault) {
    return offsetWithFallback(node, call.fn.name, call.args, c);
  }
  if (call.kind === 'func' && DISTRIBUTIONS.has(call.fn.name) && !c.dialect.supportsExactDistribution) {
    return distributionFromCounts(node, call.fn.name, c);
  }
  const expression = c.expression(call);
  const over = overClause(node, node.frame, c);
  return { sql: `${expression.sql} OVER (${over.sql})`, bindings: [...expression.bindings, ...over.bindings] };
}

const OFFSET_FUNCTIONS = new Set(['LAG', 'LEAD']);

/**
 * `LAG(x, n, fallback)` where the database has no fallback argument (MariaDB): the fallback is
 * used when fewer than n rows precede (or follow) the current one, counted over the same window
 * — not when the neighbour's value is NULL, which a COALESCE would wrongly replace too.
 */
function offsetWithFallback(node: WindowNode, name: string, args: readonly ExpressionNode[], c: SqlCompiler): SqlFragment {
  const [value, offset, fallback] = args.map((arg) => c.expression(arg)) as [SqlFragment, SqlFragment, SqlFragment];
  const reach: WindowFrame = name === 'LAG' ? { unit: 'ROWS', start: null, end: 0 } : { unit: 'ROWS', start: 0, end: null };
  const counted = overClause(node, reach, c);
  const over = overClause(node, node.frame, c);
  return {
    sql: `CASE WHEN COUNT(*) OVER (${counted.sql}) > ${offset.sql} THEN ${name}(${value.sql}, ${offset.sql}) OVER (${over.sql}) ELSE ${fallback.sql} END`,
    bindings: [...counted.bindings, ...offset.bindings, ...value.bindings, ...offset.bindings, ...over.bindings, ...fallback.bindings],
  };
}

const DISTRIBUTIONS = new Set(['CUME_DIST', 'PERCENT_RANK']);
const EVERY_ROW: WindowFrame = { unit: 'ROWS', start: null, end: null };

/**
 * CUME_DIST and PERCENT_RANK from their definitions, in doubles: rows up to and including the
 * current row's peers over the partition's rows, and (rank - 1) over (rows - 1).
 */
function distributionFromCounts(node: WindowNode, name: string, c: SqlCompiler): SqlFragment {
  const ordered = overClause(node, null, c);
  const partition = overClause({ ...node, orderBy: [] }, EVERY_ROW, c);
  const rows = `COUNT(*) OVER (${partition.sql})`;
  if (name === 'CUME_DIST') {
    return { sql: `(CAST(COUNT(*) OVER (${ordered.sql}) AS DOUBLE) / ${rows})`, bindings: [...ordered.bindings, ...partition.bindings] };
  }
  return {
    sql: `(CASE WHEN ${rows} = 1 THEN 0 ELSE CAST(RANK() OVER (${ordered.sql}) - 1 AS DOUBLE) / (${rows} - 1) END)`,
    bindings: [...partition.bindings, ...ordered.bindings, ...partition.bindings],
  };
}

function overClause(node: WindowNode, requested: WindowFrame | null, c: SqlCompiler): SqlFragment {
  let frame = requested;
  const clauses: string[] = [];
  const bindings: unknown[] = [];
  if (node.partitionBy.length) {
    const parts = node.partitionBy.map((part) => c.expression(part));
    clauses.push(`PARTITION BY ${parts.map((part) => part.sql).join(', ')}`);
    for (const part of parts) bindings.push(...part.bindings);
  }
  if (node.orderBy.length) {
    const terms = node.orderBy.map((term) => c.dialect.orderTermSql(c.expression(term.node), term.descending, term.nulls));
    clauses.push(`ORDER BY ${terms.map((term) => term.sql).join(', ')}`);
    for (const term of terms) bindings.push(...term.bindings);
  }
  if (!node.partitionBy.length && !node.orderBy.length && node.rowOrder && c.dialect.orderWholeSetWindows) {
    const key = c.expression(node.rowOrder);
    clauses.push(`ORDER BY ${key.sql}`);
    bindings.push(...key.bindings);
    frame ??= takesFrame(node.expression) ? EVERY_ROW : null;
  }
  if (frame) clauses.push(frameSql(frame));
  return { sql: clauses.join(' '), bindings };
}

/** Aggregates and FIRST/LAST/NTH_VALUE read a frame; ranking functions and LAG/LEAD refuse one on MariaDB. */
function takesFrame(expression: ExpressionNode): boolean {
  return expression.kind === 'aggregate' || (expression.kind === 'func' && FRAMED_FUNCTIONS.has(expression.fn.name));
}

const FRAMED_FUNCTIONS = new Set(['FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE']);

/** Frame bounds are whole numbers checked by `RowRange`/`ValueRange`, so they are written, not bound. */
function frameSql(frame: WindowFrame): string {
  return `${frame.unit} BETWEEN ${bound(frame.start, 'PRECEDING')} AND ${bound(frame.end, 'FOLLOWING')}`;
}

function bound(offset: number | null, unbounded: 'PRECEDING' | 'FOLLOWING'): string {
  if (offset === null) return `UNBOUNDED ${unbounded}`;
  if (offset === 0) return 'CURRENT ROW';
  return offset < 0 ? `${-offset} PRECEDING` : `${offset} FOLLOWING`;
}
