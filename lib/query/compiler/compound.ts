import type { SqlFragment } from '../../dialects/index.js';
import { NotSupportedError } from '../../errors.js';
import type { ExpressionNode } from '../nodes.js';
import { nullsAfterReverse, type Combination, type OrderTerm, type QueryState } from '../state.js';
import type { SelectShape } from './select.js';
import type { SqlCompiler } from './sql-compiler.js';

type SelectWriter = (state: QueryState, compiler: SqlCompiler, shape: SelectShape) => SqlFragment;

/**
 * `a UNION b` as `select * from (a UNION b) as wren_combined order by ... limit ...`. Wrapping
 * lets ORDER BY use any expression over the result's columns on every database (a bare
 * compound takes only result column names there, and SQLite refuses ORDER BY inside its parts);
 * a part that is ordered and sliced becomes a derived table of its own for the same reason.
 */
export function combinedSql(
  state: QueryState,
  compiler: SqlCompiler,
  shape: SelectShape,
  ordering: readonly OrderTerm[],
  slice: SqlFragment | null,
  writeSelect: SelectWriter,
  shapeOf: (part: QueryState) => SelectShape,
): SqlFragment {
  const combination = state.combined!;
  const bindings: unknown[] = [];
  const parts = combination.parts.map((part, i) => {
    const sliced = part.low !== 0 || part.high !== null;
    // Each part selects its own columns (values() of two models name different tables); the
    // result's rows are read by `shape`, the first part's, column by column in the same order.
    const partShape = i === 0 ? shape : shapeOf(part);
    const sql = writeSelect(sliced ? part : { ...part, ordering: [] }, compiler, partShape);
    bindings.push(...sql.bindings);
    return sliced ? `select * from (${sql.sql}) as ${compiler.quote(`wren_part${i}`)}` : sql.sql;
  });
  const operator = ` ${compiler.dialect.compoundOperator(combination.operator, combination.all)} `;
  let sql = `select * from (${parts.join(operator)}) as ${compiler.quote('wren_combined')}`;
  if (ordering.length) {
    const terms = ordering.map((term) => orderTermSql(term, state, shape, compiler));
    sql += ` order by ${terms.map((term) => term.sql).join(', ')}`;
    for (const term of terms) bindings.push(...term.bindings);
  }
  if (slice) sql += ` ${slice.sql}`;
  return { sql, bindings };
}

/** An ORDER BY term over the combined rows: a selected field's column or a selected annotation's alias. */
function orderTermSql(term: OrderTerm, state: QueryState, shape: SelectShape, compiler: SqlCompiler): SqlFragment {
  if (term.kind === 'random') return { sql: compiler.dialect.randomOrderSql(), bindings: [] };
  const name = resultColumn(term.node, state, shape);
  if (name === null) throw new NotSupportedError('After union(), intersection() or difference(), order by selected fields or annotations only');
  const column: SqlFragment = { sql: `${compiler.quote('wren_combined')}.${compiler.quote(name)}`, bindings: [] };
  return compiler.dialect.orderTermSql(column, term.descending !== state.reversed, nullsAfterReverse(term.nulls, state.reversed));
}

function resultColumn(node: ExpressionNode, state: QueryState, shape: SelectShape): string | null {
  if (node.kind === 'column' && shape.fields.includes(node.field)) return node.field.column;
  return shape.annotations.find((name) => state.annotations[name] === node) ?? null;
}
