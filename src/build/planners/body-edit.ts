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
import { hash } from 'node:crypto';
import type { Diagnostic } from '../../diagnostics.js';
import { NEWS_WINDOW_MS, type Route } from '../../site/routes.js';
import type { Site } from '../../site/site.js';
import type { PostSummary } from '../../types.js';
import type { ParsedEntry } from '../../workers/parse-task.js';

/** What a successful build leaves for the next one to compare with. */
export interface LastBuild {
  readonly site: Site;
  readonly routes: readonly Route[];
  /** Every post file's entry, by source path. */
  readonly entries: ReadonlyMap<string, ParsedEntry>;
  /** Indexes in `routes` of the routes that show a post's body (its page, the feeds), by source path. */
  readonly bodyRoutes: ReadonlyMap<string, readonly number[]>;
  readonly diagnostics: readonly Diagnostic[];
  /** The clock (ms) up to which its site and routes stay valid (see validUntil). */
  readonly validUntil: number;
}

export interface BodyEditPlan {
  /** Index in the last build's routes → the route with the edited posts' new summaries: the routes to render. */
  render: Map<number, Route>;
}

/** Work in proportion to the edited posts, not to the site: a watch rebuild runs it on every save. */
export function planBodyEdit(last: LastBuild, edited: readonly ParsedEntry[]): BodyEditPlan | undefined {
  const summaries = new Map<string, PostSummary>();
  for (const entry of edited) {
    const before = last.entries.get(entry.source);
    if (before === undefined || !sameButBody(before, entry)) return undefined;
    if (entry.summary) summaries.set(entry.source, entry.summary);
  }
  const fresh = (post: PostSummary) => summaries.get(post.source) ?? post;
  const render = new Map<number, Route>();
  for (const source of summaries.keys()) {
    for (const index of last.bodyRoutes.get(source) ?? []) {
      const route = render.get(index) ?? (last.routes[index] as Route);
      if (route.kind === 'post') render.set(index, { ...route, post: fresh(route.post) });
      else if (route.kind === 'feed') render.set(index, { ...route, posts: route.posts.map(fresh) });
    }
  }
  return { render };
}

/** For LastBuild.bodyRoutes: the routes that show each post's body. */
export function indexBodyRoutes(routes: readonly Route[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const add = (source: string, at: number) => {
    const list = index.get(source);
    if (list) list.push(at);
    else index.set(source, [at]);
  };
  routes.forEach((route, at) => {
    if (route.kind === 'post') add(route.post.source, at);
    else if (route.kind === 'feed') for (const post of route.posts) add(post.source, at);
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

/**
 * Equal in everything but the post's details (body, feature text, front matter:
 * shown only on its own page and in the feeds that carry it) and what the
 * sanitiser removed.
 */
function sameButBody(before: ParsedEntry, after: ParsedEntry): boolean {
  return bodyEditKey(before) === bodyEditKey(after);
}

/** bodyEditKey, hashed: what the edit index keeps of each post. */
export function shownHash(entry: Parameters<typeof bodyEditKey>[0]): string {
  return hash('sha1', bodyEditKey(entry), 'hex');
}

/** What of a parsed post file other pages show, or decides whether it builds: equal keys, equal site. */
export function bodyEditKey(entry: Pick<ParsedEntry, 'datedByModificationTime' | 'diagnostics' | 'summary'>): string {
  return JSON.stringify([entry.datedByModificationTime === true, entry.diagnostics, entry.summary === undefined ? null : shown(entry.summary)]);
}

/** Everything of a summary that a page other than the post's own, or its metadata, can show. */
function shown(summary: PostSummary): unknown {
  const { digest: _digest, removed: _removed, ...rest } = summary;
  return rest;
}
