/**
 * Where things live in a destination, and the one check every path written or
 * deleted goes through: it must stay inside the destination.
 */
import path from 'node:path';

// Named where route planning can use them too (reserved-paths.ts); the output's own names for them stay.
export { isReservedPath, STAGING_DIR } from '../reserved-paths.js';

export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
  constructor(
    readonly relPath: string,
    reason: string,
  ) {
    super(`unsafe output path ${JSON.stringify(relPath)}: ${reason}`);
  }
}

/**
 * Join a site-relative output path ('a/b/index.html', raw UTF-8, '/'-separated)
 * to the destination; throws UnsafePathError if it is absolute, contains '..'
 * or NUL, or resolves outside `destination`.
 *
 * Paths must also be canonical (no empty or '.' segments, no backslash): the
 * manifest compares paths as strings, and two spellings of one file would let
 * stale removal delete a file the build just wrote.
 */
export function resolveInside(destination: string, relPath: string): string {
  assertCanonical(relPath);
  const root = resolvedRoot(destination);
  const full = path.join(root, relPath);
  // Canonical paths cannot climb out; this guards the guard.
  if (!full.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    throw new UnsafePathError(relPath, 'resolves outside the destination');
  }
  return full;
}

// Commits check every path of the site (28,000 on a 20,000-post site): resolve the destination once.
let lastDestination: string | undefined;
let lastRoot = '';
function resolvedRoot(destination: string): string {
  if (destination !== lastDestination) {
    lastRoot = path.resolve(destination);
    lastDestination = destination;
  }
  return lastRoot;
}

/** Matches exactly the paths with an empty, '.' or '..' segment; the loop below says which. */
const NON_CANONICAL = /(^|\/)\.{0,2}(\/|$)/;

function assertCanonical(relPath: string): void {
  if (relPath === '') throw new UnsafePathError(relPath, 'empty');
  if (relPath.includes('\0')) throw new UnsafePathError(relPath, 'contains NUL');
  if (relPath.includes('\\')) throw new UnsafePathError(relPath, 'contains a backslash');
  if (relPath.startsWith('/') || path.isAbsolute(relPath)) throw new UnsafePathError(relPath, 'absolute');
  if (!NON_CANONICAL.test(relPath)) return;
  for (const segment of relPath.split('/')) {
    if (segment === '..') throw new UnsafePathError(relPath, "contains '..'");
    if (segment === '' || segment === '.') throw new UnsafePathError(relPath, 'not canonical');
  }
}

/**
 * Names that may be one file on a case-insensitive or normalisation-insensitive
 * file system (macOS, Windows): 'Café' and 'café', NFC and NFD Hangul.
 */
export function foldPath(relPath: string): string {
  return relPath.normalize('NFC').toLowerCase();
}

/** The '/'-separated folders above a relative path, outermost first: 'a/b/c' → ['a', 'a/b']. */
export function parentFolders(relPath: string): string[] {
  const parts = relPath.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}
