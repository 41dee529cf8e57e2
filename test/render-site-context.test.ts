/**
 * What templates see of the site (src/render/context.ts): ready hrefs
 * (baseurl-prefixed, percent-encoded), the navigation, feed and search links,
 * the Content-Security-Policy, list pagination, post cards and each page's SEO.
 * Sites are built in memory from hand-made post summaries.
 */
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { type ResolvedConfig, resolveConfig } from '../src/config.js';
import { createLinks, createSiteContext, NAV_CATEGORIES, paginationOf, postCard, seoFor } from '../src/render/context.js';
import { contentSecurityPolicy } from '../src/render/csp.js';
import { homeScheme, type ListPage, nestedScheme, paginate } from '../src/site/pagination.js';
import type { Route } from '../src/site/routes.js';
import type { Seo } from '../src/site/seo.js';
import { buildSite, type Site } from '../src/site/site.js';
import type { PageSummary, PostSummary } from '../src/types.js';

const NOW = new Date('2024-07-01T00:00:00Z');

function configOf(...lines: string[]): ResolvedConfig {
  const { config, diagnostics } = resolveConfig(lines.join('\n'));
  expect(diagnostics).toEqual([]);
  return config;
}

/** A site under a baseurl, in Korean, in Seoul. */
const NEWS = configOf(
  'title: 가제트 뉴스',
  'description: 오늘의 소식을 전합니다.',
  'url: https://news.example.com',
  'baseurl: /news',
  'lang: ko-KR',
  'timezone: Asia/Seoul',
  'author: 편집국',
  'publisher: {name: 가제트 미디어, logo: /assets/로고.png}',
  'tagline: 빠른 소식',
);

let made = 0;
function post(fields: Partial<PostSummary> = {}): PostSummary {
  made += 1;
  return {
    source: `_posts/2024-06-${String(made).padStart(2, '0')}-p${made}.md`,
    digest: `d${made}`,
    slug: `p${made}`,
    title: `기사 ${made}`,
    date: new Date(Date.UTC(2024, 5, 1, made)),
    dateIso: '2024-06-01T10:00:00+09:00',
    categories: [],
    tags: [],
    excerptHtml: '<p>요약.</p>',
    excerptText: '요약.',
    url: `/p${made}/`,
    layout: 'post',
    draft: false,
    published: true,
    removed: [],
    ...fields,
  };
}

function page(fields: Partial<PageSummary> = {}): PageSummary {
  return {
    source: 'about.md',
    digest: 'x',
    title: '소개',
    url: '/about/',
    file: 'about/index.html',
    layout: 'page',
    data: {},
    format: 'markdown',
    body: '',
    bodyLine: 1,
    html: '',
    wrapped: true,
    renderDigest: 'y',
    ...fields,
  };
}

function siteOf(config: ResolvedConfig, posts: PostSummary[] = [], pages: PageSummary[] = []): Site {
  return buildSite(posts, pages, config, NOW);
}

function meta(seo: Seo, key: string): string[] {
  return seo.meta.filter((m) => m.name === key || m.property === key).map((m) => m.content);
}

