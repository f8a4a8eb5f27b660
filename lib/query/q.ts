/**
 * A boolean combination of filter conditions, resolved against a model when a QuerySet uses it.
 *
 * @example Author.objects.filter(Q({ name: 'Ann' }).or({ age__isnull: true }))
 */
export class QNode {
  constructor(
    readonly connector: 'and' | 'or',
    readonly negated: boolean,
    readonly children: readonly (QNode | readonly [string, unknown])[],
  ) {}

  and(other: QNode | Record<string, unknown>): QNode {
    return new QNode('and', false, [this, toQ(other)]);
  }

  or(other: QNode | Record<string, unknown>): QNode {
    return new QNode('or', false, [this, toQ(other)]);
  }

  not(): QNode {
    return new QNode(this.connector, !this.negated, this.children);
  }
}

export function toQ(input: QNode | Record<string, unknown>): QNode {
  if (input instanceof QNode) return input;
  return new QNode('and', false, Object.entries(input).map(([key, value]) => [key, value] as const));
}

/** Builds a `QNode` from keyword conditions (all must hold). */
export function Q(conditions: Record<string, unknown> = {}): QNode {
  return toQ(conditions);
}
