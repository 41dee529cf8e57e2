import { describe, expect, it } from 'vitest';
import { buildSeo, inSitemaps, ogLocale, pageDescriptionOf, robotsOf, type SeoInput, truncateAtWord } from '../src/site/seo.js';

const site = {
  siteTitle: '가제트 뉴스',
  siteDescription: '오늘의 소식을 전합니다.',
  siteUrl: 'https://news.example.com/blog',
  lang: 'ko-KR',
  publisherName: '가제트 미디어',
  publisherLogoUrl: 'https://news.example.com/blog/assets/logo.png',
} as const;

const post = (overrides: Partial<SeoInput> = {}): SeoInput => ({
  ...site,
  kind: 'post',
  pageTitle: '한일 정상회담 개최',
  description: '두 정상은 서울에서 만나 협력 방안을 논의했다.',
  canonicalUrl: 'https://news.example.com/blog/politics/2024/06/12/%ED%95%9C%EC%9D%BC.html',
  imageUrl: 'https://news.example.com/blog/assets/2024/summit.jpg',
  publishedIso: '2024-06-12T10:00:00+09:00',
  modifiedIso: '2024-06-12T11:30:00+09:00',
  section: '정치',
  tags: ['외교', '정상회담'],
  author: '김기자',
  twitterSite: 'gazette',
  ...overrides,
});

type Json = Record<string, unknown>;

/** What a theme does: put the string inside a script element, then a browser reads it back. */
function extractJsonLd(jsonLd: string | undefined): Json {
  expect(jsonLd).toBeDefined();
  const html = `<script type="application/ld+json">${jsonLd ?? ''}</script>`;
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(match?.[1] ?? '') as Json;
}

function metaValue(seo: ReturnType<typeof buildSeo>, key: string): string[] {
  return seo.meta.filter((m) => m.property === key || m.name === key).map((m) => m.content);
}

