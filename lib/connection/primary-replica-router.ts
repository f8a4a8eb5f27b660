import { inAtomicBlock } from './atomic.js';
import type { RelationDatabases, Router } from './routers.js';
import { argumentError, checkOptions, requireString } from '../util/arguments.js';

export interface PrimaryReplicaOptions {
  /** The alias every write (and every migration) goes to. */
  readonly primary: string;
  /** The aliases reads are spread over, in turn. */
  readonly replicas: readonly string[];
}

/**
 * The router most projects with read replicas want: reads take the replicas in turn, writes go to
 * the primary, and inside an `atomic()` block on the primary reads stay there (so a transaction
 * sees its own writes, and never a replica's older copy). Relations between any of these
 * databases are allowed (they hold the same data); only the primary is migrated.
 *
 * @example connect({ default: primaryUrl, r1: url1, r2: url2 }, { routers: [new PrimaryReplicaRouter({ primary: 'default', replicas: ['r1', 'r2'] })] });
 */
export class PrimaryReplicaRouter implements Router {
  readonly primary: string;
  readonly replicas: readonly string[];
  private next = 0;

  constructor(options: PrimaryReplicaOptions) {
    checkOptions(options, 'PrimaryReplicaRouter options', ['primary', 'replicas']);
    requireString(options.primary, 'PrimaryReplicaRouter: primary');
    if (!Array.isArray(options.replicas) || options.replicas.length === 0) {
      throw argumentError('PrimaryReplicaRouter: replicas', "a non-empty array of aliases such as ['replica']", options.replicas);
    }
    for (const alias of options.replicas) requireString(alias, 'PrimaryReplicaRouter: each replica');
    this.primary = options.primary;
    this.replicas = Object.freeze([...options.replicas]);
  }

  dbForRead(): string {
    if (inAtomicBlock(this.primary)) return this.primary;
    const alias = this.replicas[this.next]!;
    this.next = (this.next + 1) % this.replicas.length;
    return alias;
  }

  dbForWrite(): string {
    return this.primary;
  }

  allowRelation(_a: object, _b: object, databases: RelationDatabases): boolean | undefined {
    // Decides only for instances of its own databases (they hold the same rows); others are left to the next router.
    const mine = (alias: string | null) => alias !== null && (alias === this.primary || this.replicas.includes(alias));
    return mine(databases.a) && mine(databases.b) ? true : undefined;
  }

  allowMigrate(alias: string): boolean {
    return alias === this.primary;
  }
}
