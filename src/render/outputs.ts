/**
 * Route → the bytes of the file(s) it writes. Pages go through the
 * templates; feeds, sitemaps, robots.txt and the search index are built by
 * the pure functions in src/feeds/.
 */
import { renderAtomFeed } from '../feeds/atom.js';
import { renderHeaders } from '../feeds/headers.js';
import { renderRobots } from '../feeds/robots.js';
import { renderNewsSitemap, renderSitemaps, type SitemapEntry } from '../feeds/sitemap.js';
import { escapeHtml } from '../feeds/xml.js';
import { MANIFEST_FILE, searchIndexFiles } from '../search/index-files.js';
import type { PostSearch } from '../search/terms.js';
import { formatDisplayDate, formatIsoInZone } from '../site/dates.js';
import { documentId } from '../site/permalink.js';
import { categoryFeedUrl, type ListPage, type Route, type RouteOf } from '../site/routes.js';
import { inSitemaps } from '../site/seo.js';
import type { Site } from '../site/site.js';
import type { PostDetails, PostSummary } from '../types.js';
import { GENERATOR_VERSION } from '../version.js';
import { renderBodyImages } from './body-images.js';
import { authorOf, modifiedIsoOf, paginationOf, postCard, type SiteContext, seoFor } from './context.js';
import { contentSecurityPolicy, withScriptHashes } from './csp.js';
import { renderRedirectPage, renderRedirectsJson } from './redirect.js';
import { listedInSitemap, templateOf } from './route-kinds.js';
import { renderSlots, siteSlotScriptHashes } from './slots.js';
import { type Templates, trusted } from './templates.js';

export interface RenderSession {
  readonly site: Site;
  readonly routes: readonly Route[];
  readonly templates: Templates;
  readonly siteContext: SiteContext;
  /** A post's body, feature text and front matter (read from disk: summaries do not carry them). */
  detailsOf(post: PostSummary): PostDetails;
  /** A post's search terms and snippet text (kept with its cache entry); absent where no search index is rendered. */
  searchOf?(post: PostSummary): PostSearch | undefined;
}

export interface RenderedFile {
  readonly file: string;
  readonly data: string;
}

/** A route's files; the search index's are made one at a time as they are iterated, so a caller holds one at a time. */
export function renderRoute(route: Route, session: RenderSession): Iterable<RenderedFile> {
  switch (route.kind) {
    case 'static':
      return [];
    case 'feed':
      return [{ file: route.file, data: feed(route, session) }];
    case 'sitemap':
      return sitemaps(session);
    case 'news-sitemap':
      return [{ file: route.file, data: newsSitemap(route, session) }];
    case 'robots':
      return [{ file: route.file, data: robots(session) }];
    case 'headers':
      return [{ file: route.file, data: renderHeaders(headersPolicy(session)) }];
    case 'search-index':
      return searchIndex(session);
    case 'redirect':
      return [{ file: route.file, data: renderRedirectPage(route.to, session.site.config) }];
    case 'redirects':
      return [{ file: route.file, data: renderRedirectsJson(route.entries, session.site.config) }];
    case 'page':
      // rss.xml, search.json, a stylesheet: the file as its Liquid (or Sass) made it.
      return [{ file: route.file, data: route.page.wrapped ? page(route, session) : route.page.html }];
    default:
      return [{ file: route.file, data: page(route, session) }];
  }
}

function page(route: Route, session: RenderSession): string {
  const { siteContext, site } = session;
  const { config } = site;
  const { links } = siteContext;
  const template = templateOf(route) as string;
  const name = session.templates.has(template) ? template : route.kind === 'post' ? 'post' : 'page';
  const { title, extra, postData } = pageContent(route, session);
  const categoryFeed = route.kind === 'category' ? categoryFeedUrl(config.outputs.feed, route.category) : undefined;
  const feeds =
    route.kind === 'category' && categoryFeed !== undefined
      ? [...siteContext.feeds, { title: `${config.title} – ${route.category.name}`, url: links.href(categoryFeed) }]
      : siteContext.feeds;
  const seo = seoFor(route, siteContext, config, title, postData);
  const context: Record<string, unknown> = {
    site: siteContext.site,
    labels: siteContext.labels,
    nav: siteContext.nav,
    csp: siteContext.csp,
    feeds,
    seo: { ...seo, jsonLd: seo.jsonLd !== undefined ? trusted(seo.jsonLd) : undefined },
    page: { kind: route.kind, url: links.href(route.url), title },
    ...extra,
  };
  if (route.kind === 'page') context['page'] = { ...(extra['page'] as object), kind: 'page' };
  const slots = renderSlots(session.templates, config, context, route.kind, Array.isArray(extra['posts']) ? extra['posts'].length : 0);
  context['slots'] = slots.html;
  context['csp'] = withScriptHashes(siteContext.csp, slots.scriptHashes);
  return session.templates.render(name, context);
}

