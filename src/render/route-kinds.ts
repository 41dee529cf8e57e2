/**
 * One entry per route kind: the template it renders through, the posts whose
 * details (body, feature text, front matter) its output shows, whether a
 * worker thread can render it, and what else its output depends on besides
 * the config, its template and gazette's version.
 *
 * Rendering (outputs.ts), route fingerprints (build/fingerprint.ts) and the
 * planners (build/planners/) all read this table, so what a page shows and
 * what makes it stale cannot drift apart; a kind added to `Route` without an
 * entry here does not compile.
 */
import { hash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics.js';
import type { PostLink, Route, RouteOf } from '../site/routes.js';
import type { SeoKind } from '../site/seo.js';
import type { Site } from '../site/site.js';
import type { PostSummary } from '../types.js';

/** What a list page, the search index and a post's own page show of a post as a card (context.ts postCard reads only these). */
export const CARD_FIELDS = ['title', 'url', 'date', 'dateIso', 'categories', 'excerptHtml', 'excerptText', 'image', 'media'] as const;

/** A post as a card shows it. */
export type PostCard = Pick<PostSummary, (typeof CARD_FIELDS)[number]>;

/** Hashes of what a route's output shows, shared by every route of one fingerprinting pass. */
export interface ShownParts {
  readonly site: Site;
  /** A post's card (CARD_FIELDS), hashed once per build. */
  card(post: PostSummary): string;
  /** A post's bytes and place: everything its own page and its feed entry show. */
  identity(post: PostSummary): string;
  /** A neighbour's link on a post page. */
  link(post: PostLink | undefined): string;
  /** The sitemap's entries, hashed once per build. */
  sitemap(): string;
}

interface RouteKind<R extends Route> {
  /** The template (without `.njk`); undefined: the output is built by code (feeds, sitemaps, robots.txt). */
  template(route: R): string | undefined;
  /** Posts whose details the output shows; of other posts it shows only what their summaries hold. */
  details(route: R): readonly PostSummary[];
  /** The route with the posts whose details it shows replaced by fresher summaries (a body edit). */
  withPosts(route: R, fresh: (post: PostSummary) => PostSummary): R;
  /** Shows a bounded part of the site, so a batch sent to a worker thread can carry everything it needs. */
  portable: boolean;
  /** What the output shows besides the config, the template and gazette's version. */
  shows(route: R, parts: ShownParts): string[];
  /** The page's kind for search engines (site/seo.ts); undefined: no HTML page of the theme's. */
  seo?: SeoKind;
  /** A page search engines should find: listed in the sitemap (unless its front matter says otherwise). */
  inSitemap: boolean;
}

type RouteKinds = { readonly [K in Route['kind']]: RouteKind<RouteOf<K>> };

const none = () => [];
const same = <R>(route: R) => route;
const listShows = (route: RouteOf<'index' | 'category' | 'tag' | 'archive'>, parts: ShownParts) => [
  String(route.list.number),
  String(route.list.total),
  ...route.list.posts.map((post) => parts.card(post)),
];
/** A page built by code from the config alone (robots.txt, `_headers`). */
const fromConfig = { template: () => undefined, details: none, withPosts: same, portable: false, shows: none, inSitemap: false };

export const ROUTE_KINDS: RouteKinds = {
  post: {
    template: (route) => route.post.layout,
    details: (route) => [route.post],
    withPosts: (route, fresh) => ({ ...route, post: fresh(route.post) }),
    portable: true,
    // The related list: a new post re-renders only the posts whose list it changes. Its images' sizes and copies: an image's change re-renders it.
    shows: (route, parts) => [
      parts.identity(route.post),
      parts.link(route.previous),
      parts.link(route.next),
      (route.related ?? []).map((link) => `${link.url}\0${link.title}\0${link.dateIso}`).join('\n'),
      ...(route.post.media === undefined ? [] : [JSON.stringify(route.post.media)]),
    ],
    seo: 'post',
    inSitemap: true,
  },
  page: {
    template: (route) => route.page.layout,
    details: none,
    withPosts: same,
    portable: true,
    shows: (route) => [route.page.renderDigest, route.page.url],
    seo: 'page',
    inSitemap: true,
  },
  // The home list takes jekyll-paginate's template page's title and front matter.
  index: {
    template: () => 'index',
    details: none,
    withPosts: same,
    portable: true,
    shows: (route, parts) => [...listShows(route, parts), route.page?.renderDigest ?? ''],
    seo: 'index',
    inSitemap: true,
  },
  // A category's name is the spelling most of its posts use: it can change while its URL does not.
  category: {
    template: () => 'category',
    details: none,
    withPosts: same,
    portable: true,
    shows: (route, parts) => [route.category.name, ...listShows(route, parts)],
    seo: 'category',
    inSitemap: true,
  },
  // As a category: a tag's name is the spelling most of its posts use.
  tag: {
    template: () => 'tag',
    details: none,
    withPosts: same,
    portable: true,
    shows: (route, parts) => [route.tag.name, ...listShows(route, parts)],
    seo: 'tag',
    inSitemap: true,
  },
  archive: { template: () => 'archive', details: none, withPosts: same, portable: true, shows: listShows, seo: 'archive', inSitemap: true },
  categories: {
    template: () => 'categories',
    details: none,
    withPosts: same,
    portable: false,
    shows: (_route, parts) => [parts.site.categories.map((c) => `${c.key}:${c.name}:${c.posts.length}`).join('|')],
    seo: 'categories',
    inSitemap: true,
  },
  search: { template: () => 'search', details: none, withPosts: same, portable: true, shows: none, seo: 'search', inSitemap: false },
  '404': { template: () => '404', details: none, withPosts: same, portable: true, shows: none, seo: '404', inSitemap: false },
  feed: {
    template: () => undefined,
    details: (route) => route.posts,
    withPosts: (route, fresh) => ({ ...route, posts: route.posts.map(fresh) }),
    portable: false,
    shows: (route, parts) => route.posts.map((post) => parts.identity(post)),
    inSitemap: false,
  },
  sitemap: { template: () => undefined, details: none, withPosts: same, portable: false, shows: (_route, parts) => [parts.sitemap()], inSitemap: false },
  'news-sitemap': {
    template: () => undefined,
    details: none,
    withPosts: same,
    portable: false,
    shows: (route) => route.posts.map((post) => `${post.url}\0${post.dateIso}\0${post.title}`),
    inSitemap: false,
  },
  robots: fromConfig,
  headers: fromConfig,
  'search-index': {
    template: () => undefined,
    details: none,
    withPosts: same,
    portable: false,
    // The card and the post's bytes: its terms come from its body and tags too.
    shows: (_route, parts) => [parts.site.posts.map((post) => `${parts.card(post)}:${parts.identity(post)}`).join('\n')],
    inSitemap: false,
  },
  // Copied, not rendered: a static file has no fingerprint (its bytes are compared when staged).
  static: fromConfig,
  // The target is the whole page (the config covers url and baseurl): a body edit of the post it belongs to renders nothing.
  redirect: { template: () => undefined, details: none, withPosts: same, portable: false, shows: (route) => [route.to], inSitemap: false },
  redirects: {
    template: () => undefined,
    details: none,
    withPosts: same,
    portable: false,
    shows: (route) => [route.entries.map(([from, to]) => `${from}\0${to}`).join('\n')],
    inSitemap: false,
  },
};

function kindOf<R extends Route>(route: R): RouteKind<R> {
  return ROUTE_KINDS[route.kind] as unknown as RouteKind<R>;
}

/** The template a route renders through; undefined for outputs built by code. */
export function templateOf(route: Route): string | undefined {
  return kindOf(route).template(route);
}

/** The posts whose details (body, feature text, front matter) the route's output shows. */
export function detailsShownBy(route: Route): readonly PostSummary[] {
  return kindOf(route).details(route);
}

/** The route showing fresher summaries of the posts whose details it shows. */
export function withFreshPosts(route: Route, fresh: (post: PostSummary) => PostSummary): Route {
  return kindOf(route).withPosts(route, fresh);
}

/** The route's page kind for search engines; undefined for outputs that are no theme page. */
export function seoKindOf(route: Route): SeoKind | undefined {
  return kindOf(route).seo;
}

/** Whether the route is a page the sitemap lists (its front matter may still keep it out). */
export function listedInSitemap(route: Route): boolean {
  return kindOf(route).inSitemap;
}

/** Whether a worker thread can render the route from a batch. */
export function isPortable(route: Route): boolean {
  return kindOf(route).portable;
}

/** What the route's output shows besides the config, its template and gazette's version. */
export function shownBy(route: Route, parts: ShownParts): string[] {
  return kindOf(route).shows(route, parts);
}

/** The card fields of a post, in CARD_FIELDS order: what `ShownParts.card` hashes. */
export function cardText(post: PostCard): string {
  return CARD_FIELDS.map((field) => {
    // A card shows only the lead image of the post's images.
    if (field === 'media') return post.image === undefined || post.media?.[post.image] === undefined ? '' : JSON.stringify(post.media[post.image]);
    const value = post[field];
    return value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join('\u0001') : String(value ?? '');
  }).join('\0');
}

/** What of a parsed post file the build's other outputs can depend on: its summary and diagnostics (bodyEditKey). */
export interface PostFileOutcome {
  readonly datedByModificationTime?: true;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary?: PostSummary;
}

/**
 * What of a parsed post file any page other than its own, or the site's
 * shape, can show: equal keys before and after an edit mean only the post's
 * details changed, so only the routes that show them (detailsShownBy) need
 * rendering. Everything of the summary counts but its digest and what the
 * sanitiser removed: a superset of the card, so a field added to the card
 * or to a list is covered without a change here. The search index shows a
 * body's words too; a body edit patches it apart (build/search-edits.ts).
 */
export function bodyEditKey(entry: PostFileOutcome): string {
  const shown = entry.summary === undefined ? null : withoutDetails(entry.summary);
  return JSON.stringify([entry.datedByModificationTime === true, entry.diagnostics, shown]);
}

/** bodyEditKey, hashed: what the edit index keeps of each post (computed on the worker threads). */
export function shownHash(entry: PostFileOutcome): string {
  return hash('sha1', bodyEditKey(entry), 'hex');
}

function withoutDetails(summary: PostSummary): unknown {
  const { digest: _digest, removed: _removed, ...rest } = summary;
  return rest;
}
