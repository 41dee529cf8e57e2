/**
 * Lists what a site folder holds: posts (`_posts/`, `<dir>/_posts/`), drafts
 * (`_drafts/`), pages (files that start with front matter, outside `_`
 * folders) and static files to copy. Reads nothing but directory entries,
 * file stats, the first bytes of candidate pages, and whether each file to
 * copy is readable (an unreadable one is a warning, not a failed copy).
 */

import type { Dirent, Stats } from 'node:fs';
import { constants, readdirSync, statSync } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { posix, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE } from '../config-file.js';
import { type Diagnostic, warning } from '../diagnostics.js';
import { compilePatterns, type EntryMatcher } from './entry-filter.js';
import { postExtensions } from './formats.js';
import { linkPolicy, realOrSelf } from './symlinks.js';

export interface SourceFile {
  /** Relative to the source, `/`-separated. */
  source: string;
  absolute: string;
  size: number;
  mtimeMs: number;
}

export interface PostSourceFile extends SourceFile {
  draft: boolean;
}

export interface SiteFiles {
  posts: PostSourceFile[];
  pages: SourceFile[];
  statics: SourceFile[];
  diagnostics: Diagnostic[];
}

export interface DiscoverOptions {
  /** Absolute path of the site source. */
  root: string;
  /** Absolute destination; skipped when it lies inside the source. */
  destination: string;
  /** Read `_drafts/` too. */
  drafts: boolean;
  exclude: readonly string[];
  include: readonly string[];
  /** The config's `markdown_ext`: which extensions in `_posts/` are (Markdown) posts. Default Jekyll's list. */
  markdownExt?: readonly string[];
  /** The config's `symlinks_allowed`: folders outside the source that symlinks may point into. Default none. */
  symlinksAllowed?: readonly string[];
}

/** Jekyll 4's default `exclude`, plus gazette's own folders. */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '.sass-cache',
  '.jekyll-cache',
  '.gazette-cache',
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle/',
  'vendor/cache/',
  'vendor/gems/',
  'vendor/ruby/',
  'templates/',
  CONFIG_FILE,
];

/** Where a folder is: the site, or inside a `_posts/` or `_drafts/` folder (every file there is a post). */
type Area = 'site' | 'posts' | 'drafts';

export async function discover(options: DiscoverOptions): Promise<SiteFiles> {
  const walk = new SiteWalk(options);
  await walk.folder(resolve(options.root), '', 'site');
  const { files } = walk;
  const byPath = (a: SourceFile, b: SourceFile) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
  files.posts.sort(byPath);
  files.pages.sort(byPath);
  files.statics.sort(byPath);
  return files;
}

/** One walk of a site's folders, filling `files` in the order entries are met. */
class SiteWalk {
  readonly files: SiteFiles = { posts: [], pages: [], statics: [], diagnostics: [] };
  readonly #drafts: boolean;
  readonly #excluded: EntryMatcher;
  readonly #included: EntryMatcher;
  /** The destination relative to the source, `/`-separated, when it lies inside it. */
  readonly #destination: string | undefined;
  readonly #links: ReturnType<typeof linkPolicy>;
  /** Real paths of the folders read, for the loop check. */
  readonly #visited: Set<string>;
  readonly #postKinds: ReadonlySet<string>;

  constructor(options: DiscoverOptions) {
    this.#drafts = options.drafts;
    // As Jekyll's `site.exclude - site.include`: a pattern in both lists excludes nothing.
    this.#excluded = compilePatterns([...DEFAULT_EXCLUDE, ...options.exclude].filter((pattern) => !options.include.includes(pattern)));
    this.#included = compilePatterns(options.include);
    const destination = relative(options.root, options.destination);
    const inside = destination !== '' && !destination.startsWith('..') && !destination.startsWith(sep);
    this.#destination = inside ? destination.split(sep).join('/') : undefined;
    this.#links = linkPolicy(options.root, options.symlinksAllowed);
    this.#visited = new Set([this.#links.realRoot]);
    this.#postKinds = postExtensions(options.markdownExt);
  }