describe('createLinks', () => {
  const links = createLinks(NEWS);
  const bare = createLinks(configOf('title: t'));

  it('href: the baseurl, then the path percent-encoded as Jekyll does (UTF-8, upper-case hex)', () => {
    expect(links.href('/')).toBe('/news/');
    expect(links.href('/국방/2024/한일 정상회담/')).toBe('/news/%EA%B5%AD%EB%B0%A9/2024/%ED%95%9C%EC%9D%BC%20%EC%A0%95%EC%83%81%ED%9A%8C%EB%8B%B4/');
    expect(links.href('/a?b#c/')).toBe('/news/a%3Fb%23c/');
    expect(bare.href('/국방/')).toBe('/%EA%B5%AD%EB%B0%A9/');
  });

  it('href: a % in a raw path is a character like any other, so it is encoded', () => {
    expect(links.href('/100%/')).toBe('/news/100%25/');
  });

  it('absolute: origin, baseurl and the encoded path; just the href when the site has no url', () => {
    expect(links.absolute('/국방/')).toBe('https://news.example.com/news/%EA%B5%AD%EB%B0%A9/');
    expect(bare.absolute('/about/')).toBe('/about/');
  });

  it('category: the category path with the name lowercased, encoded', () => {
    expect(links.category('국방')).toBe('/news/categories/%EA%B5%AD%EB%B0%A9/');
    expect(links.category('Tech News')).toBe('/news/categories/tech%20news/');
  });

  describe('image', () => {
    it('no image is no URL', () => {
      expect(links.image(undefined)).toBeUndefined();
      expect(links.image(undefined, true)).toBeUndefined();
    });

    it('a site path gets the baseurl and is encoded; one without a leading slash gets one', () => {
      expect(links.image('/assets/사진 1.jpg')).toBe('/news/assets/%EC%82%AC%EC%A7%84%201.jpg');
      expect(links.image('assets/사진.jpg')).toBe('/news/assets/%EC%82%AC%EC%A7%84.jpg');
    });

    it('a path already percent-encoded is not encoded twice', () => {
      expect(links.image('/assets/%EC%82%AC%EC%A7%84.jpg')).toBe('/news/assets/%EC%82%AC%EC%A7%84.jpg');
      expect(links.image('/assets/a%20b.jpg')).toBe('/news/assets/a%20b.jpg');
    });

    it('a path partly encoded: the %XX kept, the rest encoded', () => {
      expect(links.image('/assets/%25 할인.jpg')).toBe('/news/assets/%25%20%ED%95%A0%EC%9D%B8.jpg');
    });

    it('absolute: with the origin in front, for og:image and JSON-LD', () => {
      expect(links.image('/assets/사진.jpg', true)).toBe('https://news.example.com/news/assets/%EC%82%AC%EC%A7%84.jpg');
      expect(links.image('/assets/%EC%82%AC%EC%A7%84.jpg', true)).toBe('https://news.example.com/news/assets/%EC%82%AC%EC%A7%84.jpg');
      expect(bare.image('/a.jpg', true)).toBe('/a.jpg');
    });

    it('http(s) and protocol-relative URLs are kept as written, absolute or not', () => {
      for (const url of ['https://cdn.example.com/사진.jpg', 'http://cdn.example.com/a.jpg', 'HTTPS://CDN.example.com/a.jpg', '//cdn.example.com/a b.jpg']) {
        expect(links.image(url)).toBe(url);
        expect(links.image(url, true)).toBe(url);
      }
    });
  });
});

