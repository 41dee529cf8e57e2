/**
 * The plan of a body edit known from the last build in memory
 * (src/build/planners/body-edit.ts planBodyEdit): the BuildPlan it returns.
 * Which edits it takes on is test/body-edit.test.ts (editedRoutes); here,
 * on the small news site of test/fixtures/watch/site.ts, what the plan holds:
 * a replace commit of the last build's files, its routes with the edited
 * posts' routes replaced, those routes to render with their fingerprints,
 * and the last build left as it was.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintRoutes } from '../src/build/fingerprint.js';
import { planBodyEdit } from '../src/build/planners/body-edit.js';
import type { ParsedEntry } from '../src/cache/entry.js';
import type { Route } from '../src/site/routes.js';
import type { PostSummary } from '../src/types.js';
import { entryOf, lastBuildOf, makePlanSite, removePlanSites } from './fixtures/plan/site.js';

afterAll(removePlanSites);

const fixture = makePlanSite('plan-body-edit');
const files = [...fixture.routes.map((route) => route.file), 'sitemap-1.xml', '.well-known/foreign.txt'];
const context = { templates: fixture.templates, bodies: fixture.bodies };

/** The entry of post `i` re-parsed after a body edit: a new digest, everything else as it was. */
function edited(i: number, summary: Partial<PostSummary> = {}): ParsedEntry {
  const entry = entryOf(fixture, i);
  return { ...entry, digest: `edited ${i}`, summary: { ...(entry.summary as PostSummary), digest: `edited ${i}`, ...summary } };
}

const pageOf = (i: number) => fixture.posts[i]?.output as string;
const indexOf = (file: string) => fixture.routes.findIndex((route) => route.file === file);

describe('planBodyEdit', () => {
  it("the newest post: its page and the three feeds that carry it, in the order of the site's routes", () => {
    const last = lastBuildOf(fixture, files);
    const entry = edited(23);
    const plan = planBodyEdit(last, [entry], context);
    expect(plan).toBeDefined();
    if (!plan) return;
    expect(plan.kind).toBe('body-edit');
    expect(plan.render.map((route) => route.file)).toEqual([pageOf(23), 'feed.xml', 'feed/경제.xml', 'feed/사회.xml']);
    const [page, ...feeds] = plan.render;
    expect(page?.kind === 'post' && page.post).toBe(entry.summary);
    for (const feed of feeds) expect(feed.kind === 'feed' && feed.posts[0]).toBe(entry.summary);
    expect(plan.copy).toEqual([]);
    expect(plan.keep).toEqual([]);
    expect(plan.site).toBe(last.site);
    expect(plan.templates).toBe(fixture.templates);
    expect(plan.bodies).toBe(fixture.bodies);
    expect(plan.shared).toBeUndefined();
  });

  it("commits replacements of the last build's files (its manifest's, foreign files and all)", () => {
    const last = lastBuildOf(fixture, files);
    const plan = planBodyEdit(last, [edited(0)], context);
    expect(plan?.commit).toEqual({ kind: 'replace', owned: last.files });
    expect(plan?.commit.kind === 'replace' && plan.commit.owned).toBe(last.files);
  });

  it("its routes are the last build's, each the same object but the replaced ones, at their places", () => {
    const last = lastBuildOf(fixture, files);
    const plan = planBodyEdit(last, [edited(23)], context);
    const replaced = new Set([pageOf(23), 'feed.xml', 'feed/경제.xml', 'feed/사회.xml'].map(indexOf));
    expect(plan?.routes).toHaveLength(last.routes.length);
    plan?.routes.forEach((route, at) => {
      expect(route.file).toBe(last.routes[at]?.file);
      if (replaced.has(at)) {
        expect(route).not.toBe(last.routes[at]);
        expect(plan.render).toContain(route);
      } else expect(route).toBe(last.routes[at]);
    });
  });

  it('fingerprints the routes it renders, as a full build of the edited site would', () => {
    const last = lastBuildOf(fixture, files);
    const plan = planBodyEdit(last, [edited(23), edited(0)], context);
    expect(plan?.fingerprints).not.toBe('while-rendering');
    const fingerprints = plan?.fingerprints as ReadonlyMap<Route, string>;
    expect([...fingerprints.keys()]).toEqual(plan?.render);
    expect(fingerprints).toEqual(fingerprintRoutes(plan?.render ?? [], last.site, fixture.templates));
    // A full plan of the routes with the replacements fingerprints them alike.
    const full = fingerprintRoutes(plan?.routes ?? [], last.site, fixture.templates);
    for (const [route, fingerprint] of fingerprints) expect(full.get(route)).toBe(fingerprint);
  });

  it("leaves the last build's routes, site, entries and files as they were", () => {
    const last = lastBuildOf(fixture, files);
    const routes = [...last.routes];
    const posts = [...last.site.posts];
    const entries = new Map(last.entries);
    const feed = last.routes[indexOf('feed.xml')];
    const feedPosts = feed?.kind === 'feed' ? [...feed.posts] : [];
    planBodyEdit(last, [edited(23), edited(12)], context);
    expect(last.routes).toEqual(routes);
    for (const [at, route] of last.routes.entries()) expect(route).toBe(routes[at]);
    expect(last.site.posts).toEqual(posts);
    expect(feed?.kind === 'feed' && [...feed.posts]).toEqual(feedPosts);
    expect(last.entries).toEqual(entries);
    expect([...last.files]).toEqual(files);
  });

  it('a title edited too: undefined (a full build)', () => {
    expect(planBodyEdit(lastBuildOf(fixture, files), [edited(0), edited(12, { title: '새 제목' })], context)).toBeUndefined();
  });

  it('no post edited: a plan that renders nothing', () => {
    const plan = planBodyEdit(lastBuildOf(fixture, files), [], context);
    expect(plan?.render).toEqual([]);
    expect(plan?.fingerprints).toEqual(new Map());
  });

  it("two posts edited, the older given first: their routes still in the order of the site's routes", () => {
    const plan = planBodyEdit(lastBuildOf(fixture, files), [edited(10), edited(23)], context);
    const order = plan?.render.map((route) => indexOf(route.file));
    expect(order).toEqual([...(order ?? [])].sort((x, y) => x - y));
  });
});
