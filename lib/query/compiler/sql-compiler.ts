import { INTEGER_KINDS } from '../../dialects/dialect.js';
import type { Converter, Dialect, SqlFragment } from '../../dialects/index.js';
import { WrenError } from '../../errors.js';
import type { Field } from '../../fields/index.js';
import { decimalArithmetic, involvesDecimal, settledSum } from './decimal-arithmetic.js';
import { joinListSql } from './joins-sql.js';
import { dbValue } from './write.js';
import { COMPARE_DATETIME } from '../../dialects/functions/standard.js';
import { windowSql } from './window-sql.js';
import { unboundOuterRef } from '../outer-refs.js';
import { selectedAlias, selectShape, selectSql, type SelectShape } from './select.js';
import { hasWindowCondition } from './window-filter.js';
import type { QueryState } from '../state.js';
import type { Lookup, LookupCompiler } from '../lookups/lookup.js';
import { isExpressionNode, nullableColumns, type ExpressionNode, type LookupNode, type WhereNode } from '../nodes.js';

type Handler<K extends ExpressionNode['kind']> = (node: Extract<ExpressionNode, { kind: K }>, compiler: SqlCompiler) => SqlFragment;

/** Every expression kind has a handler: adding a kind to `nodes.ts` fails to compile until it has one. */
const EXPRESSION_HANDLERS = {
  column: (node, c) => {
    const sql = `${c.quote(node.table)}.${c.quote(node.field.column)}`;
    return { sql: c.comparing ? c.dialect.comparisonOperand(sql, node.field.kind) : c.dialect.columnOperand(sql, node.field.kind), bindings: [] };
  },
  value: (node, c) => {
    if (!node.field) return { sql: '?', bindings: [node.value] };
    if (!node.typed || c.comparing) return c.param(node.value, node.field);
    // A Value() standing alone (selected, a CASE branch, a function argument) is bound as the
    // column would store it, and PostgreSQL must be told its type.
    if (node.value === null) return { sql: '?', bindings: [null] };
    return { sql: c.dialect.typedPlaceholder(node.field.columnSpec()), bindings: [dbValue(node.field, node.value, c)] };
  },
  fieldRef: (node) => {
    throw new WrenError(`Internal error: F('${node.name}') reached the compiler unresolved`);
  },
  arithmetic: (node, c) => {
    const lhs = c.expression(node.lhs);
    const rhs = c.expression(node.rhs);
    const bindings = [...lhs.bindings, ...rhs.bindings];
    if (node.op === '/' && isIntegral(node.lhs) && isIntegral(node.rhs)) return { sql: c.dialect.integerDivisionSql(lhs.sql, rhs.sql), bindings };
    if (involvesDecimal(node)) return decimalArithmetic(node, lhs, rhs, c);
    // `%` of non-integers as Mod() computes it: SQLite's % truncates both sides, PostgreSQL has no double %.
    if (node.op === '%' && !(isIntegral(node.lhs) && isIntegral(node.rhs))) return c.dialect.functionSql('MOD_FLOAT', [lhs, rhs], false);
    return { sql: `(${lhs.sql} ${node.op} ${rhs.sql})`, bindings };
  },
  aggregate: (node, c) => {
    if (!node.arg && !node.filter) return { sql: `${node.fn}(*)`, bindings: [] };
    let arg = node.arg ? c.withComparing(false, () => c.expression(node.arg!)) : { sql: '1', bindings: [] };
    // `filter:` as a CASE inside the aggregate: rows failing it give NULL, which aggregates skip.
    // FILTER (WHERE ...) says the same, but MySQL/MariaDB lack it, and one form serves all three.
    if (node.filter) {
      const condition = c.where(node.filter as WhereNode);
      arg = { sql: `CASE WHEN ${condition.sql} THEN ${arg.sql} ELSE NULL END`, bindings: [...condition.bindings, ...arg.bindings] };
    }
    const sql = c.dialect.aggregateSql(node.fn, arg.sql, node.distinct);
    return { sql: node.fn === 'SUM' && c.settlesSums ? settledSum(node, sql, c) : sql, bindings: arg.bindings };
  },
  // A transform reads its source column as stored (strftime() needs the text, not a comparison form).
  transform: (node, c) => node.transform.asSql(c.withComparing(false, () => c.expression(node.source)), node.sourceField, c),
  subquery: (node, c) => {
    const shape = selectShape(node.state);
    const inner = c.withComparing(false, () => selectSql(node.state, c, shape));
    const compared = c.comparing ? comparedColumn(shape, c) : null;
    // MySQL refuses LIMIT directly inside IN (...); a derived table is accepted everywhere.
    const sliced = node.inList === true && (node.state.low !== 0 || node.state.high !== null);
    // A query filtered on a window also returns the operands it computed for that: pick the one column.
    const wrapped = node.state.where !== null && hasWindowCondition(node.state.where);
    const column = compared ?? (wrapped ? `${c.quote('wren_sub')}.${c.quote(onlyColumnName(node.state, shape))}` : '*');
    const sql = compared || sliced || wrapped ? `(SELECT ${column} FROM (${inner.sql}) AS ${c.quote('wren_sub')})` : `(${inner.sql})`;
    return { sql, bindings: inner.bindings };
  },
  func: (node, c) => {
    const args = c.withComparing(false, () => node.args.map((arg) => c.expression(arg)));
    return c.dialect.functionSql(node.fn.name, args, node.fn.generic);
  },
  case: (node, c) => {
    let sql = 'CASE';
    const bindings: unknown[] = [];
    for (const branch of node.whens) {
      const condition = c.where(branch.when as WhereNode);
      const then = c.withComparing(false, () => c.expression(branch.then));
      sql += ` WHEN ${condition.sql} THEN ${then.sql}`;
      bindings.push(...condition.bindings, ...then.bindings);
    }
    const otherwise = node.otherwise ? c.withComparing(false, () => c.expression(node.otherwise!)) : null;
    if (otherwise) bindings.push(...otherwise.bindings);
    return { sql: `${sql} ELSE ${otherwise ? otherwise.sql : 'NULL'} END`, bindings };
  },
  typed: (node, c) => {
    // Read as stored: a comparison wraps the whole expression (see `comparedExpression`).
    const inner = c.withComparing(false, () => c.expression(node.inner));
    return node.cast ? { sql: c.dialect.castSql(inner.sql, node.output.columnSpec()), bindings: inner.bindings } : inner;
  },
  // Parenthesised so it composes; a bare number or name needs none (MariaDB refuses LAG(x, (1))).
  raw: (node) => ({ sql: /^\w+$/.test(node.sql) ? node.sql : `(${node.sql})`, bindings: node.params }),
  outerRef: (node) => {
    throw unboundOuterRef(node.name);
  },
  exists: (node, c) => {
    const inner = c.withComparing(false, () => selectSql(node.state, c, selectShape(node.state)));
    return { sql: `${node.negated ? 'NOT ' : ''}EXISTS (${inner.sql})`, bindings: inner.bindings };
  },
  window: (node, c) => {
    // A settled SUM is settled as a whole, `SUM(x) OVER (...)`: ROUND(SUM(x), 2) OVER is no SQL.
    const sql = c.withComparing(false, () => c.withSettledSums(false, () => windowSql(node, c)));
    return node.expression.kind === 'aggregate' && node.expression.fn === 'SUM' ? { sql: settledSum(node.expression, sql.sql, c), bindings: sql.bindings } : sql;
  },
} satisfies { [K in ExpressionNode['kind']]: Handler<K> };

