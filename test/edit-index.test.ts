/**
 * `gazette build` after editing post bodies publishes them from the edit
 * index the previous build left in the cache (src/cache/edit-index.ts,
 * src/build/edit-index-build.ts), without planning the site again.
 *
 * Each scenario checks which way the build went (`stats.fromEditIndex`), and
 * that the destination is then byte for byte what a clean build of the
 * source gives, so a wrong shortcut cannot pass unnoticed.
 *
 * The site is test/fixtures/watch/site.ts: 24 posts, feeds of the 5 newest.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../src/cache/cache.js';
import { type BuildOptions, type BuildResult, build } from '../src/index.js';
import { MANIFEST_FILE } from '../src/output/manifest.js';
import { type FixturePost, NOW, POSTS, postText, writeFixtureSite } from './fixtures/watch/site.js';
import { siteSnapshot } from './helpers/site.js';

interface Fixture {
  root: string;
  site: string;
  out: string;
  posts: FixturePost[];
  /** A `gazette build` of the site into `out`, as the CLI runs it. */
  build(extra?: BuildOptions): Promise<BuildResult>;
  at(rel: string): string;
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A site built once: the build parses every post and leaves the edit index. */
async function setup(): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'gazette-edit-index-'));
  roots.push(root);
  const site = join(root, 'site');
  const out = join(root, 'out');
  const posts = writeFixtureSite(site);
  const fx: Fixture = {
    root,
    site,
    out,
    posts,
    build: (extra = {}) => build({ source: site, destination: out, jobs: 1, now: NOW, ...extra }),
    at: (rel) => join(site, rel),
  };
  const cold = await fx.build();
  expect(cold.ok).toBe(true);
  expect(cold.stats).toMatchObject({ fromEditIndex: false, parsed: POSTS });
  expect(editIndexFiles(fx)).toContain('edit-index.json');
  return fx;
}

function editIndexFiles(fx: Fixture): string[] {
  const cache = join(fx.site, CACHE_DIR);
  return readdirSync(cache, { recursive: true, encoding: 'utf8' })
    .filter((name) => /edit-index\.json$|\.routes$/.test(name))
    .map((name) => name.split('/').at(-1) as string);
}

function cacheFile(fx: Fixture, pattern: RegExp): string {
  const cache = join(fx.site, CACHE_DIR);
  const found = readdirSync(cache, { recursive: true, encoding: 'utf8' }).find((name) => pattern.test(name));
  if (found === undefined) throw new Error(`no ${pattern} in the cache`);
  return join(cache, found);
}

/** Builds `fx`, checks the way it went and that the destination is what a clean build gives. */
async function buildAndCompare(fx: Fixture, fromEditIndex: boolean): Promise<BuildResult> {
  const result = await fx.build();
  expect(result.ok).toBe(true);
  expect(result.stats.fromEditIndex).toBe(fromEditIndex);
  const clean = join(fx.root, `clean-${Math.random().toString(36).slice(2)}`);
  const reference = await build({ source: fx.site, destination: clean, jobs: 1, now: NOW, cache: false });
  expect(reference.ok).toBe(true);
  expect(siteSnapshot(fx.out)).toEqual(siteSnapshot(clean));
  // What it reports is what a full build reports.
  expect(result.diagnostics).toEqual(reference.diagnostics);
  expect({ posts: result.stats.posts, pages: result.stats.pages, sanitized: result.stats.sanitized }).toEqual({
    posts: reference.stats.posts,
    pages: reference.stats.pages,
    sanitized: reference.stats.sanitized,
  });
  expect(result.stats.written + result.stats.unchanged).toBe(reference.stats.written);
  expect(result.removals).toEqual(reference.removals);
  return result;
}

const oldest = (fx: Fixture): FixturePost => fx.posts[0] as FixturePost;
const newest = (fx: Fixture): FixturePost => fx.posts[POSTS - 1] as FixturePost;

describe('a build after editing post bodies', () => {
  it('renders only the edited post page when nothing else changed', async () => {
    const fx = await setup();
    appendFileSync(fx.at(oldest(fx).source), '\n한 문단을 더했습니다.\n');
    const result = await buildAndCompare(fx, true);
    // The page, and the search index's list of edited posts (search/edits.json), which takes the post's new words.
    expect(result.stats).toMatchObject({ parsed: 1, rendered: 1, written: 2 });
    expect(result.changedFiles).toEqual([oldest(fx).output, 'search/edits.json'].sort());
    expect(readFileSync(join(fx.out, oldest(fx).output), 'utf8')).toContain('한 문단을 더했습니다.');
  });

  it('writes nothing and reports the last build again when nothing changed', async () => {
    const fx = await setup();
    const before = siteSnapshot(fx.out);
    const result = await buildAndCompare(fx, true);
    expect(result.stats).toMatchObject({ parsed: 0, rendered: 0, written: 0 });
    expect(siteSnapshot(fx.out)).toEqual(before);
  });

  it('keeps each page right through several edits of neighbouring posts', async () => {
    const fx = await setup();
    for (const index of [1, 2, 1, 3]) {
      const post = fx.posts[index] as FixturePost;
      writeFileSync(fx.at(post.source), postText(post, { body: `고친 본문 ${index} ${Math.random()}` }));
      await buildAndCompare(fx, true);
    }
  });

  it('reports what the sanitiser removed, as a full build lists it', async () => {
    const fx = await setup();
    const first = fx.posts[3] as FixturePost;
    const second = fx.posts[1] as FixturePost;
    for (const post of [first, second]) {
      appendFileSync(fx.at(post.source), '\n<script>alert(1)</script><p onclick="x()">눌러</p>\n');
      const result = await buildAndCompare(fx, true);
      expect(result.removals.find((r) => r.source === post.source)?.removed.length).toBeGreaterThan(0);
      expect(readFileSync(join(fx.out, post.output), 'utf8')).not.toContain('alert(1)');
    }
    writeFileSync(fx.at(first.source), postText(first));
    const cleaned = await buildAndCompare(fx, true);
    expect(cleaned.removals.map((r) => r.source)).not.toContain(first.source);
  });
});

