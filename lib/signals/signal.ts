import { Dispatcher, type ConnectOptions, type SendResult } from './dispatcher.js';

/** A receiver of a `Signal`: the sender, then the signal's arguments. */
export type Receiver<Sender, Args> = (sender: Sender, args: Args) => unknown;

/**
 * A signal (Django's `django.dispatch.Signal`): receivers connect, a sender sends, and every
 * receiver connected for that sender (or for any sender) is called with `(sender, args)` in the
 * order they connected. Define your own the same way Wren defines `m2mChanged` or `preMigrate`.
 *
 * @example
 * const orderPaid = new Signal<{ amount: number }, typeof Order>('orderPaid');
 * orderPaid.connect((sender, { amount }) => audit(amount), { sender: Order });
 * await orderPaid.send(Order, { amount: 12 });
 */
export class Signal<Args extends object = Record<never, never>, Sender = unknown> extends Dispatcher {
  // Keeps a Signal from being accepted where a ModelSignal is expected (they differ only in types).
  declare private readonly kind: 'sender-first';

  /**
   * Connects a receiver; returns a function that disconnects it. With `sender`, only that
   * sender's signals reach it, and the receiver's first parameter is typed as that sender.
   */
  connect<S extends Sender = Sender>(receiver: Receiver<NoInfer<S>, Args>, options?: ConnectOptions<S>): () => boolean {
    return this.register(receiver, options);
  }

  /** Calls the receivers in order, awaiting each (a throw stops the send and propagates); returns `[receiver, result]` pairs. */
  send(sender: Sender, args: Args): Promise<SendResult[]> {
    return this.dispatch(sender, args);
  }

  /** As `send()`, but a receiver's error becomes its result and the remaining receivers still run. */
  sendRobust(sender: Sender, args: Args): Promise<SendResult[]> {
    return this.dispatchRobust(sender, args);
  }

  /** As `send()` without awaiting: for code that cannot await; a receiver returning a promise is an error. */
  sendSync(sender: Sender, args: Args): SendResult[] {
    return this.dispatchSync(sender, args);
  }

  protected firstArgument(sender: unknown): unknown {
    return sender;
  }
}
