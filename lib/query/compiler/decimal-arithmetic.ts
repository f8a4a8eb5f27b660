/**
 * Arithmetic on decimal values, as the compiler writes it: `%` as `Mod()` writes it (SQLite's `%`
 * truncates both sides to integers), quotients through the dialect, and results settled to the
 * places exact arithmetic gives (see `Dialect.settledDecimalSql`; SQLite computes in doubles).
 */
import { INTEGER_KINDS } from '../../dialects/dialect.js';
import type { SqlFragment } from '../../dialects/index.js';
import { exactDecimalText } from '../../util/decimal.js';
import type { ExpressionNode } from '../nodes.js';
import type { SqlCompiler } from './sql-compiler.js';

/**
 * Arithmetic on decimals. `%` is written as `Mod()` writes it: SQLite's `%` truncates both sides
 * to integers (8.91 % 1 was 0). Where the database computes decimals as doubles (SQLite), the
 * result is settled to the scale the exact arithmetic has (`+ - %` the larger of the operands',
 * `*` their sum), so 8.91 * 0.333 reads 2.96703 as on PostgreSQL, not 2.9670300000000003; a
 * quotient has no exact scale and keeps the double's digits.
 */
export function decimalArithmetic(node: Extract<ExpressionNode, { kind: 'arithmetic' }>, left: SqlFragment, right: SqlFragment, c: SqlCompiler): SqlFragment {
  const { dialect } = c;
  const lhs = asDecimalConstant(node.lhs, left, c);
  const rhs = asDecimalConstant(node.rhs, right, c);
  const bindings = [...lhs.bindings, ...rhs.bindings];
  let sql: string;
  if (node.op === '%') sql = dialect.functionSql('MOD', [lhs, rhs], false).sql;
  else if (node.op === '/') sql = dialect.decimalQuotientSql(lhs.sql, rhs.sql);
  else sql = `(${lhs.sql} ${node.op} ${rhs.sql})`;
  const scale = decimalScale(node);
  return { sql: scale === null ? sql : dialect.settledDecimalSql(sql, scale), bindings };
}

/** A constant operand (`mul('0.333')`), bound as text, typed as a decimal of its own places (see `Dialect.decimalConstantSql`). */
function asDecimalConstant(node: ExpressionNode, fragment: SqlFragment, c: SqlCompiler): SqlFragment {
  if (node.kind !== 'value' || fragment.sql !== '?') return fragment;
  const scale = constantScale(node.value);
  return scale === null ? fragment : { sql: c.dialect.decimalConstantSql(fragment.sql, scale), bindings: fragment.bindings };
}

/** A sum of decimals adds up the doubles' binary errors too (0.99 + 8.91 + 21.86 is 31.759999999999998). */
export function settledSum(node: Extract<ExpressionNode, { kind: 'aggregate' }>, sql: string, c: SqlCompiler): string {
  const scale = node.arg && involvesDecimal(node.arg) ? decimalScale(node) : null;
  return scale === null ? sql : c.dialect.settledDecimalSql(sql, scale);
}

/** Whether a decimal field's values take part in the arithmetic (its result is then a decimal). */
export function involvesDecimal(node: ExpressionNode): boolean {
  switch (node.kind) {
    case 'column':
      return node.field.kind === 'decimal';
    case 'value':
      return node.field?.kind === 'decimal';
    case 'arithmetic':
      return involvesDecimal(node.lhs) || involvesDecimal(node.rhs);
    case 'aggregate':
      return node.fn !== 'COUNT' && node.fn !== 'AVG' && node.arg !== null && involvesDecimal(node.arg);
    default:
      return false;
  }
}

/** The places exact decimal arithmetic gives `node`, or null when unknown or unbounded (a quotient). */
function decimalScale(node: ExpressionNode): number | null {
  switch (node.kind) {
    case 'column':
      if (node.field.kind === 'decimal') return node.field.columnSpec().decimalPlaces ?? 0;
      return INTEGER_KINDS.has(node.field.kind) ? 0 : null;
    case 'value':
      return constantScale(node.value);
    case 'arithmetic': {
      const lhs = decimalScale(node.lhs);
      const rhs = decimalScale(node.rhs);
      if (lhs === null || rhs === null || node.op === '/') return null;
      return node.op === '*' ? lhs + rhs : Math.max(lhs, rhs);
    }
    case 'aggregate':
      return node.fn === 'SUM' || node.fn === 'MIN' || node.fn === 'MAX' ? (node.arg ? decimalScale(node.arg) : null) : node.fn === 'COUNT' ? 0 : null;
    default:
      return null;
  }
}

/** Places of a constant as written ('0.333' has three), or null when it is no decimal number. */
function constantScale(value: unknown): number | null {
  const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ? exactDecimalText(value) : undefined;
  if (text === undefined) return null;
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}
