/**
 * One `seo` object per page: title, description, canonical URL, Open Graph /
 * Twitter meta and JSON-LD, computed once so any theme can print it as is.
 * Values are plain strings; the template escapes them for HTML, except
 * `jsonLd`, which is already safe inside `<script type="application/ld+json">`.
 */
import { stringifyScriptSafeJson } from '../feeds/xml.js';

export type SeoKind = 'post' | 'page' | 'index' | 'category' | 'tag' | 'categories' | 'archive' | 'search' | '404';

export interface SeoInput {
  kind: SeoKind;
  siteTitle: string;
  siteDescription: string;
  /** Absolute origin + baseurl, no trailing slash. */
  siteUrl: string;
  /** BCP 47, e.g. `ko-KR`. */
  lang: string;
  pageTitle?: string;
  /** Plain text: the page's description, else its excerpt. Default: the site description. */
  description?: string;
  /** Absolute. */
  canonicalUrl: string;
  /** Absolute. */
  imageUrl?: string;
  publishedIso?: string;
  modifiedIso?: string;
  /** The post's first category. */
  section?: string;
  tags?: readonly string[];
  author?: string;
  publisherName: string;
  /** Absolute. */
  publisherLogoUrl?: string;
  /** Twitter handle, with or without `@`. */
  twitterSite?: string;
  /** `<meta name="robots">` content (see robotsOf). Default: `noindex` on the 404 and search pages, none elsewhere. */
  robots?: string;
}

export interface SeoMeta {
  name?: string;
  property?: string;
  content: string;
}

export interface Seo {
  /** `Page – Site`, or the site title alone for the home page. */
  title: string;
  /** Plain text, whitespace collapsed, at most 160 characters. */
  description: string;
  canonical: string;
  meta: readonly SeoMeta[];
  /** JSON-LD for posts (NewsArticle) and the home page (WebSite). */
  jsonLd?: string;
}

export const DESCRIPTION_MAX = 160;
/** Google's limit for an article headline in structured data. */
export const HEADLINE_MAX = 110;
const TITLE_SEPARATOR = ' – ';

export function buildSeo(input: SeoInput): Seo {
  const siteTitle = collapseWhitespace(input.siteTitle);
  const pageTitle = collapseWhitespace(input.pageTitle ?? '');
  const title = pageTitle === '' || pageTitle === siteTitle ? siteTitle : `${pageTitle}${TITLE_SEPARATOR}${siteTitle}`;
  const description = truncateAtWord(collapseWhitespace(input.description ?? input.siteDescription), DESCRIPTION_MAX);
  const jsonLd = input.kind === 'post' ? newsArticle(input, pageTitle || siteTitle, description) : isHome(input) ? webSite(input, description) : undefined;
  return {
    title,
    description,
    canonical: input.canonicalUrl,
    meta: metaTags(input, pageTitle || siteTitle, description),
    ...(jsonLd !== undefined ? { jsonLd } : {}),
  };
}

function metaTags(input: SeoInput, ogTitle: string, description: string): SeoMeta[] {
  const meta: SeoMeta[] = [];
  const property = (name: string, content: string | undefined): void => {
    if (content !== undefined && content !== '') meta.push({ property: name, content });
  };
  const named = (name: string, content: string | undefined): void => {
    if (content !== undefined && content !== '') meta.push({ name, content });
  };
  const image = input.imageUrl !== '' ? input.imageUrl : undefined;

  // Pages with nothing of their own to rank for, unless the page says otherwise.
  named('robots', input.robots ?? (input.kind === '404' || input.kind === 'search' ? 'noindex' : undefined));

  property('og:type', input.kind === 'post' ? 'article' : 'website');
  property('og:title', ogTitle);
  property('og:description', description);
  property('og:url', input.canonicalUrl);
  property('og:image', image);
  property('og:site_name', collapseWhitespace(input.siteTitle));
  property('og:locale', ogLocale(input.lang));
  if (input.kind === 'post') {
    property('article:published_time', input.publishedIso);
    property('article:modified_time', input.modifiedIso ?? input.publishedIso);
    property('article:section', input.section);
    for (const tag of input.tags ?? []) property('article:tag', tag);
  }
  named('twitter:card', image !== undefined ? 'summary_large_image' : 'summary');
  named('twitter:site', twitterHandle(input.twitterSite));
  named('twitter:title', ogTitle);
  named('twitter:description', description);
  named('twitter:image', image);
  return meta;
}

