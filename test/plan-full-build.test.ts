/**
 * The full build's planner (src/build/planners/full.ts), pure: every route
 * of the site; with a previous manifest, routes whose fingerprints it has
 * (and whose files it lists) kept, the rest rendered; the sitemap kept with
 * all its files; static files copied unless a rebuild knows them unchanged
 * and in place. On the small news site of test/fixtures/watch/site.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintRoutes } from '../src/build/fingerprint.js';
import { type FullPlanInput, planFull } from '../src/build/planners/full.js';
import { createManifest, type Manifest } from '../src/output/manifest.js';
import type { Route } from '../src/site/routes.js';
import { makePlanSite, removePlanSites } from './fixtures/plan/site.js';

afterAll(removePlanSites);

const fixture = makePlanSite('plan-full');
const LOGO = 'assets/img/logo.svg';
const rendered = fixture.routes.filter((route) => route.kind !== 'static');
const renderedFiles = rendered.map((route) => route.file);
/** Output file → fingerprint of every route, as the last build's manifest records them. */
const fingerprints = Object.fromEntries(
  [...fingerprintRoutes(fixture.routes, fixture.site, fixture.templates)].map(([route, fingerprint]) => [route.file, fingerprint]),
);

/** The manifest of a build of this very site: every file, every fingerprint, `more` files and changed fingerprints on top. */
function manifestOf(options: { routes?: Record<string, string>; files?: string[]; without?: string[] } = {}): Manifest {
  const files = [...renderedFiles, LOGO, ...(options.files ?? [])].filter((file) => !options.without?.includes(file));
  return createManifest(files, { ...fingerprints, ...(options.routes ?? {}) });
}

function plan(input: Partial<FullPlanInput> = {}) {
  return planFull({
    site: fixture.site,
    routes: fixture.routes,
    templates: fixture.templates,
    bodies: fixture.bodies,
    previous: undefined,
    staticsChanged: undefined,
    ...input,
  });
}

const files = (routes: readonly Route[]) => routes.map((route) => route.file);

describe('planFull, a first build into the destination (no manifest)', () => {
  const first = plan();

  it("renders every route but static files, in the site's order; copies the static files; keeps nothing", () => {
    expect(first.kind).toBe('full');
    expect(first.render).toEqual(rendered);
    expect(first.copy).toEqual([{ file: LOGO, from: fixture.statics[0]?.absolute }]);
    expect(first.keep).toEqual([]);
  });

  it('leaves the fingerprints to be computed while rendering, and commits the whole site over nothing', () => {
    expect(first.fingerprints).toBe('while-rendering');
    expect(first.commit).toEqual({ kind: 'site', previous: undefined });
  });

  it('carries the site, all its routes, templates and bodies as given', () => {
    expect(first.site).toBe(fixture.site);
    expect(first.routes).toBe(fixture.routes);
    expect(first.templates).toBe(fixture.templates);
    expect(first.bodies).toBe(fixture.bodies);
    expect(first.shared).toBeUndefined();
  });

  it('copies every static file even when told which changed: with no manifest none is known to be in place', () => {
    expect(plan({ staticsChanged: new Set() }).copy.map((copy) => copy.file)).toEqual([LOGO]);
  });
});

describe('planFull, a rebuild over the manifest of the same site', () => {
  const previous = manifestOf();
  const again = plan({ previous });

  it('renders nothing and keeps every file, in route order', () => {
    expect(again.render).toEqual([]);
    expect(again.keep).toEqual(renderedFiles);
    expect(again.copy).toEqual([{ file: LOGO, from: fixture.statics[0]?.absolute }]);
  });

  it("has every route's fingerprint for the manifest, and commits the whole site over the previous one", () => {
    expect(again.fingerprints).not.toBe('while-rendering');
    const planned = again.fingerprints as ReadonlyMap<Route, string>;
    expect(Object.fromEntries([...planned].map(([route, fingerprint]) => [route.file, fingerprint]))).toEqual(fingerprints);
    expect(again.commit).toEqual({ kind: 'site', previous });
    expect(again.commit.kind === 'site' && again.commit.previous).toBe(previous);
  });

  it('does not change the manifest or the routes it is given', () => {
    const routes = [...fixture.routes];
    const text = JSON.stringify(previous);
    plan({ previous, routes });
    expect(routes).toEqual(fixture.routes);
    expect(JSON.stringify(previous)).toBe(text);
  });
});

