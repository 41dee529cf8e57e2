/**
 * The names gazette keeps for itself in a destination. Apart from output/ so
 * that route planning (site/routes.ts), which must not place a page there,
 * can name them without depending on the code that writes files.
 */

/** Files of the build in progress; never part of the site. */
export const STAGING_DIR = '.gazette-staging';

/** The record of what gazette wrote into a destination (output/manifest.ts). */
export const MANIFEST_FILE = '.gazette-manifest.json';
/** Written first and renamed over MANIFEST_FILE, so a reader never sees half a manifest. */
export const MANIFEST_TEMP_FILE = '.gazette-manifest.json.tmp';

/** gazette's own bookkeeping (manifest, staging): never a site file, never served, never deleted as stale. */
export function isReservedPath(relPath: string): boolean {
  const first = relPath.split('/', 1)[0];
  return first === STAGING_DIR || first === MANIFEST_FILE || first === MANIFEST_TEMP_FILE;
}
