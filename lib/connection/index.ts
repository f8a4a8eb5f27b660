export { connect, database, disconnect, DEFAULT_ALIAS, type ConnectOptions } from './registry.js';
export { Database, FETCH_MODES, type DatabaseConfig, type FetchMode } from './database.js';
export { atomic, onCommit, inAtomicBlock, captureQueries, type AtomicOptions } from './atomic.js';
export { retry, type RetryOptions } from './retry.js';
export type { CapturedQuery } from './context.js';
export type { QueryResult } from './drivers/index.js';
export type { Logger } from './logger.js';
export { routeRead, routeWrite, routeAllowRelation, routeAllowMigrate, hasRouters, type Router, type RoutingHints, type RelationDatabases } from './routers.js';
export { PrimaryReplicaRouter, type PrimaryReplicaOptions } from './primary-replica-router.js';
