/**
 * A route's fingerprint: a hash of everything its output depends on. Equal
 * fingerprints mean equal bytes, so an unchanged route is not rendered again
 * (warm builds, watch rebuilds). What each kind of route shows of the site is
 * in render/route-kinds.ts; gazette's version, its parse rules (a post's HTML
 * changes with them, its bytes do not), the config and the route's template
 * cover the rest.
 */
import { hash as oneShotHash } from 'node:crypto';
import { NAV_CATEGORIES } from '../render/context.js';
import { sitemapSources } from '../render/outputs.js';
import { cardText, type ShownParts, shownBy, templateOf } from '../render/route-kinds.js';
import { SLOT_NAMES, slotTemplate } from '../render/slots.js';
import type { Templates } from '../render/templates.js';
import type { PostLink, Route } from '../site/routes.js';
import type { Site } from '../site/site.js';
import type { PostSummary } from '../types.js';
import { GENERATOR_VERSION } from '../version.js';
import { PARSE_RULES } from './parse-rules.js';

const RULES = String(PARSE_RULES);

export function fingerprintRoutes(routes: readonly Route[], site: Site, templates: Templates): Map<Route, string> {
  return new Map(fingerprintEach(routes, site, templates));
}

/** The fingerprints one by one, for a caller that does other work between them (static routes have none). */
export function* fingerprintEach(routes: readonly Route[], site: Site, templates: Templates): Generator<[Route, string]> {
  const configHash = hash(JSON.stringify(site.config));
  const parts = shownParts(routes, site);
  const templatePart = templateParts(site, templates);
  for (const route of routes) {
    if (route.kind === 'static') continue;
    const template = templateOf(route);
    const shown = [GENERATOR_VERSION, RULES, configHash, route.kind, route.url, ...shownBy(route, parts)];
    if (template !== undefined) shown.push(templatePart(template, route.kind));
    // `_headers` carries the hashes of the slots' inline scripts.
    else if (route.kind === 'headers') shown.push(templatePart.slots);
    yield [route, hash(shown.join('\0'))];
  }
}

/** The hashes routes share, each computed once per pass: a card is on three or four list pages and in the search index. */
function shownParts(routes: readonly Route[], site: Site): ShownParts {
  const cards = new Map<PostSummary, string>();
  let sitemap: string | undefined;
  return {
    site,
    card(post) {
      let value = cards.get(post);
      if (value === undefined) cards.set(post, (value = hash(cardText(post))));
      return value;
    },
    // The date too: a post dated by its file's modification time changes it without a change of bytes.
    identity: (post) => `${post.digest}:${post.url}:${post.dateIso}`,
    link: (post: PostLink | undefined) => (post ? `${post.title}\0${post.url}` : ''),
    sitemap: () =>
      (sitemap ??= hash(
        sitemapSources(routes)
          .map((entry) => `${entry.url}\0${entry.lastmod ?? ''}`)
          .join('\n'),
      )),
  };
}

/**
 * What a page's template adds, per template (a large site has tens of
 * thousands of pages and a handful of templates): its files, the navigation
 * every page shows, and the site's counts only for templates that show them,
 * so adding a post does not re-render every post page.
 */
function templateParts(site: Site, templates: Templates): ((template: string, kind: Route['kind']) => string) & { slots: string } {
  const navigation = site.categories.slice(0, NAV_CATEGORIES);
  const navHash = hash(navigation.map((c) => `${c.key}:${c.name}`).join('|'));
  const countsHash = hash([site.posts.length, ...navigation.map((c) => c.posts.length)].join('|'));
  // The snippet slots are rendered into every page (render/slots.ts), not included by its template.
  const slotNames = SLOT_NAMES.map(slotTemplate).filter((name) => templates.has(name));
  const slots = hash(slotNames.map((name) => `${name}:${templates.fingerprint(name)}`).join('|'));
  const slotsShowCounts = slotNames.some((name) => templates.showsCounts(name));
  const parts = new Map<string, string>();
  const part = (template: string, kind: Route['kind']) => {
    const name = templates.has(template) ? template : kind === 'post' ? 'post' : 'page';
    let value = parts.get(name);
    if (value === undefined) {
      value = `${templates.fingerprint(name)}\0${slots}\0${navHash}${templates.showsCounts(name) || slotsShowCounts ? `\0${countsHash}` : ''}`;
      parts.set(name, value);
    }
    return value;
  };
  return Object.assign(part, { slots });
}

/** crypto.hash: a third of createHash's cost on strings this short, and a large site hashes tens of thousands of routes per build. */
function hash(text: string): string {
  return oneShotHash('sha1', text, 'hex');
}
