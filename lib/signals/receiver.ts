import type { Model } from '../models/model.js';
import type { ModelClass } from '../models/types.js';
import type { ConnectOptions } from './dispatcher.js';
import { ModelSignal, type ModelReceiver } from './model-signal.js';
import type { Receiver, Signal } from './signal.js';

/**
 * Django's `@receiver` decorator as a function: connects the function it is given and returns
 * it unchanged, so the receiver keeps a name to `disconnect()` by.
 *
 * @example export const tidyTitle = receiver(preSave, { sender: Book })((book) => { book.title = book.title.trim(); });
 */
export function receiver<A extends object, C extends ModelClass = ModelClass<Model>>(signal: ModelSignal<A>, options?: ConnectOptions<C>): <F extends ModelReceiver<C, A>>(fn: F) => F;
export function receiver<A extends object, Sender, S extends Sender = Sender>(signal: Signal<A, Sender>, options?: ConnectOptions<S>): <F extends Receiver<S, A>>(fn: F) => F;
export function receiver(signal: ModelSignal<object> | Signal<object, unknown>, options?: ConnectOptions<unknown>): (fn: never) => unknown {
  return (fn) => {
    if (signal instanceof ModelSignal) signal.connect(fn, options as ConnectOptions<ModelClass>);
    else signal.connect(fn, options);
    return fn;
  };
}
