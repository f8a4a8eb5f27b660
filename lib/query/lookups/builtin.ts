import type { PatternMode, SqlFragment } from '../../dialects/index.js';
import { FieldError, NotSupportedError } from '../../errors.js';
import type { Field } from '../../fields/index.js';
import { AT_LEAST, AT_MOST, beyondOutcome, EQUALS, neverEqual, noRowSql, outcomeSql, type Beyond, type BeyondRule } from './integer-bounds.js';
import { Lookup, OperatorLookup, type LookupCompiler } from './lookup.js';

/** `lhs <operator> rhs`, except that an integer beyond the column's range is answered by `beyond` (integer-bounds.ts). */
class BoundedOperatorLookup extends OperatorLookup {
  constructor(lookupName: string, operator: string, private readonly beyond: BeyondRule) {
    super(lookupName, operator);
  }

  override asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const outcome = beyondOutcome(this.beyond, field, rhs);
    return outcome ? outcomeSql(outcome, lhs) : super.asSql(lhs, rhs, field, compiler);
  }
}

export class ExactLookup extends BoundedOperatorLookup {
  constructor() {
    super('exact', '=', EQUALS);
  }
}

export const comparisonLookups = [
  new BoundedOperatorLookup('gt', '>', AT_LEAST),
  new BoundedOperatorLookup('gte', '>=', AT_LEAST),
  new BoundedOperatorLookup('lt', '<', AT_MOST),
  new BoundedOperatorLookup('lte', '<=', AT_MOST),
];

export class IExactLookup extends Lookup {
  readonly lookupName = 'iexact';

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const right = this.rhsSql(rhs, field, compiler);
    return { sql: compiler.dialect.iexactSql(lhs, right.sql), bindings: right.bindings };
  }
}

/** contains / startswith / endswith and their case-insensitive twins; `%` and `_` match literally. */
export class PatternLookup extends Lookup {
  constructor(
    readonly lookupName: string,
    private readonly mode: PatternMode,
    private readonly caseSensitive: boolean,
  ) {
    super();
  }

  override prepare(field: Field, value: unknown): unknown {
    if (typeof value !== 'string') throw new FieldError(`${this.describe(field)} needs a string, got ${typeof value}`);
    return value;
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    try {
      return compiler.dialect.patternMatch(this.mode, lhs, rhs as string, { caseSensitive: this.caseSensitive });
    } catch (error) {
      // A needle the database cannot hold, refused as `exact` refuses it.
      throw field.refusedBy(compiler.dialect.displayName, error);
    }
  }
}

export const patternLookups = [
  new PatternLookup('contains', 'contains', true),
  new PatternLookup('icontains', 'contains', false),
  new PatternLookup('startswith', 'startswith', true),
  new PatternLookup('istartswith', 'startswith', false),
  new PatternLookup('endswith', 'endswith', true),
  new PatternLookup('iendswith', 'endswith', false),
];

export class RegexLookup extends Lookup {
  constructor(
    readonly lookupName: string,
    private readonly caseSensitive: boolean,
  ) {
    super();
  }

  override prepare(field: Field, value: unknown): unknown {
    if (typeof value !== 'string') throw new FieldError(`${this.describe(field)} needs a pattern string`);
    return value;
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    if (!compiler.dialect.supportsRegex) {
      throw new NotSupportedError(
        `${this.describe(field)}: regular expressions are not supported on ${compiler.dialect.displayName}; ` +
          `use the better-sqlite3 driver (the default) for SQLite`,
      );
    }
    return compiler.dialect.regexMatch(lhs, rhs as string, { caseSensitive: this.caseSensitive });
  }
}

export class InLookup extends Lookup {
  readonly lookupName = 'in';

  /**
   * The members that can match, each converted as `exact` converts it. Null and undefined are
   * left out, as Django leaves out None (`IN (NULL)` matches no row, and null is no value of the
   * field to convert), and so are integers beyond the column's range, which PostgreSQL would refuse.
   */
  override prepare(field: Field, value: unknown): unknown {
    if (!Array.isArray(value)) throw new FieldError(`${this.describe(field)} needs an array of values`);
    const members: unknown[] = [];
    for (const item of value) {
      if (item === null || item === undefined) continue;
      const member = super.prepare(field, item);
      if (!neverEqual(field, member)) members.push(member);
    }
    return members;
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const values = rhs as unknown[];
    // An empty IN matches nothing; most databases reject the empty list syntax.
    if (values.length === 0) return noRowSql(lhs);
    // Each value is converted as a single one would be (the same checks), then bound one by one
    // or, where the dialect takes it, all as one array. One call for the list, no fragment per
    // value: prefetches send hundreds of keys.
    const converted = compiler.params(values, field);
    const asArray = compiler.dialect.inArray(lhs, converted, field.kind);
    if (asArray) return asArray;
    return { sql: `${lhs} IN (?${', ?'.repeat(converted.length - 1)})`, bindings: converted };
  }
}

export class RangeLookup extends Lookup {
  readonly lookupName = 'range';

  override prepare(field: Field, value: unknown): unknown {
    if (!Array.isArray(value) || value.length !== 2) throw new FieldError(`${this.describe(field)} needs [low, high]`);
    return value.map((item) => super.prepare(field, item));
  }

  /** `gte low AND lte high`: a bound beyond an integer column's range decides that half (integer-bounds.ts). */
  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const [lowValue, highValue] = rhs as [unknown, unknown];
    const fromLow = beyondOutcome(AT_LEAST, field, lowValue);
    const fromHigh = beyondOutcome(AT_MOST, field, highValue);
    if (fromLow || fromHigh) return this.partlyDecided(lhs, { lowValue, fromLow, highValue, fromHigh }, field, compiler);
    const [low, high] = [this.rhsSql(lowValue, field, compiler), this.rhsSql(highValue, field, compiler)];
    return { sql: `${lhs} BETWEEN ${low.sql} AND ${high.sql}`, bindings: [...low.bindings, ...high.bindings] };
  }

  /** At least one bound decided: no row, every row, or the one comparison the other bound still needs. */
  private partlyDecided(lhs: string, bounds: DecidedBounds, field: Field, compiler: LookupCompiler): SqlFragment {
    const { lowValue, fromLow, highValue, fromHigh } = bounds;
    if (fromLow === 'noRow' || fromHigh === 'noRow') return noRowSql(lhs);
    if (fromLow && fromHigh) return outcomeSql('everyRow', lhs);
    const [operator, value] = fromLow ? ['<=', highValue] : ['>=', lowValue];
    const right = this.rhsSql(value, field, compiler);
    return { sql: `${lhs} ${operator} ${right.sql}`, bindings: right.bindings };
  }
}

/** A `range` pair, with what each bound decides on its own when it lies beyond an integer column's range. */
interface DecidedBounds {
  readonly lowValue: unknown;
  readonly fromLow: Beyond | undefined;
  readonly highValue: unknown;
  readonly fromHigh: Beyond | undefined;
}

export class IsNullLookup extends Lookup {
  readonly lookupName = 'isnull';

  override prepare(field: Field, value: unknown): unknown {
    if (typeof value !== 'boolean') throw new FieldError(`${this.describe(field)} needs true or false`);
    return value;
  }

  asSql(lhs: string, rhs: unknown): SqlFragment {
    return { sql: `${lhs} IS ${rhs ? '' : 'NOT '}NULL`, bindings: [] };
  }
}
