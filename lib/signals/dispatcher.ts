import { WrenError } from '../errors.js';
import { argumentError, checkOptions, requireFunction } from '../util/arguments.js';

// The bookkeeping every signal shares (Django's `dispatch.Signal`): who is connected, for which
// sender, and calling them in the order they connected. What a receiver's first argument is, and
// the types, belong to the subclasses (Signal, ModelSignal).

/** Any receiver, as `send()` reports it and `disconnect()` takes it. */
export type AnyReceiver = (first: never, args: never) => unknown;

/** One `[receiver, what it returned]` per receiver, in the order they were called. */
export type SendResult = readonly [receiver: AnyReceiver, result: unknown];

export interface ConnectOptions<S> {
  /** Only what this sender sends reaches the receiver (compared by identity, as in Django). */
  readonly sender?: S;
  /**
   * Hold the receiver through a `WeakRef`: the signal does not keep it alive, and once it is
   * garbage-collected it stops receiving. Off by default, unlike Django: JavaScript receivers are
   * mostly inline closures nothing else references, which a weak hold would lose at the next GC.
   */
  readonly weak?: boolean;
  /** Connecting again under the same uid (and sender) is a no-op, however many times a module is loaded. */
  readonly dispatchUid?: string | symbol;
}

export interface DisconnectOptions {
  readonly sender?: unknown;
  readonly dispatchUid?: string | symbol;
}

type Call = (first: unknown, args: unknown) => unknown;

interface Registration {
  /** The dispatchUid, or the receiver itself (held weakly when `weak`): Django's lookup key. */
  readonly uid: string | symbol | undefined;
  readonly sender: unknown;
  readonly target: Call | WeakRef<Call>;
}

/** The sender of a receiver connected without one: it hears every sender. */
const ANY_SENDER = Symbol('any sender');

export abstract class Dispatcher {
  /**
   * Replaced, never mutated: a send iterates the list as it was when it started, so receivers
   * that connect or disconnect during a send take effect from the next one.
   */
  private registrations: readonly Registration[] = [];

  /** @param name names the signal in error messages. */
  constructor(readonly name: string) {}

  /**
   * Disconnects the receiver (or the one registered under `dispatchUid`) for that sender (none:
   * the one connected without a sender); true when one was connected.
   */
  disconnect(receiver?: AnyReceiver, options: DisconnectOptions = {}): boolean {
    checkOptions(options, `${this.name}.disconnect() options`, ['sender', 'dispatchUid']);
    if (receiver === undefined && options.dispatchUid === undefined) {
      throw new WrenError(`${this.name}.disconnect() needs the receiver or its dispatchUid`);
    }
    const sender = options.sender === undefined ? ANY_SENDER : options.sender;
    const before = this.registrations.length;
    this.registrations = this.registrations.filter((entry) => !matches(entry, sender, options.dispatchUid, receiver as Call | undefined));
    return this.registrations.length < before;
  }

  /** True when a receiver would hear this sender (or, with no sender, when one listens to every sender). */
  hasListeners(sender?: unknown): boolean {
    // The common case, and the one hot paths (hydration, save) ask about: nobody connected.
    if (this.registrations.length === 0) return false;
    return this.receiversFor(sender === undefined ? ANY_SENDER : sender).length > 0;
  }

  protected register(receiver: unknown, options: ConnectOptions<unknown> | undefined): () => boolean {
    requireFunction(receiver, `${this.name}.connect(): receiver`);
    checkOptions(options, `${this.name}.connect() options`, ['sender', 'weak', 'dispatchUid']);
    const { sender = ANY_SENDER, weak = false, dispatchUid } = options ?? {};
    if (typeof weak !== 'boolean') throw argumentError(`${this.name}.connect(): weak`, 'true or false', weak);
    if (dispatchUid !== undefined && typeof dispatchUid !== 'string' && typeof dispatchUid !== 'symbol') {
      throw argumentError(`${this.name}.connect(): dispatchUid`, 'a string or a symbol', dispatchUid);
    }
    const call = receiver as Call;
    const target = weak ? new WeakRef(call) : call;
    // The returned function holds a weak receiver weakly too, or keeping it would keep the receiver.
    const disconnect = () => {
      const held = target instanceof WeakRef ? target.deref() : target;
      if (dispatchUid === undefined && held === undefined) return false;
      return this.disconnect(dispatchUid === undefined ? (held as AnyReceiver) : undefined, { sender: sender === ANY_SENDER ? undefined : sender, dispatchUid });
    };
    if (!this.registrations.some((entry) => matches(entry, sender, dispatchUid, call))) {
      this.registrations = [...this.registrations, { uid: dispatchUid, sender, target }];
    }
    return disconnect;
  }

