/**
 * A body edit patches the search index without writing it whole: the edited
 * post's new terms go to `search/edits.json`, the shards stay as they are,
 * and the index then answers every query as a full build of the edited site
 * does. Every way a body edit is built: from the edit index (`gazette build`),
 * from the last build in memory (watch), and by a full build (a post whose
 * body a feed carries), which compares the posts with the index's state.
 */
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, createBuilder } from '../src/index.js';
import { readIndex } from './helpers/search-index.js';
import { cleanTemp, fixture, tempDir } from './helpers/site.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const COUNCIL = '_posts/2025-03-02-council.md';

afterAll(cleanTemp);

/**
 * The fixture without feeds, so that every post's body shows on its own page
 * only and an edit of it is a body edit; with them (`feeds`), an edit of a
 * post's body changes the feed too, and is built by a full build.
 */
async function site(feeds = false): Promise<{ source: string; out: string; root: string }> {
  const root = await tempDir('search-rebuild');
  const source = join(root, 'site');
  cpSync(fixture('search'), source, { recursive: true });
  if (!feeds) appendFileSync(join(source, '_config.yml'), 'feed: false\n');
  return { source, out: join(root, 'out'), root };
}

function editCouncil(source: string): void {
  const file = join(source, COUNCIL);
  // The second paragraph: the first is the excerpt, which lists show.
  writeFileSync(file, readFileSync(file, 'utf8').replace('첫 회의는 다음 주에 열린다.', '첫 회의는 상설협의체 사무실에서 열린다.'));
}

const shardBytes = (out: string) => readdirSync(join(out, 'search', 't')).map((name) => readFileSync(join(out, 'search', 't', name), 'utf8'));

async function fullBuildOf(source: string, root: string) {
  const out = join(root, 'full');
  const result = await build({ source, destination: out, jobs: 1, cache: false, now: NOW });
  expect(result.ok).toBe(true);
  return readIndex(out);
}

describe('a body edit patches the search index', () => {
  it('from the edit index: only the post page and edits.json are written, and the index reads as a full build', async () => {
    const { source, out, root } = await site();
    expect((await build({ source, destination: out, jobs: 1, now: NOW })).ok).toBe(true);
    const shards = shardBytes(out);
    editCouncil(source);
    const edit = await build({ source, destination: out, jobs: 1, now: NOW });
    expect(edit.stats.fromEditIndex).toBe(true);
    expect(edit.changedFiles).toHaveLength(2);
    expect(edit.changedFiles).toEqual(expect.arrayContaining(['search/edits.json', expect.stringContaining('council/index.html')]));
    expect(shardBytes(out)).toEqual(shards);
    const index = readIndex(out);
    expect(index.terms.get('상설협의체')).toEqual([[3, 0]]);
    expect(index.terms.get('주에')).toBeUndefined();
    expect(index).toEqual(await fullBuildOf(source, root));
  });

  it('in a watch session: the same, and a second edit keeps the first', async () => {
    const { source, out, root } = await site();
    const builder = createBuilder({ source, destination: out, jobs: 1, cache: false, now: NOW });
    try {
      expect((await builder.build()).ok).toBe(true);
      const shards = shardBytes(out);
      editCouncil(source);
      const edit = await builder.build([join(source, COUNCIL)]);
      expect(edit.stats.rendered).toBe(1);
      expect(edit.changedFiles).toContain('search/edits.json');
      const weather = join(source, '_posts/2025-03-05-weather.md');
      appendFileSync(weather, '\n눈이 올 수도 있다.\n');
      await builder.build([weather]);
      expect(shardBytes(out)).toEqual(shards);
      expect(readIndex(out)).toEqual(await fullBuildOf(source, root));
    } finally {
      await builder.close();
    }
  });

  it('a full build after the edits writes the shards anew and the list empty', async () => {
    const { source, out } = await site();
    expect((await build({ source, destination: out, jobs: 1, now: NOW })).ok).toBe(true);
    editCouncil(source);
    await build({ source, destination: out, jobs: 1, now: NOW });
    const before = readIndex(out);
    // A title edit is no body edit: the site is planned again.
    const weather = join(source, '_posts/2025-03-05-weather.md');
    writeFileSync(weather, readFileSync(weather, 'utf8').replace('title: 주말 날씨', 'title: 주말 날씨 전망'));
    const full = await build({ source, destination: out, jobs: 1, now: NOW });
    expect(full.stats.fromEditIndex).toBe(false);
    expect(readFileSync(join(out, 'search', 'edits.json'), 'utf8')).toBe('[]');
    expect(readIndex(out).terms.get('상설협의체')).toEqual(before.terms.get('상설협의체'));
    expect(readIndex(out).terms.get('전망')).toEqual([[0, 1]]);
  });
});