describe('createSiteContext', () => {
  /** Ten categories; category i is on 10 - i posts, so c0 is the most used. */
  function tenCategories(): PostSummary[] {
    const posts: PostSummary[] = [];
    for (let i = 0; i < 10; i++) for (let n = 0; n < 10 - i; n++) posts.push(post({ categories: [`분류${i}`] }));
    return posts;
  }

  it('the navigation shows the NAV_CATEGORIES most used categories, most used first, with their URL and count', () => {
    expect(NAV_CATEGORIES).toBe(8);
    const context = createSiteContext(siteOf(NEWS, tenCategories()));
    const categories = context.nav['categories'] as { name: string; url: string; count: number }[];
    expect(categories.map((c) => [c.name, c.count])).toEqual([
      ['분류0', 10],
      ['분류1', 9],
      ['분류2', 8],
      ['분류3', 7],
      ['분류4', 6],
      ['분류5', 5],
      ['분류6', 4],
      ['분류7', 3],
    ]);
    expect(categories[0]?.url).toBe('/news/categories/%EB%B6%84%EB%A5%980/');
  });

  it('a site with fewer categories shows them all', () => {
    const context = createSiteContext(siteOf(NEWS, [post({ categories: ['정치'] }), post({ categories: ['정치', '경제'] })]));
    expect(context.nav['categories']).toEqual([
      { name: '정치', url: '/news/categories/%EC%A0%95%EC%B9%98/', count: 2 },
      { name: '경제', url: '/news/categories/%EA%B2%BD%EC%A0%9C/', count: 1 },
    ]);
  });

  it('home, categories index, feed and search links are ready hrefs', () => {
    const context = createSiteContext(siteOf(NEWS));
    expect(context.nav).toMatchObject({
      home: '/news/',
      categoriesUrl: '/news/categories/',
      searchUrl: '/news/search/',
      feedUrl: '/news/feed.xml',
    });
    expect(context.feeds).toEqual([{ title: '가제트 뉴스', url: '/news/feed.xml' }]);
  });

  it('no feed links when the feed is off', () => {
    const context = createSiteContext(siteOf(configOf('title: t', 'feed: false')));
    expect(context.feeds).toEqual([]);
    expect(context.nav['feedUrl']).toBeUndefined();
    expect(context.nav['searchUrl']).toBe('/search/');
  });

  it('no search link when search is off', () => {
    const context = createSiteContext(siteOf(configOf('title: t', 'search: false')));
    expect(context.nav['searchUrl']).toBeUndefined();
    expect(context.nav['feedUrl']).toBe('/feed.xml');
  });

  it('the categories index follows category_path', () => {
    expect(createSiteContext(siteOf(configOf('category_path: /섹션/:category/'))).nav['categoriesUrl']).toBe('/%EC%84%B9%EC%85%98/');
  });

  it('site: every config key as written, with the resolved values and the post count on top', () => {
    const context = createSiteContext(siteOf(NEWS, [post(), post()]));
    expect(context.site).toMatchObject({
      tagline: '빠른 소식',
      title: '가제트 뉴스',
      description: '오늘의 소식을 전합니다.',
      url: 'https://news.example.com',
      baseurl: '/news',
      lang: 'ko-KR',
      timezone: 'Asia/Seoul',
      author: '편집국',
      posts_count: 2,
    });
  });

  it('labels in the site language', () => {
    expect(createSiteContext(siteOf(NEWS)).labels.home).toBe('홈');
    expect(createSiteContext(siteOf(configOf('lang: fr'))).labels.home).toBe('Home');
  });

  it("the CSP is the site's policy, or empty when `csp: false`", () => {
    expect(createSiteContext(siteOf(NEWS)).csp).toBe(contentSecurityPolicy(NEWS));
    expect(createSiteContext(siteOf(configOf('csp: false'))).csp).toBe('');
  });

  it("links are bound to the site's config", () => {
    expect(createSiteContext(siteOf(NEWS)).links.href('/a/')).toBe('/news/a/');
  });
});

describe('contentSecurityPolicy', () => {
  it('no inline script, scripts from the site only; no frames without iframe hosts', () => {
    expect(contentSecurityPolicy(configOf('title: t'))).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; media-src *; frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; connect-src 'self'",
    );
  });

  it('each iframe host the sanitiser keeps becomes an https frame source, in order', () => {
    const policy = contentSecurityPolicy(configOf('sanitize:', '  iframe_hosts: [www.youtube.com, player.vimeo.com]'));
    const directives = policy.split('; ');
    expect(directives).toContain('frame-src https://www.youtube.com https://player.vimeo.com');
    expect(directives.find((d) => d.startsWith('script-src'))).toBe("script-src 'self'");
    expect(directives).not.toContain("frame-src 'none'");
  });

  it("script-src never allows inline or eval'd script, whatever the config", () => {
    const policy = contentSecurityPolicy(configOf('sanitize:', '  iframe_hosts: [www.youtube.com]', '  allow_tags: [script]'));
    const script = policy.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
  });
});

