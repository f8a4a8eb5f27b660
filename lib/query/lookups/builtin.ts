import type { PatternMode, SqlFragment } from '../../dialects/index.js';
import { FieldError, NotSupportedError } from '../../errors.js';
import type { Field } from '../../fields/index.js';
import { Lookup, OperatorLookup, type LookupCompiler } from './lookup.js';

export class ExactLookup extends OperatorLookup {
  constructor() {
    super('exact', '=');
  }
}

export const comparisonLookups = [
  new OperatorLookup('gt', '>'),
  new OperatorLookup('gte', '>='),
  new OperatorLookup('lt', '<'),
  new OperatorLookup('lte', '<='),
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

  override prepare(field: Field, value: unknown): unknown {
    if (!Array.isArray(value)) throw new FieldError(`${this.describe(field)} needs an array of values`);
    return value.map((item) => super.prepare(field, item));
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const values = rhs as unknown[];
    // An empty IN matches nothing; most databases reject the empty list syntax.
    if (values.length === 0) return { sql: '1 = 0', bindings: [] };
    // Each value is converted as a single one would be (the same checks), then bound one by one
    // or, where the dialect takes it, all as one array. Indexed loops, not map/join/flatMap:
    // prefetches send hundreds of keys.
    const parts: SqlFragment[] = new Array(values.length);
    const converted: unknown[] = [];
    for (let i = 0; i < values.length; i++) {
      const part = (parts[i] = compiler.param(values[i], field));
      for (let b = 0; b < part.bindings.length; b++) converted.push(part.bindings[b]);
    }
    const single = converted.length === parts.length && parts.every((part) => part.sql === '?');
    const asArray = single ? compiler.dialect.inArray(lhs, converted, field.kind) : null;
    if (asArray) return asArray;
    let placeholders = parts[0]!.sql;
    for (let i = 1; i < parts.length; i++) placeholders += `, ${parts[i]!.sql}`;
    return { sql: `${lhs} IN (${placeholders})`, bindings: converted };
  }
}

export class RangeLookup extends Lookup {
  readonly lookupName = 'range';

  override prepare(field: Field, value: unknown): unknown {
    if (!Array.isArray(value) || value.length !== 2) throw new FieldError(`${this.describe(field)} needs [low, high]`);
    return value.map((item) => super.prepare(field, item));
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const [low, high] = (rhs as unknown[]).map((value) => this.rhsSql(value, field, compiler));
    return { sql: `${lhs} BETWEEN ${low!.sql} AND ${high!.sql}`, bindings: [...low!.bindings, ...high!.bindings] };
  }
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
