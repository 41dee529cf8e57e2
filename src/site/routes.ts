/**
 * Site → Route[]: every file the build writes, each with a kind. Pure and
 * O(n log n) in posts: list pages hold slices of the sorted post list, never
 * copies per page.
 */
import type { FeedConfig } from '../config.js';
import { CONFIG_FILE } from '../config-file.js';
import type { SourceFile } from '../content/discover.js';
import { type Diagnostic, error } from '../diagnostics.js';
import { isReservedPath } from '../reserved-paths.js';
import type { PageSummary, PostSummary } from '../types.js';
import { homeScheme, type ListPage, listUrl, nestedScheme, nestedSuffix, paginate, paginationTemplate } from './pagination.js';
import { categoryUrl, tagUrl, urlToOutputPath } from './permalink.js';
import { type RedirectKind, type RedirectsKind, redirectEntries, redirectFromRoutes, redirectTo } from './redirects.js';
import { type RelatedLink, relatedPosts } from './related.js';
import type { Category, Site, Tag } from './site.js';

export type { ListPage } from './pagination.js';
export type { RelatedLink } from './related.js';

export interface Archive {
  readonly year: string;
  /** '01'..'12', absent for a year archive. */
  readonly month?: string;
}

/** What a post page shows of the posts before and after it: small enough to send to a worker, or store, with the page. */
export type PostLink = Readonly<{ title: string; url: string }>;

function linkTo(post: PostSummary): PostLink {
  return { title: post.title, url: post.url };
}

type RouteKind =
  /** `related`: the posts sharing its tags or categories (site/related.ts), best first. */
  | { kind: 'post'; post: PostSummary; previous?: PostLink; next?: PostLink; related: readonly RelatedLink[] }
  | { kind: 'page'; page: PageSummary }
  /** `page`: jekyll-paginate's template page, whose place and front matter (title, description) the list takes. */
  | { kind: 'index'; list: ListPage; page?: PageSummary }
  | { kind: 'category'; category: Category; list: ListPage }
  | { kind: 'tag'; tag: Tag; list: ListPage }
  | { kind: 'archive'; archive: Archive; list: ListPage }
  | { kind: 'categories' }
  | { kind: 'search' }
  | { kind: '404' }
  | { kind: 'feed'; category?: Category; posts: readonly PostSummary[] }
  | { kind: 'sitemap' }
  | { kind: 'news-sitemap'; posts: readonly PostSummary[] }
  | { kind: 'robots' }
  | { kind: 'headers' }
  | { kind: 'search-index' }
  | { kind: 'static'; from: SourceFile }
  /** jekyll-redirect-from's page: at a `redirect_from` path, or in place of a `redirect_to` post or page. */
  | RedirectKind
  /** `/redirects.json`. */
  | RedirectsKind;

/** `url` is the raw (unencoded) site path; `file` the output path it is written to. */
export type Route = Readonly<{ url: string; file: string } & RouteKind>;

export type RouteOf<K extends Route['kind']> = Extract<Route, { kind: K }>;

/** Google News takes the articles of the last two days. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

export interface RoutePlan {
  routes: Route[];
  diagnostics: Diagnostic[];
  /** Generated pages the site's own files replace, one sentence each (`--verbose` prints them). */
  notes: string[];
}