describe('paginationOf', () => {
  const links = createLinks(NEWS);
  const list = (number: number, total: number, scheme = homeScheme('/page:num/', undefined)): ListPage => ({ number, total, scheme, posts: [] });

  it('in the middle: a window of three pages each side, and every link', () => {
    expect(paginationOf(list(5, 10), links)).toEqual({
      page: 5,
      totalPages: 10,
      previousUrl: '/news/page4/',
      nextUrl: '/news/page6/',
      firstUrl: '/news/',
      lastUrl: '/news/page10/',
      pages: [2, 3, 4, 5, 6, 7, 8].map((num) => ({ num, url: num === 1 ? '/news/' : `/news/page${num}/`, current: num === 5 })),
    });
  });

  it('on the first page: no previous link, the window cut at 1', () => {
    const pagination = paginationOf(list(1, 10), links);
    expect(pagination).not.toHaveProperty('previousUrl');
    expect(pagination.nextUrl).toBe('/news/page2/');
    expect(pagination.firstUrl).toBe('/news/');
    expect(pagination.pages.map((p) => p.num)).toEqual([1, 2, 3, 4]);
    expect(pagination.pages[0]).toEqual({ num: 1, url: '/news/', current: true });
  });

  it('on the last page: no next link, the window cut at the total', () => {
    const pagination = paginationOf(list(10, 10), links);
    expect(pagination).not.toHaveProperty('nextUrl');
    expect(pagination.previousUrl).toBe('/news/page9/');
    expect(pagination.lastUrl).toBe('/news/page10/');
    expect(pagination.pages.map((p) => [p.num, p.current])).toEqual([
      [7, false],
      [8, false],
      [9, false],
      [10, true],
    ]);
  });

  it('a single page: neither previous nor next, first and last the same', () => {
    const pagination = paginationOf(list(1, 1), links);
    expect(pagination).toEqual({ page: 1, totalPages: 1, firstUrl: '/news/', lastUrl: '/news/', pages: [{ num: 1, url: '/news/', current: true }] });
  });

  it("a category list's pages are below its own URL, encoded", () => {
    const [, second] = paginate([post(), post(), post()], nestedScheme('/categories/국방/', 'page:num'), 2);
    expect(second).toBeDefined();
    const pagination = paginationOf(second as ListPage, links);
    expect(pagination.previousUrl).toBe('/news/categories/%EA%B5%AD%EB%B0%A9/');
    expect(pagination.lastUrl).toBe('/news/categories/%EA%B5%AD%EB%B0%A9/page2/');
  });
});

describe('postCard', () => {
  const context = createSiteContext(siteOf(NEWS));
  const story = post({
    title: '한일 정상회담 <속보>',
    url: '/정치/한일/',
    // 16:00 UTC is already the 12th in Seoul.
    date: new Date('2024-06-11T16:00:00Z'),
    dateIso: '2024-06-12T01:00:00+09:00',
    excerptHtml: '<p>두 정상이 <em>만났다</em>.</p>',
    excerptText: '두 정상이 만났다.',
    image: '/assets/회담.jpg',
    categories: ['정치', 'World News'],
  });
  const card = postCard(story, context, NEWS);

  it("title, encoded URL, dates in the site's zone and language", () => {
    expect(card).toMatchObject({
      title: '한일 정상회담 <속보>',
      url: '/news/%EC%A0%95%EC%B9%98/%ED%95%9C%EC%9D%BC/',
      dateIso: '2024-06-12T01:00:00+09:00',
      dateDisplay: '2024년 6월 12일',
      excerptText: '두 정상이 만났다.',
      image: '/news/assets/%ED%9A%8C%EB%8B%B4.jpg',
    });
  });

  it('the sanitised excerpt is marked safe for the templates; the title is not', () => {
    expect(card.excerptHtml).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(card.excerptHtml)).toBe('<p>두 정상이 <em>만났다</em>.</p>');
    expect(typeof card.title).toBe('string');
  });

  it('each category with its link', () => {
    expect(card.categories).toEqual([
      { name: '정치', url: '/news/categories/%EC%A0%95%EC%B9%98/' },
      { name: 'World News', url: '/news/categories/world%20news/' },
    ]);
  });

  it('a post without an image has no image URL', () => {
    expect(postCard(post(), context, NEWS).image).toBeUndefined();
  });

  it('English sites get English dates', () => {
    const config = configOf('lang: en-US', 'timezone: Asia/Seoul');
    expect(postCard(story, createSiteContext(siteOf(config)), config).dateDisplay).toBe('June 12, 2024');
  });
});

