import type { SqlFragment } from '../dialects/index.js';
import { DEFAULT_ALIAS, routeRead, routeWrite, type Database } from '../connection/index.js';
import { FieldError, NotSupportedError, WrenError, WrenTypeError } from '../errors.js';
import { isManyToMany, type Field } from '../fields/index.js';
import type { CreateInput, DefaultsInput, FieldName, ModelClass, UpdateInput } from '../models/types.js';
import { countSql, orderingOf, selectShape, selectSql } from './compiler/select.js';
import { byKeyValue, cachedByKey, rememberByKey } from './by-key.js';
import { evaluate, runSelect } from './evaluate.js';
import { openStream, streamQuery } from './streaming.js';
import { requireTransactionForLock, rowLockFrom, type SelectForUpdateOptions } from './locking.js';
import { keepFilterShape, keepOrdering, reuseFilterShape, reuseOrdering } from './resolved-shapes.js';
import { Expression, OrderBy } from './expressions.js';
import { JoinCollector, type Join } from './joins.js';
import { checkFetchMode, type FetchMode } from './fetch-mode.js';
import { checkPrefetchLookups, toPrefetchLookup, type PrefetchLookup } from './prefetch.js';
import { checkAnnotationConflict, namedExpressions } from './annotation-names.js';
import * as args from './queryset-arguments.js';
import { argumentError, checkOptions, requirePlainObject } from '../util/arguments.js';
import { buildSelection, defaultPaths, selectedPaths } from './select-related.js';
import './lookups/register.js';
import { containsAggregate, type ExpressionNode, type WhereNode } from './nodes.js';
import { QNode, toQ, type ConditionExpression } from './q.js';
import { RawQuerySet, type RawOptions } from './raw.js';
import { annotationNamed, isEmptyCondition, resolveExpression, resolveFilter, resolveOrdering, resolvePath } from './resolve.js';
import { sortTerms } from './transform-paths.js';
import { initialState, isSliced, patchState, type Combination, type OrderTerm, type QueryState, type SelectedPaths } from './state.js';
import { COMBINERS, combinationOf, withoutEmptyParts, type CombineOptions } from './combination.js';
import { needsPkOrdering } from './first-last.js';
import { hasWindowCondition } from './compiler/window-filter.js';
import { checkOrder, datesExpression, datetimesExpression, DATES_NAME, type DatesKind, type DatetimesKind } from './dates.js';
import type { AnnotationsOf, FilterArg, FilterInput, InBulkKey, KnownNames, OrderKey, ResultOf, SelectableName, SelectedValue, ValuesRow, ValuesTuple, WithAliases } from './types.js';
import type { Orderable, PathConditions, PathPattern, Selectable, SelectableTuple } from './path-types.js';
import { compilerFor, resolveDatabase } from './writes.js';
import { attempt } from '../util/promises.js';
import * as writes from './queryset-writes.js';
import { insertConflict, type BulkCreateOptions } from './insert-conflicts.js';

type Instance<C extends ModelClass> = InstanceType<C>;
/** Filter conditions for a QuerySet with rows `R` (annotation names included). */
type Conditions<C extends ModelClass, R> = FilterArg<C, AnnotationsOf<C, R>> | ConditionExpression;
/** Conditions through relations (`author__name`), checked key by key from the argument's type `T`. */
type PathArg<C extends ModelClass, R, T> = PathConditions<C, AnnotationsOf<C, R>, T>;
/** A name `values()` or `orderBy()` may start from: an own name or annotation, or a relation path. */
type NameArg<C extends ModelClass, R> = SelectableName<C, AnnotationsOf<C, R>> | PathPattern<C>;
export type { BulkCreateOptions, FilterArg };

/**
 * A lazy, immutable, chainable query over one model. Nothing runs until it is awaited,
 * iterated, or asked for a value (`count()`, `get()` ...). Results are cached per QuerySet.
 */
export class QuerySet<C extends ModelClass, R = Instance<C>> implements PromiseLike<R[]>, AsyncIterable<R> {
  readonly model: C;
  /** @internal */
  readonly state: QueryState;
  private resultCache: R[] | undefined;
  /** Managers (`Model.objects`) never cache: each await runs a fresh query. */
  protected readonly cachesResults: boolean = true;

  constructor(model: C, state?: QueryState) {
    this.model = model;
    this.state = state ?? initialState(model._meta);
  }

  /** Every chainable method goes through here: same class (so custom methods survive), new state. */
  protected clone<R2 = R>(patch: Partial<QueryState>): QuerySet<C, R2> & this {
    const Ctor = this.constructor as new (model: C, state: QueryState) => QuerySet<C, R2>;
    const copy = new Ctor(this.model, patchState(this.state, patch)) as QuerySet<C, R2> & this;
    (copy as unknown as { cachesResults: boolean }).cachesResults = true;
    return copy;
  }

  private get scope() {
    return { meta: this.state.meta, annotations: this.state.annotations };
  }

  /**
   * Collects the joins relation paths in one call need, starting from this query's. As in Django,
   * `filter()` makes fresh multi-valued joins while `orderBy()`, `values()` and `annotate()` reuse
   * them (`filter({ books__pages__gt: 1 }).annotate({ n: Count('books') })` counts those books).
   */
  private joinCollector(options: { reuseMultiValued?: boolean } = {}): JoinCollector {
    return new JoinCollector(this.state.meta.tableName, this.state.joins, options);
  }

  // ---- chainable ----

  all(): this {
    return this.clone({});
  }

  // Two signatures: plain keywords first, so that a call without relation paths needs no inference
  // (a manager's scope `(qs) => qs.filter(...)` in a static initializer must not look at the class).
  filter(...conditions: Conditions<C, R>[]): this;
  filter<T extends object>(...conditions: (NoInfer<Conditions<C, R>> | PathArg<C, R, T>)[]): this;
  filter(...conditions: object[]): this {
    args.checkConditions(conditions, 'filter');
    return this.addWhere(conditions, false);
  }

