export type { AnyReceiver, ConnectOptions, DisconnectOptions, SendResult } from './dispatcher.js';
export { Signal, type Receiver } from './signal.js';
export { ModelSignal, type InstanceArgs, type ModelReceiver } from './model-signal.js';
export { receiver } from './receiver.js';
export {
  classPrepared, m2mChanged, postDelete, postInit, postMigrate, postSave, preDelete, preInit, preMigrate, preSave,
  type DeleteArgs, type DeleteOrigin, type M2MAction, type M2MChangedArgs, type MigrateArgs, type PostSaveArgs, type PreInitArgs, type PreSaveArgs,
} from './builtin.js';
