/**
 * What templates see. Every URL here is a ready href (baseurl-prefixed,
 * percent-encoded); only sanitised HTML is marked safe.
 */
import type { ResolvedConfig } from '../config.js';
import { formatDisplayDate } from '../site/dates.js';
import { listPageUrl } from '../site/pagination.js';
import { categoryUrl, encodeUrlPath, tagUrl } from '../site/permalink.js';
import { categoriesIndexUrl, type ListPage, type Route } from '../site/routes.js';
import { buildSeo, pageDescriptionOf, robotsOf, type Seo, type SeoInput } from '../site/seo.js';
import type { Category, Site } from '../site/site.js';
import type { PostSummary } from '../types.js';
import { imageSet } from './body-images.js';
import { contentSecurityPolicy } from './csp.js';
import { type Labels, labelsFor } from './labels.js';
import { type PostCard, seoKindOf } from './route-kinds.js';
import { trusted } from './templates.js';

/** How many categories the navigation shows (the most used first). */
export const NAV_CATEGORIES = 8;

/** Links and names every page shares, computed once per build. */
export interface SiteContext {
  readonly site: Record<string, unknown>;
  readonly labels: Labels;
  readonly nav: Record<string, unknown>;
  readonly feeds: readonly { title: string; url: string }[];
  /** The build's policy without any page's slot script hashes (render/csp.ts); `''` with `csp: false`. */
  readonly csp: string;
  readonly links: Links;
}

/** URL helpers bound to one config. */
export interface Links {
  /** Raw site path → href. */
  href(path: string): string;
  /** Raw site path → absolute URL (origin + baseurl + encoded path); the href when `url` is not set. */
  absolute(path: string): string;
  /** A front matter image (site-relative or absolute) → href, or absolute URL. */
  image(value: string | undefined, absolute?: boolean): string | undefined;
  category(name: string): string;
  tag(name: string): string;
}

