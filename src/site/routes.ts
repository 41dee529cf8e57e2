/**
 * Site → Route[]: every file the build writes, each with a kind. Pure and
 * O(n log n) in posts: list pages hold slices of the sorted post list, never
 * copies per page.
 */
import type { SourceFile } from '../content/discover.js';
import { type Diagnostic, error } from '../diagnostics.js';
import type { PageSummary, PostSummary } from '../types.js';
import { categoryUrl, paginatedUrl, urlToOutputPath } from './permalink.js';
import type { Category, Site } from './site.js';

export interface ListPage {
  /** 1-based. */
  readonly number: number;
  readonly total: number;
  readonly posts: readonly PostSummary[];
  /** URL of page 1; page n is `paginatedUrl(base, paginatePath, n)`. */
  readonly base: string;
}

export interface Archive {
  readonly year: string;
  /** '01'..'12', absent for a year archive. */
  readonly month?: string;
}

type RouteKind =
  | { kind: 'post'; post: PostSummary; previous?: PostSummary; next?: PostSummary }
  | { kind: 'page'; page: PageSummary }
  | { kind: 'index'; list: ListPage }
  | { kind: 'category'; category: Category; list: ListPage }
  | { kind: 'archive'; archive: Archive; list: ListPage }
  | { kind: 'categories' }
  | { kind: 'search' }
  | { kind: '404' }
  | { kind: 'feed'; category?: Category; posts: readonly PostSummary[] }
  | { kind: 'sitemap' }
  | { kind: 'news-sitemap' }
  | { kind: 'robots' }
  | { kind: 'search-index' }
  | { kind: 'static'; from: SourceFile };

/** `url` is the raw (unencoded) site path; `file` the output path it is written to. */
export type Route = Readonly<{ url: string; file: string } & RouteKind>;

export type RouteOf<K extends Route['kind']> = Extract<Route, { kind: K }>;

/** Kinds that the site's own file of the same path replaces without complaint. */
const YIELDING_KINDS: ReadonlySet<Route['kind']> = new Set(['robots', '404', 'search', 'categories']);

export function planRoutes(site: Site, statics: readonly SourceFile[]): { routes: Route[]; diagnostics: Diagnostic[] } {
  const { config, posts } = site;
  const routes: Route[] = [];
  const add = (url: string, kind: RouteKind, file = urlToOutputPath(url)) => routes.push({ url, file, ...kind } as Route);

  posts.forEach((post, index) => {
    const next = posts[index - 1];
    const previous = posts[index + 1];
    add(post.url, { kind: 'post', post, ...(previous ? { previous } : {}), ...(next ? { next } : {}) }, urlToOutputPath(post.url, '.html'));
  });
  for (const page of site.pages) add(page.url, { kind: 'page', page }, urlToOutputPath(page.url, '.html'));

  for (const list of paginate(posts, '/', config.paginate)) add(listUrl(list, config.paginatePath), { kind: 'index', list });
  for (const category of site.categories) {
    for (const list of paginate(category.posts, categoryUrl(config.categoryPath, category.name), config.paginate)) {
      add(listUrl(list, config.paginatePath), { kind: 'category', category, list });
    }
  }
  add(categoriesIndexUrl(config.categoryPath), { kind: 'categories' });
  add('/404.html', { kind: '404' });

  const { outputs } = config;
  if (outputs.archives) {
    for (const [archive, list] of archives(posts)) {
      const base = archive.month ? `/${archive.year}/${archive.month}/` : `/${archive.year}/`;
      for (const page of paginate(list, base, config.paginate)) add(listUrl(page, config.paginatePath), { kind: 'archive', archive, list: page });
    }
  }
  if (outputs.feed.enabled) {
    add('/feed.xml', { kind: 'feed', posts: posts.slice(0, outputs.feed.postsLimit) });
    if (outputs.feed.categories) {
      for (const category of site.categories) {
        add(`/feed/${category.key}.xml`, { kind: 'feed', category, posts: category.posts.slice(0, outputs.feed.postsLimit) });
      }
    }
  }
  if (outputs.sitemap) add('/sitemap.xml', { kind: 'sitemap' });
  if (outputs.newsSitemap) add('/sitemap-news.xml', { kind: 'news-sitemap' });
  if (outputs.robots) add('/robots.txt', { kind: 'robots' });
  if (outputs.search) {
    add('/search.json', { kind: 'search-index' });
    add('/search/', { kind: 'search' });
  }
  for (const from of statics) add(`/${from.source}`, { kind: 'static', from }, from.source);

  return resolveConflicts(routes);
}

/** The categories page's URL: `category_path` up to `:category`. */
export function categoriesIndexUrl(categoryPath: string): string {
  const head = categoryPath.slice(0, categoryPath.indexOf(':category'));
  return head.endsWith('/') ? head : `${head}/`;
}

export function listUrl(list: ListPage, paginatePath: string): string {
  return paginatedUrl(list.base, paginatePath, list.number);
}

function paginate(posts: readonly PostSummary[], base: string, perPage: number): ListPage[] {
  const total = Math.max(1, Math.ceil(posts.length / perPage));
  const pages: ListPage[] = [];
  for (let number = 1; number <= total; number++) {
    pages.push({ number, total, base, posts: posts.slice((number - 1) * perPage, number * perPage) });
  }
  return pages;
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
  switch (route.kind) {
    case 'post':
      return route.post.source;
    case 'page':
      return route.page.source;
    case 'static':
      return route.from.source;
    default:
      return `the generated ${route.kind} page`;
  }
}

function sourceOf(route: Route): string | undefined {
  return route.kind === 'post' ? route.post.source : route.kind === 'page' ? route.page.source : route.kind === 'static' ? route.from.source : undefined;
}

/**
 * Two routes writing one file: the site's own file replaces a generated
 * robots.txt, 404 page, search or categories page; anything else is an error
 * naming both, and neither is silently dropped from the report.
 */
function resolveConflicts(routes: Route[]): { routes: Route[]; diagnostics: Diagnostic[] } {
  const byFile = new Map<string, Route>();
  const diagnostics: Diagnostic[] = [];
  for (const route of routes) {
    const key = route.file.normalize('NFC');
    const existing = byFile.get(key);
    if (!existing) {
      byFile.set(key, route);
      continue;
    }
    const [generated, own] = sourceOf(existing) === undefined ? [existing, route] : [route, existing];
    if (sourceOf(generated) === undefined && sourceOf(own) !== undefined && YIELDING_KINDS.has(generated.kind)) {
      byFile.set(key, own);
      continue;
    }
    const file = sourceOf(route) ?? sourceOf(existing) ?? route.file;
    diagnostics.push(
      error(file, `${describeRoute(route)} and ${describeRoute(existing)} both map to the URL ${route.url}`, { line: 1, column: 1 }, 'give one of them another `permalink:` or `slug:` in its front matter'),
    );
  }
  return { routes: [...byFile.values()], diagnostics };
}
