import { columnTables, isExpressionNode, type WhereNode } from './nodes.js';

/**
 * One JOIN of a query: `LEFT JOIN "authors" AS "T2" ON "T2"."id" = "books"."author_id"`. Joins
 * are frozen data in the query state; the compiler writes them after FROM in order.
 */
export interface Join {
  readonly alias: string;
  readonly table: string;
  /** The alias (or base table) this join hangs off, and its column the ON clause compares. */
  readonly parentAlias: string;
  readonly parentColumn: string;
  /** This table's column in the ON clause. */
  readonly column: string;
  /** LEFT OUTER (nullable key, multi-valued relation, or below an outer join) rather than INNER. */
  readonly outer: boolean;
  /** Reached through a reverse ForeignKey or a many-to-many: one row may become several. */
  readonly multiValued: boolean;
  /** Identifies the step (`<parent alias>.<relation name>`), so repeated paths reuse the join. */
  readonly key: string;
}

export type JoinStep = Omit<Join, 'alias'>;

/**
 * Collects the joins one `filter()` / `orderBy()` / `annotate()` call needs. As in Django,
 * single-valued joins are always reused, while a multi-valued join made by an earlier `filter()`
 * call is not: `filter({ tags__name: 'a' }).filter({ tags__name: 'b' })` needs a book with two
 * tags, one named each, whereas one call with both conditions needs one tag meeting both.
 * `orderBy()`, `values()` and `annotate()` pass `reuseMultiValued`: they read the rows filtered so far.
 */
export class JoinCollector {
  readonly joins: Join[];
  /** Joins that a step with the same key may reuse: step key -> alias (the latest such join). */
  private readonly reusable: Map<string, string>;
  private readonly taken: Set<string>;

  constructor(baseTable: string, existing: readonly Join[], options: { reuseMultiValued?: boolean } = {}) {
    this.joins = [...existing];
    this.reusable = new Map(existing.filter((join) => !join.multiValued || options.reuseMultiValued).map((join) => [join.key, join.alias]));
    this.taken = new Set([baseTable, ...existing.map((join) => join.alias)]);
  }

  /** The alias for this step: an existing reusable join, or a new one. */
  join(step: JoinStep): string {
    const reused = this.reusable.get(step.key);
    if (reused !== undefined) return reused;
    const alias = this.taken.has(step.table) ? this.freshAlias() : step.table;
    const join: Join = Object.freeze({ ...step, alias });
    this.joins.push(join);
    this.reusable.set(join.key, alias);
    this.taken.add(alias);
    return alias;
  }

  /** The joins made by this collector that were not in the state it started from. */
  added(since: readonly Join[]): Join[] {
    return this.joins.slice(since.length);
  }

  /** Whether any join in the collector may turn one row into several. */
  get multiValued(): boolean {
    return this.joins.some((join) => join.multiValued);
  }

  /**
   * Makes the join with this alias, and the joins it hangs off, INNER: a condition AND-ed into the
   * WHERE rejects the rows a LEFT join would pad with NULLs, so INNER gives the same rows.
   */
  require(alias: string): void {
    for (let i = this.joins.length - 1; i >= 0; i--) {
      const join = this.joins[i]!;
      if (join.alias !== alias) continue;
      if (join.outer) this.joins[i] = Object.freeze({ ...join, outer: false });
      return this.require(join.parentAlias);
    }
  }

  private freshAlias(): string {
    let n = this.joins.length + 2;
    while (this.taken.has(`T${n}`)) n++;
    return `T${n}`;
  }
}

/**
 * Django's join promotion, simplified: joins read by conditions AND-ed at the top of a filter
 * become INNER; those under OR, NOT or `isnull: true`, and those aggregates read, stay LEFT so
 * rows without a related row survive.
 */
export function requireJoinsOf(node: WhereNode, joins: JoinCollector): void {
  if (node.kind === 'relatedSubquery' || node.kind === 'boolean') return;
  if (node.kind === 'lookup') {
    if (node.aggregate || (node.lookup.lookupName === 'isnull' && node.rhs === true)) return;
    for (const alias of columnTables(node.lhs)) joins.require(alias);
    if (isExpressionNode(node.rhs)) for (const alias of columnTables(node.rhs)) joins.require(alias);
    return;
  }
  if (node.kind === 'and' && !node.negated) for (const child of node.children) requireJoinsOf(child, joins);
}