describe('a full build whose posts changed only in their words patches the search index', () => {
  it('writes the edited page, the feed and edits.json, not the shards, and the index reads as a full build', async () => {
    const { source, out, root } = await site(true);
    expect((await build({ source, destination: out, jobs: 1, now: NOW })).ok).toBe(true);
    const shards = shardBytes(out);
    editCouncil(source);
    const edit = await build({ source, destination: out, jobs: 1, now: NOW });
    expect(edit.stats.fromEditIndex).toBe(false);
    expect(edit.changedFiles).toEqual(expect.arrayContaining(['search/edits.json', 'feed.xml', expect.stringContaining('council/index.html')]));
    expect(edit.changedFiles.filter((file) => file.startsWith('search/'))).toEqual(['search/edits.json']);
    expect(shardBytes(out)).toEqual(shards);
    expect(readIndex(out).terms.get('상설협의체')).toEqual([[3, 0]]);
    expect(readIndex(out)).toEqual(await fullBuildOf(source, root));
  });

  it('keeps patching across builds, then writes the index whole when a title changes', async () => {
    const { source, out, root } = await site(true);
    await build({ source, destination: out, jobs: 1, now: NOW });
    editCouncil(source);
    await build({ source, destination: out, jobs: 1, now: NOW });
    const weather = join(source, '_posts/2025-03-05-weather.md');
    appendFileSync(weather, '\n눈이 올 수도 있다.\n');
    const second = await build({ source, destination: out, jobs: 1, now: NOW });
    expect(second.changedFiles.filter((file) => file.startsWith('search/'))).toEqual(['search/edits.json']);
    expect((JSON.parse(readFileSync(join(out, 'search', 'edits.json'), 'utf8')) as unknown[]).length).toBe(2);
    expect(readIndex(out)).toEqual(await fullBuildOf(source, root));
    writeFileSync(weather, readFileSync(weather, 'utf8').replace('title: 주말 날씨', 'title: 주말 날씨 전망'));
    await build({ source, destination: out, jobs: 1, now: NOW });
    expect(readFileSync(join(out, 'search', 'edits.json'), 'utf8')).toBe('[]');
    expect(readIndex(out)).toEqual(await fullBuildOf(source, root));
  });

  it("patches after a watch session's body edit too: the edit keeps the index's state up to date", async () => {
    const { source, out, root } = await site();
    const builder = createBuilder({ source, destination: out, jobs: 1, now: NOW });
    try {
      expect((await builder.build()).ok).toBe(true);
      const shards = shardBytes(out);
      editCouncil(source);
      expect((await builder.build([join(source, COUNCIL)])).stats.rendered).toBe(1);
      // Its only paragraph is its excerpt, which the lists show: no body edit, a full build.
      const weather = join(source, '_posts/2025-03-05-weather.md');
      writeFileSync(weather, readFileSync(weather, 'utf8').replace('비가 내리겠다', '눈이 내리겠다'));
      const full = await builder.build([weather]);
      expect(full.stats.rendered).toBeGreaterThan(1);
      expect(full.changedFiles.filter((file) => file.startsWith('search/'))).toEqual(['search/edits.json']);
      expect(shardBytes(out)).toEqual(shards);
      expect(readIndex(out)).toEqual(await fullBuildOf(source, root));
    } finally {
      await builder.close();
    }
  });

  it("writes the index whole when the state it would patch from is not this destination's", async () => {
    const { source, out, root } = await site(true);
    await build({ source, destination: out, jobs: 1, now: NOW });
    // Another destination built from the same source and cache: the state now describes that one.
    await build({ source, destination: join(root, 'other'), jobs: 1, now: NOW });
    editCouncil(source);
    const edit = await build({ source, destination: out, jobs: 1, now: NOW });
    expect(edit.changedFiles.filter((file) => file.startsWith('search/t/')).length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'search', 'edits.json'), 'utf8')).toBe('[]');
    expect(readIndex(out)).toEqual(await fullBuildOf(source, root));
  });
});