/** `/_headers`: one policy for every page, so it admits the inline scripts of every page's slots. */
function headersPolicy(session: RenderSession): string {
  const { siteContext } = session;
  const context = { site: siteContext.site, labels: siteContext.labels, nav: siteContext.nav, feeds: siteContext.feeds, csp: siteContext.csp };
  return contentSecurityPolicy(session.site.config, siteSlotScriptHashes(session.templates, context));
}

/** What a page of each kind adds to the context every page has: its title, its own variables, and a post's front matter (for its SEO). */
interface PageContent {
  title?: string | undefined;
  extra: Record<string, unknown>;
  postData?: PostDetails['data'];
}

function pageContent(route: Route, session: RenderSession): PageContent {
  const { siteContext, site } = session;
  const { config } = site;
  const { links } = siteContext;
  const card = (post: PostSummary) => postCard(post, siteContext, config);
  switch (route.kind) {
    case 'post':
      return postPageContent(route, session);
    case 'page': {
      const { title } = route.page;
      return { title, extra: { page: { kind: 'page', url: links.href(route.url), title, html: trusted(route.page.html), data: route.page.data } } };
    }
    case 'index':
      return {
        title: listTitle(route.page?.title, route.list, config.title),
        extra: { posts: route.list.posts.map(card), pagination: paginationOf(route.list, links) },
      };
    case 'category': {
      const feedUrl = categoryFeedUrl(config.outputs.feed, route.category);
      const extra = {
        category: route.category.name,
        ...(feedUrl !== undefined ? { categoryFeedUrl: links.href(feedUrl) } : {}),
        posts: route.list.posts.map(card),
        pagination: paginationOf(route.list, links),
      };
      return { title: route.category.name, extra };
    }
    case 'tag':
      return { title: route.tag.name, extra: { tag: route.tag.name, posts: route.list.posts.map(card), pagination: paginationOf(route.list, links) } };
    case 'archive': {
      const { archive } = route;
      const label = archiveLabel(archive.year, archive.month, config.lang);
      return {
        title: label,
        extra: { archive: { label, year: archive.year, month: archive.month }, posts: route.list.posts.map(card), pagination: paginationOf(route.list, links) },
      };
    }
    case 'categories':
      return {
        title: siteContext.labels.categories,
        extra: { categories: site.categories.map((c) => ({ name: c.name, url: links.category(c.name), count: c.posts.length })) },
      };
    case 'search':
      return { title: siteContext.labels.search, extra: { search: { indexUrl: links.href(`/${MANIFEST_FILE}`) } } };
    case '404':
      return { title: siteContext.labels.notFoundTitle, extra: {} };
    default:
      return { extra: {} };
  }
}

function postPageContent(route: RouteOf<'post'>, session: RenderSession): PageContent {
  const { config } = session.site;
  const { links } = session.siteContext;
  const { post } = route;
  const details = session.detailsOf(post);
  const extra = {
    post: {
      ...postCard(post, session.siteContext, config),
      featureHtml: trusted(details.featureHtml),
      html: trusted(renderBodyImages(details.html, post.media, links.href)),
      tags: post.tags,
      tagLinks: post.tags.map((name) => ({ name, url: links.tag(name) })),
      author: authorOf(details.data, config),
      archiveUrl: config.outputs.archives ? links.href(`/${post.dateIso.slice(0, 4)}/${post.dateIso.slice(5, 7)}/`) : undefined,
      data: details.data,
    },
    ...(route.previous ? { previous: { title: route.previous.title, url: links.href(route.previous.url) } } : {}),
    ...(route.next ? { next: { title: route.next.title, url: links.href(route.next.url) } } : {}),
    related: (route.related ?? []).map((link) => ({
      title: link.title,
      url: links.href(link.url),
      dateIso: link.dateIso,
      dateDisplay: formatDisplayDate(new Date(link.dateIso), config.timezone, config.lang),
    })),
  };
  return { title: post.title, extra, postData: details.data };
}

/**
 * A home list page's title: page 1 has the site's (or jekyll-paginate's
 * template page's) title; later pages add their number.
 */
function listTitle(pageTitle: string | undefined, list: ListPage, siteTitle: string): string | undefined {
  const title = pageTitle ?? (list.number > 1 ? siteTitle : undefined);
  return list.number > 1 ? `${title} (${list.number}/${list.total})` : title;
}

/** Month-and-year formatters by language: building one costs more than formatting hundreds of dates. */
const monthFormats = new Map<string, Intl.DateTimeFormat>();

export function archiveLabel(year: string, month: string | undefined, lang: string): string {
  if (month === undefined) return lang.toLowerCase().startsWith('ko') ? `${year}년` : year;
  let format = monthFormats.get(lang);
  if (!format) monthFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' })));
  return format.format(new Date(Date.UTC(Number(year), Number(month) - 1, 15)));
}

