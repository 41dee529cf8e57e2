/**
 * The edit-index planner (src/build/planners/edit-index.ts), pure: which
 * posts the index can rebuild alone (editablePosts), which changed since it
 * was written when nothing else did (changedPosts), whether they show other
 * pages what the index recorded (shownAsIndexed), and the plan of their
 * pages (planEditIndex). The index is written and read by cache/edit-index.ts
 * for the small news site of test/fixtures/watch/site.ts (24 posts; the 5
 * newest in the home feed, and each category's 5 newest in its feed).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintRoutes } from '../src/build/fingerprint.js';
import { changedPosts, editablePosts, planEditIndex, shownAsIndexed } from '../src/build/planners/edit-index.js';
import { type EditIndex, readEditIndex, readRoute, writeEditIndex } from '../src/cache/edit-index.js';
import type { ParsedEntry } from '../src/cache/entry.js';
import type { PostSourceFile, SourceFile } from '../src/content/discover.js';
import { createManifest, writeManifest } from '../src/output/manifest.js';
import { createSiteContext } from '../src/render/context.js';
import { shownHash } from '../src/render/route-kinds.js';
import type { Route } from '../src/site/routes.js';
import type { PostSummary } from '../src/types.js';
import { sharedContext } from '../src/workers/render-task.js';
import { entryOf, KEY, lastBuildOf, makePlanSite, removePlanSites } from './fixtures/plan/site.js';

afterAll(removePlanSites);

const fixture = makePlanSite('plan-edit-index');
const last = lastBuildOf(
  fixture,
  fixture.routes.map((route) => route.file),
);
const sourceOf = (index: number) => fixture.posts[index]?.source as string;
/** Posts in no feed: 0 to 9, 12 and 15 (the feeds carry 10, 11, 13, 14 and 16 to 23). */
const EDITABLE = [15, 12, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];

const posts: PostSourceFile[] = fixture.posts.map((post) => ({ ...fileOf(post.source), draft: false }));
const inputs: SourceFile[] = [...posts.map(({ draft: _draft, ...file }) => file), ...fixture.statics];

function fileOf(source: string): SourceFile {
  const entry = fixture.entries.find((candidate) => candidate.source === source) as ParsedEntry;
  return { source, absolute: join(fixture.source, source), size: entry.size, mtimeMs: entry.mtimeMs };
}

/** The index a full build of the fixture leaves, as the next build reads it. */
function writtenIndex(): { dir: string; index: EditIndex } {
  const dir = join(fixture.root, 'edit-index');
  const destination = join(fixture.root, 'out');
  mkdirSync(dir, { recursive: true });
  mkdirSync(destination, { recursive: true });
  writeManifest(destination, createManifest(last.files, {}));
  const fingerprints = Object.fromEntries(
    [...fingerprintRoutes(fixture.routes, fixture.site, fixture.templates)].map(([route, fingerprint]) => [route.file, fingerprint]),
  );
  writeEditIndex({
    dir,
    cacheKey: KEY,
    key: 'the key',
    destination,
    inputs,
    editable: editablePosts(last),
    validUntil: Number.POSITIVE_INFINITY,
    fingerprints,
    shared: sharedContext(createSiteContext(fixture.site)),
    report: { posts: 24, pages: 0, files: last.files.size, diagnostics: [], removals: [] },
  });
  const index = readEditIndex(dir, 'the key', destination, KEY);
  if (!index) throw new Error('the edit index was not read back');
  return { dir, index };
}

const { dir, index } = writtenIndex();

/** The input files with some changed (size or modification time). */
function touched(changes: Record<string, Partial<SourceFile>>): SourceFile[] {
  return inputs.map((file) => ({ ...file, ...(changes[file.source] ?? {}) }));
}

