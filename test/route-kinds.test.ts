/**
 * The table per route kind (src/render/route-kinds.ts) that rendering,
 * fingerprints and the planners read: which template each kind renders
 * through, whose details it shows, whether a worker can render it, what it
 * shows of the site (fingerprint parts), what a card is, and what of a post
 * file other pages can show (bodyEditKey).
 */
import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import {
  bodyEditKey,
  CARD_FIELDS,
  cardText,
  detailsShownBy,
  isPortable,
  type PostFileOutcome,
  ROUTE_KINDS,
  type ShownParts,
  shownBy,
  shownHash,
  templateOf,
  withFreshPosts,
} from '../src/render/route-kinds.js';
import { type ListPage, planRoutes, type Route } from '../src/site/routes.js';
import { buildSite, type Category, type Site } from '../src/site/site.js';
import type { ImageInfo, PageSummary, PostSummary } from '../src/types.js';

const NOW = new Date('2024-03-01T00:00:00Z');

const ALL_KINDS = [
  '404',
  'archive',
  'categories',
  'category',
  'feed',
  'headers',
  'index',
  'news-sitemap',
  'page',
  'post',
  'redirect',
  'redirects',
  'robots',
  'search',
  'search-index',
  'sitemap',
  'static',
  'tag',
];
const PORTABLE = ['404', 'archive', 'category', 'index', 'page', 'post', 'search', 'tag'];

function post(name: string, day: number, fields: Partial<PostSummary> = {}): PostSummary {
  const date = new Date(Date.UTC(2024, 1, day, 0, 0, 0));
  return {
    source: `_posts/2024-02-${String(day).padStart(2, '0')}-${name}.md`,
    digest: `digest of ${name}`,
    slug: name,
    title: `${name} 제목`,
    date,
    dateIso: date.toISOString().replace('Z', '+00:00'),
    categories: ['경제'],
    tags: ['태그'],
    excerptHtml: `<p>${name} 요약</p>`,
    excerptText: `${name} 요약`,
    url: `/2024/02/${day}/${name}/`,
    layout: 'post',
    draft: false,
    published: true,
    removed: [],
    ...fields,
  };
}

function page(source: string, fields: Partial<PageSummary> = {}): PageSummary {
  return {
    source,
    digest: `digest of ${source}`,
    title: source,
    url: `/${source.replace(/\.md$/, '')}/`,
    file: `${source.replace(/\.md$/, '')}/index.html`,
    layout: 'page',
    data: {},
    format: 'markdown',
    body: '',
    bodyLine: 1,
    html: '<p>page</p>',
    wrapped: true,
    renderDigest: `render digest of ${source}`,
    ...fields,
  };
}

const list = (posts: readonly PostSummary[], number = 1, total = 1): ListPage => ({ number, total, posts, scheme: { first: '/', pattern: '/page:num/' } });

const a = post('a', 10);
const b = post('b', 12, { categories: ['정치', '사회'], layout: 'wide' });
const c = post('c', 14);
const category: Category = { name: '경제', key: '경제', posts: [c, a] };

/** One route of every kind, built by hand. */
const ROUTES: Record<string, Route> = {
  post: {
    kind: 'post',
    post: b,
    previous: { title: a.title, url: a.url },
    next: { title: c.title, url: c.url },
    related: [{ title: c.title, url: c.url, dateIso: c.dateIso }],
    url: b.url,
    file: '2024/02/12/b/index.html',
  },
  page: { kind: 'page', page: page('about.md', { layout: 'plain' }), url: '/about/', file: 'about/index.html' },
  index: { kind: 'index', list: list([c, b], 1, 2), url: '/', file: 'index.html' },
  category: { kind: 'category', category, list: list([c, a]), url: '/categories/경제/', file: 'categories/경제/index.html' },
  tag: { kind: 'tag', tag: { name: '태그', key: '태그', posts: [c, b, a] }, list: list([c, b, a]), url: '/tags/태그/', file: 'tags/태그/index.html' },
  archive: { kind: 'archive', archive: { year: '2024', month: '02' }, list: list([c, b, a]), url: '/2024/02/', file: '2024/02/index.html' },
  categories: { kind: 'categories', url: '/categories/', file: 'categories/index.html' },
  search: { kind: 'search', url: '/search/', file: 'search/index.html' },
  '404': { kind: '404', url: '/404.html', file: '404.html' },
  feed: { kind: 'feed', posts: [c, b], url: '/feed.xml', file: 'feed.xml' },
  sitemap: { kind: 'sitemap', url: '/sitemap.xml', file: 'sitemap.xml' },
  'news-sitemap': { kind: 'news-sitemap', posts: [c], url: '/sitemap-news.xml', file: 'sitemap-news.xml' },
  robots: { kind: 'robots', url: '/robots.txt', file: 'robots.txt' },
  headers: { kind: 'headers', url: '/_headers', file: '_headers' },
  'search-index': { kind: 'search-index', url: '/search/index.json', file: 'search/index.json' },
  static: { kind: 'static', from: { source: 'logo.svg', absolute: '/site/logo.svg', size: 1, mtimeMs: 1 }, url: '/logo.svg', file: 'logo.svg' },
  redirect: { kind: 'redirect', from: '/old/', to: '/2024/02/12/b/', source: b.source, url: '/old/', file: 'old/index.html' },
  redirects: { kind: 'redirects', entries: [['/old/', '/2024/02/12/b/']], url: '/redirects.json', file: 'redirects.json' },
};

