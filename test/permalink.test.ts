import { describe, expect, it } from 'vitest';
import {
  categoryUrl,
  documentId,
  encodeUrlPath,
  expandPostPermalink,
  type PermalinkInput,
  paginatedUrl,
  permalinkPattern,
  resolveFrontMatterPermalink,
  sanitizeUrl,
  unknownPlaceholders,
  urlToOutputPath,
} from '../src/site/permalink.js';

const SEOUL = 'Asia/Seoul';

/** 2024-06-12 10:05:09 in Seoul, a Wednesday, day 164, ISO week 24. */
const post: PermalinkInput = {
  date: new Date('2024-06-12T01:05:09Z'),
  zone: SEOUL,
  categories: ['News'],
  slug: 'Hello World',
  outputExt: '.html',
  name: '2024-06-12-Hello World',
};

/** 00:30 on 12 June in Seoul is 15:30 on 11 June in UTC (a Tuesday, day 163). */
const midnight = (zone: string): PermalinkInput => ({
  ...post,
  date: new Date('2024-06-11T15:30:00Z'),
  zone,
  categories: [],
  slug: 'midnight-news',
  name: '2024-06-12-midnight-news',
});

describe('permalinkPattern', () => {
  it.each([
    ['date', '/:categories/:year/:month/:day/:title:output_ext'],
    ['pretty', '/:categories/:year/:month/:day/:title/'],
    ['ordinal', '/:categories/:year/:y_day/:title:output_ext'],
    ['weekdate', '/:categories/:year/W:week/:short_day/:title:output_ext'],
    ['none', '/:categories/:title:output_ext'],
    ['/:year/:title/', '/:year/:title/'],
    ['Pretty', 'Pretty'],
    ['constructor', 'constructor'],
  ])('%j → %j', (style, expected) => {
    expect(permalinkPattern(style)).toBe(expected);
  });
});

describe('expandPostPermalink: built-in styles', () => {
  it.each([
    ['date', post, '/news/2024/06/12/Hello-World.html'],
    ['pretty', post, '/news/2024/06/12/Hello-World/'],
    ['ordinal', post, '/news/2024/164/Hello-World.html'],
    ['weekdate', post, '/news/2024/W24/Wed/Hello-World.html'],
    ['none', post, '/news/Hello-World.html'],
    // The URL follows the site zone, not UTC.
    ['date', midnight(SEOUL), '/2024/06/12/midnight-news.html'],
    ['date', midnight('UTC'), '/2024/06/11/midnight-news.html'],
    ['pretty', midnight(SEOUL), '/2024/06/12/midnight-news/'],
    ['pretty', midnight('UTC'), '/2024/06/11/midnight-news/'],
    ['ordinal', midnight(SEOUL), '/2024/164/midnight-news.html'],
    ['ordinal', midnight('UTC'), '/2024/163/midnight-news.html'],
    ['weekdate', midnight(SEOUL), '/2024/W24/Wed/midnight-news.html'],
    ['weekdate', midnight('UTC'), '/2024/W24/Tue/midnight-news.html'],
    ['none', midnight(SEOUL), '/midnight-news.html'],
    ['none', midnight('UTC'), '/midnight-news.html'],
  ])('%s → %s', (style, input, expected) => {
    expect(expandPostPermalink(permalinkPattern(style), input)).toBe(expected);
  });
});

