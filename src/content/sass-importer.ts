/**
 * The one way a Sass page may load another file: a Sass `Importer` that finds
 * partials only inside the site source. Sass's own filesystem importer would
 * follow `..`, absolute paths and symlinks anywhere on the machine (a site
 * from someone else could read `~/.ssh` into its CSS), and a `FileImporter`
 * hands relative loads back to that filesystem importer; a full `Importer`
 * sees every load, so every load is checked here.
 *
 * Resolution follows Sass's rules for files (extensions, `_` partials,
 * `index` files, import-only files for `@import`), searched as Jekyll's
 * converter searches: the importing file's folder first (Sass resolves
 * relative loads against the file's URL and asks this importer), then the
 * load paths in order.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CanonicalizeContext, Importer, ImporterResult } from 'sass';
import { isInside, realOrSelf } from './symlinks.js';

/** A load the importer refused; Sass reports it as an error at the load's rule. */
export interface SiteImporter extends Importer<'sync'> {
  /** Messages of the refusals thrown so far, to tell them from Sass's own errors. */
  readonly refusals: ReadonlySet<string>;
}

export const OUTSIDE_SOURCE = 'it is outside the site source';
export const REMOTE_LOAD = 'Sass files are never loaded over the network';
export const LINK_OUTSIDE = 'it is a symlink to a file outside the site source';

/**
 * @param root absolute path of the site source.
 * @param loadPaths absolute folders searched for loads that are not relative
 *   to the importing file (Jekyll's order: `load_paths`, then `sass_dir`).
 */
export function createSiteImporter(root: string, loadPaths: readonly string[]): SiteImporter {
  const refusals = new Set<string>();
  const realRoot = realOrSelf(root);
  const refuse = (reason: string): never => {
    refusals.add(reason);
    throw new Error(reason);
  };
  const within = (file: string, fromImport: boolean): URL | null => {
    if (!isInside(root, file)) refuse(OUTSIDE_SOURCE);
    const found = findStylesheet(file, fromImport);
    if (found === null) return null;
    if (!isInside(realRoot, realOrSelf(found))) refuse(LINK_OUTSIDE);
    return pathToFileURL(found);
  };
  return {
    refusals,
    canonicalize(url: string, context: CanonicalizeContext): URL | null {
      if (/^https?:/i.test(url)) refuse(REMOTE_LOAD);
      // Relative loads arrive resolved against the importing file's file: URL.
      if (url.startsWith('file:')) return within(fileURLToPath(url), context.fromImport);
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return null;
      for (const dir of loadPaths) {
        const found = within(path.resolve(dir, url), context.fromImport);
        if (found !== null) return found;
      }
      return null;
    },
    load(canonicalUrl: URL): ImporterResult {
      const file = fileURLToPath(canonicalUrl);
      const contents = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const ext = path.extname(file).toLowerCase();
      return { contents, syntax: ext === '.sass' ? 'indented' : ext === '.css' ? 'css' : 'scss' };
    },
  };
}

/**
 * Sass's file resolution for one path without guessing beyond it: `@import`
 * prefers import-only files; `x` means `x.sass`, `x.scss`, their `_` partials,
 * then `.css`, then the same for `x/index`. Two matches are ambiguous, as in Sass.
 */
function findStylesheet(file: string, fromImport: boolean): string | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.scss' || ext === '.sass' || ext === '.css') return only(existing(withPartial(file)), file);
  if (fromImport) {
    const importOnly = withExtensions(`${file}.import`);
    if (importOnly !== null) return importOnly;
  }
  return withExtensions(file) ?? withExtensions(path.join(file, 'index'));
}

function withExtensions(base: string): string | null {
  const sass = existing([...withPartial(`${base}.sass`), ...withPartial(`${base}.scss`)]);
  if (sass.length > 0) return only(sass, base);
  return only(existing(withPartial(`${base}.css`)), base);
}

function withPartial(file: string): string[] {
  return [file, path.join(path.dirname(file), `_${path.basename(file)}`)];
}

function existing(files: readonly string[]): string[] {
  return files.filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true);
}

function only(found: readonly string[], asked: string): string | null {
  if (found.length > 1) {
    throw new Error(`it is ambiguous: ${found.map((f) => path.basename(f)).join(' and ')} both match ${path.basename(asked)}`);
  }
  return found[0] ?? null;
}
