import type { Dialect, SqlFragment } from '../../dialects/index.js';
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
    try {
      return field.toJs(value);
    } catch (error) {
      throw new FieldError(`${this.describe(field)}: ${(error as Error).message}`);
    }
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
 * Extracts a part of a date/time column so later lookups compare it: `joined__year__gte`.
 * Registered like lookups; the output field decides which lookups may follow.
 */
export class Transform implements RegisteredLookup {
  constructor(
    readonly lookupName: string,
    readonly outputField: () => Field,
  ) {}
}
