import { INTEGER_KINDS } from '../dialects/dialect.js';
import { toBigInt, toSafeInteger, type Converter, type Dialect } from '../dialects/index.js';
import type { ColumnParser } from '../connection/drivers/index.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import type { ModelClass } from '../models/types.js';
import { postInit } from '../signals/builtin.js';
import { outputFieldOf } from './resolve.js';
import type { ExpressionNode } from './nodes.js';
import type { SelectShape } from './compiler/select.js';
import { pathAlias, type QueryState } from './state.js';
import { quantizeDecimal } from '../util/decimal.js';
import { relationKey, STATE } from './instance-state.js';

/** Row key -> attribute -> converter, computed once per query so the row loop stays flat. */
export interface HydrationPlan {
  /** Where each value is in a row: a column name, or an index for rows read as arrays. */
  readonly keys: readonly (string | number)[];
  readonly attributes: readonly string[];
  readonly converters: readonly (Converter | null)[];
  /** Relations every instance will hold (selectRelated's): the constructor declares their slots. */
  readonly relations?: readonly string[];
}

const fieldPlans = new WeakMap<Dialect, WeakMap<readonly Field[], HydrationPlan>>();
const indexedFieldPlans = new WeakMap<Dialect, WeakMap<readonly Field[], HydrationPlan>>();

/**
 * How to read a SELECT's rows: by column name, or by position when the driver returned arrays
 * (`arrays`). Positions follow `selectSql`'s column order: the fields, then the annotations and
 * relation paths in `shape.annotations` order, then selectRelated's columns.
 */
export function planFor(state: QueryState, shape: SelectShape, dialect: Dialect, arrays = false): HydrationPlan {
  const fieldPlan = cachedFieldPlan(shape.fields, dialect, arrays);
  const selection = state.selection;
  if (selection.kind !== 'models') return selectionPlan(state, shape, selection.names, fieldPlan, dialect, arrays);
  if (shape.annotations.length === 0) return fieldPlan;
  const extra = shape.annotations.map((name) => annotationConverter(state, name, dialect));
  const keys = arrays ? shape.annotations.map((_, j) => shape.fields.length + j) : shape.annotations;
  return {
    keys: [...fieldPlan.keys, ...keys],
    attributes: [...fieldPlan.attributes, ...shape.annotations],
    converters: [...fieldPlan.converters, ...extra],
  };
}

/**
 * `values()` / `valuesList()`: one entry per name, in the order given, keyed by the name as
 * written (`pk`, `author`, `author__name`), as Django does.
 */
function selectionPlan(state: QueryState, shape: SelectShape, names: readonly string[], fieldPlan: HydrationPlan, dialect: Dialect, arrays: boolean): HydrationPlan {
  const keys: (string | number)[] = [];
  const converters: (Converter | null)[] = [];
  let nextField = 0;
  for (const name of names) {
    const path = shape.paths?.[name];
    if (path && state.annotations[name] === undefined) {
      // A relation path reads a column: it converts like that field, as the model's own fields do.
      keys.push(arrays ? shape.fields.length + shape.annotations.indexOf(name) : pathAlias(shape.paths!, name));
      converters.push(dialect.fromDb(outputFieldOf(path, state.meta).columnSpec()));
    } else if (shape.annotations.includes(name)) {
      keys.push(arrays ? shape.fields.length + shape.annotations.indexOf(name) : name);
      converters.push(annotationConverter(state, name, dialect));
    } else {
      keys.push(fieldPlan.keys[nextField]!);
      converters.push(fieldPlan.converters[nextField++]!);
    }
  }
  return { keys, attributes: names, converters };
}

const relationPlans = new WeakMap<HydrationPlan, Map<string, HydrationPlan>>();

/** `plan` for instances that will hold relations `names` (selectRelated's), cached per plan. */
export function withRelations(plan: HydrationPlan, names: readonly string[]): HydrationPlan {
  let byNames = relationPlans.get(plan);
  if (!byNames) relationPlans.set(plan, (byNames = new Map()));
  const key = names.join('\u0001');
  let extended = byNames.get(key);
  if (!extended) byNames.set(key, (extended = { ...plan, relations: names }));
  return extended;
}