const route = (kind: string): Route => ROUTES[kind] as Route;

describe('ROUTE_KINDS: one entry per kind of route', () => {
  it('has exactly the kinds a Route can have, each with its five parts', () => {
    expect(Object.keys(ROUTE_KINDS).sort()).toEqual(ALL_KINDS);
    expect(Object.keys(ROUTES).sort()).toEqual(ALL_KINDS);
    for (const kind of ALL_KINDS) {
      const entry = ROUTE_KINDS[kind as Route['kind']];
      expect([typeof entry.template, typeof entry.details, typeof entry.withPosts, typeof entry.portable, typeof entry.shows]).toEqual([
        'function',
        'function',
        'function',
        'boolean',
        'function',
      ]);
    }
  });

  it('a site with every output, a redirected post and a static file plans a route of every kind in the table', () => {
    const { config } = resolveConfig('title: t\nurl: https://example.com\n');
    const redirected = post('r', 11, { redirectFrom: ['/old/'], redirectTo: 'https://elsewhere.example.com/' });
    const recent = post('recent', 29);
    const site = buildSite([a, b, c, redirected, recent], [page('about.md')], config, NOW);
    const planned = planRoutes(site, [{ source: 'logo.svg', absolute: '/site/logo.svg', size: 1, mtimeMs: 1 }], NOW);
    expect(planned.diagnostics).toEqual([]);
    expect([...new Set(planned.routes.map((r) => r.kind))].sort()).toEqual(ALL_KINDS);
  });
});

describe('templateOf', () => {
  it('posts and pages their layout; lists, search and 404 their own template; code-built outputs none', () => {
    const templates = Object.fromEntries(ALL_KINDS.map((kind) => [kind, templateOf(route(kind))]));
    expect(templates).toEqual({
      '404': '404',
      archive: 'archive',
      categories: 'categories',
      category: 'category',
      feed: undefined,
      headers: undefined,
      index: 'index',
      'news-sitemap': undefined,
      page: 'plain',
      post: 'wide',
      redirect: undefined,
      redirects: undefined,
      robots: undefined,
      search: 'search',
      'search-index': undefined,
      sitemap: undefined,
      static: undefined,
      tag: 'tag',
    });
  });
});

describe('detailsShownBy: whose body, feature text and front matter a route shows', () => {
  it("a post page its post's, a feed its posts', nothing else anyone's", () => {
    for (const kind of ALL_KINDS) {
      const shown = detailsShownBy(route(kind)).map((p) => p.source);
      if (kind === 'post') expect(shown).toEqual([b.source]);
      else if (kind === 'feed') expect(shown).toEqual([c.source, b.source]);
      else expect(shown, kind).toEqual([]);
    }
  });
});

describe('withFreshPosts', () => {
  const fresh = (p: PostSummary) => ({ ...p, digest: `new ${p.digest}` });

  it('replaces the post of a post page and the posts of a feed, leaving the route it was given as it was', () => {
    const before = route('post');
    const after = withFreshPosts(before, fresh);
    expect(after.kind === 'post' && after.post.digest).toBe('new digest of b');
    expect(after).toEqual({ ...before, post: { ...b, digest: 'new digest of b' } });
    expect(before.kind === 'post' && before.post).toBe(b);
    const feed = withFreshPosts(route('feed'), fresh);
    expect(feed.kind === 'feed' && feed.posts.map((p) => p.digest)).toEqual(['new digest of c', 'new digest of b']);
    expect((route('feed') as Extract<Route, { kind: 'feed' }>).posts).toEqual([c, b]);
  });

  it('returns every other route itself: it shows no post details', () => {
    for (const kind of ALL_KINDS.filter((k) => k !== 'post' && k !== 'feed')) expect(withFreshPosts(route(kind), fresh), kind).toBe(route(kind));
  });
});