  exclude(...conditions: Conditions<C, R>[]): this;
  exclude<T extends object>(...conditions: (NoInfer<Conditions<C, R>> | PathArg<C, R, T>)[]): this;
  exclude(...conditions: object[]): this {
    args.checkConditions(conditions, 'exclude');
    return this.addWhere(conditions, true);
  }

  private addWhere(conditions: readonly object[], negate: boolean): this {
    this.assertNotSliced('filter');
    this.assertNotCombined(negate ? 'exclude' : 'filter');
    const reused = reuseFilterShape(this.state, conditions, negate);
    if (reused) return this.withCondition(reused, this.state.joins);
    const joins = this.joinCollector();
    const q = new QNode('and', false, conditions.map((c) => toQ(c as Record<string, unknown> | ConditionExpression)));
    const node: WhereNode = resolveFilter(negate ? new QNode('and', true, [q]) : q, { ...this.scope, joins });
    keepFilterShape(this.state, conditions, negate, node, joins.joins.length);
    return this.withCondition(node, joins.joins);
  }

  /** This QuerySet with `node` ANDed to its conditions; an empty condition (`filter()`, `exclude(Q())`) changes nothing, as in Django. */
  private withCondition(node: WhereNode, joins: QueryState['joins']): this {
    if (isEmptyCondition(node)) return this.clone({});
    const where: WhereNode = this.state.where ? { kind: 'and', negated: false, children: [this.state.where, node] } : node;
    return this.clone({ where, joins });
  }

  orderBy(...names: OrderKey<C, AnnotationsOf<C, R>>[]): this;
  orderBy<K extends OrderKey<C, AnnotationsOf<C, R>> | PathPattern<C> | `-${PathPattern<C>}`>(...names: (K & Orderable<C, OrderKey<C, AnnotationsOf<C, R>>, K>)[]): this;
  orderBy(...terms: (OrderKey<C, AnnotationsOf<C, R>> | OrderBy | Expression)[]): this;
  orderBy(...terms: (string | OrderBy | Expression)[]): this {
    if (terms.some((term) => typeof term !== 'string')) return this.orderByExpressions(terms);
    const names = terms as string[];
    args.checkNames(names, 'orderBy');
    this.assertNotSliced('orderBy');
    const kept = reuseOrdering(this.state, names);
    if (kept) return this.clone({ ordering: kept, reversed: false });
    const joins = this.joinCollector({ reuseMultiValued: true });
    const ordering = resolveOrdering(names, { ...this.scope, joins });
    keepOrdering(this.state, names, ordering, joins.joins.length);
    return this.clone({ ordering, reversed: false, joins: joins.joins });
  }

  /** `orderBy(F('price').desc({ nullsLast: true }), 'title')`: terms resolved one by one, no shape cache. */
  private orderByExpressions(terms: readonly unknown[]): this {
    this.assertNotSliced('orderBy');
    const joins = this.joinCollector({ reuseMultiValued: true });
    const scope = { ...this.scope, joins };
    const ordering = terms.flatMap((term: unknown, i): readonly OrderTerm[] => {
      if (typeof term === 'string') return resolveOrdering([term], scope);
      // sortTerms: a JSON key path orders numbers by value, then strings (see transform-paths.ts).
      if (term instanceof OrderBy) return sortTerms({ kind: 'expression', node: resolveExpression(term.node, scope), descending: term.descending, nulls: term.nulls });
      if (term instanceof Expression) return sortTerms({ kind: 'expression', node: resolveExpression(term.node, scope), descending: false });
      throw argumentError(`orderBy(): argument ${i + 1}`, "a field name (a string) or an expression such as F('x').desc()", term);
    });
    return this.clone({ ordering, reversed: false, joins: joins.joins });
  }

  /**
   * The distinct dates of a DateField or DateTimeField truncated to `kind`, as 'YYYY-MM-DD'
   * strings in order, NULLs left out: `Order.objects.dates('createdAt', 'month')`.
   */
  dates(field: FieldName<C>, kind: DatesKind, order: 'ASC' | 'DESC' = 'ASC'): QuerySet<C, string> {
    return this.distinctTruncated(datesExpression(this.state.meta, field, kind), checkOrder(order, 'dates')) as QuerySet<C, string>;
  }

  /** The distinct datetimes of a DateTimeField truncated to `kind` (year ... second) in UTC, as Dates. */
  datetimes(field: FieldName<C>, kind: DatetimesKind, order: 'ASC' | 'DESC' = 'ASC'): QuerySet<C, Date> {
    return this.distinctTruncated(datetimesExpression(this.state.meta, field, kind), checkOrder(order, 'datetimes')) as QuerySet<C, Date>;
  }

  private distinctTruncated(expression: Expression, order: 'ASC' | 'DESC'): QuerySet<C, unknown> {
    const annotated = this.withAnnotations([[DATES_NAME, expression]]).filter({ [`${DATES_NAME}__isnull`]: false } as never);
    const values = annotated.valuesList(DATES_NAME as never, { flat: true }) as QuerySet<C, unknown>;
    return values.distinct().orderBy((order === 'DESC' ? `-${DATES_NAME}` : DATES_NAME) as never);
  }

  /**
   * Rows of this query or any other (`UNION`, duplicates removed unless `{ all: true }`), as in
   * Django; the QuerySets must select the same columns. Order and slice the result afterwards.
   */
  union(...querysets: (QuerySet<ModelClass, R> | CombineOptions)[]): this {
    return this.combine('UNION', querysets);
  }

