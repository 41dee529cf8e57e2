/**
 * What a build's changed output files mean to the pages open in browsers:
 * the `reload` message of the live channel. Each page decides from it
 * whether to reload (live-client.ts): the page whose own file changed does,
 * the others keep their scroll position and state, unless the change is to
 * something any page may load.
 */
import path from 'node:path';

/** The `reload` event's data. */
export interface LiveChange {
  /** The build this change came from: a page that stays notes it, so that reconnecting does not reload it. */
  readonly build: number;
  /** Output files written, relative to the site folder, `/`-separated and decoded (as `BuildResult.changedFiles`). */
  readonly files: readonly string[];
  /** Every page reloads: a file that pages load changed (a script, an image, a font), or files were removed. */
  readonly all: boolean;
}

/**
 * Files that pages embed or run. A save of one is not visible in the files
 * of the pages using it, so every page reloads. Stylesheets are swapped in
 * place instead; pages, feeds, `search.json` and other documents concern
 * only a tab that shows them.
 */
const LOADED_BY_PAGES = new Set([
  ...['.js', '.mjs', '.wasm'],
  ...['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.ico', '.bmp'],
  ...['.woff', '.woff2', '.ttf', '.otf', '.eot'],
  ...['.mp4', '.webm', '.ogv', '.mov', '.mp3', '.m4a', '.ogg', '.oga', '.wav', '.flac', '.vtt'],
]);

/**
 * `removed`: the build also removed output files. Which ones a build does
 * not say, and a page showing one must learn it is gone, so every page
 * reloads. No files at all means nothing is known either.
 */
export function liveChange(build: number, files: readonly string[], removed: boolean): LiveChange {
  const all = removed || files.length === 0 || files.some((file) => LOADED_BY_PAGES.has(path.posix.extname(file).toLowerCase()));
  return { build, files: [...files], all };
}