  /** The entries of one folder, in name order; its folders and files are visited together. */
  async folder(dirAbs: string, dirRel: string, area: Area): Promise<void> {
    let entries: Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (cause) {
      this.files.diagnostics.push(warning(dirRel || '.', `cannot read folder: ${(cause as Error).message}`, {}, 'check its permissions'));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const jobs: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      // dirAbs is normalised (see below) and an entry's name has no separator: join() would only normalise again.
      const abs = dirAbs.endsWith(sep) ? dirAbs + entry.name : dirAbs + sep + entry.name;
      if (rel === this.#destination) continue;
      // A plain file among posts needs one stat and no promise: a news site's _posts/ holds thousands.
      if (area !== 'site' && entry.isFile()) {
        this.#addPost(abs, rel, entry.name, area);
        continue;
      }
      const hidden = entry.name.startsWith('_') || entry.name.startsWith('.');
      if (area === 'site' && this.#leftOut(rel, abs, entry)) continue;
      jobs.push(this.#entry({ abs, rel, name: entry.name, isLink: entry.isSymbolicLink(), hidden }, area));
    }
    await Promise.all(jobs);
  }

  /** Excluded and not included, as Jekyll's EntryFilter decides (see entry-filter.ts). */
  #leftOut(rel: string, abs: string, entry: Dirent): boolean {
    // A link to a folder matches `folder/` as the folder does (Jekyll's File.directory? follows links).
    const folder = entry.isDirectory() || (entry.isSymbolicLink() && isFolder(abs));
    return this.#excluded(rel, folder) && !this.#isIncluded(rel, entry.name, folder);
  }

  /** `include:` names an entry by its path in the site or, as in Jekyll, by its own name wherever it is. */
  #isIncluded(rel: string, name: string, folder: boolean): boolean {
    return this.#included(rel, folder) || this.#included(name, folder);
  }

  /** An entry that may be a folder or a link: followed (when it stays inside) and sorted out. */
  async #entry(entry: Entry, area: Area): Promise<void> {
    const { abs, rel, isLink } = entry;
    let info: Stats;
    try {
      info = statSync(abs);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const message = code === 'ELOOP' ? 'symlink loop, skipped' : `cannot read: ${(cause as Error).message}`;
      this.files.diagnostics.push(warning(rel, message, {}, isLink ? 'fix or remove the symlink' : 'check its permissions'));
      return;
    }
    // Files need their real path only when they are links; folders need it for the loop check.
    const real = isLink || info.isDirectory() ? realOrSelf(abs) : abs;
    if (isLink && !this.#links.allows(real)) {
      const hint = `copy what it links to into the site, or allow its folder with \`symlinks_allowed:\` in ${CONFIG_FILE}`;
      this.files.diagnostics.push(warning(rel, `symlink to ${real}, outside the source; not read`, {}, hint));
      return;
    }
    if (info.isDirectory()) return this.#subfolder(entry, real, area);
    if (!info.isFile()) return;
    if (area !== 'site') return this.#addPost(abs, rel, entry.name, area, info);
    if (entry.hidden && !this.#isIncluded(rel, entry.name, false)) return;
    return this.#addSiteFile({ source: rel, absolute: abs, size: info.size, mtimeMs: info.mtimeMs }, entry.name);
  }

  async #subfolder(entry: Entry, real: string, area: Area): Promise<void> {
    const { name, rel } = entry;
    const kind: Area = area !== 'site' ? area : name === '_posts' ? 'posts' : name === '_drafts' ? 'drafts' : 'site';
    // A folder not read is not marked as read: a link to it from elsewhere is no loop.
    if (kind === 'drafts' && !this.#drafts) return;
    if (kind === 'site' && entry.hidden && !this.#isIncluded(rel, name, true)) return;
    if (this.#visited.has(real)) {
      this.files.diagnostics.push(warning(rel, 'symlink loop, skipped', {}, 'this folder links back to one already read'));
      return;
    }
    this.#visited.add(real);
    return this.folder(entry.abs, rel, kind);
  }

  /** A file of the site outside post folders: a page when it starts with front matter, else a file to copy. */
  async #addSiteFile(file: SourceFile, name: string): Promise<void> {
    // Copying it later would fail in the middle of writing the site.
    const unreadable = await access(file.absolute, constants.R_OK).then(
      () => undefined,
      (cause: NodeJS.ErrnoException) => cause,
    );
    if (unreadable) {
      const why = unreadable.code === 'EACCES' || unreadable.code === 'EPERM' ? 'permission denied' : unreadable.message;
      this.files.diagnostics.push(warning(file.source, `cannot read this file (${why}); not copied`, {}, "check the file's permissions (chmod a+r)"));
      return;
    }
    // As in Jekyll, any file that starts with front matter is a page, whatever its extension (rss.xml, styles.scss);
    // images, fonts and media cannot, and a news site has thousands of them to copy on every build.
    if (!BINARY_MEDIA.has(posix.extname(name).toLowerCase()) && (await startsWithFrontMatter(file.absolute))) this.files.pages.push(file);
    else this.files.statics.push(file);
  }

  /** A file in `_posts/` or `_drafts/`; `known` when the caller has its stat (a symbolic link, already followed). */
  #addPost(abs: string, rel: string, name: string, area: Area, known?: Stats): void {
    if (name.startsWith('.')) return;
    if (!this.#postKinds.has(posix.extname(name).toLowerCase())) {
      this.files.diagnostics.push(warning(rel, `not a post file (${this.#postKinds.size} kinds are: ${[...this.#postKinds].join(' ')}); ignored`));
      return;
    }
    let info = known;
    try {
      info ??= statSync(abs);
    } catch (cause) {
      this.files.diagnostics.push(warning(rel, `cannot read: ${(cause as Error).message}`, {}, 'check its permissions'));
      return;
    }
    this.files.posts.push({ source: rel, absolute: abs, size: info.size, mtimeMs: info.mtimeMs, draft: area === 'drafts' });
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // A broken link: the walk reports it when it follows it.
    return false;
  }
}