/** The name of the one column a subquery's SELECT returns. */
function onlyColumnName(state: QueryState, shape: SelectShape): string {
  return shape.fields.length ? shape.fields[0]!.column : selectedAlias(state, shape, shape.annotations[0]!);
}

/**
 * `at__in=<subquery selecting a datetime>` compares the selected column in the lookup's form
 * (SQLite normalises datetimes); null when the column compares as it is selected.
 */
function comparedColumn(shape: SelectShape, c: SqlCompiler): string | null {
  if (shape.fields.length !== 1 || shape.annotations.length !== 0) return null;
  const field = shape.fields[0]!;
  const column = `${c.quote('wren_sub')}.${c.quote(field.column)}`;
  const operand = c.dialect.comparisonOperand(column, field.kind);
  return operand === column ? null : operand;
}


/** Whether an expression's values are whole numbers, so `/` must divide as integers everywhere. */
function isIntegral(node: ExpressionNode): boolean {
  switch (node.kind) {
    case 'column':
      return INTEGER_KINDS.has(node.field.kind);
    case 'value':
      return node.field ? INTEGER_KINDS.has(node.field.kind) : Number.isInteger(node.value);
    case 'arithmetic':
      return isIntegral(node.lhs) && isIntegral(node.rhs);
    case 'aggregate':
      return node.fn === 'COUNT' || ((node.fn === 'MIN' || node.fn === 'MAX') && node.arg !== null && isIntegral(node.arg));
    default:
      return false;
  }
}

