/**
 * Category feeds as jekyll-feed's `feed: categories:` makes them: every
 * category, none, or only the listed ones at the name as listed.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { categoryFeedUrl } from '../src/site/routes.js';
import type { Category } from '../src/site/site.js';

const news: Category = { name: 'News', key: 'news', posts: [] };
const tech: Category = { name: 'Tech', key: 'tech', posts: [] };

function feedOf(yaml: string) {
  const { config, diagnostics } = resolveConfig(yaml);
  expect(diagnostics).toEqual([]);
  return config.outputs.feed;
}

describe('category feeds', () => {
  it('one per category by default, at the lowercased name', () => {
    expect(categoryFeedUrl(feedOf(''), news)).toBe('/feed/news.xml');
  });

  it('none with categories: false, or with feed: false', () => {
    expect(categoryFeedUrl(feedOf('feed:\n  categories: false\n'), news)).toBeUndefined();
    expect(categoryFeedUrl(feedOf('feed: false\n'), news)).toBeUndefined();
  });

  it("only the listed ones with jekyll-feed's list, at the name as listed", () => {
    const feed = feedOf('feed:\n  categories:\n    - News\n');
    expect(categoryFeedUrl(feed, news)).toBe('/feed/News.xml');
    expect(categoryFeedUrl(feed, tech)).toBeUndefined();
  });

  it('a mapping is an error naming the key', () => {
    const { diagnostics } = resolveConfig('feed:\n  categories: {a: 1}\n');
    expect(diagnostics.map((d) => d.message).join('\n')).toContain('feed.categories');
  });
});
