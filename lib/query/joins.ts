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
 */
export class JoinCollector {
  readonly joins: Join[];
  private readonly reusable: Set<Join>;
  private readonly taken: Set<string>;

  constructor(baseTable: string, existing: readonly Join[], options: { reuseMultiValued?: boolean } = {}) {
    this.joins = [...existing];
    this.reusable = new Set(existing.filter((join) => !join.multiValued || options.reuseMultiValued));
    this.taken = new Set([baseTable, ...existing.map((join) => join.alias)]);
  }

  /** The alias for this step: an existing reusable join, or a new one. */
  join(step: JoinStep): string {
    for (const join of this.reusable) if (join.key === step.key) return join.alias;
    const alias = this.taken.has(step.table) ? this.freshAlias() : step.table;
    const join: Join = Object.freeze({ ...step, alias });
    this.joins.push(join);
    this.reusable.add(join);
    this.taken.add(alias);
    return alias;
  }

  /** The joins made by this collector that were not in the state it started from. */
  added(since: readonly Join[]): Join[] {
    return this.joins.slice(since.length);
  }

  private freshAlias(): string {
    let n = this.joins.length + 2;
    while (this.taken.has(`T${n}`)) n++;
    return `T${n}`;
  }
}
