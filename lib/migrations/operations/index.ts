export { Operation, type SchemaContext } from './base.js';
export { CreateModel, DeleteModel, RenameModel, AlterModelTable, AlterModelOptions, AlterUniqueTogether } from './models.js';
export { AddField, RemoveField, AlterField, RenameField } from './fields.js';
export { AddIndex, RemoveIndex, AddConstraint, RemoveConstraint } from './indexes.js';
export { RunSQL, RunCode, type RunCodeContext, type RunCodeFunction } from './special.js';