  /** Rows every query returns (`INTERSECT`). */
  intersection(...querysets: (QuerySet<ModelClass, R> | CombineOptions)[]): this {
    return this.combine('INTERSECT', querysets);
  }

  /** Rows of this query that the others do not return (`EXCEPT`). */
  difference(...querysets: (QuerySet<ModelClass, R> | CombineOptions)[]): this {
    return this.combine('EXCEPT', querysets);
  }

  /** Reverses the ordering; refused after a slice (so is `last()`), whose rows it would not keep, as in Django. */
  reverse(): this {
    this.assertNotSliced('reverse');
    return this.clone({ reversed: !this.state.reversed });
  }

  /** Python's `qs[start:end]`: LIMIT/OFFSET. Slicing a slice narrows it; past its end, it is empty. */
  slice(start: number, end?: number): this {
    args.checkSlice(start, end);
    let low = this.state.low + start;
    let high = end === undefined ? this.state.high : this.state.low + end;
    if (this.state.high !== null && high !== null) high = Math.min(high, this.state.high);
    if (high !== null && low > high) low = high;
    return this.clone({ low, high });
  }

  distinct(): this {
    this.assertNotCombined('distinct');
    return this.clone({ distinct: true });
  }

  none(): this {
    return this.clone({ empty: true });
  }

  using(alias: string | null): this {
    args.checkAlias(alias, 'using(): alias');
    return this.clone({ alias });
  }

  /**
   * Reads forward relations (and reverse one-to-ones) in the same query through JOINs, so
   * `book.author.name` needs no query: INNER JOIN for non-null keys, LEFT for nullable ones.
   * With no names, every non-null foreign key is followed (as Django does); `null` clears.
   * @example await Book.objects.selectRelated('author__publisher', 'editor')
   */
  selectRelated(...names: string[] | [null]): this {
    if (names[0] === null && names.length === 1) return this.clone({ selectRelated: Object.freeze([]) });
    args.checkNames(names, 'selectRelated');
    const paths = names.length ? (names as string[]) : defaultPaths(this.state.meta);
    const joins = new JoinCollector(this.state.meta.tableName, this.state.joins, { reuseMultiValued: false });
    const selection = buildSelection(this.state.meta, [...selectedPaths(this.state.selectRelated), ...paths], joins);
    return this.clone({ selectRelated: Object.freeze(selection), joins: joins.joins });
  }

  /**
   * Loads relations of any kind (forward, reverse, many-to-many, nested `books__tags`) with one
   * extra query per level after the main one; `Prefetch(path, queryset, { toAttr })` customises
   * a level. `null` clears the lookups.
   * @example await Author.objects.prefetchRelated('books', Prefetch('books__tags', Tag.objects.orderBy('name')))
   */
  prefetchRelated(...lookups: (string | PrefetchLookup)[] | [null]): this {
    if (lookups[0] === null && lookups.length === 1) return this.clone({ prefetch: Object.freeze([]) });
    // Checked now against the model, so a typo fails here rather than after the main query ran.
    const prefetch = [...this.state.prefetch, ...(lookups as (string | PrefetchLookup)[]).map(toPrefetchLookup)];
    checkPrefetchLookups(this.model, prefetch);
    return this.clone({ prefetch: Object.freeze(prefetch) });
  }

  /**
   * What `await instance.related(name)` does for relations this query did not load: `'one'` loads
   * for that instance, `'peers'` for every instance of this result in one query, `'raise'` refuses.
   * The default comes from the connection (`connect({ url, fetchMode })`), else `'one'`.
   */
  fetchMode(mode: FetchMode): this {
    return this.clone({ fetchMode: checkFetchMode(mode) });
  }

  /**
   * Locks the rows the query reads until the enclosing `atomic()` block ends (`SELECT ... FOR
   * UPDATE`), as Django's `select_for_update()`. Raises `TransactionManagementError` when run
   * outside `atomic()`, and `NotSupportedError` for an option the database lacks. On SQLite no
   * clause is added: the transaction already holds the database's one connection (see the README).
   * @example await atomic(async () => { const job = await Job.objects.filter({ done: false }).selectForUpdate({ skipLocked: true }).first(); ... })
   */
  selectForUpdate(options?: SelectForUpdateOptions): this {
    this.assertNotCombined('selectForUpdate');
    return this.clone({ lock: rowLockFrom(options) });
  }

  /** Loads only these fields (plus the primary key); others stay unset until `refreshFromDb()`. */
  only(...names: FieldName<C>[]): this {
    args.checkNames(names, 'only');
    const wanted = new Set<Field>([this.state.meta.pk, ...names.map((n) => this.state.meta.field(n))]);
    return this.clone({ loaded: this.state.meta.fields.filter((f) => wanted.has(f)) });
  }

  defer(...names: FieldName<C>[]): this {
    args.checkNames(names, 'defer');
    const skipped = new Set(names.map((n) => this.state.meta.field(n)));
    if (skipped.has(this.state.meta.pk)) throw new FieldError('The primary key cannot be deferred');
    return this.clone({ loaded: (this.state.loaded ?? this.state.meta.fields).filter((f) => !skipped.has(f)) });
  }

  /** Adds computed values to each result: `annotate({ n: Count('books') })`. */
  annotate<A extends Record<string, Expression>>(annotations: A & KnownNames<C, AnnotationsOf<C, R>, A>): QuerySet<C, R & { [K in keyof A]: ResultOf<A[K], C, AnnotationsOf<C, R>> }> & this {
    const entries = namedExpressions(annotations, 'annotate');
    for (const [name] of entries) checkAnnotationConflict(name, this.state.meta, this.model.prototype);
    return this.withAnnotations(entries) as never;
  }

