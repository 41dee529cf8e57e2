/**
 * The rebuild of a save that changed only post bodies, planned from data.
 *
 * A post's details (body, feature text, front matter) show on its own page
 * and in the feeds that carry full content, nowhere else. When everything
 * else a post shows (title, date, URL, excerpt, categories, image) and its
 * diagnostics are as the last build had them, the site, its routes and every
 * other page are too: only those pages are rendered, and the file set does
 * not change. Anything else is left to a full rebuild (`planBodyEdit`
 * returns undefined).
 */

import type { PostRemovals } from '../../cache/edit-index.js';
import type { ParsedEntry } from '../../cache/entry.js';
import type { Diagnostic } from '../../diagnostics.js';
import { bodyEditKey, detailsShownBy, withFreshPosts } from '../../render/route-kinds.js';
import type { Templates } from '../../render/templates.js';
import { NEWS_WINDOW_MS, type Route } from '../../site/routes.js';
import type { Site } from '../../site/site.js';
import type { PostSummary } from '../../types.js';
import { fingerprintRoutes } from '../fingerprint.js';
import type { BuildPlan, PlanBodies } from '../plan.js';

/** What a successful build leaves for the next one to compare with. */
export interface LastBuild {
  readonly site: Site;
  readonly routes: readonly Route[];
  /** Every post file's entry, by source path. */
  readonly entries: ReadonlyMap<string, ParsedEntry>;
  /** Indexes in `routes` of the routes that show a post's details (its page, the feeds), by source path. */
  readonly bodyRoutes: ReadonlyMap<string, readonly number[]>;
  readonly diagnostics: readonly Diagnostic[];
  /** What the sanitiser removed, per post, as the build reported it. */
  readonly removals: readonly PostRemovals[];
  /** The destination's files, as its manifest lists them. */
  readonly files: ReadonlySet<string>;
  /** The clock (ms) up to which its site and routes stay valid (see validUntil). */
  readonly validUntil: number;
}

/** What planBodyEdit needs besides the last build and the edited posts. */
export interface BodyEditContext {
  readonly templates: Templates;
  readonly bodies: PlanBodies;
}

/**
 * The plan of a body edit: the edited posts' pages and the feeds that carry
 * them, with the posts' new summaries; its `routes` are the last build's with
 * those replaced. Undefined: a full build is needed. Work in proportion to
 * the edited posts, not to the site: a watch rebuild runs it on every save.
 */
export function planBodyEdit(last: LastBuild, edited: readonly ParsedEntry[], context: BodyEditContext): BuildPlan | undefined {
  const replaced = editedRoutes(last, edited);
  if (!replaced) return undefined;
  const routes = [...last.routes];
  for (const [index, route] of replaced) routes[index] = route;
  // In the order of the site's routes, as every plan lists them.
  const render = [...replaced].sort(([a], [b]) => a - b).map(([, route]) => route);
  return {
    kind: 'body-edit',
    render,
    copy: [],
    keep: [],
    site: last.site,
    routes,
    templates: context.templates,
    bodies: context.bodies,
    commit: { kind: 'replace', owned: last.files },
    fingerprints: fingerprintRoutes(render, last.site, context.templates),
  };
}

/** Index in the last build's routes → that route showing the edited posts' new summaries; undefined when more than their details changed. */
export function editedRoutes(last: LastBuild, edited: readonly ParsedEntry[]): Map<number, Route> | undefined {
  const summaries = new Map<string, PostSummary>();
  for (const entry of edited) {
    const before = last.entries.get(entry.source);
    if (before === undefined || bodyEditKey(before) !== bodyEditKey(entry)) return undefined;
    if (entry.summary) summaries.set(entry.source, entry.summary);
  }
  // Equal keys: the same images, so what the image stage found of them (`media`) still holds.
  const fresh = (post: PostSummary) => {
    const summary = summaries.get(post.source);
    if (summary === undefined) return post;
    return post.media === undefined ? summary : { ...summary, media: post.media };
  };
  const render = new Map<number, Route>();
  for (const source of summaries.keys()) {
    for (const index of last.bodyRoutes.get(source) ?? []) render.set(index, withFreshPosts(render.get(index) ?? (last.routes[index] as Route), fresh));
  }
  return render;
}

/** For LastBuild.bodyRoutes: the routes that show each post's details. */
export function indexBodyRoutes(routes: readonly Route[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  routes.forEach((route, at) => {
    for (const post of detailsShownBy(route)) {
      const list = index.get(post.source);
      if (list) list.push(at);
      else index.set(post.source, [at]);
    }
  });
  return index;
}

/**
 * Until when routes planned at `now` stay what the clock makes them: a
 * future-dated post appears at its date (unless future posts are shown
 * anyway), and a post leaves the news sitemap two days after its date.
 */
export function validUntil(site: Site, allPosts: readonly PostSummary[], routes: readonly Route[], now: Date): number {
  let until = Number.POSITIVE_INFINITY;
  if (!site.config.future) {
    for (const post of allPosts) {
      const at = post.date.getTime();
      if (at > now.getTime() && at < until) until = at;
    }
  }
  for (const route of routes) {
    if (route.kind === 'news-sitemap') for (const post of route.posts) until = Math.min(until, post.date.getTime() + NEWS_WINDOW_MS);
  }
  return until;
}
