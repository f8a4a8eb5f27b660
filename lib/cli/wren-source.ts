import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the running copy of Wren (lib/cli or dist/cli alike), symlinks resolved. */
export const WREN_ROOT = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));

/** Where the running Wren came from, so that a new project can depend on the same thing. */
export type WrenSource =
  /** Installed from the registry: the project depends on `^version`. */
  | { readonly kind: 'registry'; readonly version: string }
  /** A source checkout: the project links it with `file:`, and npm builds its dist/ (`prepare`). */
  | { readonly kind: 'checkout'; readonly version: string; readonly root: string }
  /** Installed from a git URL or a tarball: the project installs it the same way. */
  | { readonly kind: 'package'; readonly version: string; readonly resolved: string };

// npm's registry tarballs live at <registry>/<name>/-/<name>-<version>.tgz.
const REGISTRY_TARBALL = /^https?:\/\/[^/]+\/.+\/-\/[^/]+-\d[^/]*\.tgz$/;

/**
 * Tells a registry install from everything else. npm ships only what package.json's `files` lists
 * (dist, bin, templates), for the registry and for a packed git or tarball dependency alike, so a
 * root with the TypeScript sources (lib/index.ts) is a checkout: run directly, through `npm link`
 * or through a `file:` dependency (npm symlinks both, and WREN_ROOT is the real path). bin/wren.js
 * runs lib/ rather than dist/ by the same test. An installed copy may still come from a git URL or
 * a tarball rather than the registry: the hidden lockfile npm keeps in the installing project's
 * node_modules records where it was resolved from. Without that record (another package manager,
 * an old npm) it counts as the registry.
 */
export function wrenSource(root: string = WREN_ROOT): WrenSource {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  if (existsSync(path.join(root, 'lib', 'index.ts'))) return { kind: 'checkout', version, root };
  const parts = root.split(path.sep);
  const top = parts.indexOf('node_modules');
  if (top < 0) return { kind: 'registry', version };
  const project = parts.slice(0, top).join(path.sep) || path.sep;
  const resolved = lockfileResolved(project, parts.slice(top).join('/'));
  if (resolved === undefined || REGISTRY_TARBALL.test(resolved)) return { kind: 'registry', version };
  // A tarball's `file:` path is relative to the project that installed it.
  const absolute = resolved.startsWith('file:') ? `file:${path.resolve(project, resolved.slice('file:'.length))}` : resolved;
  return { kind: 'package', version, resolved: absolute };
}

/** The `wren` dependency for a project in `projectDir`: `^0.1.0`, `file:../wren`, a git URL. */
export function dependencySpec(source: WrenSource, projectDir: string): string {
  switch (source.kind) {
    case 'registry':
      return `^${source.version}`;
    case 'checkout':
      return fileSpec(source.root, projectDir);
    case 'package':
      return source.resolved.startsWith('file:') ? fileSpec(source.resolved.slice('file:'.length), projectDir) : source.resolved;
  }
}

/**
 * `file:` and the path from the project, relative (as `npm install ../wren` writes it) when both
 * lie in one top-level folder, so a project beside the checkout moves with it; otherwise absolute,
 * rather than a climb to the root. Forward slashes, which npm reads on every OS.
 */
function fileSpec(target: string, projectDir: string): string {
  const near = target.split(path.sep)[1] === projectDir.split(path.sep)[1];
  return `file:${(near ? path.relative(projectDir, target) : target).split(path.sep).join('/')}`;
}

function lockfileResolved(project: string, key: string): string | undefined {
  try {
    const lock = JSON.parse(readFileSync(path.join(project, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages?: Record<string, { resolved?: string }>;
    };
    return lock.packages?.[key]?.resolved;
  } catch {
    return undefined;
  }
}