  /**
   * Like `annotate()`, but the values are not selected: a name for filters, orderings and other
   * expressions. `alias({ n: Count('reviews') }).filter({ n__gt: 3 })` counts in HAVING only.
   */
  alias<A extends Record<string, Expression>>(aliases: A & KnownNames<C, AnnotationsOf<C, R>, A>): QuerySet<C, R & WithAliases<{ [K in keyof A]: ResultOf<A[K], C, AnnotationsOf<C, R>> }>> & this {
    const entries = namedExpressions(aliases, 'alias');
    for (const [name] of entries) checkAnnotationConflict(name, this.state.meta, this.model.prototype);
    const annotated = this.withAnnotations(entries, 'alias');
    return annotated.clone({ aliasNames: [...this.state.aliasNames, ...entries.map(([name]) => name)] }) as never;
  }

  /** Resolves checked `{ name: expression }` entries into the state (annotate's body, also aggregate's). */
  private withAnnotations(entries: readonly (readonly [string, Expression])[], method: 'annotate' | 'alias' | 'aggregate' = 'annotate'): this {
    this.assertNotCombined(method);
    const selected = method !== 'alias';
    const resolved: Record<string, ExpressionNode> = { ...this.state.annotations };
    const joins = this.joinCollector({ reuseMultiValued: true });
    // As in Django, a name may use the ones before it in the same call: annotate({ d: ..., e: F('d').add(1) }).
    // Not aggregate()'s, whose names may repeat a field's (`{ books: Count('books'), links: Count('books') }`).
    const scope = method === 'aggregate' ? { ...this.scope, joins } : { meta: this.state.meta, annotations: resolved, joins };
    for (const [name, expression] of entries) resolved[name] = resolveExpression(expression.node, scope);
    // After values()/valuesList() (Django's group-by idiom) the new annotations join the selection.
    const selection = this.state.selection;
    const added = selected ? entries.map(([name]) => name).filter((name) => selection.kind !== 'models' && !selection.names.includes(name)) : [];
    const widened = selection.kind !== 'models' && added.length ? { ...selection, names: [...selection.names, ...added] } : selection;
    return this.clone({ annotations: Object.freeze(resolved), selection: widened, joins: joins.joins });
  }

  /** Rows as plain objects with these fields (all fields when none are named). */
  values<K extends SelectableName<C, AnnotationsOf<C, R>>>(...names: K[]): QuerySet<C, ValuesRow<C, K, AnnotationsOf<C, R>>>;
  values<K extends NameArg<C, R>>(...names: (K & Selectable<C, SelectableName<C, AnnotationsOf<C, R>>, K>)[]): QuerySet<C, ValuesRow<C, K, AnnotationsOf<C, R>>>;
  /** Computed columns by name: `values({ year: ExtractYear('published') })` (field names may come first). */
  values<A extends Record<string, Expression>>(expressions: A & KnownNames<C, AnnotationsOf<C, R>, A>): QuerySet<C, { [K in keyof A]: ResultOf<A[K], C, AnnotationsOf<C, R>> }>;
  values<K extends SelectableName<C, AnnotationsOf<C, R>>, A extends Record<string, Expression>>(
    ...given: [...K[], A & KnownNames<C, AnnotationsOf<C, R>, A>]
  ): QuerySet<C, ValuesRow<C, K, AnnotationsOf<C, R>> & { [P in keyof A]: ResultOf<A[P], C, AnnotationsOf<C, R>> }>;
  values(...given: (string | Record<string, Expression>)[]): QuerySet<C, unknown> {
    if (this.state.combined) return this.selectInEachPart((qs) => qs.values(...(given as never[])));
    const last = given[given.length - 1];
    if (typeof last === 'object' && last !== null && !Array.isArray(last)) {
      // Django's values(*fields, **expressions): annotate, then select the fields and the new names.
      const names = given.slice(0, -1) as string[];
      args.checkNames(names, 'values');
      if (Object.keys(last).length === 0) throw argumentError(`values(): argument ${given.length}`, "a field name (a string) or named expressions ({ year: ExtractYear('at') })", last);
      namedExpressions(last, 'values');
      return (this.annotate(last) as unknown as QuerySet<C, R>).values(...(names as never[]), ...(Object.keys(last) as never[]));
    }
    const names = given as string[];
    args.checkNames(names, 'values');
    const { joins, ...selected } = this.selectable(names);
    return this.clone({ selection: { kind: 'values', ...selected, ...this.perObjectGroups() }, joins });
  }

  /** Django's order rule: aggregates annotated before values()/valuesList() stay one per object. */
  private perObjectGroups(): { perObject?: true } {
    const { selection, annotations } = this.state;
    const perObject = selection.kind === 'models' ? Object.values(annotations).some(containsAggregate) : selection.perObject === true;
    return perObject ? { perObject } : {};
  }

  /** Rows as tuples; with `{ flat: true }` and one field, bare values. */
  valuesList<K extends SelectableName<C, AnnotationsOf<C, R>>>(name: K, options: { flat: true }): QuerySet<C, SelectedValue<C, AnnotationsOf<C, R>, K>>;
  valuesList<K extends NameArg<C, R>>(
    name: K & Selectable<C, SelectableName<C, AnnotationsOf<C, R>>, K>,
    options: { flat: true },
  ): QuerySet<C, SelectedValue<C, AnnotationsOf<C, R>, K>>;
  valuesList(): QuerySet<C, unknown[]>;
  valuesList<const K extends readonly SelectableName<C, AnnotationsOf<C, R>>[]>(...names: K): QuerySet<C, ValuesTuple<C, K, AnnotationsOf<C, R>>>;
  valuesList<const K extends readonly NameArg<C, R>[]>(
    ...names: K & SelectableTuple<C, SelectableName<C, AnnotationsOf<C, R>>, K>
  ): QuerySet<C, ValuesTuple<C, K, AnnotationsOf<C, R>>>;
  // `never`: the overloads' row types are generic, so no common return type fits them all.
  valuesList(...given: unknown[]): never {
    if (this.state.combined) return this.selectInEachPart((qs) => qs.valuesList(...(given as never[]))) as never;
    const { names, flat } = args.splitValuesListArgs(given);
    const { joins, ...selected } = this.selectable(names);
    if (flat && selected.names.length !== 1) throw new WrenTypeError(`valuesList(..., { flat: true }) needs exactly one field name, not ${selected.names.length}`);
    return this.clone({ selection: { kind: 'valuesList', ...selected, flat, ...this.perObjectGroups() }, joins }) as never;
  }