describe('editablePosts', () => {
  it('the posts whose details show on their own page only, with their page route and bodyEditKey hash', () => {
    const editable = editablePosts(last);
    expect(editable.map((post) => post.source)).toEqual(EDITABLE.map(sourceOf));
    for (const post of editable) {
      const entry = last.entries.get(post.source) as ParsedEntry;
      expect(post.shown).toBe(shownHash(entry));
      expect(post.route).toBe(fixture.routes.find((route) => route.kind === 'post' && route.post.source === post.source));
    }
  });

  it('an entry without its hash (an older cache) has it computed; a post the last build has no entry for is left out', () => {
    const entries = new Map(last.entries);
    const { shown: _shown, ...bare } = entries.get(sourceOf(0)) as ParsedEntry;
    entries.set(sourceOf(0), bare);
    entries.delete(sourceOf(1));
    const editable = editablePosts({ ...last, entries });
    expect(editable.map((post) => post.source)).toEqual(EDITABLE.filter((i) => i !== 1).map(sourceOf));
    expect(editable.find((post) => post.source === sourceOf(0))?.shown).toBe(shownHash(bare));
  });

  it('a post whose details show only in a feed (its page a redirect) is not editable', () => {
    const redirect: Route = {
      kind: 'redirect',
      from: '/x/',
      to: 'https://example.com/',
      source: sourceOf(23),
      url: '/2024/02/16/post-23/',
      file: '2024/02/16/post-23/index.html',
    };
    const routes = fixture.routes.map((route) => (route.kind === 'post' && route.post.source === sourceOf(23) ? redirect : route));
    const bodyRoutes = new Map(last.bodyRoutes);
    bodyRoutes.set(sourceOf(23), [routes.findIndex((route) => route.file === 'feed.xml')]);
    expect(editablePosts({ ...last, routes, bodyRoutes }).map((post) => post.source)).toEqual(EDITABLE.map(sourceOf));
  });
});

describe('changedPosts', () => {
  it('nothing changed: no posts (an empty list, not a full build)', () => {
    expect(changedPosts(index, inputs, posts)).toEqual([]);
  });

  it('editable posts whose size or modification time changed: those posts, in the order of the post files', () => {
    const changed = changedPosts(index, touched({ [sourceOf(12)]: { mtimeMs: 1 }, [sourceOf(0)]: { size: 1 } }), posts);
    expect(changed?.map((post) => post.source)).toEqual([sourceOf(0), sourceOf(12)]);
    expect(changed?.[0]).toBe(posts[0]);
  });

  it('a post in a feed changed: a full build', () => {
    expect(changedPosts(index, touched({ [sourceOf(23)]: { mtimeMs: 1 } }), posts)).toBeUndefined();
    expect(changedPosts(index, touched({ [sourceOf(0)]: { mtimeMs: 1 }, [sourceOf(10)]: { mtimeMs: 1 } }), posts)).toBeUndefined();
  });

  it('a static file changed: a full build', () => {
    expect(changedPosts(index, touched({ 'assets/img/logo.svg': { size: 9999 } }), posts)).toBeUndefined();
  });

  it('a file added, removed, or one in place of another: a full build', () => {
    const added = { source: '_posts/2024-02-20-new.md', absolute: '/x', size: 1, mtimeMs: 1 };
    expect(changedPosts(index, [...inputs, added], [...posts, { ...added, draft: false }])).toBeUndefined();
    expect(changedPosts(index, inputs.slice(1), posts.slice(1))).toBeUndefined();
    expect(changedPosts(index, [...inputs.slice(1), added], [...posts.slice(1), { ...added, draft: false }])).toBeUndefined();
  });

  it('a changed editable file that is not among the posts (it became a page or a static file): a full build', () => {
    const changed = touched({ [sourceOf(0)]: { mtimeMs: 1 } });
    expect(changedPosts(index, changed, posts.slice(1))).toBeUndefined();
  });

  it('a name an object has of its own (`constructor`, `__proto__`) is no file the index knows', () => {
    const odd = inputs.map((file, at) => (at === 0 ? { ...file, source: 'constructor' } : file));
    expect(changedPosts(index, odd, posts)).toBeUndefined();
  });
});