function newsArticle(input: SeoInput, headline: string, description: string): string {
  const publisher = organization(input);
  return stringifyScriptSafeJson({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: truncateAtWord(headline, HEADLINE_MAX),
    description: description || undefined,
    url: input.canonicalUrl,
    datePublished: input.publishedIso,
    dateModified: input.modifiedIso ?? input.publishedIso,
    image: input.imageUrl ? [input.imageUrl] : undefined,
    author: input.author ? { '@type': 'Person', name: input.author } : { '@type': 'Organization', name: publisher.name, url: publisher.url },
    publisher,
    mainEntityOfPage: { '@type': 'WebPage', '@id': input.canonicalUrl },
    inLanguage: input.lang || undefined,
    articleSection: input.section || undefined,
    keywords: input.tags && input.tags.length > 0 ? [...input.tags] : undefined,
  });
}

function webSite(input: SeoInput, description: string): string {
  return stringifyScriptSafeJson({
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: collapseWhitespace(input.siteTitle),
    url: input.canonicalUrl,
    description: description || undefined,
    inLanguage: input.lang || undefined,
    publisher: organization(input),
  });
}

interface Organization {
  '@type': 'Organization';
  name: string;
  url: string;
  logo?: { '@type': 'ImageObject'; url: string };
}

function organization(input: SeoInput): Organization {
  return {
    '@type': 'Organization',
    name: collapseWhitespace(input.publisherName) || collapseWhitespace(input.siteTitle),
    url: `${input.siteUrl}/`,
    ...(input.publisherLogoUrl ? { logo: { '@type': 'ImageObject', url: input.publisherLogoUrl } } : {}),
  };
}

/**
 * What a page's or post's front matter asks of search engines:
 * `robots: noindex, follow` is printed as it is; `noindex: true` is
 * `noindex`. jekyll-seo-tag has no such key; these are the two spellings
 * Jekyll themes use, and a news site owner who writes either expects the
 * page kept out of search results (and so out of the sitemaps: inSitemaps).
 */
export function robotsOf(data: Readonly<Record<string, unknown>>): string | undefined {
  const robots = data['robots'];
  if (typeof robots === 'string' && robots.trim() !== '') return collapseWhitespace(robots);
  if (Array.isArray(robots) && robots.every((value) => typeof value === 'string') && robots.length > 0) return robots.join(', ');
  return data['noindex'] === true ? 'noindex' : undefined;
}

/**
 * jekyll-sitemap's rule, `sitemap != false`, plus pages that ask not to be
 * indexed: a sitemap listing a `noindex` page sends search engines mixed
 * signals (Search Console reports it).
 */
export function inSitemaps(data: Readonly<Record<string, unknown>>): boolean {
  if (data['sitemap'] === false) return false;
  return !/(^|[\s,])(noindex|none)($|[\s,])/i.test(robotsOf(data) ?? '');
}

/**
 * A page's own description, as jekyll-seo-tag reads it: `description`, else
 * `excerpt` (HTML stripped); undefined when neither is set.
 */
export function pageDescriptionOf(data: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ['description', 'excerpt']) {
    const value = data[key];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = collapseWhitespace(String(value).replace(/<[^>]*>/g, ' '));
    if (text !== '') return text;
  }
  return undefined;
}

/** The first page of the home listing: its canonical URL is the site root. */
function isHome(input: SeoInput): boolean {
  return input.kind === 'index' && input.canonicalUrl.replace(/\/+$/, '') === input.siteUrl.replace(/\/+$/, '');
}

/** `ko-KR` → `ko_KR`, `zh-Hant-TW` → `zh_TW`, `en` → `en`. */
export function ogLocale(lang: string): string {
  const [language = '', ...rest] = lang.trim().split(/[-_]/).filter(Boolean);
  const region = rest.find((tag) => /^[a-z]{2}$/i.test(tag) || /^\d{3}$/.test(tag));
  return region ? `${language.toLowerCase()}_${region.toUpperCase()}` : language.toLowerCase();
}

function twitterHandle(handle: string | undefined): string | undefined {
  const trimmed = handle?.trim() ?? '';
  if (trimmed === '') return undefined;
  return trimmed.startsWith('@') ? trimmed : `@${trimmed}`;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * At most `max` code points (never splitting a surrogate pair), cut at the
 * last space when there is one in the second half, with `…` appended. Text
 * without spaces (long CJK runs) is cut at the limit.
 */
export function truncateAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const kept = chars.slice(0, max - 1);
  let cut = kept.length;
  if (!/\s/.test(chars[max - 1] ?? '')) {
    const lastSpace = kept.findLastIndex((char) => /\s/.test(char));
    if (lastSpace >= Math.floor(max / 2)) cut = lastSpace;
  }
  const head = kept
    .slice(0, cut)
    .join('')
    .replace(/[\s,;:·–—-]+$/u, '');
  return `${head}…`;
}
