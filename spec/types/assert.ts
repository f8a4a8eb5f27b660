// Helpers for compile-time tests. These files are type-checked by `tsc --noEmit -p .` and never run.

/** True when A and B are the same type (not merely assignable to each other). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `check<Equal<typeof x, string>>()` fails to compile when the types differ. */
export function check<T extends true>(): void {}

/** `expectType<string>(x)` fails to compile when `x` is not assignable to the given type. */
export function expectType<T>(_value: T): void {}
