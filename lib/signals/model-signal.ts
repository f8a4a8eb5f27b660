import type { Model } from '../models/model.js';
import type { ModelClass } from '../models/types.js';
import { Dispatcher, type ConnectOptions, type SendResult } from './dispatcher.js';

/** What every model-instance signal passes besides its own arguments. */
export interface InstanceArgs<C extends ModelClass> {
  /** The model class (Django's `sender`). */
  readonly sender: C;
  readonly instance: C['prototype'];
}

/** A receiver of a `ModelSignal`: the instance, then the arguments (which repeat it, with the sender). */
export type ModelReceiver<C extends ModelClass, Args> = (instance: C['prototype'], args: Args & InstanceArgs<C>) => unknown;

/**
 * A signal about one model instance (`preSave`, `postSave`, `preDelete`, `postDelete`,
 * `postInit`). Receivers get the instance first, typed by the `sender` they connect for:
 * `postSave.connect((book: Book, { created }) => ..., { sender: Book })`. Without a sender a
 * receiver hears every model and its instance is a `Model`.
 */
export class ModelSignal<Args extends object> extends Dispatcher {
  // Keeps a ModelSignal from being accepted where a sender-first Signal is expected.
  declare private readonly kind: 'instance-first';

  /** Connects a receiver; returns a function that disconnects it. */
  connect<C extends ModelClass = ModelClass<Model>>(receiver: ModelReceiver<C, Args>, options?: ConnectOptions<C>): () => boolean {
    return this.register(receiver, options);
  }

  /** Calls the receivers for the model in order, awaiting each; returns `[receiver, result]` pairs. */
  send<C extends ModelClass>(sender: C, args: Args & { readonly instance: C['prototype'] }): Promise<SendResult[]> {
    return this.dispatch(sender, args);
  }

  /** As `send()`, but a receiver's error becomes its result and the remaining receivers still run. */
  sendRobust<C extends ModelClass>(sender: C, args: Args & { readonly instance: C['prototype'] }): Promise<SendResult[]> {
    return this.dispatchRobust(sender, args);
  }

  /** As `send()` without awaiting (a constructor cannot await); a receiver returning a promise is an error. */
  sendSync<C extends ModelClass>(sender: C, args: Args & { readonly instance: C['prototype'] }): SendResult[] {
    return this.dispatchSync(sender, args);
  }

  protected firstArgument(_sender: unknown, args: object): unknown {
    return (args as { instance: unknown }).instance;
  }

  protected override receiverArgs(sender: unknown, args: object): object {
    return { ...args, sender };
  }
}
