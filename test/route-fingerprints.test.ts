/**
 * Route fingerprints (src/build/fingerprint.ts): equal inputs give equal
 * fingerprints, and each kind of change reaches exactly the routes whose
 * output it changes: a post's bytes its page and its feeds, a title the lists
 * that show it and its neighbours' pages, a template the routes whose
 * template closure includes it, the site's counts only templates that read
 * them. On the small news site of test/fixtures/watch/site.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintEach, fingerprintRoutes } from '../src/build/fingerprint.js';
import { resolveConfig } from '../src/config.js';
import type { TemplateSet } from '../src/content/template-files.js';
import { createSiteContext } from '../src/render/context.js';
import { renderRoute } from '../src/render/outputs.js';
import { createTemplates, type Templates } from '../src/render/templates.js';
import { planRoutes, type Route } from '../src/site/routes.js';
import { buildSite, type Site } from '../src/site/site.js';
import type { PostSummary } from '../src/types.js';
import { entryOf, makePlanSite, NOW, type PlanSite, removePlanSites } from './fixtures/plan/site.js';

afterAll(removePlanSites);

const fixture = makePlanSite('fingerprints');

/** Output file → fingerprint. */
function byFile(routes: readonly Route[], site: Site, templates: Templates): Map<string, string> {
  return new Map([...fingerprintRoutes(routes, site, templates)].map(([route, fingerprint]) => [route.file, fingerprint]));
}

const before = byFile(fixture.routes, fixture.site, fixture.templates);

/** The files whose fingerprints differ from `before` (or that only one side has), sorted. */
function changed(after: ReadonlyMap<string, string>): string[] {
  const files = new Set([...before.keys(), ...after.keys()]);
  return [...files].filter((file) => before.get(file) !== after.get(file)).sort();
}

/** The site and routes again, with some posts' summaries replaced (what re-parsing edited posts gives). */
function replan(plan: PlanSite, edits: Record<number, Partial<PostSummary>>): { site: Site; routes: Route[] } {
  const summaries = plan.entries.map((entry) => {
    const index = plan.posts.findIndex((post) => post.source === entry.source);
    return { ...(entry.summary as PostSummary), ...(edits[index] ?? {}) };
  });
  const site = buildSite(summaries, [], plan.config, NOW);
  return { site, routes: planRoutes(site, plan.statics, NOW).routes };
}

/** The fixture's templates with some texts replaced. */
function templatesWith(files: Record<string, (text: string) => string>): Templates {
  const set = fixture.templates.set;
  const replaced = Object.fromEntries(
    Object.entries(files).map(([name, edit]) => [name, { path: `/edited/${name}`, text: edit(set.files[name]?.text ?? '') }]),
  );
  const edited: TemplateSet = { ...set, files: { ...set.files, ...replaced }, key: `${set.key} edited` };
  return createTemplates(edited);
}

const pageOf = (index: number) => fixture.posts[index]?.output as string;
const ALL_RENDERED = fixture.routes.filter((route) => route.kind !== 'static').map((route) => route.file);
const FILES_OF = (...kinds: Route['kind'][]) =>
  fixture.routes
    .filter((route) => kinds.includes(route.kind))
    .map((route) => route.file)
    .sort();

describe('fingerprintRoutes', () => {
  it('one fingerprint per route but static files, all different (each names its URL)', () => {
    expect([...before.keys()]).toEqual(ALL_RENDERED);
    expect(new Set(before.values()).size).toBe(ALL_RENDERED.length);
    for (const fingerprint of before.values()) expect(fingerprint).toMatch(/^[0-9a-f]{40}$/);
  });

  it('the same site parsed again elsewhere (another folder, other objects) has the same fingerprints', () => {
    const again = makePlanSite('fingerprints-again');
    expect(again.routes).not.toBe(fixture.routes);
    expect(byFile(again.routes, again.site, again.templates)).toEqual(before);
  });

  it('fingerprintEach gives the same, one by one, in route order', () => {
    const each = [...fingerprintEach(fixture.routes, fixture.site, fixture.templates)];
    expect(each.map(([route]) => route.file)).toEqual(ALL_RENDERED);
    expect(new Map(each.map(([route, fingerprint]) => [route.file, fingerprint]))).toEqual(before);
  });
});

