import type { Converter, Dialect } from '../dialects/index.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import { outputFieldOf } from './resolve.js';
import type { SelectShape } from './compiler/select.js';
import type { QueryState } from './state.js';

/** Row key -> attribute -> converter, computed once per query so the row loop stays flat. */
export interface HydrationPlan {
  readonly keys: readonly string[];
  readonly attributes: readonly string[];
  readonly converters: readonly (Converter | null)[];
}

const fieldPlans = new WeakMap<Dialect, WeakMap<readonly Field[], HydrationPlan>>();

export function planFor(state: QueryState, shape: SelectShape, dialect: Dialect): HydrationPlan {
  const fieldPlan = cachedFieldPlan(shape.fields, dialect);
  if (shape.annotations.length === 0) return fieldPlan;
  const extra = shape.annotations.map((name) => annotationConverter(state, name, dialect));
  return {
    keys: [...fieldPlan.keys, ...shape.annotations],
    attributes: [...fieldPlan.attributes, ...shape.annotations],
    converters: [...fieldPlan.converters, ...extra],
  };
}

function cachedFieldPlan(fields: readonly Field[], dialect: Dialect): HydrationPlan {
  let byFields = fieldPlans.get(dialect);
  if (!byFields) fieldPlans.set(dialect, (byFields = new WeakMap()));
  let plan = byFields.get(fields);
  if (!plan) {
    plan = {
      keys: fields.map((field) => field.column),
      attributes: fields.map((field) => field.name),
      converters: fields.map((field) => dialect.fromDb(field.columnSpec())),
    };
    byFields.set(fields, plan);
  }
  return plan;
}

/** COUNT is always an integer; AVG a float; SUM/MIN/MAX convert like their input field. */
function annotationConverter(state: QueryState, name: string, dialect: Dialect): Converter | null {
  const node = state.annotations[name]!;
  if (node.kind === 'aggregate' && node.fn === 'COUNT') return Number;
  const field = outputFieldOf(node, state.meta);
  if (node.kind === 'aggregate' && node.fn === 'AVG' && field.kind !== 'decimal') return Number;
  const fieldConverter = dialect.fromDb(field.columnSpec());
  if (['integer', 'bigint', 'smallint', 'positiveint', 'auto', 'bigauto', 'float'].includes(field.kind)) return Number;
  return fieldConverter;
}

/** Instances without running constructors: fields assigned straight from the row. */
export function hydrateInstances<T>(
  rows: readonly Record<string, unknown>[],
  plan: HydrationPlan,
  prototype: object,
  makeState: () => unknown,
  stateKey: symbol,
): T[] {
  const { keys, attributes, converters } = plan;
  const width = keys.length;
  const out = new Array<T>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const instance = Object.create(prototype) as Record<string | symbol, unknown>;
    instance[stateKey] = makeState();
    for (let i = 0; i < width; i++) {
      const value = row[keys[i]!];
      const convert = converters[i];
      instance[attributes[i]!] = value === null || value === undefined || !convert ? value : convert(value);
    }
    out[r] = instance as T;
  }
  return out;
}

export function hydrateObjects(rows: readonly Record<string, unknown>[], plan: HydrationPlan): Record<string, unknown>[] {
  const { keys, attributes, converters } = plan;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = row[keys[i]!];
      const convert = converters[i];
      out[attributes[i]!] = value === null || value === undefined || !convert ? value : convert(value);
    }
    return out;
  });
}

export function hydrateTuples(rows: readonly Record<string, unknown>[], plan: HydrationPlan, flat: boolean): unknown[] {
  const { keys, converters } = plan;
  const convertAt = (row: Record<string, unknown>, i: number): unknown => {
    const value = row[keys[i]!];
    const convert = converters[i];
    return value === null || value === undefined || !convert ? value : convert(value);
  };
  if (flat) return rows.map((row) => convertAt(row, 0));
  return rows.map((row) => keys.map((_, i) => convertAt(row, i)));
}

export type { ModelOptions };