describe('buildSeo for a post', () => {
  const seo = buildSeo(post());

  it('builds title, description and canonical', () => {
    expect(seo.title).toBe('한일 정상회담 개최 – 가제트 뉴스');
    expect(seo.description).toBe('두 정상은 서울에서 만나 협력 방안을 논의했다.');
    expect(seo.canonical).toBe(post().canonicalUrl);
  });

  it('carries the NewsArticle fields in JSON-LD', () => {
    const data = extractJsonLd(seo.jsonLd);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: '한일 정상회담 개최',
      datePublished: '2024-06-12T10:00:00+09:00',
      dateModified: '2024-06-12T11:30:00+09:00',
      image: ['https://news.example.com/blog/assets/2024/summit.jpg'],
      author: { '@type': 'Person', name: '김기자' },
      publisher: {
        '@type': 'Organization',
        name: '가제트 미디어',
        logo: { '@type': 'ImageObject', url: 'https://news.example.com/blog/assets/logo.png' },
      },
      mainEntityOfPage: { '@type': 'WebPage', '@id': post().canonicalUrl },
      description: '두 정상은 서울에서 만나 협력 방안을 논의했다.',
      inLanguage: 'ko-KR',
      articleSection: '정치',
    });
    expect(data['datePublished']).toMatch(/\+09:00$/);
  });

  it('falls back to the publisher as author and to the published date', () => {
    const data = extractJsonLd(buildSeo(post({ author: undefined, modifiedIso: undefined, imageUrl: undefined })).jsonLd);
    expect(data['author']).toEqual({ '@type': 'Organization', name: '가제트 미디어', url: 'https://news.example.com/blog/' });
    expect(data['dateModified']).toBe('2024-06-12T10:00:00+09:00');
    expect(data['image']).toBeUndefined();
  });

  it('limits the headline to 110 characters', () => {
    const long = '정부는 '.repeat(60).trim();
    const data = extractJsonLd(buildSeo(post({ pageTitle: long })).jsonLd);
    const headline = String(data['headline']);
    expect(Array.from(headline).length).toBeLessThanOrEqual(110);
    expect(headline.endsWith('정부는…')).toBe(true);
  });

  it('writes Open Graph, article and Twitter meta', () => {
    expect(metaValue(seo, 'og:type')).toEqual(['article']);
    expect(metaValue(seo, 'og:title')).toEqual(['한일 정상회담 개최']);
    expect(metaValue(seo, 'og:url')).toEqual([post().canonicalUrl]);
    expect(metaValue(seo, 'og:image')).toEqual(['https://news.example.com/blog/assets/2024/summit.jpg']);
    expect(metaValue(seo, 'og:image')[0]).toMatch(/^https:\/\//);
    expect(metaValue(seo, 'og:site_name')).toEqual(['가제트 뉴스']);
    expect(metaValue(seo, 'og:locale')).toEqual(['ko_KR']);
    expect(metaValue(seo, 'article:published_time')).toEqual(['2024-06-12T10:00:00+09:00']);
    expect(metaValue(seo, 'article:modified_time')).toEqual(['2024-06-12T11:30:00+09:00']);
    expect(metaValue(seo, 'article:section')).toEqual(['정치']);
    expect(metaValue(seo, 'article:tag')).toEqual(['외교', '정상회담']);
    expect(metaValue(seo, 'twitter:card')).toEqual(['summary_large_image']);
    expect(metaValue(seo, 'twitter:site')).toEqual(['@gazette']);
    expect(metaValue(seo, 'twitter:image')).toEqual(['https://news.example.com/blog/assets/2024/summit.jpg']);
    expect(seo.meta.filter((m) => m.property?.startsWith('og:') || m.property?.startsWith('article:')).every((m) => m.name === undefined)).toBe(true);
    expect(seo.meta.filter((m) => m.name?.startsWith('twitter:')).every((m) => m.property === undefined)).toBe(true);
  });

  it('uses a summary card and no og:image without an image', () => {
    const plain = buildSeo(post({ imageUrl: undefined }));
    expect(metaValue(plain, 'twitter:card')).toEqual(['summary']);
    expect(metaValue(plain, 'og:image')).toEqual([]);
    expect(metaValue(plain, 'twitter:image')).toEqual([]);
  });

  it('keeps a title containing </script> inside the script element', () => {
    const title = '속보 </script><script>alert("x")</script> & <!-- \u2028';
    const result = buildSeo(post({ pageTitle: title }));
    expect(result.jsonLd).not.toMatch(/[<>&\u2028\u2029]/);
    expect(result.jsonLd).not.toContain('</script');
    expect(extractJsonLd(result.jsonLd)['headline']).toBe('속보 </script><script>alert("x")</script> & <!--');
  });

  it('is deterministic', () => {
    expect(buildSeo(post())).toEqual(buildSeo(post()));
    expect(buildSeo(post()).jsonLd).toBe(buildSeo(post()).jsonLd);
  });
});

describe('descriptions', () => {
  it('collapses whitespace and trims Korean text to 160 characters at a word boundary', () => {
    const sentence = '정부는 오늘 새로운 경제 정책을 발표했다. ';
    const text = `  ${sentence.repeat(12)}\n\n  끝.`;
    const { description } = buildSeo(post({ description: text }));
    const chars = Array.from(description);
    expect(chars.length).toBeLessThanOrEqual(160);
    expect(description.endsWith('…')).toBe(true);
    expect(description).not.toMatch(/\s{2}|\n|<|>/);
    const head = description.slice(0, -1);
    // The cut falls between words: what is kept is a prefix ending at a whole word.
    expect(text.replace(/\s+/g, ' ').trim().startsWith(head)).toBe(true);
    expect(text.replace(/\s+/g, ' ').trim().charAt(head.length)).toBe(' ');
  });

  it('hard-cuts text without spaces', () => {
    const result = truncateAtWord('가'.repeat(200), 160);
    expect(result).toBe(`${'가'.repeat(159)}…`);
  });

  it('never splits a surrogate pair', () => {
    const result = truncateAtWord('😀'.repeat(200), 160);
    expect(Array.from(result)).toHaveLength(160);
    expect(/[\uD800-\uDFFF]/u.test(result)).toBe(false);
  });

  it('leaves short text alone and falls back to the site description', () => {
    expect(truncateAtWord('짧은 글', 160)).toBe('짧은 글');
    expect(buildSeo(post({ description: undefined })).description).toBe('오늘의 소식을 전합니다.');
  });
});