describe('expandPostPermalink: placeholders', () => {
  const korean: PermalinkInput = { ...post, categories: ['Tech News', '국방', 'News', 'news'], slug: '한일 회동, 합의!' };

  it.each<[string, PermalinkInput, string]>([
    // Categories: lowercased, de-duplicated, joined by '/', not slugified.
    ['/:categories/:title/', korean, '/tech news/국방/news/한일-회동,-합의!/'],
    ['/:slugified_categories/:slug/', korean, '/tech-news/국방/news/한일-회동-합의/'],
    ['/:categories/:title/', { ...post, categories: [] }, '/Hello-World/'],
    ['/news/:categories/', { ...post, categories: [] }, '/news/'],
    // title keeps case and pretty punctuation; slug is lowercased, default mode.
    ['/:title:output_ext', { ...post, slug: 'Hello, World! 한일 회동?' }, '/Hello,-World!-한일-회동.html'],
    ['/:slug:output_ext', { ...post, slug: 'Hello, World! 한일 회동?' }, '/hello-world-한일-회동.html'],
    // Longest names: i_month / short_year / y_day are not month / year / day.
    ['/:year/:i_month/:i_day/:short_year/:y_day/', { ...post, date: new Date('2024-06-02T00:05:03Z') }, '/2024/6/2/24/154/'],
    ['/:hour:minute:second/', { ...post, date: new Date('2024-06-02T00:05:03Z') }, '/090503/'],
    // A trailing '_' is retried without it, as Jekyll does for '/:month_:day'.
    ['/:month_:day/', post, '/06_12/'],
    ['/:short_month-:long_month-:long_day-:w_year-:w_day-:week/', { ...post, date: new Date('2024-06-02T00:05:03Z') }, '/Jun-June-Sunday-2024-7-22/'],
    ['/:name/', post, '/2024-06-12-hello-world/'],
    ['/:collection:path/', post, '/posts/2024-06-12-Hello World/'],
    ['/:collection:path/', { ...post, path: '/2024/launch' }, '/posts/2024/launch/'],
    ['/:title:output_ext', { ...post, outputExt: '.htm' }, '/Hello-World.htm'],
    // Not a placeholder: capitals and digits end a name.
    ['/:Title/:year2/', post, '/:Title/20242/'],
    // Unknown names are left as written.
    ['/:yearly/:title/', post, '/:yearly/Hello-World/'],
    // Replacement text is literal, never a `$&` pattern.
    ['/:categories/', { ...post, categories: ['A$&B'] }, '/a$&b/'],
  ])('%s', (pattern, input, expected) => {
    expect(expandPostPermalink(pattern, input)).toBe(expected);
  });

  it("reproduces Jekyll's sanitize_url on dotted titles", () => {
    // "/…/wait...what.html": '..' → '/', so Jekyll wrote /2024/06/12/wait/.what.html
    expect(expandPostPermalink(permalinkPattern('date'), { ...post, categories: [], slug: 'wait...what' })).toBe('/2024/06/12/wait/.what.html');
    // A front-matter slug ending in '.' loses './' (and the trailing slash) under pretty.
    expect(expandPostPermalink(permalinkPattern('pretty'), { ...post, categories: [], slug: 'Mr.' })).toBe('/2024/06/12/Mr');
  });
});

describe('unknownPlaceholders', () => {
  it.each([
    ['/:categories/:year/:month/:day/:title:output_ext', []],
    ['/:slugified_categories/:i_month/:short_year/:month_:day/', []],
    ['/:yearly/:foo_/:title/', ['yearly', 'foo_']],
  ])('%s → %j', (pattern, expected) => {
    expect(unknownPlaceholders(pattern)).toEqual(expected);
  });
});

describe('sanitizeUrl', () => {
  it.each([
    ['a/b/', '/a/b/'],
    ['/a//b///c', '/a/b/c'],
    ['/a/./b/', '/a/b/'],
    ['/a/../b/', '/a/b/'],
    ['/../../x/', '/x/'],
    ['', '/'],
  ])('%j → %j', (url, expected) => {
    expect(sanitizeUrl(url)).toBe(expected);
  });
});

describe('resolveFrontMatterPermalink', () => {
  it.each([
    ['/news/:title/', '/news/Hello-World/'],
    ['news/:year/:slug.html', '/news/2024/hello-world.html'],
    ['/기사/:categories/:title/', '/기사/news/Hello-World/'],
    ['/a//b/./c/', '/a/b/c/'],
    ['/a/../b/', '/a/b/'],
    ['/fixed-url/', '/fixed-url/'],
    // A style name in front matter is a literal path, as in Jekyll.
    ['pretty', '/pretty'],
  ])('%j → %j', (value, url) => {
    expect(resolveFrontMatterPermalink(value, post)).toEqual({ url });
  });

  it('wins over the site pattern', () => {
    const site = expandPostPermalink(permalinkPattern('date'), post);
    const own = resolveFrontMatterPermalink('/special/:title/', post);
    expect(site).toBe('/news/2024/06/12/Hello-World.html');
    expect(own).toEqual({ url: '/special/Hello-World/' });
  });

  it.each<[string, RegExp, PermalinkInput?]>([
    ['/../../x/', /outside the site/],
    ['/news/../../x/', /outside the site/],
    ['../x', /outside the site/],
    ['/:categories/:title/', /outside the site/, { ...post, categories: ['..'] }],
    ['', /empty/],
    ['   ', /empty/],
    ['/:foo/:title/', /unknown placeholder :foo/],
  ])('%j is refused', (value, message, input = post) => {
    const result = resolveFrontMatterPermalink(value, input);
    expect(result).toEqual({ error: expect.stringMatching(message) });
  });
});

describe('urlToOutputPath', () => {
  it.each<[string, string | undefined, string]>([
    ['/', undefined, 'index.html'],
    ['', undefined, 'index.html'],
    ['/a/b/', undefined, 'a/b/index.html'],
    ['/a/b.html', undefined, 'a/b.html'],
    ['/a/b', undefined, 'a/b.html'],
    ['/tech news/국방/', undefined, 'tech news/국방/index.html'],
    ['/feed.xml', undefined, 'feed.xml'],
    ['/feed/국방.xml', undefined, 'feed/국방.xml'],
    ['/a/./b', undefined, 'a/b.html'],
    ['/a/../../b/', undefined, 'b/index.html'],
    ['/..', undefined, 'index.html'],
    // A post's own output extension: Jekyll appends it unless the path ends with it.
    ['/news/v1.2', '.html', 'news/v1.2.html'],
    ['/2024/06/12/Hello-World.html', '.html', '2024/06/12/Hello-World.html'],
    ['/2024/06/12/Hello-World/', '.html', '2024/06/12/Hello-World/index.html'],
    ['/2024/06/12/wait/.what.html', '.html', '2024/06/12/wait/.what.html'],
    ['/a/b.htm', '.html', 'a/b.htm.html'],
    ['/', '.html', 'index.html'],
  ])('%j (%s) → %j', (url, ext, expected) => {
    const file = urlToOutputPath(url, ext);
    expect(file).toBe(expected);
    expect(file.startsWith('/')).toBe(false);
    expect(file.split('/')).not.toContain('..');
  });
});

