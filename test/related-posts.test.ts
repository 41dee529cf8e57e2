/**
 * Related articles (src/site/related.ts): up to 5 posts sharing tags or
 * categories, score = shared tags × 2 + shared categories, ties newest
 * first; carried on each post route and shown under the post.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { RELATED_CANDIDATES_PER_GROUP, relatedPosts } from '../src/site/related.js';
import { planRoutes, type Route } from '../src/site/routes.js';
import { buildSite } from '../src/site/site.js';
import type { PostSummary } from '../src/types.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const { config } = resolveConfig('title: t\n');

function post(n: number, tags: string[], categories: string[]): PostSummary {
  const date = new Date(Date.UTC(2024, 0, 1) + n * 3_600_000);
  return {
    source: `_posts/p${String(n).padStart(3, '0')}.md`,
    digest: `d${n}`,
    slug: `p${n}`,
    title: `기사 ${n}`,
    date,
    dateIso: date.toISOString().replace('Z', '+00:00'),
    categories,
    tags,
    excerptHtml: '',
    excerptText: '',
    url: `/p${n}/`,
    layout: 'post',
    draft: false,
    published: true,
    removed: [],
  };
}

const titles = (links: readonly { title: string }[] | undefined) => (links ?? []).map((link) => link.title);

describe('relatedPosts', () => {
  const posts = [post(1, ['x'], ['a']), post(2, ['x', 'y'], []), post(3, [], ['a']), post(4, ['y'], ['a']), post(5, [], ['b']), post(6, ['X'], ['A'])];
  const site = buildSite(posts, [], config, NOW);
  const related = relatedPosts(site);
  const of = (n: number) => titles(related.get(posts[n - 1] as PostSummary));

  it('orders by shared tags × 2 + shared categories (names in any case), ties newest first', () => {
    // 6: tag X + category A = 3; 2: tag x = 2; 4 and 3: category a = 1, 4 newer.
    expect(of(1)).toEqual(['기사 6', '기사 2', '기사 4', '기사 3']);
    // 1, 6: tag x = 2; 4: tag y = 2 (ties newest first: 6, 4, 1).
    expect(of(2)).toEqual(['기사 6', '기사 4', '기사 1']);
    expect(related.get(posts[0] as PostSummary)?.[0]).toEqual({ title: '기사 6', url: '/p6/', dateIso: posts[5]?.dateIso });
  });

  it('a post sharing nothing has no related posts', () => {
    expect(of(5)).toEqual([]);
  });

  it('lists at most 5, the best', () => {
    const many = Array.from({ length: 9 }, (_, i) => post(i + 1, ['t'], []));
    const top = relatedPosts(buildSite(many, [], config, NOW)).get(many[0] as PostSummary);
    expect(titles(top)).toEqual(['기사 9', '기사 8', '기사 7', '기사 6', '기사 5']);
  });

  it(`takes candidates from the newest ${RELATED_CANDIDATES_PER_GROUP} posts of a tag or category`, () => {
    // 250 posts tagged `big`; the two oldest also share category `c`, which only the category now finds.
    const many = Array.from({ length: 250 }, (_, i) => post(i + 1, ['big'], i < 2 ? ['c'] : []));
    const related = relatedPosts(buildSite(many, [], config, NOW));
    // Without the cap post 2 would score 3 (tag and category) and come first for post 1.
    expect(titles(related.get(many[0] as PostSummary))).toEqual(['기사 250', '기사 249', '기사 248', '기사 247', '기사 246']);
    // The newest see each other through the tag, and post 2 (in the newest 200 of `c`) sees post 1 through the category.
    expect(titles(related.get(many[1] as PostSummary))).toEqual(['기사 250', '기사 249', '기사 248', '기사 247', '기사 246']);
  });

  it('is carried on each post route', () => {
    const routes = planRoutes(site, [], NOW).routes.filter((route): route is Extract<Route, { kind: 'post' }> => route.kind === 'post');
    expect(routes.find((route) => route.url === '/p1/')?.related.map((link) => link.url)).toEqual(['/p6/', '/p2/', '/p4/', '/p3/']);
  });
});
