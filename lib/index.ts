/** Wren's public API. Everything importable from 'wren' is exported here and nowhere else. */
export * from './errors.js';
export { connect, database, disconnect, atomic, onCommit, inAtomicBlock, captureQueries, retry, PrimaryReplicaRouter, type PrimaryReplicaOptions, type Router, type RoutingHints, type RelationDatabases, type ConnectOptions, type AtomicOptions, type RetryOptions, type Database, type DatabaseConfig, type CapturedQuery, type Logger } from './connection/index.js';
export type { IsolationLevel } from './dialects/index.js';
export * from './fields/index.js';
export { Model } from './models/model.js';
export type { SaveOptions } from './models/persistence.js';
export type { ModelMetaConfig, IndexDefinition, ConstraintDefinition } from './models/options.js';
export type { FieldValues, CreateInput, UpdateInput, DefaultsInput, FieldName, ModelClass, ValueOf, PkOf } from './models/types.js';
export type { RelatedManager, ManyToManyManager, BulkOptions, ThroughOptions } from './models/relation-types.js';
export { getModel, allModels } from './models/registry.js';
export { Collector, deleteCollected, type DeletionSummary } from './models/deletion.js';
export * from './signals/index.js';
export { QuerySet, type BulkCreateOptions, type FilterArg } from './query/queryset.js';
export type { SelectForUpdateOptions } from './query/locking.js';
export { RawQuerySet, type RawOptions } from './query/raw.js';
export { Prefetch, PrefetchLookup, prefetchRelatedObjects } from './query/prefetch.js';
export type { FetchMode } from './query/fetch-mode.js';
export { Q, QNode } from './query/q.js';
export { F, Expression, OrderBy, Aggregate, Count, Sum, Avg, Min, Max, type AggregateOptions, type NullsOrder } from './query/expressions.js';
export * from './query/functions/index.js';
export { Subquery, Exists, ExistsExpression, OuterRef } from './query/subquery-expressions.js';
export {
  Window, RowRange, ValueRange, FrameClause, RowNumber, Rank, DenseRank, CumeDist, PercentRank, Ntile, Lag, Lead, FirstValue, LastValue, NthValue,
  type WindowOptions,
} from './query/window.js';
export { Lookup, Transform, type LookupCompiler } from './query/lookups/lookup.js';
export { KT } from './query/lookups/json-transforms.js';
export type { SqlFragment } from './dialects/index.js';
export type { FilterInput, FilterKey, OrderKey, ValuesRow, ValuesTuple } from './query/types.js';
export { SchemaEditor, type SchemaTarget } from './migrations/schema-editor.js';
/** Migration files use both: `import { migrations, fields } from 'wren'`. */
export * as migrations from './migrations/index.js';
export * as fields from './fields/index.js';
export { defineConfig, type WrenConfig, type AppConfig } from './config/define-config.js';