/** `now` is the build's clock: the news sitemap lists the posts of the two days before it. */
export function planRoutes(site: Site, statics: readonly SourceFile[], now: Date): RoutePlan {
  const { config, posts } = site;
  const routes: Route[] = [];
  const add = (url: string, kind: RouteKind, file = urlToOutputPath(url)) => routes.push({ url, file, ...kind } as Route);

  const related = relatedPosts(site);
  posts.forEach((post, index) => {
    const next = posts[index - 1];
    const previous = posts[index + 1];
    const file = post.file ?? urlToOutputPath(post.url, '.html');
    const neighbours = { ...(previous ? { previous: linkTo(previous) } : {}), ...(next ? { next: linkTo(next) } : {}) };
    // A `redirect_to` post stays in lists and feeds, as in Jekyll; only its own page is the redirect.
    if (post.redirectTo !== undefined) add(post.url, redirectTo({ ...post, redirectTo: post.redirectTo }), file);
    else add(post.url, { kind: 'post', post, ...neighbours, related: related.get(post) ?? [] }, file);
  });
  // jekyll-paginate's template page becomes the list's page 1: the list takes its place and its front matter.
  const template = paginationTemplate(site.pages, config.paginatePath);
  const suffix = nestedSuffix(config.paginatePath, template);
  for (const page of site.pages) {
    if (page === template) continue;
    const file = page.file ?? urlToOutputPath(page.url, '.html');
    add(page.url, page.redirectTo !== undefined ? redirectTo({ ...page, redirectTo: page.redirectTo }) : { kind: 'page', page }, file);
  }
  // After the posts and pages, so that a redirect over one of them is the redirect's error, in its own file.
  for (const { url, file, redirect } of redirectFromRoutes(site)) add(url, redirect, file);

  for (const list of paginate(posts, homeScheme(config.paginatePath, template), config.paginate)) {
    add(listUrl(list), { kind: 'index', list, ...(template ? { page: template } : {}) });
  }
  for (const category of site.categories) {
    for (const list of paginate(category.posts, nestedScheme(categoryUrl(config.categoryPath, category.name), suffix), config.paginate)) {
      add(listUrl(list), { kind: 'category', category, list });
    }
  }
  for (const tag of site.tags) {
    for (const list of paginate(tag.posts, nestedScheme(tagUrl(config.tagPath, tag.name), suffix), config.paginate))
      add(listUrl(list), { kind: 'tag', tag, list });
  }
  add(categoriesIndexUrl(config.categoryPath), { kind: 'categories' });
  add('/404.html', { kind: '404' });

  const { outputs } = config;
  if (outputs.archives) {
    for (const [archive, list] of archives(posts)) {
      const base = archive.month ? `/${archive.year}/${archive.month}/` : `/${archive.year}/`;
      for (const page of paginate(list, nestedScheme(base, suffix), config.paginate)) add(listUrl(page), { kind: 'archive', archive, list: page });
    }
  }
  if (outputs.feed.enabled) {
    add('/feed.xml', { kind: 'feed', posts: posts.slice(0, outputs.feed.postsLimit) });
    for (const category of site.categories) {
      const url = categoryFeedUrl(outputs.feed, category);
      if (url !== undefined) add(url, { kind: 'feed', category, posts: category.posts.slice(0, outputs.feed.postsLimit) });
    }
  }
  if (outputs.sitemap) add('/sitemap.xml', { kind: 'sitemap' });
  if (outputs.newsSitemap) add('/sitemap-news.xml', { kind: 'news-sitemap', posts: recentPosts(posts, now.getTime() - NEWS_WINDOW_MS) });
  if (outputs.robots) add('/robots.txt', { kind: 'robots' });
  // The site's own _headers (copied when listed in `include:`) replaces this one, as robots.txt is replaced.
  if (config.csp) add('/_headers', { kind: 'headers' }, '_headers');
  if (outputs.search) {
    add('/search/index.json', { kind: 'search-index' });
    add('/search/', { kind: 'search' });
  }
  const redirects = redirectEntries(site);
  if (outputs.redirectsJson === 'always' || (outputs.redirectsJson === 'used' && redirects.length > 0)) {
    add('/redirects.json', { kind: 'redirects', entries: redirects });
  }
  for (const from of statics) add(`/${from.source}`, { kind: 'static', from }, from.source);

  const checked = checkOutputPaths(routes);
  const resolved = resolveConflicts(checked.routes);
  return { routes: resolved.routes, diagnostics: [...checked.diagnostics, ...resolved.diagnostics], notes: resolved.notes };
}

/**
 * A category's feed URL, or undefined when it has none: `/feed/<key>.xml`
 * for every category, or for the ones `feed.categories` lists, at the name
 * as listed (jekyll-feed's `feed/#{category}.xml`), matched case-insensitively.
 */
export function categoryFeedUrl(feed: FeedConfig, category: Category): string | undefined {
  if (!feed.enabled || feed.categories === false) return undefined;
  if (feed.categories === true) return `/feed/${category.key}.xml`;
  const listed = feed.categories.find((name) => name.toLowerCase() === category.key);
  return listed === undefined ? undefined : `/feed/${listed}.xml`;
}

/** Bytes a file or folder name may have (NAME_MAX on Linux and macOS). */
const MAX_NAME_BYTES = 255;

/** Why an output path (raw, `/`-separated) cannot be written as a file, or undefined when it can. */
export function outputPathProblem(file: string): { reason: string; hint: string } | undefined {
  const plainNames = 'remove it from the `permalink:`, `slug:` or categories (folders are separated by /)';
  if (file.includes('\0')) return { reason: 'it contains a NUL character', hint: plainNames };
  if (file.includes('\\')) return { reason: 'it contains a backslash', hint: plainNames };
  if (isReservedPath(file)) return { reason: "it is reserved for gazette's own files", hint: 'choose another `permalink:`' };
  for (const name of file.split('/')) {
    const bytes = Buffer.byteLength(name, 'utf8');
    if (bytes > MAX_NAME_BYTES) {
      const hint = 'shorten the slug or category, or set a shorter `slug:` or `permalink:`';
      return { reason: `one of its names is ${bytes} bytes long (at most ${MAX_NAME_BYTES})`, hint };
    }
  }
  return undefined;
}

/** A URL for a message: control characters escaped, very long ones shortened. */
function printable(url: string): string {
  const escaped = url.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > 120 ? `${escaped.slice(0, 117)}…` : escaped;
}

/**
 * Routes whose output path cannot be written (a backslash or NUL from front
 * matter, a name longer than the file system allows, gazette's own files) are
 * dropped with an error on the file they come from: the post, page or static
 * file itself, or for a category's pages and feed, each post in the category
 * that has no error of its own yet. Writing them would fail half-way.
 */
