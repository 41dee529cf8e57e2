/**
 * Files shipped with gazette (package.json, the default theme's templates and
 * assets), found from this module's own location: the same code runs from
 * `src/` (tests), `dist/` (tsc's output) and `dist/bundle/` (the bundle the
 * CLI loads), at different depths below the package root.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`gazette's package folder (package.json beside templates/) was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The folder holding gazette's package.json. */
export const PACKAGE_ROOT = findPackageRoot();

/** A path inside the package; a trailing '/' in the last segment is kept (folders). */
export function packagePath(...segments: string[]): string {
  const path = join(PACKAGE_ROOT, ...segments);
  return segments.at(-1)?.endsWith('/') && !path.endsWith(sep) ? path + sep : path;
}