export function createLinks(config: ResolvedConfig): Links {
  const href = (path: string) => `${config.baseurl}${encodeUrlPath(path)}`;
  // Escapes already in the value stay as written; the rest is encoded (a path may come partly encoded).
  const encodeOnce = (value: string) =>
    value
      .split(/(%[0-9A-Fa-f]{2})/)
      .map((part, i) => (i % 2 === 1 ? part : encodeUrlPath(part)))
      .join('');
  return {
    href,
    absolute: (path) => `${config.url}${href(path)}`,
    image(value, absolute = false) {
      if (value === undefined) return undefined;
      if (/^https?:\/\//i.test(value) || value.startsWith('//')) return value;
      const path = `${config.baseurl}${encodeOnce(value.startsWith('/') ? value : `/${value}`)}`;
      return absolute ? `${config.url}${path}` : path;
    },
    category: (name) => href(categoryUrl(config.categoryPath, name)),
    tag: (name) => href(tagUrl(config.tagPath, name)),
  };
}

export function createSiteContext(site: Site): SiteContext {
  const { config } = site;
  const links = createLinks(config);
  const labels = labelsFor(config.lang);
  const feeds: { title: string; url: string }[] = [];
  if (config.outputs.feed.enabled) feeds.push({ title: config.title, url: links.href('/feed.xml') });
  return {
    site: {
      ...config.raw,
      title: config.title,
      description: config.description,
      url: config.url,
      baseurl: config.baseurl,
      lang: config.lang,
      timezone: config.timezone,
      author: config.author,
      posts_count: site.posts.length,
    },
    labels,
    nav: {
      home: links.href('/'),
      categoriesUrl: links.href(categoriesIndexUrl(config.categoryPath)),
      searchUrl: config.outputs.search ? links.href('/search/') : undefined,
      feedUrl: config.outputs.feed.enabled ? links.href('/feed.xml') : undefined,
      categories: site.categories.slice(0, NAV_CATEGORIES).map((c) => categoryLink(c, links)),
    },
    feeds,
    csp: config.csp ? contentSecurityPolicy(config) : '',
    links,
  };
}

function categoryLink(category: Category, links: Links) {
  return { name: category.name, url: links.category(category.name), count: category.posts.length };
}

/** A post as lists and its own page show it: only the fields CARD_FIELDS names, which route fingerprints hash. */
export function postCard(post: PostCard, siteContext: SiteContext, config: ResolvedConfig) {
  const { links } = siteContext;
  const image = links.image(post.image);
  const info = post.image === undefined ? undefined : post.media?.[post.image];
  return {
    title: post.title,
    url: links.href(post.url),
    dateIso: post.dateIso,
    dateDisplay: formatDisplayDate(post.date, config.timezone, config.lang),
    excerptHtml: trusted(post.excerptHtml),
    excerptText: post.excerptText,
    image,
    // Size and resized copies of a local image (build/images.ts); undefined for a remote one.
    imageSet: image !== undefined && info !== undefined ? imageSet(image, info, links.href) : undefined,
    categories: post.categories.map((name) => ({ name, url: links.category(name) })),
  };
}

export function paginationOf(list: ListPage, links: Links) {
  const url = (n: number) => links.href(listPageUrl(list.scheme, n));
  // A window of pages around the current one keeps list pages O(1) in size.
  const first = Math.max(1, list.number - 3);
  const last = Math.min(list.total, list.number + 3);
  const pages = [];
  for (let n = first; n <= last; n++) pages.push({ num: n, url: url(n), current: n === list.number });
  return {
    page: list.number,
    totalPages: list.total,
    ...(list.number > 1 ? { previousUrl: url(list.number - 1) } : {}),
    ...(list.number < list.total ? { nextUrl: url(list.number + 1) } : {}),
    firstUrl: url(1),
    lastUrl: url(list.total),
    pages,
  };
}

/** A post's author: front matter `author`, else the site's (`''` when neither is set). */
export function authorOf(postData: Readonly<Record<string, unknown>>, config: ResolvedConfig): string {
  return typeof postData['author'] === 'string' ? postData['author'] : config.author;
}

/** When a post last changed: front matter `last_modified_at`, else its date. */
export function modifiedIsoOf(post: PostSummary, postData: Readonly<Record<string, unknown>>): string {
  return typeof postData['last_modified_at'] === 'string' ? postData['last_modified_at'] : post.dateIso;
}

/** `postData`: the front matter of a post route's post (its details). */
export function seoFor(
  route: Route,
  siteContext: SiteContext,
  config: ResolvedConfig,
  title: string | undefined,
  postData: Readonly<Record<string, unknown>> = {},
): Seo {
  const { links } = siteContext;
  const siteUrl = `${config.url}${config.baseurl}`;
  const base: SeoInput = {
    kind: seoKindOf(route) ?? 'page',
    siteTitle: config.title,
    siteDescription: config.description,
    siteUrl,
    lang: config.lang,
    ...(title !== undefined ? { pageTitle: title } : {}),
    canonicalUrl: links.absolute(route.url),
    publisherName: config.publisherName,
    ...(config.publisherLogo ? { publisherLogoUrl: links.image(config.publisherLogo, true) as string } : {}),
  };
  if (route.kind === 'post') {
    const { post } = route;
    const description = typeof postData['description'] === 'string' ? postData['description'] : post.excerptText;
    const author = authorOf(postData, config) || undefined;
    const image = links.image(post.image, true);
    const robots = robotsOf(postData);
    return buildSeo({
      ...base,
      description,
      ...(robots ? { robots } : {}),
      ...(image ? { imageUrl: image } : {}),
      publishedIso: post.dateIso,
      modifiedIso: modifiedIsoOf(post, postData),
      ...(post.categories[0] ? { section: post.categories[0] } : {}),
      tags: post.tags,
      ...(author ? { author } : {}),
    });
  }
  // A page, or the home list that takes jekyll-paginate's template page's place: its front matter speaks for it.
  const ownPage = route.kind === 'page' || route.kind === 'index' ? route.page : undefined;
  if (ownPage !== undefined) {
    const { data } = ownPage;
    const description = pageDescriptionOf(data);
    const image = links.image(ownPage.image, true);
    const robots = robotsOf(data);
    return buildSeo({ ...base, ...(description ? { description } : {}), ...(image ? { imageUrl: image } : {}), ...(robots ? { robots } : {}) });
  }
  return buildSeo(base);
}