  /**
   * Names for `values()`: the model's columns, annotations, and relation paths (`author__name`,
   * `tags`), which read a joined column. Each is the row's key as written (`pk`, `author`).
   */
  private selectable(names: readonly string[]): { names: string[]; paths: SelectedPaths; joins: readonly Join[] } {
    this.assertNotCombined('values');
    const { meta, annotations } = this.state;
    const aliases = this.state.aliasNames;
    if (names.length === 0) return { names: [...meta.fields.map((f) => f.attname), ...Object.keys(annotations).filter((name) => !aliases.includes(name))], paths: {}, joins: this.state.joins };
    const alias = names.find((name) => aliases.includes(name));
    if (alias !== undefined) throw new FieldError(`Cannot select the '${alias}' alias: use annotate() to select it`);
    const joins = this.joinCollector({ reuseMultiValued: true });
    const paths: Record<string, ExpressionNode> = {};
    const resolved = names.map((name) => {
      if (annotationNamed(annotations, name)) return name;
      const field = meta.maybeField(name);
      if (!field || isManyToMany(field)) paths[name] = resolvePath(name, { ...this.scope, joins });
      return name;
    });
    return { names: resolved, paths: Object.freeze(paths), joins: joins.joins };
  }

  // ---- evaluation ----

  /** The database this QuerySet reads from: `using()`, else the one the routers pick (else the default). */
  get db(): Database {
    return resolveDatabase(this.state.alias ?? routeRead(this.model, undefined, DEFAULT_ALIAS));
  }

  /** @internal The database this QuerySet's writes go to: `using()`, else the routers' write database. */
  get writeDb(): Database {
    return resolveDatabase(this.state.alias ?? routeWrite(this.model, undefined, DEFAULT_ALIAS));
  }

  /** @internal */
  compile(db: Database = this.db): SqlFragment {
    return selectSql(this.state, compilerFor(db), selectShape(this.state));
  }

  /**
   * Instances from hand-written SQL with `?`-bound parameters; see `RawQuerySet`.
   * @example await Author.objects.raw('SELECT * FROM authors WHERE age > ?', [60]);
   */
  raw(sql: string, params: readonly unknown[] = [], options: Omit<RawOptions, 'using'> = {}): RawQuerySet<C> {
    checkOptions(options, 'raw() options', ['translations']);
    return new RawQuerySet(this.model, sql, params, { ...options, using: this.state.alias });
  }

  /** The SQL and parameters this QuerySet would run. */
  toSQL(): { sql: string; bindings: readonly unknown[] } {
    return this.compile();
  }

  /** The database's query plan, as text. */
  async explain(): Promise<string> {
    const db = this.db;
    const { sql, bindings } = this.compile(db);
    const { rows } = await db.run({ sql: `${db.dialect.explainPrefix()} ${sql}`, bindings });
    return rows.map((row) => Object.values(row).join(' ')).join('\n');
  }

  /**
   * @internal A copy whose results are already known (a prefetch loaded them): awaiting it,
   * `count()` and `exists()` run no query. Related managers use it for prefetched relations.
   */
  withResults(rows: readonly R[]): this {
    const copy = this.clone<R>({});
    copy.resultCache = [...rows];
    return copy;
  }

  /** Runs the query now (once; later calls return the cache). */
  fetch(): Promise<R[]> {
    // Not async: awaiting a QuerySet costs the query's own promises and this one `then`.
    if (this.resultCache) return Promise.resolve(this.resultCache);
    const keep = this.cachesResults ? (rows: unknown[]) => (this.resultCache = rows as R[]) : undefined;
    return attempt(() => evaluate(this.state, this.model.prototype, this.db, keep) as Promise<R[]>);
  }

