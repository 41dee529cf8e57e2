/**
 * The rebuild planner, through the library API: a Builder keeps its state
 * between builds, `build(changed)` re-reads only those files and re-renders
 * only the routes whose inputs changed (src/build/fingerprint.ts).
 *
 * Every scenario is checked three ways:
 *  - correctness: after the incremental build, the destination is byte for
 *    byte what a clean build of the changed source gives;
 *  - writes: `changedFiles` is exactly the set of files whose bytes changed;
 *  - planning: `stats.rendered` / `stats.parsed` are as small as the change
 *    allows (a body edit renders one page, a template change the pages that
 *    use it, …).
 *
 * The site is test/fixtures/watch/site.ts: 24 posts, 5 per list page, feeds
 * of the 5 newest posts. Builds run with `jobs: 1`, `cache: false` and a
 * fixed clock, under os.tmpdir().
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Builder, type BuildResult, createBuilder } from '../src/index.js';
import { CONFIG, type FixturePost, fixturePost, NOW, PAGINATE, POSTS, postText, writeFixtureSite } from './fixtures/watch/site.js';
import { relatedChanged } from './helpers/related-model.js';
import { readIndex } from './helpers/search-index.js';
import { siteSnapshot } from './helpers/site.js';

const THEME = fileURLToPath(new URL('../templates/', import.meta.url));

type Snapshot = Map<string, string>;

interface Fixture {
  root: string;
  site: string;
  out: string;
  posts: FixturePost[];
  builder: Builder;
  first: BuildResult;
  /** Absolute path in the site. */
  at(rel: string): string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function options(site: string, out: string) {
  return { source: site, destination: out, jobs: 1, cache: false, now: NOW } as const;
}

async function setup(): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'gazette-rebuild-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const site = join(root, 'site');
  const out = join(root, 'out');
  const posts = writeFixtureSite(site);
  const builder = createBuilder(options(site, out));
  cleanups.push(() => builder.close());
  const first = await builder.build();
  expect(first.diagnostics).toEqual([]);
  expect(first.ok).toBe(true);
  return { root, site, out, posts, builder, first, at: (rel) => join(site, rel) };
}

const snapshot = (dir: string): Snapshot => siteSnapshot(dir);

function diff(before: Snapshot, after: Snapshot): { changed: string[]; removed: string[] } {
  const changed = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
  const removed = [...before.keys()].filter((file) => !after.has(file));
  return { changed: changed.sort(), removed: removed.sort() };
}

/** What a clean build (new builder, empty destination) of the site gives now. */
async function cleanBuild(fx: Fixture): Promise<Snapshot> {
  const out = mkdtempSync(join(fx.root, 'clean-'));
  rmSync(out, { recursive: true });
  const builder = createBuilder(options(fx.site, out));
  try {
    const result = await builder.build();
    expect(result.ok).toBe(true);
    return snapshot(out);
  } finally {
    await builder.close();
  }
}

interface Rebuild {
  result: BuildResult;
  changed: string[];
  removed: string[];
}

/**
 * Applies `change` (which returns the absolute paths it touched), rebuilds
 * incrementally, and checks the result against the destination's before and
 * after states and against a clean build.
 */
async function rebuild(fx: Fixture, change: () => string[]): Promise<Rebuild> {
  const before = snapshot(fx.out);
  const paths = change();
  const result = await fx.builder.build(paths);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  const after = snapshot(fx.out);
  const { changed, removed } = diff(before, after);
  // Writes: exactly the files whose bytes changed are reported (and written); the search index's as one (helpers/site.ts siteSnapshot).
  expect([...new Set(result.changedFiles.map(asSnapshotted))].sort()).toEqual(changed);
  expect(result.stats.removed).toBe(removed.length);
  // Correctness: the same bytes as a clean build.
  const clean = await cleanBuild(fx);
  expect(diff(clean, after)).toEqual({ changed: [], removed: [] });
  return { result, changed, removed };
}

/** A file as siteSnapshot lists it: the search index's files as the index itself. */
const asSnapshotted = (file: string) => (/^search\/(edits\.json|[td]\/)/.test(file) ? 'search/index.json' : file);

/** List page n (1-based) under `base` ('' for the home page): `page2/index.html`, … */
function listPage(base: string, position: number): string {
  const n = Math.floor(position / PAGINATE) + 1;
  return `${base}${n === 1 ? '' : `page${n}/`}index.html`;
}

