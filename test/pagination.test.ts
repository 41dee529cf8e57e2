/**
 * List page URLs as jekyll-paginate 1.1 gives them (checked against Jekyll
 * 4.3.1 with test/fixtures/sites/jekyll-news), and gazette's own lists.
 */
import { describe, expect, it } from 'vitest';
import { collectionsOf, migrationNote } from '../src/site/migration.js';
import { homeScheme, listPageUrl, nestedScheme, nestedSuffix, paginate, paginationTemplate } from '../src/site/pagination.js';
import type { PostSummary } from '../src/types.js';

const page = (source: string, url: string) => ({ source, url });

describe('the pagination template page', () => {
  const pages = [
    page('index.html', '/'),
    page('blog/index.html', '/blog/'),
    page('blog/archive/index.html', '/blog/archive/'),
    page('news/index.html', '/news/'),
  ];

  it('is the deepest index.html in the folder of paginate_path or above it', () => {
    expect(paginationTemplate(pages, 'blog/page:num')?.source).toBe('blog/index.html');
    expect(paginationTemplate(pages, '/blog/page:num/')?.source).toBe('blog/index.html');
    expect(paginationTemplate(pages, '/page:num/')?.source).toBe('index.html');
    expect(paginationTemplate(pages, 'blog/archive/p/:num')?.source).toBe('blog/archive/index.html');
  });

  it('is only a file named index.html: index.md does not count, nor a page in another folder', () => {
    expect(paginationTemplate([page('index.md', '/')], '/page:num/')).toBeUndefined();
    expect(paginationTemplate([page('news/index.html', '/news/')], 'blog/page:num')).toBeUndefined();
  });
});

describe('list URLs', () => {
  it('home: page 1 at the template page, page n at paginate_path as a folder', () => {
    const scheme = homeScheme('blog/page:num', { url: '/blog/' });
    expect([1, 2, 1097].map((n) => listPageUrl(scheme, n))).toEqual(['/blog/', '/blog/page2/', '/blog/page1097/']);
  });

  it('home without a template page: page 1 at /', () => {
    const scheme = homeScheme('/page:num/', undefined);
    expect([1, 2].map((n) => listPageUrl(scheme, n))).toEqual(['/', '/page2/']);
  });

  it("categories and archives: paginate_path below the template page's folder, put below their own URL", () => {
    const blog = { source: 'blog/index.html' };
    expect(listPageUrl(nestedScheme('/categories/news/', nestedSuffix('blog/page:num', blog)), 2)).toBe('/categories/news/page2/');
    expect(listPageUrl(nestedScheme('/2024/', nestedSuffix('/page:num/', undefined)), 3)).toBe('/2024/page3/');
    expect(listPageUrl(nestedScheme('/categories/국방/', nestedSuffix('blog/p/:num', blog)), 2)).toBe('/categories/국방/p/2/');
    expect(listPageUrl(nestedScheme('/2024/', nestedSuffix('blog/page:num', undefined)), 2)).toBe('/2024/page2/');
  });

  it('an empty list still has its page 1', () => {
    const lists = paginate([] as PostSummary[], homeScheme('/page:num/', undefined), 10);
    expect(lists.map((list) => [list.number, list.total])).toEqual([[1, 1]]);
  });
});

describe('the migration note', () => {
  const facts = { plugins: [], layouts: [], rawSass: [], pluginTags: new Map<string, string[]>() };

  it('says nothing for a site that was not made for Jekyll', () => {
    expect(migrationNote(facts)).toEqual([]);
  });

  it('names plugins gazette does not emulate, unused layouts, raw Sass and the replaced template body, once each', () => {
    const lines = migrationNote({
      plugins: ['jekyll-paginate', 'jekyll-feed', 'jekyll-archives'],
      layouts: ['_layouts/default.html', '_layouts/post.html'],
      rawSass: ['css/old.scss'],
      pluginTags: new Map([['gist', ['about.md']]]),
      paginationTemplate: 'blog/index.html',
      collections: collectionsOf({ collections: { posts: {}, authors: { output: true } } }),
    });
    expect(lines).toHaveLength(6);
    expect(lines.join('\n')).toContain('collections are not built (authors)');
    expect(lines[0]).toBe('plugins not emulated (their output is missing): jekyll-archives');
    expect(lines.join('\n')).toContain('_layouts/ is not used (2 files)');
    expect(lines.join('\n')).toContain('css/old.scss');
    expect(lines.join('\n')).toContain('blog/index.html');
    expect(lines.join('\n')).toContain('{% gist %} in about.md');
  });
});
