import { choicesHint } from '../util/naming.js';
import { NodeNotFoundError } from './errors.js';
import type { Migration } from './migration.js';
import { ProjectState } from './state/project-state.js';

/** Migrations and their dependencies; plans are walks over it in dependency order. */
export class MigrationGraph {
  readonly nodes = new Map<string, Migration>();
  private readonly children = new Map<string, string[]>();

  constructor(migrations: readonly Migration[]) {
    for (const m of migrations) this.nodes.set(m.key, m);
    for (const m of migrations) {
      for (const [app, name] of m.dependencies) {
        const key = `${app}.${name}`;
        if (!this.nodes.has(key)) {
          const known = [...this.nodes.values()].filter((n) => n.app === app).map((n) => n.name);
          throw new NodeNotFoundError(`Migration ${m.key} depends on ${key}, which does not exist.${known.length ? choicesHint(name, known) : ` App '${app}' has no migrations.`}`);
        }
        this.children.set(key, [...(this.children.get(key) ?? []), m.key]);
      }
    }
    for (const key of this.nodes.keys()) this.forwardsPlan(key);
  }

  node(key: string): Migration {
    const found = this.nodes.get(key);
    if (!found) throw new NodeNotFoundError(`No migration ${key}.${choicesHint(key, [...this.nodes.keys()])}`);
    return found;
  }

  /** The migration and everything it depends on, dependencies first. */
  forwardsPlan(key: string): Migration[] {
    const out: Migration[] = [];
    const done = new Set<string>();
    const visit = (k: string, path: readonly string[]) => {
      if (done.has(k)) return;
      if (path.includes(k)) throw new NodeNotFoundError(`Circular migration dependency: ${[...path, k].join(' -> ')}`);
      const node = this.node(k);
      for (const [app, name] of node.dependencies) visit(`${app}.${name}`, [...path, k]);
      done.add(k);
      out.push(node);
    };
    visit(key, []);
    return out;
  }

  /** The migration and everything that depends on it, dependents first. */
  backwardsPlan(key: string): Migration[] {
    const out: Migration[] = [];
    const done = new Set<string>();
    const visit = (k: string) => {
      if (done.has(k)) return;
      done.add(k);
      for (const child of this.children.get(k) ?? []) visit(child);
      out.push(this.node(k));
    };
    visit(key);
    return out;
  }

  /** The last migrations of an app (nothing in the app depends on them). */
  leaves(app: string): Migration[] {
    return [...this.nodes.values()].filter((m) => m.app === app && !(this.children.get(m.key) ?? []).some((c) => this.nodes.get(c)!.app === app));
  }

  /** The first migrations of an app (depending on nothing in the app). */
  roots(app: string): Migration[] {
    return [...this.nodes.values()].filter((m) => m.app === app && !m.dependencies.some(([a]) => a === app));
  }

  /** The project state after the given migrations (and their dependencies), or after all. */
  state(upTo?: readonly Migration[]): ProjectState {
    const order: Migration[] = [];
    const seen = new Set<string>();
    const keys = upTo ? upTo.map((m) => m.key) : [...this.nodes.keys()].sort();
    for (const key of keys) {
      for (const m of this.forwardsPlan(key)) {
        if (!seen.has(m.key)) {
          seen.add(m.key);
          order.push(m);
        }
      }
    }
    let state = new ProjectState();
    for (const m of order) state = m.applyState(state);
    return state;
  }
}