/** A folder entry as the walk meets it. */
interface Entry {
  abs: string;
  /** Relative to the source, `/`-separated. */
  rel: string;
  name: string;
  /** A symbolic link, to be followed only when its real path stays inside. */
  isLink: boolean;
  /** Named with `_` or `.`: not read unless `include:` lists it (`_posts/` and `_drafts/` aside). */
  hidden: boolean;
}

/** Extensions of binary formats, whose files are copied without looking for front matter in them. */
const BINARY_MEDIA: ReadonlySet<string> = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.avif',
  '.ico',
  '.bmp',
  '.tif',
  '.tiff',
  '.woff',
  '.woff2',
  '.ttf',
  '.otf',
  '.eot',
  '.pdf',
  '.mp3',
  '.mp4',
  '.webm',
  '.mov',
  '.zip',
  '.gz',
]);

async function startsWithFrontMatter(path: string): Promise<boolean> {
  // Removed since it was listed (its access check passed just before): no front matter to find, so not a page.
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    return /^(\uFEFF)?---\s*(\r?\n|$)/.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** The files below one folder of the source (`_layouts`), site-relative and sorted; none when it does not exist. */
export function listFolder(root: string, folder: string): string[] {
  try {
    const entries = readdirSync(resolve(root, folder), { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => posix.join(folder, relative(resolve(root, folder), resolve(entry.parentPath, entry.name)).split(sep).join('/')))
      .sort();
  } catch {
    // Absent or unreadable: callers list such a folder only to mention it (the migration note), never to read it.
    return [];
  }
}