describe("a post's bytes (its digest)", () => {
  // The search index holds the body's words (a body edit patches it apart: build/search-edits.ts).
  it('the newest post: its page, the feeds that carry it and the search index, not the lists', () => {
    const { site, routes } = replan(fixture, { 23: { digest: 'edited' } });
    expect(changed(byFile(routes, site, fixture.templates))).toEqual([pageOf(23), 'feed.xml', 'feed/경제.xml', 'feed/사회.xml', 'search/index.json'].sort());
  });

  it('the oldest post, in no feed: its page and the search index', () => {
    const { site, routes } = replan(fixture, { 0: { digest: 'edited' } });
    expect(changed(byFile(routes, site, fixture.templates))).toEqual([pageOf(0), 'search/index.json'].sort());
  });
});

describe("a post's title (its bytes change with it)", () => {
  it("post 10: its page, its neighbours' pages, the list pages and related lists that show it, its feed, the search index", () => {
    expect(entryOf(fixture, 10).summary?.categories).toEqual(['정치']);
    const { site, routes } = replan(fixture, { 10: { title: '새 제목', digest: 'edited' } });
    expect(changed(byFile(routes, site, fixture.templates))).toEqual(
      [
        pageOf(10),
        pageOf(9),
        pageOf(11),
        // 14th newest of 24, 5 a page; 5th of 정치's 8; 6th of January's 16.
        'page3/index.html',
        '2024/page3/index.html',
        '2024/01/page2/index.html',
        'categories/정치/index.html',
        'feed/정치.xml',
        'search/index.json',
        // The other 정치 posts: each one's related list (5 of the 7 others, newest first) shows post 10.
        ...[1, 4, 7, 13, 16, 19, 22].map(pageOf),
      ].sort(),
    );
  });

  it('a title change alone, the bytes as they were (not what a parse gives, but what fingerprints cover): the feed is not among them', () => {
    const { site, routes } = replan(fixture, { 10: { title: '새 제목' } });
    expect(changed(byFile(routes, site, fixture.templates))).not.toContain('feed/정치.xml');
    expect(changed(byFile(routes, site, fixture.templates))).toContain(pageOf(9));
  });
});

describe("a post's date without its bytes", () => {
  it('post 0 dated two days later, its bytes and URL as they were: its page is among the routes that change', () => {
    const moved = new Date(Date.UTC(2024, 0, 3, 0, 0, 0));
    const { site, routes } = replan(fixture, { 0: { date: moved, dateIso: '2024-01-03T09:00:00+09:00' } });
    expect(changed(byFile(routes, site, fixture.templates))).toContain(pageOf(0));
  });
});

describe('a template', () => {
  it('the post card partial: the list pages that import it, nothing else', () => {
    const templates = templatesWith({ 'partials/post-card.njk': (text) => `${text}{# edited #}\n` });
    expect(changed(byFile(fixture.routes, fixture.site, templates))).toEqual(FILES_OF('index', 'category', 'archive'));
  });

  it('the picture partial: the post pages (their hero) and the list pages (their cards)', () => {
    const templates = templatesWith({ 'partials/picture.njk': (text) => `${text}{# edited #}\n` });
    expect(changed(byFile(fixture.routes, fixture.site, templates))).toEqual(FILES_OF('post', 'index', 'category', 'archive'));
  });

  it('post.njk: the post pages only', () => {
    const templates = templatesWith({ 'post.njk': (text) => `${text}{# edited #}\n` });
    expect(changed(byFile(fixture.routes, fixture.site, templates))).toEqual(FILES_OF('post'));
  });

  it('base.njk: every page rendered through a template; no feed, sitemap, robots.txt, _headers or search index', () => {
    const templates = templatesWith({ 'base.njk': (text) => `${text}{# edited #}\n` });
    expect(changed(byFile(fixture.routes, fixture.site, templates))).toEqual(FILES_OF('post', 'index', 'category', 'archive', 'categories', 'search', '404'));
  });

  it('a template no route renders through: nothing', () => {
    const templates = templatesWith({ 'page.njk': (text) => `${text}{# edited #}\n` });
    expect(changed(byFile(fixture.routes, fixture.site, templates))).toEqual([]);
  });
});

