/**
 * jekyll-redirect-from's outputs, as routes: a redirect page at each
 * `redirect_from` path (a page of the plugin's, so its file is named as a
 * page's with that permalink), a redirect page in place of a `redirect_to`
 * post or page, and `/redirects.json`, the map of them all. Pure.
 */
import type { PageSummary, PostSummary } from '../types.js';
import { encodeUrlPath, pageRoute } from './permalink.js';
import type { Site } from './site.js';

/**
 * `from`: the path the plugin keys it by in redirects.json (`redirect_from` as
 * written, or the document's own escaped URL); `to`: an http(s) URL as written,
 * or an encoded site path without `baseurl` (render/redirect.ts makes it absolute);
 * `source`: the post or page it belongs to, whose own route it counts as.
 */
export type RedirectKind = { kind: 'redirect'; from: string; to: string; source: string };

/** redirects.json's entries, `[from, to]` as in RedirectKind, in the plugin's order. */
export type RedirectsKind = { kind: 'redirects'; entries: readonly RedirectEntry[] };

export type RedirectEntry = readonly [from: string, to: string];

type Redirecting = Pick<PostSummary | PageSummary, 'source' | 'url' | 'redirectFrom' | 'redirectTo'>;

const HTTP_URL = /^https?:\/\//i;

/** The redirect page a `redirect_to` post or page becomes, at its own URL and file. */
export function redirectTo(doc: Redirecting & { redirectTo: string }): RedirectKind {
  return { kind: 'redirect', from: encodeUrlPath(doc.url), to: targetOf(doc.redirectTo), source: doc.source };
}

/** The redirect pages of every `redirect_from` path of the site's posts and pages, with the URL and file each is written at. */
export function redirectFromRoutes(site: Site): { url: string; file: string; redirect: RedirectKind }[] {
  const out: { url: string; file: string; redirect: RedirectKind }[] = [];
  for (const doc of documents(site)) {
    for (const from of doc.redirectFrom ?? []) {
      // The plugin's RedirectPage: a page with `permalink: from`, so `/a` → a.html, `/a/` → a/index.html, `/a.xml` → a.xml.
      const route = pageRoute({ source: 'redirect.html', permalink: from, style: site.config.permalink, outputExt: '.html' });
      if ('error' in route) continue; // refused (with a warning) when the post or page was read
      out.push({ url: route.url, file: route.file, redirect: { kind: 'redirect', from, to: encodeUrlPath(doc.url), source: doc.source } });
    }
  }
  return out;
}

/** redirects.json's entries: per post (oldest first, as Jekyll's documents), then per page, its `redirect_from` paths, then its `redirect_to`. */
export function redirectEntries(site: Site): RedirectEntry[] {
  const entries: RedirectEntry[] = [];
  for (const doc of documents(site)) {
    for (const from of doc.redirectFrom ?? []) entries.push([from, encodeUrlPath(doc.url)]);
    if (doc.redirectTo !== undefined) entries.push([encodeUrlPath(doc.url), targetOf(doc.redirectTo)]);
  }
  return entries;
}

/** Posts as Jekyll's generator meets them (its documents, oldest first), then pages. */
function* documents(site: Site): Generator<Redirecting> {
  for (let i = site.posts.length - 1; i >= 0; i--) yield site.posts[i] as PostSummary;
  yield* site.pages;
}

/**
 * A `redirect_to` as the route carries it: an http(s) URL as written; a site
 * path encoded as Addressable's `normalize` leaves it in the plugin's
 * `absolute_url`: `%XX` kept (upper case), `?`, `#`, `&`, `=` kept, anything
 * else outside RFC 3986 (space, `"`, Hangul) percent-encoded as UTF-8.
 */
export function targetOf(redirectTo: string): string {
  return HTTP_URL.test(redirectTo) ? redirectTo : normalise(redirectTo);
}

function normalise(text: string): string {
  const escapeOrUnsafeRun = /%[0-9a-f]{2}|%|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]+/giu;
  return text.replace(escapeOrUnsafeRun, (run) => (run.length === 3 && run.startsWith('%') ? run.toUpperCase() : encodeUrlPath(run)));
}

/** A route target (RedirectKind's `to`) as the plugin writes it: http(s) as is, else `url` + `baseurl` (encoded) + the path. */
export function redirectHref(to: string, url: string, baseurl: string): string {
  return HTTP_URL.test(to) ? to : `${url}${normalise(baseurl)}${to}`;
}
