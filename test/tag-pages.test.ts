/**
 * Tag pages: `/tags/<tag>/` (`tag_path`), grouped case-insensitively as
 * categories are, paginated as category lists, in the sitemap; posts link
 * their tags there. A site without tags has no tag pages.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ResolvedConfig, resolveConfig } from '../src/config.js';
import { build } from '../src/index.js';
import { createLinks } from '../src/render/context.js';
import { sitemapSources } from '../src/render/outputs.js';
import { tagUrl } from '../src/site/permalink.js';
import { planRoutes, type Route } from '../src/site/routes.js';
import { buildSite } from '../src/site/site.js';
import type { PostSummary } from '../src/types.js';
import { fixturePost, postText, writeFixtureSite } from './fixtures/watch/site.js';

const NOW = new Date('2024-07-01T00:00:00Z');

function configOf(...lines: string[]): ResolvedConfig {
  const { config, diagnostics } = resolveConfig(lines.join('\n'));
  expect(diagnostics).toEqual([]);
  return config;
}

function post(day: number, tags: string[], fields: Partial<PostSummary> = {}): PostSummary {
  const date = new Date(Date.UTC(2024, 5, day));
  return {
    source: `_posts/2024-06-${String(day).padStart(2, '0')}-p${day}.md`,
    digest: `d${day}`,
    slug: `p${day}`,
    title: `기사 ${day}`,
    date,
    dateIso: date.toISOString().replace('Z', '+00:00'),
    categories: [],
    tags,
    excerptHtml: '',
    excerptText: '',
    url: `/2024/06/${day}/p${day}/`,
    layout: 'post',
    draft: false,
    published: true,
    removed: [],
    ...fields,
  };
}

const tagRoutes = (routes: readonly Route[]) => routes.filter((route): route is Extract<Route, { kind: 'tag' }> => route.kind === 'tag');

describe('tag page URLs', () => {
  it('the tag lowercased, not slugified; hrefs percent-encode it (Korean as UTF-8)', () => {
    expect(tagUrl('/tags/:tag/', '국방')).toBe('/tags/국방/');
    expect(tagUrl('/tags/:tag/', 'Tech News')).toBe('/tags/tech news/');
    const links = createLinks(configOf('title: t', 'baseurl: /news'));
    expect(links.tag('국방')).toBe('/news/tags/%EA%B5%AD%EB%B0%A9/');
    expect(links.tag('Tech News')).toBe('/news/tags/tech%20news/');
  });

  it('`tag_path` places them elsewhere; without `:tag` it is a config error', () => {
    const site = buildSite([post(1, ['국방'])], [], configOf('title: t', 'tag_path: /topics/:tag/'), NOW);
    expect(tagRoutes(planRoutes(site, [], NOW).routes).map((r) => r.url)).toEqual(['/topics/국방/']);
    const { diagnostics } = resolveConfig('title: t\ntag_path: /topics/\n');
    expect(diagnostics.map((d) => d.message)).toEqual(['`tag_path` must contain `:tag`']);
  });

  it('tags are grouped case-insensitively, named by the spelling most posts use', () => {
    const site = buildSite([post(1, ['AI']), post(2, ['ai']), post(3, ['AI', 'ai'])], [], configOf('title: t'), NOW);
    expect(site.tags.map((t) => [t.name, t.key, t.posts.length])).toEqual([['AI', 'ai', 3]]);
    expect(tagRoutes(planRoutes(site, [], NOW).routes).map((r) => r.url)).toEqual(['/tags/ai/']);
  });
});

describe('tag lists', () => {
  it('paginate as category lists: 23 posts, 10 a page → 3 pages below the tag URL, newest first', () => {
    const posts = Array.from({ length: 23 }, (_, i) => post(i + 1, ['경제']));
    const site = buildSite(posts, [], configOf('title: t', 'paginate: 10'), NOW);
    const lists = tagRoutes(planRoutes(site, [], NOW).routes);
    expect(lists.map((r) => [r.url, r.file, r.list.number, r.list.total, r.list.posts.length])).toEqual([
      ['/tags/경제/', 'tags/경제/index.html', 1, 3, 10],
      ['/tags/경제/page2/', 'tags/경제/page2/index.html', 2, 3, 10],
      ['/tags/경제/page3/', 'tags/경제/page3/index.html', 3, 3, 3],
    ]);
    expect(lists[0]?.list.posts[0]?.title).toBe('기사 23');
  });

  it('the sitemap lists tag pages, dated by their newest post', () => {
    const site = buildSite([post(1, ['국방']), post(2, ['국방'])], [], configOf('title: t'), NOW);
    const entries = sitemapSources(planRoutes(site, [], NOW).routes);
    expect(entries).toContainEqual({ url: '/tags/국방/', lastmod: site.posts[0]?.dateIso });
  });

  it('a site with no tags has no tag pages', () => {
    const site = buildSite([post(1, []), post(2, [])], [], configOf('title: t'), NOW);
    expect(site.tags).toEqual([]);
    expect(tagRoutes(planRoutes(site, [], NOW).routes)).toEqual([]);
  });
});

describe('a built site', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('post pages link their tags and list related articles; tag pages list their posts; the sitemap has them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gazette-tags-'));
    roots.push(root);
    const site = join(root, 'site');
    const out = join(root, 'out');
    writeFixtureSite(site);
    const tagged = { ...fixturePost(3), tags: ['국방', 'Tech News'] };
    writeFileSync(join(site, tagged.source), postText(tagged));
    const result = await build({ source: site, destination: out, jobs: 1, cache: false, now: new Date('2024-03-01T00:00:00Z') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const page = readFileSync(join(out, tagged.output), 'utf8');
    expect(page).toContain('<a href="/tags/%EA%B5%AD%EB%B0%A9/" rel="tag">#국방</a>');
    expect(page).toContain('<a href="/tags/tech%20news/" rel="tag">#Tech News</a>');
    const tagPage = readFileSync(join(out, 'tags/국방/index.html'), 'utf8');
    expect(tagPage).toContain('#국방');
    expect(tagPage).toContain(tagged.title);
    expect(readFileSync(join(out, 'tags/tech news/index.html'), 'utf8')).toContain(tagged.title);
    expect(readFileSync(join(out, 'sitemap.xml'), 'utf8')).toContain('https://news.example.com/tags/%EA%B5%AD%EB%B0%A9/');
    // Related articles under the post: it shares only 경제 with the others, so the five newest 경제 posts, newest first.
    const aside = /<aside class="related"[\s\S]*?<\/aside>/.exec(page)?.[0] ?? '';
    expect([...aside.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1])).toEqual(
      [23, 21, 20, 18, 17].map((n) => `/${fixturePost(n).output.replace(/index\.html$/, '')}`),
    );
  });
});