describe('shownAsIndexed', () => {
  const edited = (i: number, summary: Partial<PostSummary>, extra: Partial<ParsedEntry> = {}): ParsedEntry => {
    const entry = entryOf(fixture, i);
    const { shown: _shown, ...rest } = { ...entry, summary: { ...(entry.summary as PostSummary), ...summary }, ...extra };
    return rest;
  };

  it('a body edit (new digest) shows other pages what it showed: yes, with or without the hash computed on the worker', () => {
    const entry = edited(0, { digest: 'edited' });
    expect(shownAsIndexed(index, [entry])).toBe(true);
    expect(shownAsIndexed(index, [{ ...entry, shown: shownHash(entry) }])).toBe(true);
    expect(shownAsIndexed(index, [])).toBe(true);
  });

  it('a new title, a post that no longer parses, a hash that disagrees, a post the index does not have: no', () => {
    expect(shownAsIndexed(index, [edited(0, { digest: 'edited' }), edited(12, { title: '새 제목' })])).toBe(false);
    const { summary: _summary, ...broken } = edited(0, {});
    expect(shownAsIndexed(index, [{ ...broken, diagnostics: [{ file: sourceOf(0), severity: 'error', message: 'bad YAML' }] }])).toBe(false);
    expect(shownAsIndexed(index, [{ ...edited(0, {}), shown: 'another hash' }])).toBe(false);
    expect(shownAsIndexed(index, [edited(23, { digest: 'edited' })])).toBe(false);
  });
});

describe('planEditIndex', () => {
  const fresh = (i: number) => ({ ...(entryOf(fixture, i).summary as PostSummary), digest: `edited ${i}` });
  const routesOf = (...indexes: number[]) => indexes.map((i) => readRoute(dir, index, fresh(i), KEY));

  it("the edited posts' pages, from the routes the index stored, committed as replacements of their files; the manifest left as it is", () => {
    const routes = routesOf(0, 12);
    const plan = planEditIndex({ index, config: fixture.config, routes, templates: fixture.templates, bodies: fixture.bodies });
    expect(plan).toBeDefined();
    if (!plan) return;
    expect(plan.kind).toBe('edit-index');
    expect(plan.render).toEqual(routes);
    expect(plan.render.map((route) => route.file)).toEqual([fixture.posts[0]?.output, fixture.posts[12]?.output]);
    expect(plan.render.map((route) => route.kind === 'post' && route.post.digest)).toEqual(['edited 0', 'edited 12']);
    expect(plan.copy).toEqual([]);
    expect(plan.keep).toEqual([]);
    expect(plan.routes).toEqual([]);
    expect(plan.site).toEqual({ config: fixture.config, posts: [], categories: [], tags: [], pages: [] });
    expect(plan.shared).toBe(index.shared);
    expect(plan.templates).toBe(fixture.templates);
    expect(plan.bodies).toBe(fixture.bodies);
    expect(plan.commit).toEqual({ kind: 'replace', owned: new Set([fixture.posts[0]?.output, fixture.posts[12]?.output]) });
    expect(plan.fingerprints).toEqual(new Map());
  });

  it('the stored route is the one the full build planned, with the new summary', () => {
    const [route] = routesOf(5);
    const planned = fixture.routes.find((candidate) => candidate.file === fixture.posts[5]?.output);
    expect(route).toEqual({ ...planned, post: fresh(5) });
  });

  it('no edited posts: a plan that renders nothing', () => {
    const plan = planEditIndex({ index, config: fixture.config, routes: [], templates: fixture.templates, bodies: fixture.bodies });
    expect(plan?.render).toEqual([]);
    expect(plan?.commit).toEqual({ kind: 'replace', owned: new Set() });
  });

  it('a route missing (its pack missing or damaged): no plan, a full build', () => {
    expect(
      planEditIndex({ index, config: fixture.config, routes: [...routesOf(0), undefined], templates: fixture.templates, bodies: fixture.bodies }),
    ).toBeUndefined();
  });
});
