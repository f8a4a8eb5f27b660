import { DecimalField, FloatField, IntegerField, type Field } from '../../fields/index.js';
import type { FunctionSpec } from './spec.js';

/**
 * Spec builders for Wren's own functions: what each result is, from its arguments' fields.
 * Numbers come back as numbers and decimals as exact strings with the places given here.
 */

/** A spec with a fixed result field (Length an integer, Concat text...). */
export function fixed(name: string, output: () => Field): FunctionSpec {
  return { name, generic: false, output: () => output() };
}

/** A spec whose result takes an argument's field (Coalesce, Greatest, Trim...): Coalesce of two datetimes is a datetime. */
export function like(name: string, index = 0): FunctionSpec {
  return { name, generic: false, output: (args) => args[index]!.clone() };
}

/** A spec over arguments of one type, typed by the first (see `FunctionSpec.uniform`). */
export function uniform(name: string): FunctionSpec {
  return { name, generic: false, uniform: true, output: (args) => args[0]!.clone() };
}

/** A spec whose result is a float whatever it reads (Sqrt, Ln, Power...). */
export function floating(name: string): FunctionSpec {
  return fixed(name, () => new FloatField());
}

/** A spec whose result is an integer whatever it reads (Length, StrIndex, Sign...). */
export function integral(name: string): FunctionSpec {
  return fixed(name, () => new IntegerField());
}

function decimalSpec(field: Field | undefined): { maxDigits: number; decimalPlaces: number } | undefined {
  const spec = field?.columnSpec();
  return spec?.kind === 'decimal' ? { maxDigits: spec.maxDigits ?? 65, decimalPlaces: spec.decimalPlaces ?? 0 } : undefined;
}

/** A decimal with `places` places and room for the whole digits of `source`. */
function decimalWith(source: { maxDigits: number; decimalPlaces: number }, places: number): DecimalField {
  const whole = Math.max(source.maxDigits - source.decimalPlaces, 1);
  return new DecimalField({ maxDigits: whole + places, decimalPlaces: places });
}

/**
 * A spec that keeps an integer or a float as it is, and gives a decimal `places(decimal)` places:
 * Ceil of a decimal has none, Round('price', 1) one.
 */
export function rounding(name: string, places: (decimalPlaces: number) => number): FunctionSpec {
  return {
    name,
    generic: false,
    output: (args) => {
      const decimal = decimalSpec(args[0]);
      return decimal ? decimalWith(decimal, places(decimal.decimalPlaces)) : args[0]!.clone();
    },
  };
}

/**
 * A spec over several numbers (Mod): a decimal if any argument is one (with the most places among
 * them), else a float if any is one, else the first argument's integer field. Floats without a
 * decimal use `floatName`'s SQL (PostgreSQL's MOD takes no doubles).
 */
export function numeric(name: string, floatName: string): FunctionSpec {
  const output = (args: readonly Field[]): Field => {
    const decimals = args.map(decimalSpec).filter((spec) => spec !== undefined);
    if (decimals.length) {
      const places = Math.max(...decimals.map((spec) => spec.decimalPlaces));
      const whole = Math.max(...decimals.map((spec) => spec.maxDigits - spec.decimalPlaces));
      return decimalWith({ maxDigits: whole + places, decimalPlaces: places }, places);
    }
    return args.some((field) => field.kind === 'float') ? new FloatField() : args[0]!.clone();
  };
  const floating = (args: readonly Field[]) => output(args).kind === 'float';
  return { name, generic: false, output, specialise: (args) => ({ name: floating(args) ? floatName : name, generic: false, output }) };
}