  /** What receivers get first: the sender, or (model signals) the instance. */
  protected abstract firstArgument(sender: unknown, args: object): unknown;

  /** The args object receivers get (model signals add `sender`). */
  protected receiverArgs(_sender: unknown, args: object): object {
    return args;
  }

  /** Calls the receivers one after another, awaiting each, and returns what they returned. */
  protected async dispatch(sender: unknown, args: object): Promise<SendResult[]> {
    const receivers = this.receiversFor(sender);
    if (receivers.length === 0) return [];
    const [first, passed] = [this.firstArgument(sender, args), this.receiverArgs(sender, args)];
    const results: SendResult[] = [];
    for (const receiver of receivers) results.push([receiver as AnyReceiver, await receiver(first, passed)]);
    return results;
  }

  /** As `dispatch`, but an error a receiver throws (or rejects with) is its result, and the others still run. */
  protected async dispatchRobust(sender: unknown, args: object): Promise<SendResult[]> {
    const receivers = this.receiversFor(sender);
    if (receivers.length === 0) return [];
    const [first, passed] = [this.firstArgument(sender, args), this.receiverArgs(sender, args)];
    const results: SendResult[] = [];
    for (const receiver of receivers) {
      try {
        results.push([receiver as AnyReceiver, await receiver(first, passed)]);
      } catch (error) {
        results.push([receiver as AnyReceiver, error instanceof Error ? error : new WrenError(String(error), { cause: error })]);
      }
    }
    return results;
  }

  /**
   * For signals sent where nothing can be awaited (a constructor, a row loop): a receiver that
   * returns a promise is refused rather than left running unobserved.
   */
  protected dispatchSync(sender: unknown, args: object): SendResult[] {
    const receivers = this.receiversFor(sender);
    if (receivers.length === 0) return [];
    const [first, passed] = [this.firstArgument(sender, args), this.receiverArgs(sender, args)];
    const results: SendResult[] = [];
    for (const receiver of receivers) {
      const result = receiver(first, passed);
      if (isThenable(result)) {
        Promise.resolve(result).catch(() => {}); // reported below; an unhandled rejection would only repeat it
        throw new WrenError(
          `${this.name} is sent synchronously (from a constructor or while rows are read), so its receivers cannot be async: ${receiver.name || 'a receiver'} returned a promise`,
        );
      }
      results.push([receiver as AnyReceiver, result]);
    }
    return results;
  }

  /** The live receivers for a sender, in the order they connected; collected weak ones are dropped. */
  private receiversFor(sender: unknown): Call[] {
    const found: Call[] = [];
    let collected = false;
    for (const entry of this.registrations) {
      if (entry.sender !== ANY_SENDER && entry.sender !== sender) continue;
      const call = entry.target instanceof WeakRef ? entry.target.deref() : entry.target;
      if (call) found.push(call);
      else collected = true;
    }
    if (collected) this.registrations = this.registrations.filter((entry) => !(entry.target instanceof WeakRef) || entry.target.deref() !== undefined);
    return found;
  }
}

/** Django's lookup key: (dispatchUid or receiver, sender). */
function matches(entry: Registration, sender: unknown, uid: string | symbol | undefined, receiver: Call | undefined): boolean {
  if (entry.sender !== sender) return false;
  if (uid !== undefined) return entry.uid === uid;
  if (entry.uid !== undefined) return false;
  const target = entry.target instanceof WeakRef ? entry.target.deref() : entry.target;
  return target !== undefined && target === receiver;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
