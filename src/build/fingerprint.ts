/**
 * A route's fingerprint: a hash of everything its output depends on. Equal
 * fingerprints mean equal bytes, so an unchanged route is not rendered again
 * (warm builds, watch rebuilds). A page that shows a post's body depends on
 * its `digest` (the file bytes); a page that only lists it depends on what the
 * list shows (its card), so a body edit re-renders the post's own page and
 * nothing else. The config, the templates, gazette's version and its parse rules
 * (a post's HTML changes with them, its bytes do not) cover the rest.
 */
import { hash as oneShotHash } from 'node:crypto';
import { NAV_CATEGORIES } from '../render/context.js';
import { GENERATOR_VERSION, sitemapSources, templateOf } from '../render/outputs.js';
import type { Templates } from '../render/templates.js';
import { PARSE_RULES } from './parse-rules.js';
import type { PostLink, Route } from '../site/routes.js';
import type { Site } from '../site/site.js';
import type { PostSummary } from '../types.js';

const RULES = String(PARSE_RULES);

export function fingerprintRoutes(routes: readonly Route[], site: Site, templates: Templates): Map<Route, string> {
  return new Map(fingerprintEach(routes, site, templates));
}

/** The fingerprints one by one, for a caller that does other work between them (static routes have none). */
export function* fingerprintEach(routes: readonly Route[], site: Site, templates: Templates): Generator<[Route, string]> {
  const configHash = hash(JSON.stringify(site.config));
  // Every page shows the navigation: the most used categories, in order of use.
  const navigation = site.categories.slice(0, NAV_CATEGORIES);
  const navHash = hash(navigation.map((c) => `${c.key}:${c.name}`).join('|'));
  // Only templates that show numbers (the sidebar's counts, `site.posts_count`) depend on them,
  // so adding a post does not re-render every post page.
  const countsHash = hash([site.posts.length, ...navigation.map((c) => c.posts.length)].join('|'));
  // What a list shows of a post, hashed once: each card is on three or four list pages and in the search index.
  const cards = new Map<PostSummary, string>();
  const card = (post: PostSummary): string => {
    let value = cards.get(post);
    if (value === undefined) {
      value = hash(`${post.title}\0${post.url}\0${post.dateIso}\0${post.categories.join('\u0001')}\0${post.excerptHtml}\0${post.excerptText}\0${post.image ?? ''}`);
      cards.set(post, value);
    }
    return value;
  };
  // What a page's template adds, per template (a large site has tens of thousands of pages and a handful of templates).
  const templateParts = new Map<string, string>();
  const templatePart = (template: string, kind: Route['kind']): string => {
    const name = templates.has(template) ? template : kind === 'post' ? 'post' : 'page';
    let value = templateParts.get(name);
    if (value === undefined) {
      value = `${templates.fingerprint(name)}\0${navHash}${templates.mentions(name, COUNTS) ? `\0${countsHash}` : ''}`;
      templateParts.set(name, value);
    }
    return value;
  };
  const neighbour = (post: PostLink | undefined) => (post ? `${post.title}\0${post.url}` : '');
  for (const route of routes) {
    const parts: string[] = [GENERATOR_VERSION, RULES, configHash, route.kind, route.url];
    switch (route.kind) {
      case 'static':
        continue;
      case 'post':
        parts.push(identity(route.post), neighbour(route.previous), neighbour(route.next));
        break;
      case 'page':
        parts.push(route.page.renderDigest, route.page.url);
        break;
      case 'index':
      case 'category':
      case 'archive':
        parts.push(String(route.list.number), String(route.list.total), ...route.list.posts.map(card));
        // The home list takes jekyll-paginate's template page's title and front matter.
        if (route.kind === 'index' && route.page) parts.push(route.page.renderDigest);
        break;
      case 'feed':
        parts.push(...route.posts.map(identity));
        break;
      case 'news-sitemap':
        parts.push(...route.posts.map((post) => `${post.url}\0${post.dateIso}\0${post.title}`));
        break;
      case 'sitemap':
        parts.push(hash(sitemapSources(routes).map((entry) => `${entry.url}\0${entry.lastmod ?? ''}`).join('\n')));
        break;
      case 'categories':
        parts.push(site.categories.map((c) => `${c.key}:${c.name}:${c.posts.length}`).join('|'));
        break;
      case 'search-index':
        parts.push(hash(site.posts.map(card).join('\n')));
        break;
      case 'redirect':
        // The target is the whole page (the config covers url and baseurl): a body edit of the post it belongs to renders nothing.
        parts.push(route.to);
        break;
      case 'redirects':
        parts.push(hash(route.entries.map(([from, to]) => `${from}\0${to}`).join('\n')));
        break;
      default:
        // robots.txt, the search and 404 pages: the config and templates cover them.
        break;
    }
    const template = templateOf(route);
    if (template !== undefined) parts.push(templatePart(template, route.kind));
    yield [route, hash(parts.join('\0'))];
  }
}

/** Template text that may show a number of posts: `c.count`, `site.posts_count`, a custom theme's own. */
const COUNTS = /count/i;

function identity(post: PostSummary): string {
  return `${post.digest}:${post.url}`;
}

/** crypto.hash: a third of createHash's cost on strings this short, and 30,000 routes are hashed per build. */
function hash(text: string): string {
  return oneShotHash('sha1', text, 'hex');
}
