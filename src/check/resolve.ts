/**
 * Where a link in the output leads: nowhere to check (`mailto:`, `data:`, an
 * empty `href`), another site (counted by host, never fetched), or a file of
 * this site, found in the set of files the build wrote the way a static host
 * serves them (a folder URL is its `index.html`). Percent-encoding, `baseurl`,
 * absolute URLs on the site's own `url`, `?query` and `#fragment` are all
 * understood. Pure: the written files and ids are data the caller gives.
 */

/** The site's own address, from `url` and `baseurl` in _config.yml. */
export interface SiteAddress {
  /** `url`'s host (`news.example.com`), lower-cased; '' when `url` is not set. */
  readonly host: string;
  /** `baseurl` with a leading `/` and no trailing one (`/blog`), or ''. */
  readonly baseurl: string;
}

export type Target =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'external'; readonly host: string }
  | { readonly kind: 'internal'; readonly path: string; readonly fragment: string | undefined }
  | { readonly kind: 'invalid'; readonly reason: string };

const BASE = 'http://gazette.invalid';
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

export function siteAddress(url: string, baseurl: string): SiteAddress {
  let host = '';
  try {
    host = url === '' ? '' : new URL(url).host.toLowerCase();
  } catch {
    // `url` is not an absolute URL (config.ts warns): no absolute link counts as the site's own.
  }
  const trimmed = baseurl.replace(/\/+$/, '');
  return { host, baseurl: trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}` };
}

/**
 * `value` (entities decoded) as written in the output file `from` (a path in
 * the destination): its target as a decoded site path without `baseurl`
 * (`/경제/news/`), and its fragment, decoded.
 */
export function classifyLink(value: string, from: string, site: SiteAddress): Target {
  // An empty href is the page itself.
  if (value === '') return { kind: 'ignored' };
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return { kind: 'ignored' };
  let url: URL;
  try {
    url = new URL(value, BASE + site.baseurl + urlOfFile(from));
  } catch {
    return { kind: 'invalid', reason: 'it is not a valid URL' };
  }
  if (url.origin !== BASE) {
    const host = url.host.toLowerCase();
    if (host !== site.host || site.host === '') return { kind: 'external', host };
  }
  const encodedBase = encodePath(site.baseurl);
  const pathname = url.pathname;
  if (encodedBase !== '' && pathname !== encodedBase && !pathname.startsWith(`${encodedBase}/`)) {
    return { kind: 'invalid', reason: `it is outside the site's baseurl ${site.baseurl}` };
  }
  const path = decodePath(pathname.slice(encodedBase.length) || '/');
  if (path === undefined) return { kind: 'invalid', reason: 'it has a malformed %-escape' };
  const fragment = url.hash === '' ? undefined : (decodePath(url.hash.slice(1)) ?? url.hash.slice(1));
  return { kind: 'internal', path, fragment };
}

/**
 * The written file a site path is served from, as GitHub Pages and Netlify
 * serve it: the file itself, a folder's `index.html`, or `NAME.html` for
 * `/NAME`. Undefined when none was written.
 */
export function fileFor(path: string, written: ReadonlySet<string>): string | undefined {
  const bare = path.replace(/^\/+/, '');
  if (bare === '' || bare.endsWith('/')) {
    const index = `${bare}index.html`;
    return written.has(index) ? index : undefined;
  }
  if (written.has(bare)) return bare;
  if (written.has(`${bare}/index.html`)) return `${bare}/index.html`;
  if (written.has(`${bare}.html`)) return `${bare}.html`;
  return undefined;
}

/** The URL path a file is served at, without `baseurl`: `a/index.html` → `/a/`, `a/b.html` → `/a/b.html`. Decoded. */
export function urlPathOf(file: string): string {
  if (file === 'index.html') return '/';
  return file.endsWith('/index.html') ? `/${file.slice(0, -'index.html'.length)}` : `/${file}`;
}

/**
 * A `#fragment` is found when the page has that id, or the `user-content-`
 * prefixed id the sanitiser gives a post's own ids (GitHub's rule), or it is
 * empty or `top` (HTML scrolls to the top for both).
 */
export function fragmentFound(fragment: string, ids: ReadonlySet<string>): boolean {
  return fragment === '' || fragment.toLowerCase() === 'top' || ids.has(fragment) || ids.has(`user-content-${fragment}`);
}

/** Whether a file is a page whose ids a `#fragment` can reach. */
export function isHtml(file: string): boolean {
  return file.endsWith('.html') || file.endsWith('.htm');
}

function urlOfFile(file: string): string {
  return encodePath(urlPathOf(file));
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** A link's outcome: nothing to check, another site, a written file (with the fragment to find in it), or broken. */
export type Resolution =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'external'; readonly host: string }
  | { readonly kind: 'file'; readonly file: string; readonly fragment: string | undefined }
  | { readonly kind: 'broken'; readonly reason: string };

/**
 * `classifyLink` then `fileFor`, remembered: a site's pages repeat the same
 * links (navigation, categories, the feed), and a root-relative or absolute
 * link means the same on every page, a relative one on every page of a folder.
 */
export function createLinkResolver(written: ReadonlySet<string>, site: SiteAddress): (value: string, from: string) => Resolution {
  const known = new Map<string, Resolution>();
  return (value, from) => {
    if (value.startsWith('#')) return { kind: 'file', file: from, fragment: decodePath(value.slice(1)) ?? value.slice(1) };
    const key = isPageIndependent(value) ? value : value === '' || value.startsWith('?') ? `${from}\u0000${value}` : `${folderOf(from)}\u0000${value}`;
    let resolution = known.get(key);
    if (resolution === undefined) {
      resolution = resolveLink(value, from, written, site);
      known.set(ownCopy(key), resolution);
    }
    return resolution;
  };
}

function resolveLink(value: string, from: string, written: ReadonlySet<string>, site: SiteAddress): Resolution {
  const target = classifyLink(value, from, site);
  if (target.kind === 'ignored' || target.kind === 'external') return target;
  if (target.kind === 'invalid') return { kind: 'broken', reason: target.reason };
  const file = fileFor(target.path, written);
  return file === undefined ? { kind: 'broken', reason: `no file was written at ${target.path}` } : { kind: 'file', file, fragment: target.fragment };
}

/**
 * The key as a string of its own: a link's value is a slice of its page's
 * text, and V8 keeps the whole text alive as long as a slice of it is kept
 * (a 20,000-post site's pages would all stay in memory).
 */
export function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function isPageIndependent(value: string): boolean {
  return (value.startsWith('/') && !value.startsWith('//')) || SCHEME.test(value);
}

function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}
