/**
 * A route's fingerprint: a hash of everything its output depends on. Equal
 * fingerprints mean equal bytes, so an unchanged route is not rendered again
 * (warm builds, watch rebuilds). Posts contribute `digest` (their file bytes)
 * and URL; the config, the templates and gazette's version cover the rest.
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
  const allPostsHash = hash(site.posts.map(identity).join('\n'));
  const out = new Map<Route, string>();
  for (const route of routes) {
    const parts: string[] = [GENERATOR_VERSION, configHash, route.kind, route.url];
    switch (route.kind) {
      case 'static':
        continue;
      case 'post':
        parts.push(identity(route.post), route.previous ? identity(route.previous) : '', route.next ? identity(route.next) : '');
        break;
      case 'page':
        parts.push(route.page.digest, route.page.url);
        break;
      case 'index':
      case 'category':
      case 'archive':
        parts.push(String(route.list.number), String(route.list.total), ...route.list.posts.map(identity));
        break;
      case 'feed':
        parts.push(...route.posts.map(identity));
        break;
      case 'categories':
        parts.push(site.categories.map((c) => `${c.key}:${c.name}:${c.posts.length}`).join('|'));
        break;
      default:
        // sitemaps, robots, search index: depend on every post and page.
        parts.push(allPostsHash, site.pages.map((p) => `${p.digest}:${p.url}`).join('|'));
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