describe('planFull, what a manifest makes it render', () => {
  it('a route whose fingerprint differs, or that the manifest has none for, is rendered; the others kept', () => {
    const routes: Record<string, string> = { ...fingerprints, 'feed.xml': 'another fingerprint', 'index.html': '' };
    delete routes['search/index.html'];
    const withoutSearch = createManifest([...renderedFiles, LOGO], routes);
    const result = plan({ previous: withoutSearch });
    expect(files(result.render)).toEqual(['index.html', 'feed.xml', 'search/index.html']);
    expect(result.keep).toEqual(renderedFiles.filter((file) => !['index.html', 'feed.xml', 'search/index.html'].includes(file)));
  });

  it('a route whose file the manifest does not list is rendered, though its fingerprint is there', () => {
    const result = plan({ previous: manifestOf({ without: ['404.html', 'robots.txt'] }) });
    expect(files(result.render)).toEqual(['404.html', 'robots.txt']);
    expect(result.keep).not.toContain('404.html');
  });

  it('a manifest of another site (no fingerprint in common) renders everything and keeps nothing', () => {
    const result = plan({ previous: createManifest(['other.html'], { 'other.html': 'x' }) });
    expect(result.render).toEqual(rendered);
    expect(result.keep).toEqual([]);
  });
});

describe('planFull, the sitemap', () => {
  it('kept: the files the sitemap writes for its entries (one file below 50,000 URLs), not others the manifest lists under such names', () => {
    const previous = manifestOf({ files: ['sitemap-1.xml', 'sitemap-2.xml', 'sitemap-10.xml', 'sitemap-x.xml', 'old/sitemap.xml', 'sitemap.xml.gz'] });
    const result = plan({ previous });
    expect(result.render).toEqual([]);
    expect(result.keep.filter((file) => /sitemap/.test(file))).toEqual(['sitemap.xml', 'sitemap-news.xml']);
    expect(result.keep.filter((file) => file === 'sitemap-news.xml')).toHaveLength(1);
  });

  it('changed: rendered once, and none of its old files kept', () => {
    const result = plan({ previous: manifestOf({ files: ['sitemap-1.xml', 'sitemap-2.xml'], routes: { 'sitemap.xml': 'old' } }) });
    expect(files(result.render)).toEqual(['sitemap.xml']);
    expect(result.keep.filter((file) => /^sitemap(-\d+)?\.xml$/.test(file))).toEqual([]);
  });
});

describe('planFull, static files in a rebuild', () => {
  const previous = manifestOf();
  const absolute = fixture.statics[0]?.absolute;

  it('told which changed: one that did not and that the manifest lists is kept, not copied', () => {
    const result = plan({ previous, staticsChanged: new Set(['_posts/2024-01-01-post-00.md']) });
    expect(result.copy).toEqual([]);
    expect(result.keep).toEqual([...renderedFiles, LOGO]);
  });

  it('one that changed is copied', () => {
    const result = plan({ previous, staticsChanged: new Set([LOGO]) });
    expect(result.copy).toEqual([{ file: LOGO, from: absolute }]);
    expect(result.keep).not.toContain(LOGO);
  });

  it('one that did not change but the manifest does not list (removed by hand, or never published) is copied', () => {
    const result = plan({ previous: manifestOf({ without: [LOGO] }), staticsChanged: new Set() });
    expect(result.copy).toEqual([{ file: LOGO, from: absolute }]);
  });

  it('not told which changed: every static file is copied (its bytes are compared when staged)', () => {
    expect(plan({ previous }).copy).toEqual([{ file: LOGO, from: absolute }]);
  });
});

describe('sitemapFiles', () => {
  it('one file up to the limit; above it an index and one part per limit of URLs', async () => {
    const { sitemapFiles } = await import('../src/feeds/sitemap.js');
    expect(sitemapFiles(3)).toEqual(['sitemap.xml']);
    expect(sitemapFiles(50_000)).toEqual(['sitemap.xml']);
    expect(sitemapFiles(50_001)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml']);
    expect(sitemapFiles(5, 2)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml']);
  });

  it('names exactly the files renderSitemaps writes', async () => {
    const { renderSitemaps, sitemapFiles } = await import('../src/feeds/sitemap.js');
    for (const count of [1, 2, 3, 5, 7]) {
      const entries = Array.from({ length: count }, (_, i) => ({ loc: `https://example.com/${i}/` }));
      const written = renderSitemaps(entries, { siteRoot: 'https://example.com/', maxUrls: 2 }).map((file) => file.path);
      expect(written).toEqual(sitemapFiles(count, 2));
    }
  });
});