describe('a full build instead, when more than post bodies changed', () => {
  it('a post shown in a feed', async () => {
    const fx = await setup();
    appendFileSync(fx.at(newest(fx).source), '\n피드에 실리는 글을 고쳤습니다.\n');
    await buildAndCompare(fx, false);
  });

  it('a title', async () => {
    const fx = await setup();
    writeFileSync(fx.at(oldest(fx).source), postText(oldest(fx), { title: '새 제목' }));
    await buildAndCompare(fx, false);
  });

  it('a post added, then one removed', async () => {
    const fx = await setup();
    const extra = { ...oldest(fx), source: '_posts/2024-01-02-extra.md', title: '추가 기사' };
    writeFileSync(fx.at(extra.source), postText(extra));
    await buildAndCompare(fx, false);
    rmSync(fx.at(extra.source));
    await buildAndCompare(fx, false);
  });

  it('the config', async () => {
    const fx = await setup();
    writeFileSync(fx.at('_config.yml'), readFileSync(fx.at('_config.yml'), 'utf8').replace(/^description: .*$/m, 'description: 바뀐 설명'));
    await buildAndCompare(fx, false);
  });

  it('a template', async () => {
    const fx = await setup();
    mkdirSync(fx.at('templates'), { recursive: true });
    writeFileSync(fx.at('templates/extra.njk'), '<p>쓰이지 않는 틀</p>\n');
    await buildAndCompare(fx, false);
  });

  it('a static file', async () => {
    const fx = await setup();
    writeFileSync(fx.at('assets/img/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>\n');
    await buildAndCompare(fx, false);
  });

  it("the destination's manifest, written since (by a watch session, another build)", async () => {
    const fx = await setup();
    const manifest = join(fx.out, MANIFEST_FILE);
    writeFileSync(manifest, readFileSync(manifest));
    utimesSync(manifest, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    appendFileSync(fx.at(oldest(fx).source), '\n고친 본문\n');
    await buildAndCompare(fx, false);
  });

  it('a build with other flags (--strict)', async () => {
    const fx = await setup();
    appendFileSync(fx.at(oldest(fx).source), '\n고친 본문\n');
    const strict = await fx.build({ strict: true });
    expect(strict.stats.fromEditIndex).toBe(false);
  });

  /** After `damage`, a body edit takes a full build, which repairs the index: the next edit takes the index again. */
  async function damagedThenRepaired(damage: (fx: Fixture) => void): Promise<void> {
    const fx = await setup();
    damage(fx);
    appendFileSync(fx.at(oldest(fx).source), '\n고친 본문\n');
    await buildAndCompare(fx, false);
    appendFileSync(fx.at(oldest(fx).source), '\n또 고친 본문\n');
    await buildAndCompare(fx, true);
  }

  it('a damaged edit index, which is then written again', async () => {
    await damagedThenRepaired((fx) => writeFileSync(cacheFile(fx, /edit-index\.json$/), '{"format": 1, "key": '));
  });

  it('a damaged route pack, which is removed and written again', async () => {
    await damagedThenRepaired((fx) => {
      const pack = cacheFile(fx, /\.routes$/);
      writeFileSync(pack, readFileSync(pack, 'utf8').replace(/"kind":"post"/g, '"kind":"page"'));
    });
  });

  it('an edit index written elsewhere (a CSP that lets any script run), which is not used', async () => {
    await damagedThenRepaired((fx) => {
      const file = cacheFile(fx, /edit-index\.json$/);
      const text = readFileSync(file, 'utf8');
      // Its MAC, if any, is dropped: it cannot be made again without this machine's key.
      const json = text.slice(0, text.lastIndexOf('}') + 1);
      expect(json).toContain('"csp":"');
      writeFileSync(file, json.replace('"csp":"', '"csp":"script-src * \'unsafe-inline\'; '));
    });
  });

  it('a build clock past the last plan (a future post is due)', async () => {
    const fx = await setup();
    const due = { ...oldest(fx), source: '_posts/2024-03-05-due.md', date: '2024-03-05', title: '예약 기사' };
    writeFileSync(fx.at(due.source), postText(due));
    expect((await fx.build()).stats.posts).toBe(POSTS);
    expect((await fx.build()).stats.fromEditIndex).toBe(true);
    const later = await fx.build({ now: new Date('2024-03-06T00:00:00Z') });
    expect(later.stats.fromEditIndex).toBe(false);
    expect(later.stats.posts).toBe(POSTS + 1);
  });
});
