import type { Dialect, SqlFragment } from '../../dialects/index.js';
import { WrenError } from '../../errors.js';
import type { Field } from '../../fields/index.js';
import type { Lookup, LookupCompiler } from '../lookups/lookup.js';
import type { ExpressionNode, WhereNode } from '../nodes.js';

type Handler<K extends ExpressionNode['kind']> = (node: Extract<ExpressionNode, { kind: K }>, compiler: SqlCompiler) => SqlFragment;

/** Every expression kind has a handler: adding a kind to `nodes.ts` fails to compile until it has one. */
const EXPRESSION_HANDLERS = {
  column: (node, c) => ({ sql: `${c.quote(node.table)}.${c.quote(node.field.column)}`, bindings: [] }),
  value: (node, c) => (node.field ? c.param(node.value, node.field) : { sql: '?', bindings: [node.value] }),
  fieldRef: (node) => {
    throw new WrenError(`Internal error: F('${node.name}') reached the compiler unresolved`);
  },
  annotationRef: (node, c) => ({ sql: c.quote(node.name), bindings: [] }),
  arithmetic: (node, c) => {
    const lhs = c.expression(node.lhs);
    const rhs = c.expression(node.rhs);
    return { sql: `(${lhs.sql} ${node.op} ${rhs.sql})`, bindings: [...lhs.bindings, ...rhs.bindings] };
  },
  aggregate: (node, c) => {
    if (!node.arg) return { sql: `${node.fn}(*)`, bindings: [] };
    const arg = c.expression(node.arg);
    return { sql: `${node.fn}(${node.distinct ? 'DISTINCT ' : ''}${arg.sql})`, bindings: arg.bindings };
  },
  extract: (node, c) => {
    const source = c.expression(node.source);
    return { sql: c.dialect.extractSql(node.part, source.sql, node.sourceField.kind), bindings: source.bindings };
  },
} satisfies { [K in ExpressionNode['kind']]: Handler<K> };

/** Turns expression and where nodes into SQL fragments with bound values for one dialect. */
export class SqlCompiler implements LookupCompiler {
  constructor(readonly dialect: Dialect) {}

  quote(identifier: string): string {
    return this.dialect.quoteName(identifier);
  }

  param(value: unknown, field: Field): SqlFragment {
    const convert = this.dialect.toDb(field.kind);
    return { sql: '?', bindings: [value === null || convert === null ? value : convert(value)] };
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
    if (node.kind === 'lookup') {
      const lhs = this.expression(node.lhs);
      const condition = (node.lookup as Lookup).asSql(lhs.sql, node.rhs, node.field, this);
      const bindings = lhs.bindings.length ? [...lhs.bindings, ...condition.bindings] : condition.bindings;
      const nullable = node.lhs.kind === 'column' && node.lhs.field.null && node.lookup.lookupName !== 'isnull';
      if (underNot && nullable) return { sql: `${condition.sql} AND ${lhs.sql} IS NOT NULL`, bindings: [...bindings, ...lhs.bindings] };
      return { sql: condition.sql, bindings };
    }
    if (node.children.length === 0) {
      // An empty AND is true, an empty OR false; negation flips either.
      const truth = (node.kind === 'and') !== node.negated;
      return { sql: truth ? '1 = 1' : '1 = 0', bindings: [] };
    }
    const negatedHere = underNot !== node.negated;
    const parts = node.children.map((child) => this.where(child, negatedHere));
    const joined = parts.length === 1 ? parts[0]!.sql : parts.map((p) => `(${p.sql})`).join(node.kind === 'and' ? ' AND ' : ' OR ');
    return { sql: node.negated ? `NOT (${joined})` : joined, bindings: parts.flatMap((p) => p.bindings) };
  }
}
