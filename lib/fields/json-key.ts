import { JSONField } from './structured.js';

/**
 * The value a key path of a JSONField reads (`data__owner`): JSON again, so keys chain, but with
 * the lookups of key paths (`lib/query/lookups/json.ts`), where `exact: null` means JSON null.
 */
export class JSONKeyField extends JSONField {}