describe('isPortable', () => {
  it('only the kinds that show a bounded part of the site (one post, one page, one list page, the fixed pages)', () => {
    expect(ALL_KINDS.filter((kind) => isPortable(route(kind)))).toEqual(PORTABLE);
  });
});

/** ShownParts that name what they were asked for, so shownBy's lists read as what each route shows. */
function namingParts(site: Site): ShownParts {
  return {
    site,
    card: (p) => `card ${p.source}`,
    identity: (p) => `identity ${p.source}`,
    link: (p) => (p ? `link ${p.url}` : 'no link'),
    sitemap: () => 'sitemap entries',
  };
}

describe('shownBy: what each route shows besides the config, its template and the version', () => {
  const { config } = resolveConfig('title: t\n');
  const site: Site = { config, posts: [c, b, a], categories: [category, { name: '정치', key: '정치', posts: [b] }], tags: [], pages: [] };
  const parts = namingParts(site);

  it('per kind', () => {
    const shown = Object.fromEntries(ALL_KINDS.map((kind) => [kind, shownBy(route(kind), parts)]));
    expect(shown).toEqual({
      '404': [],
      archive: ['1', '1', `card ${c.source}`, `card ${b.source}`, `card ${a.source}`],
      categories: ['경제:경제:2|정치:정치:1'],
      category: ['경제', '1', '1', `card ${c.source}`, `card ${a.source}`],
      feed: [`identity ${c.source}`, `identity ${b.source}`],
      headers: [],
      index: ['1', '2', `card ${c.source}`, `card ${b.source}`, ''],
      'news-sitemap': [`${c.url}\0${c.dateIso}\0${c.title}`],
      page: ['render digest of about.md', '/about/'],
      post: [`identity ${b.source}`, `link ${a.url}`, `link ${c.url}`, `${c.url}\0${c.title}\0${c.dateIso}`],
      redirect: ['/2024/02/12/b/'],
      redirects: ['/old/\0/2024/02/12/b/'],
      robots: [],
      search: [],
      'search-index': [[c, b, a].map((p) => `card ${p.source}:identity ${p.source}`).join('\n')],
      sitemap: ['sitemap entries'],
      static: [],
      tag: ['태그', '1', '1', `card ${c.source}`, `card ${b.source}`, `card ${a.source}`],
    });
  });

  it("the home list taken over by jekyll-paginate's template page shows that page's render digest; a post page without neighbours shows no links", () => {
    const home: Route = { kind: 'index', list: list([c]), page: page('index.html'), url: '/', file: 'index.html' };
    expect(shownBy(home, parts)).toEqual(['1', '1', `card ${c.source}`, 'render digest of index.html']);
    const alone: Route = { kind: 'post', post: a, related: [], url: a.url, file: 'a.html' };
    expect(shownBy(alone, parts)).toEqual([`identity ${a.source}`, 'no link', 'no link', '']);
  });

  it("a post page shows its images' sizes and copies: a changed image re-renders it without a change of the post's bytes", () => {
    const media = { '/img.png': { width: 800, height: 600, key: 'k'.repeat(64), format: 'jpeg', variants: [] } };
    const pictured: Route = { kind: 'post', post: { ...a, media }, related: [], url: a.url, file: 'a.html' };
    expect(shownBy(pictured, parts)).toEqual([`identity ${a.source}`, 'no link', 'no link', '', JSON.stringify(media)]);
  });
});