/** Positions, newest first, of post `index` among the posts matching `filter`. */
function positionOf(index: number, filter: (post: FixturePost) => boolean): number {
  const list = Array.from({ length: POSTS }, (_, i) => fixturePost(POSTS - 1 - i)).filter(filter);
  return list.findIndex((post) => post.index === index);
}

const isListPage = (file: string) => /^(index\.html|page\d+\/|categories\/|\d{4}\/(\d{2}\/)?(page\d+\/)?index\.html$)/.test(file);
const isPostPage = (file: string) => /^\d{4}\/\d{2}\/\d{2}\/post-\d\d\/index\.html$/.test(file);

describe('rebuild planner (createBuilder)', () => {
  it('first build renders every route', async () => {
    const fx = await setup();
    expect(fx.first.stats.parsed).toBe(POSTS);
    expect(fx.first.stats.posts).toBe(POSTS);
    expect(fx.first.stats.rendered).toBeGreaterThan(POSTS);
    for (const post of fx.posts) expect(existsSync(join(fx.out, post.output)), post.output).toBe(true);
  });

  it('nothing changed: parses nothing, renders nothing, writes nothing', async () => {
    const fx = await setup();
    const { result, changed } = await rebuild(fx, () => []);
    expect(result.stats.parsed).toBe(0);
    expect(result.stats.rendered).toBe(0);
    expect(result.stats.written).toBe(0);
    expect(changed).toEqual([]);
  });

  it('touching a post without changing its bytes parses nothing (the cache compares digests, not only mtimes)', async () => {
    const fx = await setup();
    const post = fx.posts[5] as FixturePost;
    const { result, changed } = await rebuild(fx, () => {
      const file = fx.at(post.source);
      const later = new Date(Date.now() + 60_000);
      utimesSync(file, later, later);
      return [file];
    });
    expect(changed).toEqual([]);
    expect(result.stats.rendered).toBe(0);
    expect(result.stats.parsed, 'an mtime-only change must not re-parse the post (digest unchanged)').toBe(0);
  });

  it('saving a post with the same bytes (editor save without edits) parses nothing', async () => {
    const fx = await setup();
    const post = fx.posts[7] as FixturePost;
    const { result, changed } = await rebuild(fx, () => {
      const file = fx.at(post.source);
      writeFileSync(file, readFileSync(file));
      return [file];
    });
    expect(changed).toEqual([]);
    expect(result.stats.rendered).toBe(0);
    expect(result.stats.parsed, 'same bytes, new mtime: the digest is unchanged').toBe(0);
  });

  it('body-only edit of an old post renders only its page', async () => {
    const fx = await setup();
    const post = fx.posts[0] as FixturePost;
    const { result, changed } = await rebuild(fx, () => {
      appendFileSync(fx.at(post.source), '\n<p>본문에 덧붙인 문단 MARKER-OLD</p>\n');
      return [fx.at(post.source)];
    });
    expect(readFileSync(join(fx.out, post.output), 'utf8')).toContain('MARKER-OLD');
    // The search index takes the new words (search/edits.json), rendered apart from any route.
    expect(changed).toEqual([post.output, 'search/index.json']);
    expect(readIndex(fx.out).terms.has('marker')).toBe(true);
    expect(changed.filter(isListPage)).toEqual([]);
    expect(result.stats.parsed).toBe(1);
    expect(result.stats.rendered, 'a body edit of a post in no feed re-renders exactly its own page').toBe(1);
  });

  it('body-only edit of a recent post renders its page and the feeds that carry its full content', async () => {
    const fx = await setup();
    const post = fx.posts[POSTS - 1] as FixturePost; // the newest: 사회, 경제
    const { result, changed } = await rebuild(fx, () => {
      appendFileSync(fx.at(post.source), '\n<p>MARKER-NEW</p>\n');
      return [fx.at(post.source)];
    });
    expect(changed).toEqual([post.output, 'feed.xml', 'feed/경제.xml', 'feed/사회.xml', 'search/index.json'].sort());
    expect(changed.filter(isListPage)).toEqual([]);
    expect(result.stats.parsed).toBe(1);
    expect(result.stats.rendered, 'its page and three feeds; not its neighbours, list pages, sitemap or search index').toBe(4);
  });

  it('title edit renders the post, its neighbours, and the list pages, feeds and search index that show it', async () => {
    const fx = await setup();
    const post = fx.posts[10] as FixturePost; // 정치
    const { result, changed } = await rebuild(fx, () => {
      writeFileSync(fx.at(post.source), postText(post, { title: '고친 제목 TITLE-EDIT' }));
      return [fx.at(post.source)];
    });
    const older = fx.posts[9] as FixturePost;
    const newer = fx.posts[11] as FixturePost;
    const expected = [
      post.output,
      older.output, // "next" link shows the title
      newer.output, // "previous" link shows the title
      listPage(
        '',
        positionOf(10, () => true),
      ),
      listPage(
        'categories/정치/',
        positionOf(10, (p) => p.categories.includes('정치')),
      ),
      listPage(
        '2024/',
        positionOf(10, () => true),
      ),
      listPage(
        '2024/01/',
        positionOf(10, (p) => p.date.startsWith('2024-01')),
      ),
      'feed/정치.xml', // 정치's five newest: posts 22, 19, 16, 13, 10
      'search/index.json',
      // The 정치 posts whose related list shows its title.
      ...relatedChanged(
        fx.posts,
        fx.posts.map((p) => (p === post ? { ...p, title: '고친 제목 TITLE-EDIT' } : p)),
      ),
    ];
    expect(changed).toEqual([...new Set(expected)].sort());
    for (const file of [older.output, newer.output]) expect(readFileSync(join(fx.out, file), 'utf8')).toContain('TITLE-EDIT');
    expect(readIndex(fx.out).cards.some((card) => card[1].includes('TITLE-EDIT'))).toBe(true);
    expect(changed).not.toContain((fx.posts[5] as FixturePost).output);
    expect(changed).not.toContain('feed.xml');
    expect(result.stats.rendered, `routes rendered beyond the ${changed.length} that changed`).toBe(changed.length);
  });

  it('category change moves the post between category pages, feeds and counts', async () => {
    const fx = await setup();
    const post = fx.posts[10] as FixturePost; // 정치 → 사회
    const { result, changed } = await rebuild(fx, () => {
      writeFileSync(fx.at(post.source), postText(post, { categories: ['사회'] }));
      return [fx.at(post.source)];
    });
    expect(changed).toContain(post.output);
    expect(changed).toContain('categories/정치/index.html');
    expect(changed).toContain(listPage('categories/사회/', 4)); // after 23, 20, 17, 14, 11: position 5 → page 2
    expect(changed).toContain('categories/index.html');
    expect(changed).toContain('feed/정치.xml');
    expect(changed).toContain('search/index.json');
    // Category counts show in the sidebar of list pages, not on post pages: only the posts whose related list changes.
    const related = relatedChanged(
      fx.posts,
      fx.posts.map((p) => (p === post ? { ...p, categories: ['사회'] } : p)),
    );
    expect(related.length).toBeGreaterThan(0);
    expect(changed.filter(isPostPage)).toEqual([...new Set([post.output, ...related])].sort());
    expect(result.stats.rendered, `routes rendered beyond the ${changed.length} that changed (post pages do not show category counts)`).toBe(changed.length);
  });

  it('a site override of post.njk re-renders every post page and nothing else', async () => {
    const fx = await setup();
    const { result, changed } = await rebuild(fx, () => {
      const file = fx.at('templates/post.njk');
      mkdirSync(fx.at('templates'), { recursive: true });
      const theme = readFileSync(join(THEME, 'post.njk'), 'utf8');
      expect(theme).toContain('<article class="article');
      writeFileSync(file, theme.replace('<article class="article', '<article data-override="TEMPLATE-EDIT" class="article'));
      return [file];
    });
    expect(changed).toEqual(fx.posts.map((p) => p.output).sort());
    expect(readFileSync(join(fx.out, (fx.posts[3] as FixturePost).output), 'utf8')).toContain('TEMPLATE-EDIT');
    expect(result.stats.parsed).toBe(0);
    expect(result.stats.rendered).toBe(POSTS);
  });

  it('editing a partial re-renders only the pages whose templates include it', async () => {
    const fx = await setup();
    const { result, changed } = await rebuild(fx, () => {
      const file = fx.at('templates/partials/post-card.njk');
      mkdirSync(fx.at('templates/partials'), { recursive: true });
      const theme = readFileSync(join(THEME, 'partials', 'post-card.njk'), 'utf8');
      writeFileSync(file, theme.replace('<article class="card', '<article data-card="PARTIAL-EDIT" class="card'));
      return [file];
    });
    expect(changed.length).toBeGreaterThan(0);
    expect(
      changed.filter((f) => !isListPage(f)),
      'post-card is used by index, category and archive pages only',
    ).toEqual([]);
    expect(changed).toContain('index.html');
    expect(result.stats.parsed).toBe(0);
    expect(result.stats.rendered).toBe(changed.length);
  });

  it('a config change rebuilds everything', async () => {
    const fx = await setup();
    const { result, changed } = await rebuild(fx, () => {
      writeFileSync(fx.at('_config.yml'), CONFIG.replace('title: 재건축 테스트 뉴스', 'title: 새 이름 CONFIG-EDIT'));
      return [fx.at('_config.yml')];
    });
    expect(result.stats.rendered).toBe(fx.first.stats.rendered);
    expect(changed).toContain('index.html');
    expect(changed).toContain((fx.posts[0] as FixturePost).output);
    expect(readFileSync(join(fx.out, 'index.html'), 'utf8')).toContain('CONFIG-EDIT');
  });

  it('adding a post adds its page and changes index page 1', async () => {
    const fx = await setup();
    const added = { ...fixturePost(POSTS), title: '새 기사 ADDED' };
    const { result, changed, removed } = await rebuild(fx, () => {
      writeFileSync(fx.at(added.source), postText(added));
      return [fx.at(added.source)];
    });
    expect(removed).toEqual([]);
    expect(changed).toContain(added.output);
    expect(changed).toContain('index.html');
    expect(readFileSync(join(fx.out, 'index.html'), 'utf8')).toContain('새 기사 ADDED');
    expect(changed).toContain((fx.posts[POSTS - 1] as FixturePost).output); // its new neighbour
    expect(result.stats.parsed).toBe(1);
    expect(result.stats.posts).toBe(POSTS + 1);
    // Category counts change, which post pages do not show: the old newest post page, and the posts whose related list now shows it.
    const related = relatedChanged(fx.posts, [...fx.posts, added]);
    expect(changed.filter(isPostPage).sort()).toEqual([...new Set([added.output, (fx.posts[POSTS - 1] as FixturePost).output, ...related])].sort());
    expect(result.stats.rendered, `routes rendered beyond the ${changed.length} that changed`).toBe(changed.length);
  });

  it('adding a post with a tag two posts have re-renders those two (their related lists), its neighbour and the lists; no unrelated post', async () => {
    const fx = await setup();
    const [three, seven] = [fx.posts[3], fx.posts[7]] as [FixturePost, FixturePost];
    await rebuild(fx, () =>
      [three, seven].map((post) => {
        writeFileSync(fx.at(post.source), postText(post, { tags: ['GPU'] }));
        return fx.at(post.source);
      }),
    );
    // In 사회 only: the 사회 posts (all also 경제) score 2 with each other, 1 with it, so their related lists stay; `gpu` matches `GPU`.
    const added = { ...fixturePost(POSTS), title: '새 기사 TAGGED', categories: ['사회'], tags: ['gpu'] };
    const { result, changed } = await rebuild(fx, () => {
      writeFileSync(fx.at(added.source), postText(added));
      return [fx.at(added.source)];
    });
    const newest = fx.posts[POSTS - 1] as FixturePost;
    const tagged = fx.posts.map((post) => (post === three || post === seven ? { ...post, tags: ['GPU'] } : post));
    expect(relatedChanged(tagged, [...tagged, added]).sort()).toEqual([added.output, three.output, seven.output].sort());
    // Its own page, its neighbour's (previous/next), and the two whose related list now starts with it: 4 of 25.
    expect(changed.filter(isPostPage).sort()).toEqual([added.output, newest.output, three.output, seven.output].sort());
    for (const post of [three, seven]) expect(readFileSync(join(fx.out, post.output), 'utf8')).toContain('새 기사 TAGGED');
    expect(changed).toContain('tags/gpu/index.html');
    expect(changed).toContain('index.html');
    expect(changed).toContain('feed.xml');
    expect(result.stats.parsed).toBe(1);
    expect(result.stats.rendered, `routes rendered beyond the ${changed.length} that changed`).toBe(changed.length);
  });

  it('deleting a post removes its page from disk', async () => {
    const fx = await setup();
    const post = fx.posts[10] as FixturePost;
    const { result, changed, removed } = await rebuild(fx, () => {
      rmSync(fx.at(post.source));
      return [fx.at(post.source)];
    });
    // Its page, and list pages that one post fewer leaves empty (2024/01 goes from 16 posts to 15: page 4 goes).
    expect(removed).toEqual([post.output, '2024/01/page4/index.html']);
    expect(existsSync(join(fx.out, post.output))).toBe(false);
    expect(changed).toContain((fx.posts[9] as FixturePost).output);
    expect(changed).toContain((fx.posts[11] as FixturePost).output);
    expect(result.stats.posts).toBe(POSTS - 1);
    expect(result.stats.parsed).toBe(0);
    // Its neighbours, and the posts whose related list showed it.
    const related = relatedChanged(
      fx.posts,
      fx.posts.filter((p) => p !== post),
    );
    expect(changed.filter(isPostPage).sort()).toEqual(
      [...new Set([(fx.posts[9] as FixturePost).output, (fx.posts[11] as FixturePost).output, ...related])].sort(),
    );
    expect(result.stats.rendered, `routes rendered beyond the ${changed.length} that changed`).toBe(changed.length);
  });

  it('a broken post fails the rebuild and leaves the last good site in place; the fix recovers', async () => {
    const fx = await setup();
    const post = fx.posts[4] as FixturePost;
    const file = fx.at(post.source);
    const good = readFileSync(file, 'utf8');
    const before = snapshot(fx.out);
    writeFileSync(file, good.replace(/^title: .*$/m, 'title: [unclosed'));
    const failed = await fx.builder.build([file]);
    expect(failed.ok).toBe(false);
    const error = failed.diagnostics.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ file: post.source });
    // The `[` opens on line 2; the YAML parser notices on line 3 (the hint says "close the `[` opened above").
    expect(error?.line).toBeGreaterThanOrEqual(2);
    expect(error?.line).toBeLessThanOrEqual(3);
    expect(failed.changedFiles).toEqual([]);
    expect(diff(before, snapshot(fx.out))).toEqual({ changed: [], removed: [] });

    const { result, changed } = await rebuild(fx, () => {
      writeFileSync(file, good.replace('첫 문단', '고친 첫 문단'));
      return [file];
    });
    expect(result.diagnostics).toEqual([]);
    expect(changed).toContain(post.output);
  });

  it('body edits leave the manifest to close(): a new builder then finds every page up to date', async () => {
    const fx = await setup();
    const post = fx.posts[3] as FixturePost;
    const { result } = await rebuild(fx, () => {
      appendFileSync(fx.at(post.source), '\n<p>MARKER-CLOSE</p>\n');
      return [fx.at(post.source)];
    });
    expect(result.stats.rendered).toBe(1);
    await fx.builder.close();
    const fresh = createBuilder(options(fx.site, fx.out));
    cleanups.push(() => fresh.close());
    const again = await fresh.build();
    expect(again.stats.rendered, "the manifest has the edited page's new fingerprint").toBe(0);
    expect(again.stats.written).toBe(0);
  });

  it('the cache is on disk after a full build, before close(): a watch session stopped at once does not lose it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gazette-rebuild-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const site = join(root, 'site');
    writeFixtureSite(site);
    const builder = createBuilder({ ...options(site, join(root, 'out')), cache: true });
    cleanups.push(() => builder.close());
    expect((await builder.build()).stats.parsed).toBe(POSTS);
    // Another builder (a new watch session) while the first is still open: every post comes from the cache.
    const next = createBuilder({ ...options(site, join(root, 'out')), cache: true });
    cleanups.push(() => next.close());
    const again = await next.build();
    expect(again.ok).toBe(true);
    expect(again.stats.parsed).toBe(0);
  });

  it('a body edit that changes the excerpt (no `excerpt:`: the first paragraph) re-renders the list pages that show it', async () => {
    const fx = await setup();
    const post = fx.posts[POSTS - 2] as FixturePost;
    const file = fx.at(post.source);
    await rebuild(fx, () => {
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^excerpt: .*\n/m, ''));
      return [file];
    });
    const { result, changed } = await rebuild(fx, () => {
      writeFileSync(file, readFileSync(file, 'utf8').replace('첫 문단', '고친 첫 문단 EXCERPT-EDIT'));
      return [file];
    });
    expect(changed).toContain(post.output);
    expect(changed).toContain('index.html');
    expect(readFileSync(join(fx.out, 'index.html'), 'utf8')).toContain('EXCERPT-EDIT');
    expect(result.stats.parsed).toBe(1);
    expect(result.stats.rendered).toBe(changed.length);
  });

  it('edits between builds are all picked up by one rebuild', async () => {
    const fx = await setup();
    const a = fx.posts[1] as FixturePost;
    const b = fx.posts[2] as FixturePost;
    const { result, changed } = await rebuild(fx, () => {
      appendFileSync(fx.at(a.source), '\n<p>MARKER-A</p>\n');
      appendFileSync(fx.at(b.source), '\n<p>MARKER-B</p>\n');
      return [fx.at(a.source), fx.at(b.source)];
    });
    expect(changed).toEqual([a.output, b.output, 'search/index.json'].sort());
    expect(result.stats.parsed).toBe(2);
    expect(result.stats.rendered).toBe(2);
  });
});
