import type { Database } from '../connection/index.js';
import { attachKnownRelated } from './back-references.js';
import type { ColumnParser, RowSink } from '../connection/drivers/index.js';
import type { SelectShape } from './compiler/select.js';
import { shareResult, stateMaker, type FetchMode } from './fetch-mode.js';
import { hydrateInstances, instanceConstructor, objectBuilder, planFor, sendPostInit, tupleBuilder, withParsers, withRelations, type HydrationPlan, type LoadedRow, type ObjectBuilder } from './hydrate.js';
import { relatedLoaders, relatedOffsets, relationNames, type RelatedLoader } from './select-related.js';
import type { QueryState } from './state.js';

type Row = Record<string | number, unknown>;

/**
 * What a SELECT's rows become, one row at a time: model instances with their `selectRelated`
 * objects attached, plain objects (`values()`) or tuples (`valuesList()`). The same builder takes
 * the rows a driver collected (`rows()`) and the rows a driver hands over as it reads them (it is
 * the statement's `RowSink`), so both paths build exactly the same result. Django splits this
 * into its ModelIterable classes.
 */
export class ResultBuilder implements RowSink {
  private readonly fieldPlan: HydrationPlan;
  private readonly mode: FetchMode;
  private readonly makeState: () => unknown;
  private out: unknown[] = [];
  /** The plan rows are read with: the field plan, or the same with the driver's parsers composed in. */
  private plan: HydrationPlan;
  /** One of these builds each row, set by `columns()` for the query's selection. */
  private LoadedRow: LoadedRow | null = null;
  private buildObject: ObjectBuilder | null = null;
  private buildTuple: ((row: Row) => unknown) | null = null;
  private loaders: readonly RelatedLoader[] = [];
  /** A value a converter refused while the driver was reading: thrown by `finish()`. */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly state: QueryState,
    private readonly shape: SelectShape,
    private readonly prototype: object,
    private readonly db: Database,
    /** Rows come as arrays in SELECT order (the driver's `arrayRows`), not keyed by column. */
    private readonly arrays: boolean,
  ) {
    this.fieldPlan = this.plan = planFor(state, shape, db.dialect, arrays);
    this.mode = state.fetchMode ?? db.fetchMode;
    this.makeState = stateMaker(db.alias, this.mode);
  }

  /** Starts the result (again) for rows read through `parsers`, or for parsed rows (null). */
  columns(parsers: readonly (ColumnParser | null)[] | null): void {
    this.out = [];
    this.failure = undefined;
    const plan = (this.plan = withParsers(this.fieldPlan, parsers));
    const selection = this.state.selection;
    if (selection.kind === 'values') this.buildObject = objectBuilder(plan);
    else if (selection.kind === 'valuesList') this.buildTuple = tupleBuilder(plan, selection.flat);
    else {
      const related = this.shape.related;
      if (!related?.length) this.LoadedRow = instanceConstructor(plan, this.prototype);
      else {
        this.LoadedRow = instanceConstructor(withRelations(plan, relationNames(related)), this.prototype);
        // Related columns follow the fields and annotations (see selectSql).
        const offsets = this.arrays ? relatedOffsets(related, this.shape.fields.length + this.shape.annotations.length) : undefined;
        this.loaders = relatedLoaders(related, { dialect: this.db.dialect, makeState: this.makeState, offsets, parsers });
      }
    }
  }

  /** A driver's row as it arrives; a value its converter refuses fails the result at `finish()`. */
  row(values: readonly unknown[]): void {
    if (this.failure) return;
    try {
      this.add(values as unknown as Row);
    } catch (error) {
      this.failure = { error };
    }
  }

  private add(row: Row): void {
    const c = this.plan.converters;
    if (this.LoadedRow !== null) {
      const instance = new this.LoadedRow(row, this.makeState(), c);
      const loaders = this.loaders;
      for (let i = 0; i < loaders.length; i++) loaders[i]!.attach(instance, row);
      this.out.push(instance);
    } else if (this.buildObject !== null) this.out.push(this.buildObject(row, c));
    else this.out.push(this.buildTuple!(row));
  }

  /** Rows a driver collected, already parsed. */
  rows(rows: readonly Row[]): this {
    this.columns(null);
    // The common case in one tight loop per row shape (see hydrateInstances).
    if (this.LoadedRow !== null && this.loaders.length === 0) this.out = hydrateInstances(rows, this.plan, this.prototype, this.makeState);
    else for (let r = 0; r < rows.length; r++) this.add(rows[r]!);
    return this;
  }
  /** The result, once every row is in. */
  finish(): unknown[] {
    if (this.failure) throw this.failure.error;
    if (this.state.selection.kind === 'models') {
      if (this.state.knownRelated !== null) attachKnownRelated(this.out as object[], this.state.knownRelated);
      sendPostInit(this.out as object[], this.prototype);
      shareResult(this.out as object[], this.mode);
      for (const loader of this.loaders) loader.finish(this.mode);
    }
    return this.out;
  }
}