describe('seoFor', () => {
  const context = createSiteContext(siteOf(NEWS));
  const story = post({
    title: '한일 정상회담',
    url: '/정치/한일/',
    dateIso: '2024-06-12T10:00:00+09:00',
    excerptText: '본문 첫 문단.',
    image: '/assets/회담.jpg',
    categories: ['정치', '외교'],
    tags: ['정상회담'],
  });
  const postRoute = (p: PostSummary): Route => ({ kind: 'post', url: p.url, file: 'x/index.html', post: p, related: [] });

  describe('a post', () => {
    it('title, canonical URL, image and publisher logo, absolute and encoded', () => {
      const seo = seoFor(postRoute(story), context, NEWS, story.title);
      expect(seo.title).toBe('한일 정상회담 – 가제트 뉴스');
      expect(seo.canonical).toBe('https://news.example.com/news/%EC%A0%95%EC%B9%98/%ED%95%9C%EC%9D%BC/');
      expect(meta(seo, 'og:image')).toEqual(['https://news.example.com/news/assets/%ED%9A%8C%EB%8B%B4.jpg']);
      expect(meta(seo, 'og:type')).toEqual(['article']);
      const ld = JSON.parse(seo.jsonLd ?? '') as Record<string, unknown>;
      expect(ld['publisher']).toMatchObject({
        name: '가제트 미디어',
        url: 'https://news.example.com/news/',
        logo: { url: 'https://news.example.com/news/assets/%EB%A1%9C%EA%B3%A0.png' },
      });
    });

    it("the description is the front matter's over the excerpt", () => {
      expect(seoFor(postRoute(story), context, NEWS, story.title, { description: '편집자가 쓴 설명.' }).description).toBe('편집자가 쓴 설명.');
      expect(seoFor(postRoute(story), context, NEWS, story.title, {}).description).toBe('본문 첫 문단.');
      expect(seoFor(postRoute(story), context, NEWS, story.title, { description: 42 }).description).toBe('본문 첫 문단.');
    });

    it('robots from the front matter; none by default', () => {
      expect(meta(seoFor(postRoute(story), context, NEWS, story.title, { robots: 'noindex, follow' }), 'robots')).toEqual(['noindex, follow']);
      expect(meta(seoFor(postRoute(story), context, NEWS, story.title, { noindex: true }), 'robots')).toEqual(['noindex']);
      expect(meta(seoFor(postRoute(story), context, NEWS, story.title), 'robots')).toEqual([]);
    });

    it("section, tags, dates and author: the front matter's author over the site's, last_modified_at over the date", () => {
      const seo = seoFor(postRoute(story), context, NEWS, story.title, { author: '김기자', last_modified_at: '2024-06-13T09:00:00+09:00' });
      expect(meta(seo, 'article:section')).toEqual(['정치']);
      expect(meta(seo, 'article:tag')).toEqual(['정상회담']);
      expect(meta(seo, 'article:published_time')).toEqual(['2024-06-12T10:00:00+09:00']);
      expect(meta(seo, 'article:modified_time')).toEqual(['2024-06-13T09:00:00+09:00']);
      expect(JSON.parse(seo.jsonLd ?? '')).toMatchObject({ author: { '@type': 'Person', name: '김기자' } });
      const plain = seoFor(postRoute(story), context, NEWS, story.title);
      expect(meta(plain, 'article:modified_time')).toEqual(['2024-06-12T10:00:00+09:00']);
      expect(JSON.parse(plain.jsonLd ?? '')).toMatchObject({ author: { '@type': 'Person', name: '편집국' } });
    });

    it('without an image or categories there is no og:image nor section', () => {
      const seo = seoFor(postRoute(post({ title: '단신' })), context, NEWS, '단신');
      expect(meta(seo, 'og:image')).toEqual([]);
      expect(meta(seo, 'article:section')).toEqual([]);
      expect(meta(seo, 'twitter:card')).toEqual(['summary']);
    });
  });

  describe('a page', () => {
    const about = page({ data: { description: '<b>회사</b> 소개', robots: 'noindex' }, image: 'assets/회사.png' });
    const route: Route = { kind: 'page', url: '/회사/', file: '회사/index.html', page: about };

    it("its front matter's description (HTML stripped), image and robots", () => {
      const seo = seoFor(route, context, NEWS, '소개');
      expect(seo.title).toBe('소개 – 가제트 뉴스');
      expect(seo.description).toBe('회사 소개');
      expect(seo.canonical).toBe('https://news.example.com/news/%ED%9A%8C%EC%82%AC/');
      expect(meta(seo, 'og:image')).toEqual(['https://news.example.com/news/assets/%ED%9A%8C%EC%82%AC.png']);
      expect(meta(seo, 'robots')).toEqual(['noindex']);
      expect(meta(seo, 'og:type')).toEqual(['website']);
      expect(seo.jsonLd).toBeUndefined();
    });

    it("without a description of its own, the site's", () => {
      const seo = seoFor({ kind: 'page', url: '/about/', file: 'about/index.html', page: page() }, context, NEWS, '소개');
      expect(seo.description).toBe('오늘의 소식을 전합니다.');
      expect(meta(seo, 'robots')).toEqual([]);
    });
  });

  describe('a list', () => {
    const [first] = paginate([], homeScheme('/page:num/', undefined), 10);
    const home = first as ListPage;

    it('the home list: the site title alone, the site description, WebSite JSON-LD', () => {
      const seo = seoFor({ kind: 'index', url: '/', file: 'index.html', list: home }, context, NEWS, undefined);
      expect(seo.title).toBe('가제트 뉴스');
      expect(seo.description).toBe('오늘의 소식을 전합니다.');
      expect(seo.canonical).toBe('https://news.example.com/news/');
      expect(JSON.parse(seo.jsonLd ?? '')).toMatchObject({ '@type': 'WebSite', url: 'https://news.example.com/news/' });
    });

    it("the home list in place of a paginate template page takes that page's description", () => {
      const template = page({ source: 'index.html', url: '/', data: { description: '첫 화면 설명' } });
      const seo = seoFor({ kind: 'index', url: '/', file: 'index.html', list: home, page: template }, context, NEWS, undefined);
      expect(seo.description).toBe('첫 화면 설명');
    });

    it('a category list: its title, no robots, no JSON-LD', () => {
      const site = siteOf(NEWS, [post({ categories: ['국방'] })]);
      const category = site.categories[0];
      if (category === undefined) throw new Error('no category');
      const [list] = paginate(category.posts, nestedScheme('/categories/국방/', 'page:num'), 10);
      const seo = seoFor(
        { kind: 'category', url: '/categories/국방/', file: 'categories/국방/index.html', category, list: list as ListPage },
        context,
        NEWS,
        '국방',
      );
      expect(seo.title).toBe('국방 – 가제트 뉴스');
      expect(seo.canonical).toBe('https://news.example.com/news/categories/%EA%B5%AD%EB%B0%A9/');
      expect(meta(seo, 'robots')).toEqual([]);
      expect(seo.jsonLd).toBeUndefined();
    });

    it('the search page and the 404 page are kept out of search engines', () => {
      expect(meta(seoFor({ kind: 'search', url: '/search/', file: 'search/index.html' }, context, NEWS, '검색'), 'robots')).toEqual(['noindex']);
      expect(meta(seoFor({ kind: '404', url: '/404.html', file: '404.html' }, context, NEWS, undefined), 'robots')).toEqual(['noindex']);
    });
  });
});