function cachedFieldPlan(fields: readonly Field[], dialect: Dialect, arrays: boolean): HydrationPlan {
  const plans = arrays ? indexedFieldPlans : fieldPlans;
  let byFields = plans.get(dialect);
  if (!byFields) plans.set(dialect, (byFields = new WeakMap()));
  let plan = byFields.get(fields);
  if (!plan) {
    plan = {
      keys: arrays ? fields.map((_, i) => i) : fields.map((field) => field.column),
      attributes: fields.map((field) => field.attname),
      converters: fields.map((field) => dialect.fromDb(field.columnSpec())),
    };
    byFields.set(fields, plan);
  }
  return plan;
}


/**
 * `plan` for rows whose values arrive as the server sent them (a `RowSink`'s): each column's
 * converter runs after the driver's parser for it (`parsers`, by column position), as it runs
 * after the driver's own parsing otherwise. Kept per plan while the parsers stay the same
 * (they follow the columns' types), so a repeated query reuses its compiled row loop.
 */
export function withParsers(plan: HydrationPlan, parsers: readonly (ColumnParser | null)[] | null): HydrationPlan {
  if (parsers === null) return plan;
  const known = parsedPlans.get(plan);
  if (known !== undefined && sameParsers(known.parsers, parsers)) return known.plan;
  const converters = plan.keys.map((key, i) => composed(typeof key === 'number' ? (parsers[key] ?? null) : null, plan.converters[i] ?? null));
  const parsed = { ...plan, converters };
  parsedPlans.set(plan, { parsers, plan: parsed });
  return parsed;
}

const parsedPlans = new WeakMap<HydrationPlan, { readonly parsers: readonly (ColumnParser | null)[]; readonly plan: HydrationPlan }>();

