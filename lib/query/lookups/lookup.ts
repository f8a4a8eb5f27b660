import type { DatePart, Dialect, SqlFragment } from '../../dialects/index.js';
import { FieldError } from '../../errors.js';
import type { Field, RegisteredLookup } from '../../fields/index.js';
import { isExpressionNode, type ExpressionNode } from '../nodes.js';

/** What a lookup may ask of the compiler while it writes its SQL. */
export interface LookupCompiler {
  readonly dialect: Dialect;
  /** A placeholder for `value`, converted for the driver as `field` stores it. */
  param(value: unknown, field: Field): SqlFragment;
  expression(node: ExpressionNode): SqlFragment;
}

/**
 * A condition such as `exact` or `icontains`. Subclasses are registered on field classes with
 * `Field.registerLookup(new MyLookup())`; users add their own the same way.
 */
export abstract class Lookup implements RegisteredLookup {
  abstract readonly lookupName: string;

  /** Converts and checks the right-hand side when the filter is built (not when it runs). */
  prepare(field: Field, value: unknown): unknown {
    if (isExpressionNode(value)) return value;
    return field.toLookupValue(value);
  }

  abstract asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment;

  /** The right-hand side as SQL: a placeholder, or an expression such as `F('other')`. */
  protected rhsSql(rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    return isExpressionNode(rhs) ? compiler.expression(rhs) : compiler.param(rhs, field);
  }

  protected describe(field: Field): string {
    return `${field.toString()}__${this.lookupName}`;
  }
}

/** `lhs <operator> rhs`. */
export class OperatorLookup extends Lookup {
  constructor(readonly lookupName: string, private readonly operator: string) {
    super();
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const right = this.rhsSql(rhs, field, compiler);
    return { sql: `${lhs} ${this.operator} ${right.sql}`, bindings: right.bindings };
  }
}

/**
 * Turns the left-hand side into another value that later lookups compare: `joined__year__gte`.
 * Registered like lookups (`DateTimeField.registerLookup(new MyTransform())`); the output field
 * decides which lookups may follow.
 */
export abstract class Transform implements RegisteredLookup {
  abstract readonly lookupName: string;

  /** A fresh field describing the transformed value (its type, conversions and lookups). */
  abstract outputField(): Field;

  /** SQL for the transformed value of `lhs`, a column of type `sourceField`. */
  abstract asSql(lhs: SqlFragment, sourceField: Field, compiler: LookupCompiler): SqlFragment;
}

/** `year`, `month`, ... `week_day` (1 = Sunday), `hour`, `minute`, `second`, `date`. */
export class DatePartTransform extends Transform {
  constructor(
    readonly lookupName: DatePart,
    private readonly output: () => Field,
  ) {
    super();
  }

  outputField(): Field {
    return this.output();
  }

  asSql(lhs: SqlFragment, sourceField: Field, compiler: LookupCompiler): SqlFragment {
    return { sql: compiler.dialect.extractSql(this.lookupName, lhs.sql, sourceField.kind), bindings: lhs.bindings };
  }
}