type WhereHandler<K extends WhereNode['kind']> = (node: Extract<WhereNode, { kind: K }>, compiler: SqlCompiler, underNot: boolean) => SqlFragment;

function connective(node: Extract<WhereNode, { kind: 'and' | 'or' }>, c: SqlCompiler, underNot: boolean): SqlFragment {
  if (node.children.length === 0) {
    // An empty AND is true, an empty OR false; negation flips either.
    const truth = (node.kind === 'and') !== node.negated;
    return { sql: truth ? '1 = 1' : '1 = 0', bindings: [] };
  }
  const negatedHere = underNot !== node.negated;
  const children = node.children;
  // Loops rather than map/join/flatMap: every filtered query compiles through here.
  if (children.length === 1) {
    const only = c.where(children[0]!, negatedHere);
    return node.negated ? { sql: `NOT (${only.sql})`, bindings: only.bindings } : only;
  }
  const separator = node.kind === 'and' ? ' AND ' : ' OR ';
  let joined = '';
  const bindings: unknown[] = [];
  for (let i = 0; i < children.length; i++) {
    const part = c.where(children[i]!, negatedHere);
    joined += `${i ? separator : ''}(${part.sql})`;
    for (const binding of part.bindings) bindings.push(binding);
  }
  return { sql: node.negated ? `NOT (${joined})` : joined, bindings };
}

/** Every where kind has a handler too. */
const WHERE_HANDLERS = {
  and: connective,
  or: connective,
  lookup: (node, c, underNot) => c.lookupSql(node, underNot),
  boolean: (node, c) => c.withComparing(false, () => c.expression(node.node)),
  // The subquery's condition is positive: the negation applies to the IN, whose sides are never NULL.
  relatedSubquery: (node, c) => {
    const alias = node.alias ?? node.table;
    const pk = `${c.quote(alias)}.${c.quote(node.pk.column)}`;
    const from = alias === node.table ? c.quote(node.table) : `${c.quote(node.table)} ${c.quote(alias)}`;
    const inner = c.where(node.where);
    return { sql: `${pk} IN (SELECT ${pk} FROM ${from}${joinListSql(node.joins, c)} WHERE ${inner.sql})`, bindings: inner.bindings };
  },
} satisfies { [K in WhereNode['kind']]: WhereHandler<K> };

/** Expressions whose values a comparison reads as computed (their columns are read as stored). */
const COMPUTED_KINDS: ReadonlySet<ExpressionNode['kind']> = new Set(['func', 'case', 'typed', 'raw', 'window', 'aggregate']);

/** Enough for every table, column and alias of a large application; names past it are quoted each time. */
const QUOTED_NAMES_KEPT = 10_000;

/** Turns expression and where nodes into SQL fragments with bound values for one dialect. */
export class SqlCompiler implements LookupCompiler {
  /** @internal True while a lookup compiles: columns are then read as comparisons read them. */
  comparing = false;

  /**
   * Quoted identifiers, kept: a query quotes each table and column several times, and the
   * identifiers an application uses are few (its models' names), where quoting is a regex replace.
   */
  private readonly quoted = new Map<string, string>();

  constructor(readonly dialect: Dialect) {}

  quote(identifier: string): string {
    let quoted = this.quoted.get(identifier);
    if (quoted === undefined) {
      quoted = this.dialect.quoteName(identifier);
      if (this.quoted.size < QUOTED_NAMES_KEPT) this.quoted.set(identifier, quoted);
    }
    return quoted;
  }

  param(value: unknown, field: Field): SqlFragment {
    return { sql: '?', bindings: [this.paramValue(this.dialect.comparisonValue(field.kind), value, field)] };
  }

  params(values: readonly unknown[], field: Field): unknown[] {
    const convert = this.dialect.comparisonValue(field.kind);
    const converted = new Array<unknown>(values.length);
    for (let i = 0; i < values.length; i++) converted[i] = this.paramValue(convert, values[i], field);
    return converted;
  }

  /** `value` as the driver gets it for a comparison with `field`; a value the field refuses names the field. */
  private paramValue(convert: Converter | null, value: unknown, field: Field): unknown {
    if (value === null || convert === null) return value;
    try {
      return convert(value);
    } catch (error) {
      throw field.refusedBy(this.dialect.displayName, error);
    }
  }

  expression(node: ExpressionNode): SqlFragment {
    return (EXPRESSION_HANDLERS[node.kind] as Handler<ExpressionNode['kind']>)(node, this);
  }

