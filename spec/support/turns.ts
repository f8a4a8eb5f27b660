/** A promise with its resolve function, to make concurrent transactions take turns at known points. */
export function signal(): { promise: Promise<void>; fire(): void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** Resolves after `ms`; lets a concurrent statement reach the lock it waits on. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
