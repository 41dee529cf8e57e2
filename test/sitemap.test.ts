import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderRobots } from '../src/feeds/robots.js';
import { newsLanguage, renderNewsSitemap, renderSitemaps, type SitemapEntry } from '../src/feeds/sitemap.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

interface UrlNode {
  loc: string;
  lastmod?: string;
  'news:news'?: {
    'news:publication': { 'news:name': string; 'news:language': string };
    'news:publication_date': string;
    'news:title': string;
  };
}
interface Parsed {
  urlset?: { '@_xmlns': string; '@_xmlns:news'?: string; url?: UrlNode[] };
  sitemapindex?: { '@_xmlns': string; sitemap?: { loc: string; lastmod?: string }[] };
}

function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Parsed;
}

const root = 'https://news.example.com/blog/';

describe('renderSitemaps', () => {
  it('writes one sitemap.xml with the exact locs in order', () => {
    const entries: SitemapEntry[] = [
      { loc: 'https://news.example.com/blog/' },
      { loc: 'https://news.example.com/blog/2024/06/12/%ED%95%9C%EC%9D%BC.html', lastmod: '2024-06-12T10:00:00+09:00' },
      { loc: 'https://news.example.com/blog/search/?q=a&b=c' },
    ];
    const files = renderSitemaps(entries, { siteRoot: root });
    expect(files.map((file) => file.path)).toEqual(['sitemap.xml']);
    const xml = files[0]?.xml ?? '';
    expect(xml).toContain('<loc>https://news.example.com/blog/search/?q=a&amp;b=c</loc>');
    const parsed = parse(xml);
    expect(parsed.urlset?.['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(parsed.urlset?.url?.map((url) => url.loc)).toEqual([
      'https://news.example.com/blog/',
      'https://news.example.com/blog/2024/06/12/%ED%95%9C%EC%9D%BC.html',
      'https://news.example.com/blog/search/?q=a&b=c',
    ]);
    expect(parsed.urlset?.url?.map((url) => url.lastmod)).toEqual([undefined, '2024-06-12T10:00:00+09:00', undefined]);
  });

  it('writes a valid empty urlset', () => {
    const files = renderSitemaps([], { siteRoot: root });
    expect(files).toHaveLength(1);
    expect(parse(files[0]?.xml ?? '').urlset).toBeDefined();
  });

  it('keeps exactly maxUrls entries in a single file', () => {
    const entries = Array.from({ length: 3 }, (_, i) => ({ loc: `${root}${i}/` }));
    expect(renderSitemaps(entries, { siteRoot: root, maxUrls: 3 }).map((f) => f.path)).toEqual(['sitemap.xml']);
  });

  it('splits 60,000 entries into an index and two parts', () => {
    const entries = Array.from({ length: 60_000 }, (_, i) => ({
      loc: `${root}posts/${i}/`,
      lastmod: `2024-01-01T00:00:00+09:00`,
    }));
    entries[49_999] = { loc: `${root}posts/49999/`, lastmod: '2024-06-12T10:00:00+09:00' };
    const files = renderSitemaps(entries, { siteRoot: root });
    expect(files.map((file) => file.path)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml']);

    const index = parse(files[0]?.xml ?? '');
    expect(index.urlset).toBeUndefined();
    expect(index.sitemapindex?.['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(index.sitemapindex?.sitemap).toEqual([
      { loc: 'https://news.example.com/blog/sitemap-1.xml', lastmod: '2024-06-12T10:00:00+09:00' },
      { loc: 'https://news.example.com/blog/sitemap-2.xml', lastmod: '2024-01-01T00:00:00+09:00' },
    ]);

    const first = parse(files[1]?.xml ?? '').urlset?.url ?? [];
    const second = parse(files[2]?.xml ?? '').urlset?.url ?? [];
    expect(first).toHaveLength(50_000);
    expect(second).toHaveLength(10_000);
    expect(first[0]?.loc).toBe(`${root}posts/0/`);
    expect(second[0]?.loc).toBe(`${root}posts/50000/`);
    expect(second.at(-1)?.loc).toBe(`${root}posts/59999/`);
  });

  it('uses lastmodIso for the index when given and adds a missing trailing slash to the root', () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ loc: `${root}${i}/` }));
    const files = renderSitemaps(entries, { siteRoot: 'https://news.example.com', maxUrls: 2, lastmodIso: '2024-06-12T00:00:00Z' });
    expect(files.map((f) => f.path)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml']);
    expect(parse(files[0]?.xml ?? '').sitemapindex?.sitemap).toEqual([
      { loc: 'https://news.example.com/sitemap-1.xml', lastmod: '2024-06-12T00:00:00Z' },
      { loc: 'https://news.example.com/sitemap-2.xml', lastmod: '2024-06-12T00:00:00Z' },
      { loc: 'https://news.example.com/sitemap-3.xml', lastmod: '2024-06-12T00:00:00Z' },
    ]);
  });

  it('rejects a maxUrls below 1', () => {
    expect(() => renderSitemaps([], { siteRoot: root, maxUrls: 0 })).toThrow(RangeError);
  });

  it('is deterministic', () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ loc: `${root}${i}/`, lastmod: '2024-06-12' }));
    expect(renderSitemaps(entries, { siteRoot: root, maxUrls: 3 })).toEqual(renderSitemaps([...entries], { siteRoot: root, maxUrls: 3 }));
  });
});