describe('cardText: what a card shows', () => {
  const IMAGE: ImageInfo = { width: 800, height: 600, key: 'k'.repeat(64), format: 'jpeg', variants: [] };

  it('is the card fields, in order', () => {
    expect(CARD_FIELDS).toEqual(['title', 'url', 'date', 'dateIso', 'categories', 'excerptHtml', 'excerptText', 'image', 'media']);
    expect(cardText({ ...a, image: '/img.png' })).toBe(
      [a.title, a.url, a.date.toISOString(), a.dateIso, '경제', a.excerptHtml, a.excerptText, '/img.png', ''].join('\0'),
    );
  });

  it.each([
    ['title', { title: '새 제목' }],
    ['url', { url: '/elsewhere/' }],
    ['date', { date: new Date(Date.UTC(2024, 1, 10, 1)) }],
    ['dateIso', { dateIso: '2024-02-10T09:00:00+09:00' }],
    ['categories', { categories: ['경제', '정치'] }],
    ['excerptHtml', { excerptHtml: '<p>다른 요약</p>' }],
    ['excerptText', { excerptText: '다른 요약' }],
    ['image', { image: '/new.png' }],
  ] as const)('changes with %s', (field, change) => {
    expect(CARD_FIELDS).toContain(field);
    expect(cardText({ ...a, ...change })).not.toBe(cardText(a));
  });

  it("changes with the lead image's size and copies, not with the body's images", () => {
    const withImage = { ...a, image: '/img.png' };
    expect(cardText({ ...withImage, media: { '/img.png': IMAGE } })).not.toBe(cardText(withImage));
    expect(cardText({ ...withImage, media: { '/img.png': IMAGE } })).not.toBe(cardText({ ...withImage, media: { '/img.png': { ...IMAGE, width: 801 } } }));
  });

  it('two categories are not one whose name has a comma', () => {
    expect(cardText({ ...a, categories: ['경제', '정치'] })).not.toBe(cardText({ ...a, categories: ['경제,정치'] }));
  });

  it.each([
    ['tags', { tags: ['다른 태그'] }],
    ['digest', { digest: 'another digest' }],
    ['removed', { removed: [{ what: '<script>' }] }],
    ['slug', { slug: 'other' }],
    ['layout', { layout: 'wide' }],
    ['media of body images only', { media: { '/body.png': IMAGE } }],
  ] as const)('does not change with %s', (_field, change) => {
    expect(cardText({ ...a, ...change } as PostSummary)).toBe(cardText(a));
  });
});

describe('bodyEditKey: what of a post file pages other than its own can show', () => {
  const outcome = (summary: PostSummary | undefined, extra: Partial<PostFileOutcome> = {}): PostFileOutcome => ({
    diagnostics: [],
    ...(summary ? { summary } : {}),
    ...extra,
  });
  const base = bodyEditKey(outcome(a));

  it('ignores the digest and what the sanitiser removed: the body changes them, other pages do not show them', () => {
    expect(bodyEditKey(outcome({ ...a, digest: 'edited' }))).toBe(base);
    expect(bodyEditKey(outcome({ ...a, removed: [{ what: 'onclick on <img>', line: 3, column: 1 }] }))).toBe(base);
  });

  it.each([
    ['the title', { title: '새 제목' }],
    ['the excerpt (HTML)', { excerptHtml: '<p>다른 요약</p>' }],
    ['the excerpt (text)', { excerptText: '다른 요약' }],
    ['the categories', { categories: ['정치'] }],
    ['the date', { date: new Date(Date.UTC(2024, 1, 9)) }],
    ['the date as shown', { dateIso: '2024-02-10T09:00:00+09:00' }],
    ['the URL', { url: '/moved/' }],
    ['the tags', { tags: [] }],
    ['the image', { image: '/img.png' }],
    ['the layout', { layout: 'wide' }],
    ['leaving the sitemaps', { sitemap: false as const }],
    ['a redirect', { redirectTo: 'https://example.com/' }],
  ])('changes with %s', (_what, change) => {
    expect(bodyEditKey(outcome({ ...a, ...change } as PostSummary))).not.toBe(base);
  });

  it('changes with the diagnostics, with a date taken from the modification time, and when the post no longer parses', () => {
    expect(bodyEditKey(outcome(a, { diagnostics: [{ file: a.source, severity: 'warning', message: 'x' }] }))).not.toBe(base);
    expect(bodyEditKey(outcome(a, { datedByModificationTime: true }))).not.toBe(base);
    expect(bodyEditKey(outcome(undefined))).not.toBe(base);
  });

  it('shownHash is the sha1 of bodyEditKey', () => {
    expect(shownHash(outcome(a))).toBe(hash('sha1', base, 'hex'));
    expect(shownHash(outcome({ ...a, digest: 'edited' }))).toBe(shownHash(outcome(a)));
  });
});