describe('buildSeo for other pages', () => {
  const home: SeoInput = { ...site, kind: 'index', canonicalUrl: 'https://news.example.com/blog/' };

  it('uses the site title and a WebSite object on the home page', () => {
    const seo = buildSeo(home);
    expect(seo.title).toBe('가제트 뉴스');
    expect(metaValue(seo, 'og:type')).toEqual(['website']);
    expect(metaValue(seo, 'article:published_time')).toEqual([]);
    expect(extractJsonLd(seo.jsonLd)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: '가제트 뉴스',
      url: 'https://news.example.com/blog/',
      inLanguage: 'ko-KR',
    });
  });

  it('has no JSON-LD on later index pages and category pages', () => {
    expect(buildSeo({ ...home, pageTitle: '2 페이지', canonicalUrl: 'https://news.example.com/blog/page2/' }).jsonLd).toBeUndefined();
    const category = buildSeo({ ...site, kind: 'category', pageTitle: '정치', canonicalUrl: 'https://news.example.com/blog/categories/%EC%A0%95%EC%B9%98/' });
    expect(category.title).toBe('정치 – 가제트 뉴스');
    expect(category.jsonLd).toBeUndefined();
    expect(metaValue(category, 'og:type')).toEqual(['website']);
  });

  it('keeps 404 and search pages out of the index', () => {
    expect(metaValue(buildSeo({ ...site, kind: '404', pageTitle: '404', canonicalUrl: 'https://news.example.com/blog/404.html' }), 'robots')).toEqual([
      'noindex',
    ]);
    expect(metaValue(buildSeo(home), 'robots')).toEqual([]);
  });

  it.each([
    ['ko-KR', 'ko_KR'],
    ['ko', 'ko'],
    ['en_us', 'en_US'],
    ['zh-Hant-TW', 'zh_TW'],
  ])('maps %s to og:locale %s', (lang, expected) => {
    expect(ogLocale(lang)).toBe(expected);
  });
});

describe('front matter SEO settings', () => {
  it('robots: printed as written; noindex: true is noindex; otherwise none', () => {
    expect(robotsOf({ robots: 'noindex,  follow' })).toBe('noindex, follow');
    expect(robotsOf({ robots: ['noindex', 'nofollow'] })).toBe('noindex, nofollow');
    expect(robotsOf({ noindex: true })).toBe('noindex');
    expect(robotsOf({ noindex: 'yes' })).toBeUndefined();
    expect(robotsOf({})).toBeUndefined();
  });

  it('a page with robots gets the meta; 404 and search keep noindex unless they say otherwise', () => {
    const robots = (input: SeoInput) => buildSeo(input).meta.find((m) => m.name === 'robots')?.content;
    const page: SeoInput = { ...site, kind: 'page', pageTitle: '오프라인', canonicalUrl: 'https://news.example.com/blog/offline.html' };
    expect(robots(page)).toBeUndefined();
    expect(robots({ ...page, robots: 'noindex' })).toBe('noindex');
    expect(robots({ ...page, kind: '404' })).toBe('noindex');
    expect(robots({ ...page, kind: 'search', robots: 'noindex, follow' })).toBe('noindex, follow');
  });

  it('sitemap: false (jekyll-sitemap) and noindex keep a page out of the sitemaps', () => {
    expect(inSitemaps({})).toBe(true);
    expect(inSitemaps({ sitemap: true })).toBe(true);
    expect(inSitemaps({ sitemap: 'false' })).toBe(true);
    expect(inSitemaps({ sitemap: false })).toBe(false);
    expect(inSitemaps({ robots: 'noindex, follow' })).toBe(false);
    expect(inSitemaps({ robots: 'none' })).toBe(false);
    expect(inSitemaps({ robots: 'nofollow' })).toBe(true);
    expect(inSitemaps({ noindex: true })).toBe(false);
  });

  it('a page’s description is its description, else its excerpt (jekyll-seo-tag’s order), HTML stripped', () => {
    expect(pageDescriptionOf({ description: '설명', excerpt: '발췌' })).toBe('설명');
    expect(pageDescriptionOf({ excerpt: '구독해 주셔서 <b>감사합니다</b>' })).toBe('구독해 주셔서 감사합니다');
    expect(pageDescriptionOf({ description: ' ', excerpt: '발췌' })).toBe('발췌');
    expect(pageDescriptionOf({})).toBeUndefined();
  });
});
