/**
 * Planning the rebuild of a body edit (src/build/planners/body-edit.ts): which
 * changes it takes on, which it leaves to a full rebuild, and until when the
 * last build's routes hold as the clock moves.
 */
import { describe, expect, it } from 'vitest';
import { editedRoutes, indexBodyRoutes, type LastBuild, validUntil } from '../src/build/planners/body-edit.js';
import type { ResolvedConfig } from '../src/config.js';
import { NEWS_WINDOW_MS, type Route } from '../src/site/routes.js';
import type { Site } from '../src/site/site.js';
import type { PostSummary } from '../src/types.js';
import type { ParsedEntry } from '../src/workers/parse-task.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-06-10T00:00:00Z');

function summary(source: string, date: Date, fields: Partial<PostSummary> = {}): PostSummary {
  return {
    source,
    digest: `digest of ${source}`,
    title: source,
    url: `/${source}/`,
    date,
    dateIso: date.toISOString(),
    categories: [],
    removed: [],
    data: {},
    ...fields,
  } as unknown as PostSummary;
}

function entry(post: PostSummary): ParsedEntry {
  return { source: post.source, size: 1, mtimeMs: 1, digest: post.digest, summary: post, diagnostics: [] };
}

function lastBuild(posts: PostSummary[], future = false): LastBuild {
  const site = { config: { future } as ResolvedConfig, posts, categories: [], tags: [], pages: [] } as Site;
  const routes: Route[] = [
    ...posts.map((post): Route => ({ kind: 'post', post, related: [], url: post.url, file: `${post.source}.html` })),
    { kind: 'feed', posts, url: '/feed.xml', file: 'feed.xml' },
    {
      kind: 'news-sitemap',
      posts: posts.filter((post) => post.date.getTime() >= NOW.getTime() - NEWS_WINDOW_MS),
      url: '/sitemap-news.xml',
      file: 'sitemap-news.xml',
    },
  ];
  return {
    site,
    routes,
    entries: new Map(posts.map((post) => [post.source, entry(post)])),
    bodyRoutes: indexBodyRoutes(routes),
    diagnostics: [],
    removals: [],
    files: new Set(routes.map((route) => route.file)),
    validUntil: Number.POSITIVE_INFINITY,
  };
}

describe('editedRoutes: the routes a body edit renders', () => {
  const a = summary('a', new Date(NOW.getTime() - 10 * DAY));
  const b = summary('b', new Date(NOW.getTime() - DAY));
  const last = lastBuild([b, a]);

  it('a new digest alone: the post page and the feeds that carry it, at their places, with the new summary', () => {
    const edited = { ...a, digest: 'new' };
    const render = editedRoutes(last, [entry(edited)]) ?? new Map<number, Route>();
    expect([...render].map(([index, route]) => [index, route.file])).toEqual([
      [1, 'a.html'],
      [2, 'feed.xml'],
    ]);
    expect(
      [...render.values()].every((route) =>
        route.kind === 'post' ? route.post === edited : route.kind === 'feed' && route.posts.includes(edited) && !route.posts.includes(a),
      ),
    ).toBe(true);
    expect(last.routes[1]).toMatchObject({ post: a }); // the last build is not changed by planning
  });

  it('two edited posts in one feed: the feed once, with both', () => {
    const render = editedRoutes(last, [entry({ ...a, digest: 'new a' }), entry({ ...b, digest: 'new b' })]);
    const feed = render?.get(2);
    expect(feed?.kind === 'feed' && feed.posts.map((post) => post.digest)).toEqual(['new b', 'new a']);
    expect(render?.size).toBe(3);
  });

  it('what the sanitiser removed may change too', () => {
    expect(editedRoutes(last, [entry({ ...a, digest: 'new', removed: [{ what: '<script>' }] })])).toBeDefined();
  });

  it.each([
    ['the title', { title: 'new title' }],
    ['the excerpt', { excerptHtml: '<p>new</p>' }],
    ['the date', { date: new Date(NOW.getTime() - 2 * DAY) }],
    ['the front matter', { data: { author: 'someone else' } }],
  ])('%s changed: left to a full rebuild', (_what, fields) => {
    expect(editedRoutes(last, [entry({ ...a, digest: 'new', ...fields } as PostSummary)])).toBeUndefined();
  });

  it('new diagnostics, or a post the last build did not have: left to a full rebuild', () => {
    expect(editedRoutes(last, [{ ...entry({ ...a, digest: 'new' }), diagnostics: [{ file: 'a', severity: 'warning', message: 'x' }] }])).toBeUndefined();
    expect(editedRoutes(last, [entry(summary('c', NOW))])).toBeUndefined();
  });
});

describe('validUntil', () => {
  it('the next future post to appear, or the next post to leave the news sitemap, whichever comes first', () => {
    const recent = summary('recent', new Date(NOW.getTime() - DAY));
    const old = summary('old', new Date(NOW.getTime() - 30 * DAY));
    const future = summary('future', new Date(NOW.getTime() + 3 * DAY));
    const last = lastBuild([recent, old]);
    expect(validUntil(last.site, [recent, old, future], last.routes, NOW)).toBe(recent.date.getTime() + NEWS_WINDOW_MS);
    const soon = summary('soon', new Date(NOW.getTime() + 60_000));
    expect(validUntil(last.site, [recent, old, soon], last.routes, NOW)).toBe(soon.date.getTime());
  });

  it('future posts shown anyway, nothing recent: for ever', () => {
    const last = lastBuild([summary('old', new Date(NOW.getTime() - 30 * DAY))], true);
    expect(validUntil(last.site, [summary('future', new Date(NOW.getTime() + DAY))], last.routes, NOW)).toBe(Number.POSITIVE_INFINITY);
  });
});
