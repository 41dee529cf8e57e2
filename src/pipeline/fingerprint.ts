/**
 * A route's fingerprint: a hash of everything its output depends on. Equal
 * fingerprints mean equal bytes, so an unchanged route is not rendered again
 * (warm builds, watch rebuilds). A page that shows a post's body depends on
 * its `digest` (the file bytes); a page that only lists it depends on what the
 * list shows (its card), so a body edit re-renders the post's own page and
 * nothing else. The config, the templates and gazette's version cover the rest.
 */
import { createHash } from 'node:crypto';
import { GENERATOR_VERSION, templateOf } from '../render/outputs.js';
import type { Templates } from '../render/templates.js';
import type { Route } from '../site/routes.js';
import type { Site } from '../site/site.js';
import type { PostSummary } from '../types.js';

export function fingerprintRoutes(routes: readonly Route[], site: Site, templates: Templates): Map<Route, string> {
  const configHash = hash(JSON.stringify(site.config));
  // Every page shows the navigation (top categories and their counts).
  const navHash = hash(site.categories.slice(0, 8).map((c) => `${c.key}:${c.posts.length}`).join('|'));
  const cards = new Map<PostSummary, string>();
  const card = (post: PostSummary): string => {
    let value = cards.get(post);
    if (value === undefined) {
      value = hash(JSON.stringify([post.title, post.url, post.dateIso, post.categories, post.excerptHtml, post.excerptText, post.image ?? '']));
      cards.set(post, value);
    }
    return value;
  };
  const neighbour = (post: PostSummary | undefined) => (post ? `${post.title}\0${post.url}` : '');
  const locations = hash(site.posts.map((post) => `${post.url}\0${post.dateIso}`).join('\n'));
  const pages = site.pages.map((p) => `${p.digest}:${p.url}`).join('|');
  const out = new Map<Route, string>();
  for (const route of routes) {
    const parts: string[] = [GENERATOR_VERSION, configHash, route.kind, route.url];
    switch (route.kind) {
      case 'static':
        continue;
      case 'post':
        parts.push(identity(route.post), neighbour(route.previous), neighbour(route.next));
        break;
      case 'page':
        parts.push(route.page.digest, route.page.url);
        break;
      case 'index':
      case 'category':
      case 'archive':
        parts.push(String(route.list.number), String(route.list.total), ...route.list.posts.map(card));
        break;
      case 'feed':
        parts.push(...route.posts.map(identity));
        break;
      case 'categories':
        parts.push(site.categories.map((c) => `${c.key}:${c.name}:${c.posts.length}`).join('|'));
        break;
      case 'search-index':
        parts.push(hash(site.posts.map(card).join('\n')));
        break;
      default:
        // sitemaps and robots.txt: every URL and its date.
        parts.push(locations, pages);
        break;
    }
    const template = templateOf(route);
    if (template !== undefined) parts.push(templates.fingerprint(templates.has(template) ? template : route.kind === 'post' ? 'post' : 'page'), navHash);
    out.set(route, hash(parts.join('\0')));
  }
  return out;
}

function identity(post: PostSummary): string {
  return `${post.digest}:${post.url}`;
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