describe("the site's counts", () => {
  // Another post counted (the site's total and 경제's), the routes as they were: only what shows counts can change.
  const extra = { ...(entryOf(fixture, 0).summary as PostSummary), source: '_posts/extra.md', url: '/extra/' };
  const counted: Site = {
    ...fixture.site,
    posts: [...fixture.site.posts, extra],
    categories: fixture.site.categories.map((category) => (category.key === '경제' ? { ...category, posts: [...category.posts, extra] } : category)),
  };

  it('reach the templates whose code reads `count` (the sidebar of lists, the categories page), the categories page and the search index, not post pages', () => {
    expect(['post', 'search', '404'].map((name) => fixture.templates.showsCounts(name))).toEqual([false, false, false]);
    expect(changed(byFile(fixture.routes, counted, fixture.templates))).toEqual(FILES_OF('index', 'category', 'archive', 'categories', 'search-index'));
  });

  it('reach post pages too once post.njk reads `site.posts_count`', () => {
    const templates = templatesWith({ 'post.njk': (text) => text.replace('{% block content %}', '{% block content %}<p>{{ site.posts_count }}</p>') });
    expect(templates.showsCounts('post')).toBe(true);
    const base = byFile(fixture.routes, fixture.site, templates);
    const after = byFile(fixture.routes, counted, templates);
    const differ = [...base.keys()].filter((file) => base.get(file) !== after.get(file)).sort();
    expect(differ).toEqual(FILES_OF('post', 'index', 'category', 'archive', 'categories', 'search-index'));
  });
});

describe('the config', () => {
  it('any key changes every route (static files have none)', () => {
    const site: Site = { ...fixture.site, config: { ...fixture.config, description: '다른 설명' } };
    expect(changed(byFile(fixture.routes, site, fixture.templates))).toEqual([...ALL_RENDERED].sort());
  });
});

describe("a category's name as shown (the spelling most of its posts use)", () => {
  // Nine categories of 12 posts fill the navigation (NAV_CATEGORIES, 8) and one more; the tenth, of 11 posts on three list pages,
  // is spelled `Sports` by six posts and `sports` by five. Respelling its newest post (on page 1) flips the name to `sports`.
  const { config } = resolveConfig('title: t\nurl: https://news.example.com\npaginate: 5\n');
  const summary = (n: number, category: string, digest = `digest ${n}`): PostSummary => {
    const date = new Date(Date.UTC(2024, 0, 1 + n));
    return {
      source: `_posts/p${String(n).padStart(3, '0')}.md`,
      digest,
      slug: `p${n}`,
      title: `기사 ${n}`,
      date,
      dateIso: date.toISOString(),
      categories: [category],
      tags: [],
      excerptHtml: '',
      excerptText: '',
      url: `/p${n}/`,
      layout: 'post',
      draft: false,
      published: true,
      removed: [],
    };
  };
  const siteOf = (newest: string) => {
    const posts: PostSummary[] = [];
    for (let n = 0; n < 9 * 12; n++) posts.push(summary(n, `cat${Math.floor(n / 12)}`));
    for (let k = 0; k < 11; k++) posts.push(summary(108 + k, k === 10 ? newest : k < 5 ? 'Sports' : 'sports', k === 10 ? `digest ${newest}` : undefined));
    const later = new Date('2025-01-01T00:00:00Z');
    const site = buildSite(posts, [], config, later);
    return { site, routes: planRoutes(site, [], later).routes };
  };
  const before = siteOf('Sports');
  const after = siteOf('sports');
  const PAGES = ['categories/sports/page2/index.html', 'categories/sports/page3/index.html'];
  const fingerprintsOf = ({ site, routes }: ReturnType<typeof siteOf>) => byFile(routes, site, fixture.templates);
  const outputOf = ({ site, routes }: ReturnType<typeof siteOf>, file: string) => {
    const session = {
      site,
      routes,
      templates: fixture.templates,
      siteContext: createSiteContext(site),
      detailsOf: () => ({ html: '', featureHtml: '', data: {} }),
    };
    return [...renderRoute(routes.find((route) => route.file === file) as Route, session)][0]?.data;
  };

  it('changes the title of every page of its list, the pages that do not show the respelled post too', () => {
    expect([before.site.categories[9]?.name, after.site.categories[9]?.name]).toEqual(['Sports', 'sports']);
    for (const file of PAGES) {
      expect(outputOf(before, file)).toContain('<title>Sports');
      expect(outputOf(after, file)).toContain('<title>sports');
    }
    expect(fingerprintsOf(after).get('categories/sports/index.html')).not.toBe(fingerprintsOf(before).get('categories/sports/index.html'));
  });

  it("so their fingerprints change: the list's other pages are rendered again", () => {
    const [was, is] = [fingerprintsOf(before), fingerprintsOf(after)];
    expect(PAGES.filter((file) => was.get(file) === is.get(file))).toEqual([]);
  });
});