function feed(route: Extract<Route, { kind: 'feed' }>, session: RenderSession): string {
  const { site, siteContext } = session;
  const { config } = site;
  const { links } = siteContext;
  const posts = route.posts;
  const updated = posts[0]?.dateIso ?? formatIsoInZone(new Date(0), config.timezone);
  return renderAtomFeed({
    // jekyll-feed's `site.title | append: " | " | append: category | capitalize`: what a reader names the subscription.
    title: route.category ? `${config.title} | ${capitalize(route.category.name)}` : config.title,
    ...(config.description ? { subtitle: config.description } : {}),
    feedUrl: links.absolute(route.url),
    siteUrl: links.absolute('/'),
    updatedIso: updated,
    lang: config.lang,
    ...(config.author ? { author: config.author } : {}),
    generatorVersion: GENERATOR_VERSION,
    entries: posts.map((post) => {
      const image = links.image(post.image, true);
      const { html, data } = session.detailsOf(post);
      const author = authorOf(data, config);
      return {
        // jekyll-feed's `post.id | absolute_url`: not the URL (see documentId), or readers would show every entry again.
        id: links.absolute(documentId(post.url, post.slug)),
        url: links.absolute(post.url),
        title: post.title,
        publishedIso: post.dateIso,
        updatedIso: modifiedIsoOf(post, data),
        ...(author ? { author } : {}),
        categories: post.categories,
        // jekyll-feed's `post.description | default: post.excerpt | strip_html | normalize_whitespace`.
        summaryHtml: escapeHtml(feedSummaryOf(post, data)),
        contentHtml: html,
        ...(image ? { imageUrl: image } : {}),
      };
    }),
  });
}

/** An entry's summary as plain text: front matter `description`, else the excerpt. */
function feedSummaryOf(post: PostSummary, data: PostDetails['data']): string {
  const description = data['description'];
  const text = typeof description === 'string' ? description.replace(/<[^>]*>/g, ' ') : '';
  return (text.trim() !== '' ? text : post.excerptText).replace(/\s+/g, ' ').trim();
}

/** Ruby's `String#capitalize` (Liquid's `capitalize`): the first letter upper case, the rest lower case. */
function capitalize(text: string): string {
  const [first = '', ...rest] = Array.from(text);
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/**
 * The sitemap's entries as site paths: every page a search engine should
 * find, with the date of its newest post. Posts and pages whose front matter
 * says `sitemap: false` or `robots: noindex` are left out, and a page at
 * `/404.html`, as jekyll-sitemap leaves them out.
 */
export function sitemapSources(routes: readonly Route[]): { url: string; lastmod?: string }[] {
  const entries: { url: string; lastmod?: string }[] = [];
  for (const route of routes) {
    if (!listedInSitemap(route)) continue;
    // A page whose output is not HTML (a feed, a JSON file, a stylesheet) is no page to index.
    if (route.kind === 'page' && !/\.x?html?$/.test(route.file)) continue;
    if (route.kind === 'post' && route.post.sitemap === false) continue;
    if (route.kind === 'page' && (route.url === '/404.html' || !inSitemaps(route.page.data))) continue;
    const lastmod =
      route.kind === 'post'
        ? route.post.dateIso
        : route.kind === 'index' || route.kind === 'category' || route.kind === 'tag' || route.kind === 'archive'
          ? route.list.posts[0]?.dateIso
          : undefined;
    entries.push({ url: route.url, ...(lastmod ? { lastmod } : {}) });
  }
  return entries;
}

function sitemaps(session: RenderSession): RenderedFile[] {
  const { links } = session.siteContext;
  const entries: SitemapEntry[] = sitemapSources(session.routes).map(({ url, lastmod }) => ({ loc: links.absolute(url), ...(lastmod ? { lastmod } : {}) }));
  return renderSitemaps(entries, { siteRoot: links.absolute('/') }).map((part) => ({ file: part.path, data: part.xml }));
}

function newsSitemap(route: RouteOf<'news-sitemap'>, session: RenderSession): string {
  const { site, siteContext } = session;
  const recent = route.posts.map((post) => ({ loc: siteContext.links.absolute(post.url), title: post.title, publishedIso: post.dateIso }));
  return renderNewsSitemap(recent, { name: site.config.publisherName, lang: site.config.lang });
}

function robots(session: RenderSession): string {
  const { links } = session.siteContext;
  const { outputs } = session.site.config;
  const urls = [outputs.sitemap ? links.absolute('/sitemap.xml') : '', outputs.newsSitemap ? links.absolute('/sitemap-news.xml') : ''].filter(Boolean);
  return renderRobots(urls);
}

/** The search index's files (search/index-files.ts): every post with its terms, newest first, as the site lists them. */
function searchIndex(session: RenderSession): Iterable<RenderedFile> {
  const { links } = session.siteContext;
  const { config } = session.site;
  const docs = session.site.posts.map((post) => ({
    url: links.href(post.url),
    title: post.title,
    dateIso: post.dateIso,
    dateDisplay: formatDisplayDate(post.date, config.timezone, config.lang),
    categories: post.categories,
    search: () => session.searchOf?.(post),
  }));
  return searchIndexFiles(docs);
}