  then<T1 = R[], T2 = never>(
    onFulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    return this.fetch().then(onFulfilled, onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    yield* await this.fetch();
  }

  /**
   * Streams results in chunks of `chunkSize` rows without loading them all: through a
   * server-side cursor where the database has one (PostgreSQL); elsewhere unordered queries page
   * by primary key (keyset) and ordered ones by LIMIT/OFFSET with the key as a tie-breaker.
   */
  async *iterator(options: { chunkSize?: number } = {}): AsyncGenerator<R> {
    const size = args.checkChunkSize(options);
    const db = this.db;
    if (this.state.empty) return;
    const stream = await openStream(this.state, db, size);
    if (stream) {
      yield* streamQuery(this.state, this.model.prototype, db, stream.chunks, stream.shape) as AsyncGenerator<R>;
      return;
    }
    const pk = this.state.meta.pk.name;
    const keyset = (this.state.ordering ?? this.state.meta.ordering).length === 0 && !isSliced(this.state) && this.state.selection.kind === 'models';
    const base = keyset ? this.orderBy(pk as OrderKey<C>) : this.clone<R>({ ordering: [...orderingOf(this.state), this.pkOrderTerm()] });
    let offset = 0;
    let last: unknown;
    for (;;) {
      const page = keyset && last !== undefined ? base.filter({ [`${pk}__gt`]: last } as FilterInput<C>) : base;
      const rows = await (keyset ? page.slice(0, size) : page.slice(offset, offset + size)).fetch();
      yield* rows;
      if (rows.length < size) return;
      offset += size;
      if (keyset) last = (rows[rows.length - 1] as Record<string, unknown>)[pk];
    }
  }

  /** The primary key as a tie-breaker after the query's own ordering (relation paths included). */
  private pkOrderTerm(): OrderTerm {
    const { pk, tableName } = this.state.meta;
    return { kind: 'expression', node: { kind: 'column', field: pk, table: tableName }, descending: false };
  }

  async count(): Promise<number> {
    if (this.resultCache) return this.resultCache.length;
    if (this.state.empty) return 0;
    const db = this.db;
    requireTransactionForLock(this.state, db);
    const { rows } = await db.run(countSql(patchState(this.state, { ordering: [], selectRelated: [] }), compilerFor(db)));
    return Number(rows[0]!.n);
  }

  async exists(): Promise<boolean> {
    if (this.resultCache) return this.resultCache.length > 0;
    const { low, high } = this.state;
    // One row past the slice's start, within its end: `slice(2, 2)` holds none, as in Django.
    if (high !== null && high <= low) return false;
    const rows = await this.clone<R>({ ordering: [], high: low + 1, selectRelated: [], prefetch: [] }).fetch();
    return rows.length > 0;
  }

  /**
   * Whether `instance`'s row is among this QuerySet's (Django's contains()): one query by primary
   * key, or none once the rows are loaded. An instance of another model is never contained.
   */
  async contains(instance: Instance<C> | object): Promise<boolean> {
    this.assertNotCombined('contains');
    if (this.state.selection.kind !== 'models') throw new WrenTypeError('contains() cannot be called after values() or valuesList(): the rows are not instances');
    // Duck-typed (a model class carries its options as `_meta`): this module cannot import Model.
    const isInstance = typeof instance === 'object' && instance !== null && typeof (instance.constructor as { _meta?: unknown } | undefined)?._meta === 'object';
    if (!isInstance) throw argumentError('contains(): instance', 'a model instance', instance);
    if (!(instance instanceof this.model)) return false;
    const pk = (instance as { pk?: unknown }).pk;
    if (pk === null || pk === undefined) throw new WrenError(`contains() cannot be used on an unsaved ${this.model.name} (it has no ${this.state.meta.pk.name} yet)`);
    if (this.resultCache) return this.resultCache.some((row) => row === instance || (row as { pk?: unknown }).pk === pk);
    // A slice cannot be filtered further: its keys are read instead (at most the slice's rows).
    if (isSliced(this.state)) return (await this.valuesList('pk' as never, { flat: true })).includes(pk as never);
    return this.filter({ pk } as never).exists();
  }

  /** The one row matching; raises the model's `DoesNotExist` or `MultipleObjectsReturned`. */
  get(...conditions: Conditions<C, R>[]): Promise<R>;
  get<T extends object>(...conditions: (NoInfer<Conditions<C, R>> | PathArg<C, R, T>)[]): Promise<R>;
  get(...conditions: object[]): Promise<R> {
    // Not an async function: a cached lookup costs one promise beyond the statement's own (each
    // promise is hooked inside atomic() on Node 20), and a bad argument is still a rejection.
    return attempt(() => {
      args.checkConditions(conditions, 'get');
      const key = byKeyValue(this.state, conditions);
      const db = key === undefined ? undefined : this.db;
      const cached = db && cachedByKey(db, this.state, key);
      if (!cached) return this.getCompiling(conditions, key, db);
      // A plain query has no prefetches: nothing to wait for after the rows.
      return runSelect(this.state, selectShape(this.state), this.model.prototype, db, cached).then((found) => this.onlyRow(found as R[], () => this.addWhere(conditions, false)));
    });
  }

  /** get() through the general path; a by-key shape's first call also keeps its SQL for the next. */
  private async getCompiling(conditions: object[], key: unknown, db: Database | undefined): Promise<R> {
    // addWhere(), not filter(): the conditions are checked once, with get()'s name in the message.
    const qs = conditions.length ? this.addWhere(conditions, false) : this;
    const query = qs.clone<R>({ ordering: isSliced(qs.state) ? qs.state.ordering : [], high: isSliced(qs.state) ? qs.state.high : qs.state.low + 21 });
    const rows = await query.fetch();
    // A by-key shape's first call: its SQL is kept for the next (see by-key.ts).
    if (db) rememberByKey(db, this.state, key, query.compile(db));
    return this.onlyRow(rows, () => qs);
  }

  /** The one row of a `get()`, or the model's `DoesNotExist` / `MultipleObjectsReturned`. */
  private onlyRow(rows: R[], matching: () => { toSQL(): { sql: string; bindings: readonly unknown[] } }): R {
    if (rows.length === 1) return rows[0]!;
    if (rows.length === 0) throw new this.model.DoesNotExist(`${this.model.name} matching query does not exist.\n  ${safeSql(matching())}`);
    const count = rows.length > 20 ? 'more than 20' : String(rows.length);
    throw new this.model.MultipleObjectsReturned(`get() returned more than one ${this.model.name} -- it returned ${count}!`);
  }

  async first(): Promise<R | undefined> {
    const ordered = needsPkOrdering(this.state, 'first') ? this.orderBy('pk' as OrderKey<C>) : this;
    return (await ordered.slice(0, 1).fetch())[0];
  }

  async last(): Promise<R | undefined> {
    const ordered = needsPkOrdering(this.state, 'last') ? this.orderBy('pk' as OrderKey<C>) : this;
    return (await ordered.reverse().slice(0, 1).fetch())[0];
  }

  async latest(...names: OrderKey<C>[]): Promise<R> {
    return this.orderBy(...this.latestBy(names)).reverse().slice(0, 1).get();
  }

  async earliest(...names: OrderKey<C>[]): Promise<R> {
    return this.orderBy(...this.latestBy(names)).slice(0, 1).get();
  }

  private latestBy(names: OrderKey<C>[]): OrderKey<C>[] {
    args.checkNames(names, 'latest/earliest');
    if (names.length) return names;
    const by = this.state.meta.getLatestBy;
    if (!by?.length) throw new WrenError(`latest()/earliest() need a field name, or meta.getLatestBy on ${this.state.meta.name}`);
    return (typeof by === 'string' ? [by] : [...by]) as OrderKey<C>[];
  }

  /** `{ pk: instance }` for the given keys (all rows when none are given). */
  inBulk<K extends FieldName<C> = 'pk' & FieldName<C>>(ids?: readonly unknown[] | null, options?: { fieldName?: K }): Promise<Map<InBulkKey<C, K>, R>>;
  async inBulk(ids?: readonly unknown[] | null, options: { fieldName?: FieldName<C> } = {}): Promise<Map<unknown, R>> {
    args.checkInBulkArgs(ids, options);
    // The map is keyed by each row's instance: a slice would bound the rows before the ids chose them.
    if (isSliced(this.state)) throw new WrenTypeError("Cannot use 'limit' or 'offset' with inBulk(): call it on the QuerySet before slice(), and pass the keys you want");
    if (this.state.selection.kind !== 'models') throw new WrenTypeError('inBulk() cannot be used after values() or valuesList(): it maps keys to instances; call it before values(), or read values() and key the rows yourself');
    const name = options.fieldName ?? 'pk';
    const field = this.state.meta.field(name);
    if (name !== 'pk' && !field.unique) throw new FieldError(`inBulk()'s fieldName must be a unique field; '${name}' is not`);
    if (ids && ids.length === 0) return new Map();
    const qs = ids ? this.filter({ [`${name}__in`]: ids } as FilterInput<C>) : this;
    const rows = (await qs.fetch()) as Record<string, unknown>[];
    return new Map(rows.map((row) => [row[field.name], row as R]));
  }

  /** Computes aggregates over the whole QuerySet: `aggregate({ avg: Avg('age') })`. */
  async aggregate<A extends Record<string, Expression>>(aggregates: A & KnownNames<C, AnnotationsOf<C, R>, A>): Promise<{ [K in keyof A]: ResultOf<A[K], C, AnnotationsOf<C, R>> }> {
    this.assertNoWindowFilter('aggregate');
    // Unlike annotate(), names may repeat a field's: the result is a plain object (Django allows it too).
    const entries = namedExpressions(aggregates, 'aggregate');
    const names = entries.map(([name]) => name);
    if (names.length === 0) return {} as never;
    const grouped = isSliced(this.state) || this.state.distinct;
    if (grouped) throw new NotSupportedError('aggregate() over a sliced or distinct QuerySet (a subquery) is not supported yet; aggregate before slicing, or over pk__in a subquery of the slice');
    if (Object.values(this.state.annotations).some(containsAggregate)) {
      throw new NotSupportedError('aggregate() over aggregate annotations (a subquery) is not supported yet');
    }
    // Earlier annotations stay resolvable (`Sum('total')`) but only the aggregates are selected.
    const annotated = this.clone<R>({ ordering: [], selection: { kind: 'models' } }).withAnnotations(entries, 'aggregate');
    for (const name of names) {
      if (!containsAggregate(annotated.state.annotations[name]!)) {
        throw new WrenTypeError(`aggregate(): '${name}' is not an aggregate expression; use Count, Sum, Avg, Min or Max (annotate() adds per-row values)`);
      }
    }
    const rows = (await annotated.clone<Record<string, unknown>>({ selection: { kind: 'values', names } }).fetch()) as Record<string, unknown>[];
    // none() runs no query: COUNT is still 0 there, the other aggregates null, as over no rows.
    const empty = Object.fromEntries(entries.map(([n, expression]) => [n, isCount(expression.node) ? 0 : null]));
    return (rows[0] ?? empty) as never;
  }

  // ---- writes (bodies in queryset-writes.ts) ----

  /** Builds, saves (INSERT) and returns an instance. Unknown keys raise `FieldError`. */
  create(values: CreateInput<C>): Promise<Instance<C>> {
    return attempt(() => {
      requirePlainObject(values, 'create(): values');
      return writes.createOne(this as QuerySet<ModelClass, unknown>, values as Record<string, unknown>) as Promise<Instance<C>>;
    });
  }

  /** `[instance, created]`: the match, or a new row from the lookup's exact values plus `defaults`. */
  async getOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}): Promise<[Instance<C>, boolean]> {
    const matching = this.matchingLookup('getOrCreate', lookup, defaults);
    return (await writes.getOrCreate(this as QuerySet<ModelClass, unknown>, matching, lookup, defaults)) as [Instance<C>, boolean];
  }

  /**
   * `[instance, created]`: the match updated with `defaults`, or a new row made from the lookup and
   * `createDefaults` (Django 5's `create_defaults`; `defaults` when not given); in one transaction.
   */
  async updateOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}, createDefaults?: DefaultsInput<C>): Promise<[Instance<C>, boolean]> {
    const matching = this.matchingLookup('updateOrCreate', lookup, defaults);
    if (createDefaults !== undefined) args.checkFieldKeys(requirePlainObject(createDefaults, 'updateOrCreate(): createDefaults'), this.state.meta, 'updateOrCreate(): createDefaults');
    return (await writes.updateOrCreate(this as QuerySet<ModelClass, unknown>, matching, lookup, defaults, createDefaults ?? defaults)) as [Instance<C>, boolean];
  }

  /**
   * INSERTs many instances with one statement per batch (all batches in one transaction), and sets
   * the primary keys the database returns (SQLite, PostgreSQL, MariaDB 10.5+; not MySQL).
   * `ignoreConflicts` skips rows whose unique key is taken; `updateConflicts` updates
   * `updateFields` of the row holding the `uniqueFields` key instead (Django's upsert).
   */
  async bulkCreate(objects: readonly (Instance<C> | CreateInput<C>)[], options: BulkCreateOptions<C> = {}): Promise<Instance<C>[]> {
    args.checkBulkItems(objects, this.model, 'bulkCreate', { instancesOnly: false });
    const conflict = insertConflict(this.state.meta, options);
    return (await writes.bulkCreate(this as QuerySet<ModelClass, unknown>, objects as readonly object[], options.batchSize, conflict)) as Instance<C>[];
  }

  /** UPDATEs `fields` of each instance by primary key, one statement per batch; returns rows matched. */
  async bulkUpdate(objects: readonly Instance<C>[], fields: readonly FieldName<C>[], options: { batchSize?: number } = {}): Promise<number> {
    args.checkBulkItems(objects, this.model, 'bulkUpdate', { instancesOnly: true });
    args.checkFieldList(fields, 'bulkUpdate');
    args.checkBatchOptions(options, 'bulkUpdate');
    return writes.bulkUpdate(this as QuerySet<ModelClass, unknown>, objects, fields, options.batchSize);
  }

  /** UPDATEs every matching row; values may be `F()` expressions. Returns the number of rows matched. */
  async update(values: UpdateInput<C>): Promise<number> {
    requirePlainObject(values, 'update(): values');
    this.assertNotSliced('update');
    this.assertNotCombined('update');
    this.assertNoWindowFilter('update');
    return writes.updateRows(this as QuerySet<ModelClass, unknown>, values);
  }

  /**
   * DELETEs every matching row, carrying out each relation's `onDelete` (CASCADE, PROTECT ...)
   * in one transaction, as Django's collector does; returns how many rows were deleted in all
   * (cascaded ones included). For the count per model use `deleteCollected()`.
   */
  async delete(): Promise<number> {
    // As in Django: the rows of values() are not the objects whose onDelete rules delete() carries out.
    if (this.state.selection.kind !== 'models') throw new WrenTypeError('Cannot call delete() after values() or valuesList()');
    this.assertNotSliced('delete');
    this.assertNotCombined('delete');
    this.assertNoWindowFilter('delete');
    return writes.deleteRows(this as QuerySet<ModelClass, unknown>);
  }

  /**
   * The rows getOrCreate/updateOrCreate look for, with both arguments checked (names included)
   * before the lookup query, or the transaction, runs.
   */
  private matchingLookup(method: string, lookup: unknown, defaults: unknown): QuerySet<ModelClass, unknown> {
    requirePlainObject(lookup, `${method}(): lookup`);
    const matching = this.filter(lookup as FilterInput<C>);
    args.checkFieldKeys(requirePlainObject(defaults, `${method}(): defaults`), this.state.meta, `${method}(): defaults`);
    return matching as unknown as QuerySet<ModelClass, unknown>;
  }

  private assertNotSliced(what: string): void {
    if (isSliced(this.state)) throw new WrenError(`Cannot ${what} a QuerySet once a slice has been taken; call ${what}() before slice()`);
  }

  /**
   * A query filtered on a window runs as a subquery (see window-filter.ts), which writes and
   * aggregate() cannot wrap; selecting its keys first can.
   */
  private assertNoWindowFilter(method: string): void {
    if (this.state.where && hasWindowCondition(this.state.where)) {
      throw new NotSupportedError(`${method}() of a QuerySet filtered on a window expression is not supported: select its keys first, Model.objects.filter({ pk__in: Subquery(qs.values('pk')) }).${method}(...)`);
    }
  }

  /** After union()/intersection()/difference() only ordering, slicing and reading are allowed, as in Django. */
  private assertNotCombined(method: string): void {
    if (this.state.combined) throw new NotSupportedError(`Calling ${method}() after ${COMBINERS[this.state.combined.operator]}() is not supported: order, slice or read the combined rows, or combine QuerySets that already do this`);
  }

  /** `values()` after `union()`: each combined query selects the columns, and so do the combined rows. */
  private selectInEachPart(select: (qs: QuerySet<C, R>) => QuerySet<C, unknown>): QuerySet<C, unknown> {
    const combined = this.state.combined!;
    const parts = combined.parts.map((part) => select(this.clone<R>({ ...part })).state);
    const outer = select(this.clone<R>({ combined: null }));
    return outer.clone({ combined: { ...combined, parts }, ordering: this.state.ordering, low: this.state.low, high: this.state.high, reversed: this.state.reversed });
  }

  private combine(operator: Combination['operator'], given: readonly unknown[]): this {
    const combination = combinationOf(this.state, operator, given, (value) => (value instanceof QuerySet ? value.state : undefined));
    if (!combination) return this;
    const kept = withoutEmptyParts(combination);
    if (kept.kind === 'empty') return this.none();
    // The combined query takes its columns from its first part, which may now be another one.
    if (kept.kind === 'one') return kept.state === this.state ? this : this.clone({ ...kept.state });
    const combined = kept.combination;
    return this.clone({
      ...combined.parts[0], combined, where: null, ordering: null, reversed: false, low: 0, high: null, distinct: false, joins: [], selectRelated: [], lock: null,
    });
  }
}

function isCount(node: ExpressionNode): boolean {
  return node.kind === 'aggregate' && node.fn === 'COUNT';
}

function safeSql(qs: { toSQL(): { sql: string; bindings: readonly unknown[] } }): string {
  try {
    const { sql, bindings } = qs.toSQL();
    return `SQL: ${sql} params: ${JSON.stringify(bindings)}`;
  } catch {
    return '';
  }
}