  /**
   * `underNot` is true inside an odd number of negations. There a comparison with a nullable
   * column also requires the column to be non-null, so `exclude({ age: 5 })` keeps rows whose
   * age is NULL, as Django does (plain SQL would drop them).
   */
  where(node: WhereNode, underNot = false): SqlFragment {
    return (WHERE_HANDLERS[node.kind] as WhereHandler<WhereNode['kind']>)(node, this, underNot);
  }

  /** @internal The lookup alone, or guarded for a negation; see `where()`. */
  lookupSql(node: LookupNode, underNot: boolean): SqlFragment {
    return underNot ? this.negatableLookup(node) : this.lookup(node);
  }

  /**
   * An operand of a comparison, read as a column of `field`'s type is compared: a column does that
   * itself; a computed datetime (a function, a `Case`, a window, `Max()`, a typed or raw
   * expression) is wrapped, since SQLite compares datetimes as epoch milliseconds, not as text.
   */
  comparedExpression(node: ExpressionNode, field: Field): SqlFragment {
    const fragment = this.expression(node);
    // A computed decimal (`Max('total')`, `F('total').add(1)`) compares as a decimal column
    // does: on SQLite that gives it NUMERIC affinity, so the value bound as text compares as
    // a number (a number without affinity is less than any text: MAX(...) > '20' was never true).
    if (field.kind === 'decimal' && node.kind !== 'column') return { sql: this.dialect.comparisonOperand(fragment.sql, 'decimal'), bindings: fragment.bindings };
    if (field.kind !== 'datetime' || !COMPUTED_KINDS.has(node.kind)) return fragment;
    return this.dialect.functionSql(COMPARE_DATETIME, [fragment], false);
  }

  private lookup(node: LookupNode): SqlFragment {
    const condition = this.withComparing(true, () => {
      const lhs = this.comparedExpression(node.lhs, node.field);
      const own = (node.lookup as Lookup).asSql(lhs.sql, node.rhs, node.field, this);
      return { sql: own.sql, bindings: lhs.bindings.length ? [...lhs.bindings, ...own.bindings] : own.bindings };
    });
    return this.withIndexRange(node, condition);
  }

  /** @internal False inside a window, whose `SUM(...) OVER (...)` is settled whole. */
  settlesSums = true;

  /** @internal Compiles with decimal SUMs settled (see `settledSum`) or left for the caller to settle. */
  withSettledSums<T>(settles: boolean, compile: () => T): T {
    return this.withSetting('settlesSums', settles, compile);
  }

  /** @internal Compiles with columns read as comparisons read them (`comparisonOperand`), or as stored. */
  withComparing<T>(comparing: boolean, compile: () => T): T {
    return this.withSetting('comparing', comparing, compile);
  }

  /** Runs `compile` with one of the compiler's modes set, restoring it afterwards (even on a throw). */
  private withSetting<T>(setting: 'comparing' | 'settlesSums', value: boolean, compile: () => T): T {
    const outer = this[setting];
    this[setting] = value;
    try {
      return compile();
    } finally {
      this[setting] = outer;
    }
  }


  /**
   * A column compared through a function (SQLite datetimes) cannot use its index; the dialect may
   * add a range on the bare column that holds every matching row, so the index narrows the scan.
   */
  private withIndexRange(node: LookupNode, condition: SqlFragment): SqlFragment {
    if (node.lhs.kind !== 'column' || isExpressionNode(node.rhs)) return condition;
    const column = `${this.quote(node.lhs.table)}.${this.quote(node.lhs.field.column)}`;
    const range = this.dialect.indexRange(column, node.lhs.field.kind, node.lookup.lookupName, node.rhs);
    return range ? { sql: `(${range.sql}) AND ${condition.sql}`, bindings: [...range.bindings, ...condition.bindings] } : condition;
  }

  /** The lookup, plus `col IS NOT NULL` for every nullable column either side reads. */
  private negatableLookup(node: LookupNode): SqlFragment {
    const condition = this.lookup(node);
    if (node.lookup.lookupName === 'isnull') return condition;
    const columns = nullableColumns(node.lhs);
    if (isExpressionNode(node.rhs)) nullableColumns(node.rhs, columns);
    if (columns.length === 0) return condition;
    const guards = columns.map((column) => this.expression(column));
    return {
      sql: [condition.sql, ...guards.map((guard) => `${guard.sql} IS NOT NULL`)].join(' AND '),
      bindings: [...condition.bindings, ...guards.flatMap((guard) => guard.bindings)],
    };
  }
}