describe('encodeUrlPath', () => {
  it.each([
    ['/tech news/', '/tech%20news/'],
    ['/categories/국방/', '/categories/%EA%B5%AD%EB%B0%A9/'],
    ['/한일-회동,-합의!.html', '/%ED%95%9C%EC%9D%BC-%ED%9A%8C%EB%8F%99,-%ED%95%A9%EC%9D%98!.html'],
    ["/a-b_c.d~e!$&'()*+,;=:@/", "/a-b_c.d~e!$&'()*+,;=:@/"],
    ['/2024/06/12/Hello-World.html', '/2024/06/12/Hello-World.html'],
    ['/50%/', '/50%25/'],
    ['/q?x#y', '/q%3Fx%23y'],
    ['/[a]{b}|c^"<>`\\', '/%5Ba%5D%7Bb%7D%7Cc%5E%22%3C%3E%60%5C'],
    ['/café', '/caf%C3%A9'],
    ['/😀', '/%F0%9F%98%80'],
  ])('%j → %j', (path, expected) => {
    expect(encodeUrlPath(path)).toBe(expected);
  });
});

describe('paginatedUrl', () => {
  it.each([
    ['/', '/page:num/', 1, '/'],
    ['/', '/page:num/', 2, '/page2/'],
    ['/', '/page:num/', 3, '/page3/'],
    ['/categories/news/', '/page:num/', 1, '/categories/news/'],
    ['/categories/news/', '/page:num/', 2, '/categories/news/page2/'],
    ['/categories/tech news/', 'page:num/', 2, '/categories/tech news/page2/'],
    ['/categories/국방/', '/page/:num/', 10, '/categories/국방/page/10/'],
    ['/2024/06/', '/page:num/', 4, '/2024/06/page4/'],
  ])('(%j, %j, %d) → %j', (base, paginatePath, page, expected) => {
    expect(paginatedUrl(base, paginatePath, page)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses page %d', (page) => {
    expect(() => paginatedUrl('/', '/page:num/', page)).toThrow(RangeError);
  });
});

describe('categoryUrl', () => {
  it.each([
    ['/categories/:category/', 'Tech News', '/categories/tech news/'],
    ['/categories/:category/', '국방', '/categories/국방/'],
    ['/categories/:category/', 'News', '/categories/news/'],
    ['/categories/:category/', 'news', '/categories/news/'],
    ['/topics/:category.html', 'AI', '/topics/ai.html'],
    ['/:category/', '../../etc', '/etc/'],
    ['/c/:category/', 'A$&B', '/c/a$&b/'],
  ])('(%j, %j) → %j', (categoryPath, category, expected) => {
    expect(categoryUrl(categoryPath, category)).toBe(expected);
  });
});

// Jekyll's Document#id: File.join(File.dirname(url), data["slug"] || basename_without_ext);
// jekyll-feed's entry ids. Checked against Jekyll 4.3.1 in test/jekyll-parity.test.ts.
describe('documentId (jekyll-feed entry ids)', () => {
  it.each([
    ['/news/2024/07/12/81/', '81', '/news/2024/07/12/81'],
    ['/news/2024/07/12/81.html', '81', '/news/2024/07/12/81'],
    ['/정치/2024/07/11/한일-정상회담.html', '한일-정상회담', '/정치/2024/07/11/한일-정상회담'],
    ['/news/2024/07/08/tech-news.html', 'tech news', '/news/2024/07/08/tech news'],
    ['/news/2024/07/10/Hello-World!/', 'Hello World!', '/news/2024/07/10/Hello World!'],
    ['/special/story/', 'custom', '/special/custom'],
    ['/story.html', 'story', '/story'],
    ['/', 'home', '/home'],
    ['/a//b/', 'b', '/a/b'],
  ])('%s with slug %s → %s', (url, slug, id) => {
    expect(documentId(url, slug)).toBe(id);
  });

  it('is NFC, as absolute_url (Addressable normalize) makes it', () => {
    expect(documentId('/2024/07/11/x.html', '한일'.normalize('NFD'))).toBe('/2024/07/11/한일');
    expect(encodeUrlPath(documentId('/2024/07/11/x.html', '한일'.normalize('NFD')))).toBe('/2024/07/11/%ED%95%9C%EC%9D%BC');
  });
});
