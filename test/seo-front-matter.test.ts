/**
 * Front matter that decides how a page or post shows up in search: `image`
 * (also from `defaults:`), `sitemap: false`, `robots: noindex`, as read from
 * the files and as the sitemap then lists them. The Jekyll comparison of the
 * same keys is in jekyll-parity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { createRenderer } from '../src/content/markdown.js';
import { readPage } from '../src/content/page.js';
import { readPost } from '../src/content/post.js';
import { sitemapSources } from '../src/render/outputs.js';
import type { Route } from '../src/site/routes.js';
import type { PageSource, PageSummary, PostSummary } from '../src/types.js';

const { config } = resolveConfig(
  [
    'timezone: Asia/Seoul',
    'defaults:',
    '  - scope: {path: "", type: posts}',
    '    values: {image: /assets/img/기본.jpg}',
    '  - scope: {path: "legal"}',
    '    values: {image: /assets/img/legal.png, sitemap: false}',
  ].join('\n'),
);
const renderer = createRenderer({ sanitize: config.sanitize, siteOrigin: '' });

function post(frontMatter: string): PostSummary {
  const text = `---\ntitle: 기사\n${frontMatter}\n---\n본문.\n`;
  const { post: read, diagnostics } = readPost(
    { source: '_posts/2024-07-12-81.md', bytes: Buffer.from(text), mtime: new Date(0), draft: false },
    { config, renderer },
  );
  expect(diagnostics).toEqual([]);
  return read as PostSummary;
}

function page(source: string, frontMatter: string): PageSource {
  const { page: read, diagnostics } = readPage({ source, bytes: Buffer.from(`---\n${frontMatter}\n---\n본문.\n`) }, config);
  expect(diagnostics).toEqual([]);
  return read as PageSource;
}

describe('images from front matter and defaults', () => {
  it('a post without its own image takes the one defaults give posts', () => {
    expect(post('').image).toBe('/assets/img/기본.jpg');
    expect(post('image: /assets/own.jpg').image).toBe('/assets/own.jpg');
  });

  it('a page takes its image, jekyll-seo-tag’s image.path, or one from defaults', () => {
    expect(page('about.md', 'image: /assets/about.jpg').image).toBe('/assets/about.jpg');
    expect(page('about.md', 'image: {path: /assets/p.jpg, height: 100}').image).toBe('/assets/p.jpg');
    expect(page('about.md', 'title: 소개').image).toBeUndefined();
    expect(page('legal/terms.md', 'title: 약관').image).toBe('/assets/img/legal.png');
  });

  it('a page image that is not a URL is a warning, not a build failure', () => {
    const { page: read, diagnostics } = readPage({ source: 'about.md', bytes: Buffer.from('---\nimage: javascript:alert(1)\n---\nx\n') }, config);
    expect(read?.image).toBeUndefined();
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

describe('what the sitemap lists', () => {
  it('posts with sitemap: false, robots: noindex or noindex: true are marked out of the sitemaps', () => {
    expect(post('').sitemap).toBeUndefined();
    expect(post('sitemap: false').sitemap).toBe(false);
    expect(post('robots: noindex, follow').sitemap).toBe(false);
    expect(post('noindex: true').sitemap).toBe(false);
  });

  it('leaves out those posts, pages saying so (also through defaults), and a page at /404.html', () => {
    const postRoute = (summary: PostSummary, url: string) => ({ kind: 'post', url, file: '', post: summary }) as unknown as Route;
    const pageRoute = (source: PageSource) => {
      const summary: PageSummary = { ...source, html: '', wrapped: true, renderDigest: '' };
      return { kind: 'page', url: summary.url, file: summary.file, page: summary } as unknown as Route;
    };
    const routes = [
      postRoute(post(''), '/listed/'),
      postRoute(post('sitemap: false'), '/unlisted/'),
      postRoute(post('robots: noindex'), '/noindex/'),
      pageRoute(page('about.md', 'title: 소개')),
      pageRoute(page('offline.md', 'sitemap: false')),
      pageRoute(page('hidden.md', 'noindex: true')),
      pageRoute(page('legal/terms.md', 'title: 약관')),
      pageRoute(page('404.md', 'permalink: /404.html')),
    ];
    expect(sitemapSources(routes).map((entry) => entry.url)).toEqual(['/listed/', '/about.html']);
  });
});
