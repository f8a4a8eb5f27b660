// Routers are typed: method names, argument and return types are checked.
import { connect, PrimaryReplicaRouter, type ModelClass, type Router } from '../../lib/index.js';

export function routers(): void {
  const byModel: Router = {
    dbForRead: (model: ModelClass) => (model.name === 'Report' ? 'replica' : undefined),
    dbForWrite: () => 'default',
    allowRelation: (_a, _b, databases) => databases.a === databases.b,
    allowMigrate: (alias, app, modelName) => alias === 'default' || (app === 'reports' && modelName !== undefined),
  };
  connect({ default: 'sqlite::memory:', replica: 'sqlite::memory:' }, { routers: [byModel, new PrimaryReplicaRouter({ primary: 'default', replicas: ['replica'] })] });
  connect('sqlite::memory:');
  // @ts-expect-error an alias is a string, not a number
  const badAlias: Router = { dbForRead: () => 1 };
  // @ts-expect-error allowMigrate answers with a boolean
  const badMigrate: Router = { allowMigrate: () => 'yes' };
  // @ts-expect-error routers is a list
  connect('sqlite::memory:', { routers: byModel });
  // @ts-expect-error replicas is a list of aliases
  new PrimaryReplicaRouter({ primary: 'default', replicas: 'replica' });
  void badAlias;
  void badMigrate;
}