describe('renderNewsSitemap', () => {
  it('writes the Google News fields', () => {
    const xml = renderNewsSitemap(
      [
        { loc: 'https://news.example.com/2024/06/12/%ED%95%9C.html', title: '한일 <정상> 회담 & 협의', publishedIso: '2024-06-12T10:00:00+09:00' },
        { loc: 'https://news.example.com/2024/06/11/b.html', title: '둘째\n 기사', publishedIso: '2024-06-11T09:00:00+09:00' },
      ],
      { name: '가제트 & 뉴스', lang: 'ko-KR' },
    );
    const parsed = parse(xml);
    expect(parsed.urlset?.['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(parsed.urlset?.['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    const [first, second] = parsed.urlset?.url ?? [];
    expect(first?.loc).toBe('https://news.example.com/2024/06/12/%ED%95%9C.html');
    expect(first?.['news:news']).toEqual({
      'news:publication': { 'news:name': '가제트 & 뉴스', 'news:language': 'ko' },
      'news:publication_date': '2024-06-12T10:00:00+09:00',
      'news:title': '한일 <정상> 회담 & 협의',
    });
    expect(second?.['news:news']?.['news:title']).toBe('둘째 기사');
  });

  it('writes a valid empty news sitemap', () => {
    expect(parse(renderNewsSitemap([], { name: 'N', lang: 'en' })).urlset).toBeDefined();
  });

  it.each([
    ['ko-KR', 'ko'],
    ['ko', 'ko'],
    ['EN-us', 'en'],
    ['ja_JP', 'ja'],
    ['zh-CN', 'zh-cn'],
    ['zh-TW', 'zh-tw'],
    ['zh-Hant', 'zh-tw'],
    ['zh-Hans-HK', 'zh-cn'],
    ['zh-HK', 'zh-tw'],
    ['zh', 'zh-cn'],
  ])('maps language %s to %s', (lang, expected) => {
    expect(newsLanguage(lang)).toBe(expected);
  });
});

describe('renderRobots', () => {
  it('allows everything and lists the sitemaps', () => {
    expect(renderRobots(['https://news.example.com/sitemap.xml', 'https://news.example.com/sitemap-news.xml'])).toBe(
      'User-agent: *\nAllow: /\n\nSitemap: https://news.example.com/sitemap.xml\nSitemap: https://news.example.com/sitemap-news.xml\n',
    );
  });

  it('has no Sitemap lines without sitemaps', () => {
    expect(renderRobots([])).toBe('User-agent: *\nAllow: /\n');
  });

  it('cannot be given extra directives through a URL', () => {
    expect(renderRobots(['https://a.example/s.xml\nDisallow: /'])).toBe('User-agent: *\nAllow: /\n\nSitemap: https://a.example/s.xmlDisallow: /\n');
  });
});