function checkOutputPaths(routes: readonly Route[]): { routes: Route[]; diagnostics: Diagnostic[] } {
  const kept: Route[] = [];
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();
  const reported = new Set<string>();
  const report = (file: string, message: string, hint: string) => {
    const key = `${file}\0${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    failed.add(file);
    diagnostics.push(error(file, message, { line: 1, column: 1 }, hint));
  };
  for (const route of routes) {
    const problem = outputPathProblem(route.file);
    if (problem === undefined) {
      kept.push(route);
      continue;
    }
    const own = sourceOf(route);
    const category = route.kind === 'category' || route.kind === 'feed' ? route.category : route.kind === 'tag' ? route.tag : undefined;
    if (own !== undefined) {
      report(own, `the URL ${printable(route.url)} cannot be written as a file: ${problem.reason}`, problem.hint);
    } else if (category !== undefined) {
      const message = `the ${route.kind === 'tag' ? 'tag' : 'category'} "${printable(category.name)}" cannot be part of a file name: ${problem.reason}`;
      for (const post of category.posts) if (!failed.has(post.source)) report(post.source, message, problem.hint);
    } else {
      report(
        CONFIG_FILE,
        `the URL ${printable(route.url)} cannot be written as a file: ${problem.reason}`,
        'check `paginate_path`, `category_path` and `tag_path`',
      );
    }
  }
  return { routes: kept, diagnostics };
}

/** The categories page's URL: `category_path` up to `:category`. */
export function categoriesIndexUrl(categoryPath: string): string {
  const head = categoryPath.slice(0, categoryPath.indexOf(':category'));
  return head.endsWith('/') ? head : `${head}/`;
}

/** The posts dated `since` or later: a prefix of the newest-first list. */
/** Posts newer than `since`, without those whose front matter keeps them out of the sitemaps. */
function recentPosts(posts: readonly PostSummary[], since: number): readonly PostSummary[] {
  const end = posts.findIndex((post) => post.date.getTime() < since);
  return (end === -1 ? posts : posts.slice(0, end)).filter((post) => post.sitemap !== false);
}

/** Year and month archives, newest first; posts keep their order (newest first). */
function archives(posts: readonly PostSummary[]): Map<Archive, PostSummary[]> {
  const years = new Map<string, { archive: Archive; posts: PostSummary[] }>();
  const months = new Map<string, { archive: Archive; posts: PostSummary[] }>();
  for (const post of posts) {
    // dateIso is already in the site's zone: its first fields are the local year and month.
    const year = post.dateIso.slice(0, 4);
    const month = post.dateIso.slice(5, 7);
    let y = years.get(year);
    if (!y) years.set(year, (y = { archive: { year }, posts: [] }));
    y.posts.push(post);
    const key = `${year}/${month}`;
    let m = months.get(key);
    if (!m) months.set(key, (m = { archive: { year, month }, posts: [] }));
    m.posts.push(post);
  }
  const out = new Map<Archive, PostSummary[]>();
  for (const { archive, posts: list } of [...years.values(), ...months.values()]) out.set(archive, list);
  return out;
}

function describeRoute(route: Route): string {
  if (route.kind === 'redirect') return `${route.source} (a redirect from ${printable(route.from)})`;
  return sourceOf(route) ?? (route.kind === 'index' ? 'the generated home list' : `the generated ${route.kind} page`);
}

/** The site's own file a route comes from; a redirect counts as its post's or page's. */
function sourceOf(route: Route): string | undefined {
  switch (route.kind) {
    case 'post':
      return route.post.source;
    case 'page':
      return route.page.source;
    case 'static':
      return route.from.source;
    case 'redirect':
      return route.source;
    default:
      return undefined;
  }
}

/**
 * Two routes writing one file. The site's own file (a page, a front-matter
 * file, a static file) replaces whatever gazette would generate there (the
 * home list at `/`, the search, categories or 404 page, a feed, a sitemap,
 * robots.txt), as jekyll-feed and jekyll-sitemap leave a site's own file in
 * place; each such replacement is a note. Two of the site's files, or two
 * generated routes, at one URL are an error naming both.
 */
function resolveConflicts(routes: Route[]): { routes: Route[]; diagnostics: Diagnostic[]; notes: string[] } {
  const byFile = new Map<string, Route>();
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  for (const route of routes) {
    const key = route.file.normalize('NFC');
    const existing = byFile.get(key);
    if (!existing) {
      byFile.set(key, route);
      continue;
    }
    const [ownNew, ownOld] = [sourceOf(route), sourceOf(existing)];
    if ((ownNew === undefined) !== (ownOld === undefined)) {
      const [own, generated] = ownNew !== undefined ? [route, existing] : [existing, route];
      byFile.set(key, own);
      notes.push(`${sourceOf(own)} replaces ${describeRoute(generated)} at ${route.url}`);
      continue;
    }
    const file = ownNew ?? ownOld ?? route.file;
    diagnostics.push(
      error(
        file,
        `${describeRoute(route)} and ${describeRoute(existing)} both map to the URL ${route.url}`,
        { line: 1, column: 1 },
        'give one of them another `permalink:` or `slug:` in its front matter',
      ),
    );
  }
  return { routes: [...byFile.values()], diagnostics, notes };
}
