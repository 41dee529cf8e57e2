/**
 * URL → file for the preview server: decoding, the safety rules (never a
 * file outside the root, never a dotfile) and content types. Nothing here
 * writes a response; `server.ts` turns a `Resolution` into one.
 */
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const TEXT = '; charset=utf-8';

/** Lower-case extension (with dot) → Content-Type. */
const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', `text/html${TEXT}`],
  ['.htm', `text/html${TEXT}`],
  ['.css', `text/css${TEXT}`],
  ['.js', `text/javascript${TEXT}`],
  ['.mjs', `text/javascript${TEXT}`],
  ['.json', `application/json${TEXT}`],
  ['.map', `application/json${TEXT}`],
  ['.webmanifest', `application/manifest+json${TEXT}`],
  // Feeds are served as plain XML so browsers display them instead of
  // offering a download (which application/atom+xml often triggers).
  ['.xml', `application/xml${TEXT}`],
  ['.xsl', `application/xml${TEXT}`],
  ['.svg', `image/svg+xml${TEXT}`],
  ['.txt', `text/plain${TEXT}`],
  ['.md', `text/plain${TEXT}`],
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.avif', 'image/avif'],
  ['.ico', 'image/x-icon'],
  ['.woff', 'font/woff'],
  ['.woff2', 'font/woff2'],
  ['.ttf', 'font/ttf'],
  ['.otf', 'font/otf'],
  ['.pdf', 'application/pdf'],
  ['.mp4', 'video/mp4'],
  ['.webm', 'video/webm'],
  ['.mp3', 'audio/mpeg'],
  ['.wasm', 'application/wasm'],
]);

const FALLBACK_TYPE = 'application/octet-stream';

/** Content-Type for a file name; text types carry `charset=utf-8`. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES.get(path.extname(file).toLowerCase()) ?? FALLBACK_TYPE;
}

export function isHtmlFile(file: string): boolean {
  return contentTypeFor(file).startsWith('text/html');
}

/** A request path split into decoded segments, relative to the site root. */
export interface SitePath {
  /** Decoded, non-empty segments below the site root (baseurl removed). */
  readonly segments: readonly string[];
  /** The URL ended with `/` (or was the site root itself). */
  readonly trailingSlash: boolean;
}

export type ParsedPath =
  | { readonly kind: 'site'; readonly path: SitePath }
  /** Valid, but not under the baseurl. */
  | { readonly kind: 'outside-base' }
  | { readonly kind: 'bad-request'; readonly reason: string };

/**
 * Split `rawUrl` (the request target, query allowed) into decoded segments
 * and strip the baseurl segments. Any segment that could climb out of the
 * root or smuggle a separator after decoding (`..`, `/`, `\`, NUL) makes the
 * whole request a bad request: it is never a link the site itself produced.
 */
export function parseRequestPath(rawUrl: string, baseSegments: readonly string[]): ParsedPath {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return { kind: 'bad-request', reason: 'the request path must start with /' };

  const decoded: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // URIError, the only error decodeURIComponent throws: the client's mistake, answered as one.
      return { kind: 'bad-request', reason: 'the request path has malformed percent-encoding' };
    }
    if (segment === '..' || /[/\\\0]/.test(segment)) {
      return { kind: 'bad-request', reason: 'the request path tries to leave the site folder' };
    }
    // Empty segments (`//`) and `.` mean nothing on disk; dropping them also
    // keeps redirects from ever starting with `//` (another host).
    if (segment !== '' && segment !== '.') decoded.push(segment);
  }

  for (let i = 0; i < baseSegments.length; i++) {
    if (decoded[i] !== baseSegments[i]) return { kind: 'outside-base' };
  }
  const segments = decoded.slice(baseSegments.length);
  const trailingSlash = rawPath.endsWith('/') || segments.length === 0;
  return { kind: 'site', path: { segments, trailingSlash } };
}

/** Baseurl as segments: `''`, `/`, `/blog/`, `blog` → `[]`, `[]`, `['blog']`, `['blog']`. */
export function baseurlSegments(baseurl: string): string[] {
  return baseurl.split('/').filter((s) => s !== '' && s !== '.');
}

/** `/a/b c/` from segments: percent-encoded, always one leading slash. */
export function encodeUrlPath(segments: readonly string[], trailingSlash: boolean): string {
  const joined = segments.map(encodeURIComponent).join('/');
  if (segments.length === 0) return '/';
  return `/${joined}${trailingSlash ? '/' : ''}`;
}

export type Resolution =
  /** `relative`: the file below the root, `/`-separated and decoded (`categories/국방/index.html`), as builds name changed files. */
  | { readonly kind: 'file'; readonly file: string; readonly size: number; readonly relative: string }
  /** A folder asked for without its trailing slash. */
  | { readonly kind: 'redirect-to-slash' }
  | { readonly kind: 'missing' }
  /** The path resolves (through a symlink) outside the root, or to a dotfile. */
  | { readonly kind: 'forbidden' };

/**
 * Find the file for a site path under `root`:
 * - a folder gives its `index.html` (a folder URL without `/` redirects);
 * - `/about` falls back to `about.html` when no `about` exists, as Jekyll's
 *   and GitHub Pages' servers do, so `.html` permalinks preview as they deploy;
 * - dot segments are missing; a real path outside root's real path is
 *   forbidden (symlinks are followed, then checked).
 *
 * File system errors other than "does not exist" are thrown: the caller
 * answers 500.
 */
export async function resolveSitePath(root: string, sitePath: SitePath): Promise<Resolution> {
  const { segments, trailingSlash } = sitePath;
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };
  const rootReal = await realpathIfExists(root);
  if (rootReal === undefined) return { kind: 'missing' };
  const target = path.join(rootReal, ...segments);

  const found = await statIfExists(target);
  if (found === undefined) {
    const last = segments[segments.length - 1];
    if (trailingSlash || last === undefined || path.extname(last) !== '') return { kind: 'missing' };
    return resolveFile(rootReal, `${target}.html`);
  }
  if (found.isDirectory()) {
    if (segments.length > 0 && !(await isInside(rootReal, target))) return { kind: 'forbidden' };
    if (!trailingSlash) return { kind: 'redirect-to-slash' };
    return resolveFile(rootReal, path.join(target, 'index.html'));
  }
  // `/post.html/` names a folder that is not there.
  if (trailingSlash) return { kind: 'missing' };
  return resolveFile(rootReal, target);
}

async function resolveFile(rootReal: string, file: string): Promise<Resolution> {
  const found = await statIfExists(file);
  if (found === undefined || !found.isFile()) return { kind: 'missing' };
  if (!(await isInside(rootReal, file))) return { kind: 'forbidden' };
  return { kind: 'file', file, size: found.size, relative: path.relative(rootReal, file).split(path.sep).join('/') };
}

/** The real path is strictly inside the root's real path and has no dot segment. */
async function isInside(rootReal: string, file: string): Promise<boolean> {
  const real = await realpath(file);
  const relative = path.relative(rootReal, real);
  if (relative === '' || path.isAbsolute(relative)) return false;
  return relative.split(path.sep).every((s) => s !== '..' && !s.startsWith('.'));
}

const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG']);

function statIfExists(file: string): Promise<Stats | undefined> {
  return ifExists(() => stat(file));
}

function realpathIfExists(file: string): Promise<string | undefined> {
  return ifExists(() => realpath(file));
}

async function ifExists<T>(op: () => Promise<T>): Promise<T | undefined> {
  try {
    return await op();
  } catch (error) {
    if (MISSING_CODES.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}
