/** The migrations framework: `import { migrations } from 'wren'`. */
export { migration, Migration, type MigrationDefinition } from './migration.js';
export * from './operations/index.js';
export { squashMigrations, type SquashOptions, type SquashResult } from './squash.js';
export { makeMigrations, migrate, showMigrations, sqlMigrate, type AppConfig, type MigrationsOptions, type MakeMigrationsOptions, type MakeMigrationsResult, type MigrateOptions, type MigrateResult, type WrittenMigration } from './api.js';
export type { MigrateProgress } from './executor.js';
export { NonInteractiveQuestioner, InteractiveQuestioner, parseLiteral, type Questioner, type QuestionerAnswers } from './questioner.js';
export { MigrationError, NodeNotFoundError, InconsistentHistoryError, QuestionerError, BadMigrationError, IrreversibleError, ConflictingMigrationsError } from './errors.js';
export { ProjectState, type HistoricalApps, type HistoricalModel, type HistoricalInstance } from './state/project-state.js';
export { ModelState, type ConstraintDefinition, type ModelStateOptions } from './state/model-state.js';
export { registerFieldClass, describeField, type FieldDescription, type Literal } from './state/field-state.js';
export { MigrationSchemaEditor } from './schema/editor.js';