function sameParsers(a: readonly (ColumnParser | null)[], b: readonly (ColumnParser | null)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One function per parser and converter pair, so plans built for the same columns share them. */
const compositions = new Map<ColumnParser, Map<Converter, Converter>>();

function composed(parse: ColumnParser | null, convert: Converter | null): Converter | null {
  if (parse === null) return convert;
  if (convert === null) return parse as Converter;
  let byConverter = compositions.get(parse);
  if (!byConverter) compositions.set(parse, (byConverter = new Map()));
  let both = byConverter.get(convert);
  if (!both) byConverter.set(convert, (both = (raw) => convert(parse(raw as string))));
  return both;
}

/**
 * COUNT is always an integer; AVG a float; SUM/MIN/MAX convert like their input field. Drivers
 * hand integer aggregates over as numbers or as text (PostgreSQL's SUM is numeric): over a
 * column they become exact numbers, or bigints for `{ bigint: true }` fields, and never round.
 */
function annotationConverter(state: QueryState, name: string, dialect: Dialect): Converter | null {
  const node = state.annotations[name]!;
  if (node.kind === 'aggregate' && node.fn === 'COUNT') return Number;
  const field = outputFieldOf(node, state.meta);
  if (node.kind === 'aggregate' && node.fn === 'AVG' && field.kind !== 'decimal') return Number;
  const spec = field.columnSpec();
  if (INTEGER_KINDS.has(field.kind)) return readsColumn(node) ? (spec.bigint ? toBigInt : toSafeInteger) : Number;
  if (field.kind === 'float') return Number;
  // A function's decimal has its output field's places on every dialect: PostgreSQL's
  // GREATEST(9.50, 10) is 10 and MySQL's CEIL of a decimal an integer.
  if (field.kind === 'decimal' && node.kind === 'func') return decimalPlaces(spec.decimalPlaces ?? 0);
  return dialect.fromDb(spec);
}

function decimalPlaces(places: number): Converter {
  return (value) => quantizeDecimal(value, places);
}

/**
 * A column, or SUM/MIN/MAX of one: then an integer column's type holds the result. Arithmetic
 * with an untyped constant (`F('n').mul(1.5)`) may not be integral, so it stays a plain number.
 */
function readsColumn(node: ExpressionNode): boolean {
  return node.kind === 'column' || (node.kind === 'aggregate' && node.arg?.kind === 'column');
}

/**
 * Instances without running constructors: fields assigned straight from the row. The row loop is
 * compiled once per plan shape (see `compiledRows`), so each row is a run of plain property
 * stores that V8 can inline, instead of keyed loads and stores through the plan's arrays. The
 * caller sends `postInit` (`sendPostInit`) once the result is complete.
 */
export function hydrateInstances<T>(
  rows: readonly Record<string | number, unknown>[],
  plan: HydrationPlan,
  prototype: object,
  makeState: () => unknown,
): T[] {
  const LoadedRow = instanceConstructor(plan, prototype);
  const c = plan.converters;
  const instances = new Array<T>(rows.length);
  for (let r = 0; r < rows.length; r++) instances[r] = new LoadedRow(rows[r], makeState(), c) as T;
  return instances;
}

/**
 * Django's `post_init` for each loaded instance, when a receiver listens for the model (Django
 * sends it for every loaded row); without one, the check is once per result.
 */
export function sendPostInit(instances: readonly object[], prototype: object): void {
  const model = prototype.constructor as ModelClass;
  if (postInit.hasListeners(model)) for (const instance of instances) postInit.sendSync(model, { instance });
}

/** One row as an instance of `prototype`'s model: `new LoadedRow(row, state, plan.converters)`. */
export type LoadedRow = new (row: unknown, state: unknown, c: Converters) => object;

const constructorsByPlan = new WeakMap<HydrationPlan, WeakMap<object, LoadedRow>>();

/**
 * The constructor building `plan`'s rows as instances of `prototype`'s model (compiled once per
 * shape). Besides the relations `plan` names (selectRelated's), it declares a slot for each of
 * the model's forward keys: `book.author` is cached later by `related()`, assignment, or as a
 * back-reference when the book was read through `author.books` or a prefetch, and a slot the
 * constructor did not declare would be a new property on every instance (a new hidden class and
 * a property array for each).
 */
export function instanceConstructor(plan: HydrationPlan, prototype: object): LoadedRow {
  let byPrototype = constructorsByPlan.get(plan);
  if (byPrototype === undefined) constructorsByPlan.set(plan, (byPrototype = new WeakMap()));
  let LoadedRow = byPrototype.get(prototype);
  if (LoadedRow === undefined) {
    const slots = relationSlots((prototype.constructor as ModelClass)._meta, plan.relations ?? []);
    const withSlots = slots.length === (plan.relations?.length ?? 0) ? plan : withRelations(plan, slots);
    LoadedRow = (compiledRows(withSlots, 'instances') as InstanceBuilder)(prototype);
    byPrototype.set(prototype, LoadedRow);
  }
  return LoadedRow;
}

/** The model's forward keys, then the other relations in `selected` (a reverse one-to-one's name). */
function relationSlots(meta: ModelOptions, selected: readonly string[]): readonly string[] {
  const keys = meta.foreignKeys.map((field) => field.name);
  return [...keys, ...selected.filter((name) => !keys.includes(name))];
}

/** The function building one of `plan`'s rows as a plain object (`values()`), given `plan.converters`. */
export function objectBuilder(plan: HydrationPlan): ObjectBuilder {
  return compiledRows(plan, 'objects') as ObjectBuilder;
}

/** The function building one of `plan`'s rows as a tuple (`valuesList()`), or its first value (`flat`). */
export function tupleBuilder(plan: HydrationPlan, flat: boolean): (row: Record<string | number, unknown>) => unknown {
  const { keys, converters } = plan;
  const convertAt = (row: Record<string | number, unknown>, i: number): unknown => {
    const value = row[keys[i]!];
    const convert = converters[i];
    return value === null || value === undefined || !convert ? value : convert(value);
  };
  if (flat) return (row) => convertAt(row, 0);
  return (row) => keys.map((_, i) => convertAt(row, i));
}

type Converters = HydrationPlan['converters'];
/** The instance constructor of one prototype (the model's), for plans of one shape. */
type InstanceBuilder = (proto: object) => LoadedRow;
export type ObjectBuilder = (row: Record<string | number, unknown>, c: Converters) => Record<string, unknown>;
type Target = 'instances' | 'objects';

const builtByPlan: Record<Target, WeakMap<HydrationPlan, InstanceBuilder | ObjectBuilder>> = {
  instances: new WeakMap(),
  objects: new WeakMap(),
};
/** Plans made per query (annotations, raw SQL) share builders through their shape. */
const builtByShape = new Map<string, InstanceBuilder | ObjectBuilder>();
const MAX_SHAPES = 500;

/**
 * The row loop for a plan, generated as source once per shape (keys, attributes, which columns
 * convert) and cached. Names enter the source only as JSON string literals; converters are passed
 * in, never inlined, so two plans of the same shape share one function.
 */
function compiledRows(plan: HydrationPlan, target: Target): InstanceBuilder | ObjectBuilder {
  const cached = builtByPlan[target].get(plan);
  if (cached) return cached;
  const shape = `${target}\u0000${plan.keys.join('\u0001')}\u0000${plan.attributes.join('\u0001')}\u0000${plan.converters.map((c) => (c ? 1 : 0)).join('')}\u0000${plan.relations?.join('\u0001') ?? ''}`;
  let built = builtByShape.get(shape);
  if (!built) {
    built = target === 'instances' ? buildInstanceLoop(plan) : buildObjectLoop(plan);
    if (builtByShape.size >= MAX_SHAPES) builtByShape.clear();
    builtByShape.set(shape, built);
  }
  builtByPlan[target].set(plan, built);
  return built;
}

/** `value` read from the row, converted unless null/undefined or the column has no converter. */
function valueSource(plan: HydrationPlan, i: number): string {
  const read = `row[${JSON.stringify(plan.keys[i])}]`;
  if (!plan.converters[i]) return read;
  return `((v = ${read}) === null || v === undefined ? v : c${i}(v))`;
}

function converterLocals(plan: HydrationPlan): string {
  const locals = plan.converters.flatMap((c, i) => (c ? [`c${i} = c[${i}]`] : []));
  return locals.length ? `const ${locals.join(', ')};` : '';
}

/**
 * Instances are built with `new` on a generated constructor whose prototype is the model's, not
 * with `Object.create(proto)` and stores: V8 sizes an object made by a constructor to the
 * properties its body assigns (all of them inside the object), while `Object.create` leaves room
 * for four and puts the rest in a separate property array, reallocated as it grows. For a model
 * of seven fields (Node 20) that is one allocation of 88 bytes per row instead of three of 160,
 * 120 kept, which the young-generation GC copies for every instance a fetch keeps; building
 * 10,000 such rows took 20-30% less time. The constructor is per prototype (it must carry the
 * model's), shared by the plans of one shape. For a selectRelated() result it also declares the
 * slots of the relations attached afterwards (`plan.relations`), so attaching allocates nothing.
 */
function buildInstanceLoop(plan: HydrationPlan): InstanceBuilder {
  const stores = plan.attributes.map((name, i) => `this[${JSON.stringify(name)}] = ${valueSource(plan, i)};`).join('\n');
  const relations = plan.relations ?? [];
  const slots = relations.map((_, i) => `this[r${i}] = undefined;`).join('\n');
  const slotLocals = relations.length ? `const ${relations.map((_, i) => `r${i} = relationKeys[${i}]`).join(', ')};` : '';
  const makeConstructor = new Function('stateKey', 'relationKeys', `${slotLocals}
return function LoadedRow(row, state, c) {
  ${converterLocals(plan)}
  let v;
  this[stateKey] = state;
  ${stores}
  ${slots}
};`) as (stateKey: symbol, relationKeys: readonly symbol[]) => LoadedRow;
  const relationKeys = relations.map(relationKey);
  const constructors = new WeakMap<object, LoadedRow>();
  return (proto) => {
    let LoadedRow = constructors.get(proto);
    if (LoadedRow === undefined) {
      LoadedRow = makeConstructor(STATE, relationKeys);
      LoadedRow.prototype = proto;
      constructors.set(proto, LoadedRow);
    }
    return LoadedRow;
  };
}

function buildObjectLoop(plan: HydrationPlan): ObjectBuilder {
  const props = plan.attributes.map((name, i) => `${JSON.stringify(name)}: ${valueSource(plan, i)}`).join(',\n');
  const source = `${converterLocals(plan)}
let v;
return { ${props} };`;
  return new Function('row', 'c', source) as ObjectBuilder;
}

export type { ModelOptions };
