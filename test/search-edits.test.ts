/** A body edit's patch of the search index: the edited posts' records replace their earlier ones in `search/edits.json`; a full build finds the edited posts by the index's state. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fullBuildSearchPatch, MAX_PATCHED_POSTS, searchEditFiles, searchStateOf, stateAfterEdit } from '../src/build/search-edits.js';
import type { ParsedEntry } from '../src/cache/entry.js';
import { readSearchState, saveSearchState } from '../src/cache/search-state.js';
import { createManifest } from '../src/output/manifest.js';
import { patchEdits } from '../src/search/edits.js';
import type { Site } from '../src/site/site.js';
import type { PostSummary } from '../src/types.js';
import { KEY, makePlanSite, removePlanSites } from './fixtures/plan/site.js';
import { cleanTemp, tempDir } from './helpers/site.js';

afterAll(cleanTemp);
afterAll(removePlanSites);

const search = (word: string) => ({ strong: ['제목'], body: [word], text: `${word} 본문` });

describe('patchEdits', () => {
  it('adds an edited post to an empty list', () => {
    expect(JSON.parse(patchEdits('[]', [{ id: 3, search: search('상설협의체') }]) as string)).toEqual([[3, ['제목'], ['상설협의체'], '상설협의체 본문']]);
  });

  it("replaces a post's earlier record and keeps the others, sorted by id", () => {
    const first = patchEdits('[]', [
      { id: 7, search: search('하나') },
      { id: 2, search: search('둘') },
    ]) as string;
    const second = JSON.parse(patchEdits(first, [{ id: 7, search: search('셋') }]) as string) as unknown[][];
    expect(second.map((record) => [record[0], record[2]])).toEqual([
      [2, ['둘']],
      [7, ['셋']],
    ]);
  });

  it('refuses a file it did not write: the build then writes the index whole', () => {
    expect(patchEdits('not json', [])).toBeUndefined();
    expect(patchEdits('{"a":1}', [])).toBeUndefined();
    expect(patchEdits('[[-1,[],[],""]]', [])).toBeUndefined();
  });
});

describe('searchEditFiles (the destination read)', () => {
  const entry = (source: string, withSearch = true) =>
    ({ source, size: 1, mtimeMs: 1, digest: 'd', diagnostics: [], ...(withSearch ? { search: search('낱말') } : {}) }) as ParsedEntry;

  it("patches the destination's list with the edited posts that have ids", async () => {
    const out = await tempDir('search-edits');
    mkdirSync(join(out, 'search'), { recursive: true });
    writeFileSync(join(out, 'search', 'edits.json'), '[]');
    const files = searchEditFiles(out, [entry('a.md'), entry('b.md'), entry('c.md', false)], (source) => (source === 'a.md' ? 4 : undefined));
    expect(files).toEqual([{ file: 'search/edits.json', data: JSON.stringify([[4, ['제목'], ['낱말'], '낱말 본문']]) }]);
  });

  it('nothing to patch when no post was parsed anew (a touched file)', async () => {
    expect(searchEditFiles(await tempDir('search-edits'), [entry('a.md', false)], () => null)).toEqual([]);
  });

  it('undefined (a full build) when an id is unknown or the destination has no list', async () => {
    const out = await tempDir('search-edits');
    expect(searchEditFiles(out, [entry('a.md')], () => null)).toBeUndefined();
    expect(searchEditFiles(out, [entry('a.md')], () => 0)).toBeUndefined();
  });
});

describe('patchEdits keeps the list every query downloads small', () => {
  it('refuses a patch that would take the list over EDITS_MAX_BYTES', () => {
    const long = { strong: ['제목'], body: Array.from({ length: 4000 }, (_, i) => `낱말${i}`), text: '' };
    const edits = Array.from({ length: 8 }, (_, id) => ({ id, search: long }));
    expect(patchEdits('[]', edits.slice(0, 1))).toBeDefined();
    expect(patchEdits('[]', edits)).toBeUndefined();
  });
});

describe('fullBuildSearchPatch (a full build compares the posts with the index state)', () => {
  const plan = makePlanSite('search-patch');
  const fingerprint = 'f'.repeat(40);
  const manifest = createManifest(['search/index.json'], { 'search/index.json': fingerprint });
  const word = (source: string) => ({ strong: [], body: [source], text: '' });

  async function destination(): Promise<string> {
    const out = await tempDir('search-patch');
    mkdirSync(join(out, 'search'));
    writeFileSync(join(out, 'search', 'edits.json'), '[]');
    return out;
  }

  /** Another digest: its first digit changed. */
  const other = (digest: string) => `${digest.startsWith('0') ? '1' : '0'}${digest.slice(1)}`;
  /** The plan's site with the posts at `ids` given other bytes. */
  const edited = (...ids: number[]): Site => ({
    ...plan.site,
    posts: plan.site.posts.map((post, id) => (ids.includes(id) ? { ...post, digest: other(post.digest) } : post)),
  });

  it('patches nothing when no post changed, and the posts whose bytes changed otherwise', async () => {
    const out = await destination();
    const state = searchStateOf(out, plan.site, fingerprint);
    const input = { destination: out, previous: manifest, state, searchOf: word };
    expect(fullBuildSearchPatch({ ...input, site: plan.site })).toEqual([]);
    const files = fullBuildSearchPatch({ ...input, site: edited(2, 5) }) as { data: string }[];
    const patched = JSON.parse((files[0] as { data: string }).data) as unknown[][];
    expect(patched.map((record) => [record[0], record[2]])).toEqual([
      [2, [plan.site.posts[2]?.source]],
      [5, [plan.site.posts[5]?.source]],
    ]);
  });

  it('writes the index whole when the state is not of this index, or more than its words changed', async () => {
    const out = await destination();
    const state = searchStateOf(out, plan.site, fingerprint);
    const input = { destination: out, previous: manifest, state, searchOf: word, site: edited(1) };
    expect(fullBuildSearchPatch(input)).toHaveLength(1);
    expect(fullBuildSearchPatch({ ...input, state: undefined })).toBeUndefined();
    expect(fullBuildSearchPatch({ ...input, previous: undefined })).toBeUndefined();
    expect(fullBuildSearchPatch({ ...input, destination: join(out, 'other') })).toBeUndefined();
    expect(fullBuildSearchPatch({ ...input, state: { ...state, fingerprint: 'e'.repeat(40) } })).toBeUndefined();
    const retitled = { ...plan.site, posts: plan.site.posts.map((post, id) => (id === 1 ? { ...post, title: `${post.title}!` } : post)) };
    expect(fullBuildSearchPatch({ ...input, site: retitled })).toBeUndefined();
    expect(fullBuildSearchPatch({ ...input, site: { ...plan.site, posts: plan.site.posts.slice(1) } })).toBeUndefined();
    expect(fullBuildSearchPatch({ ...input, searchOf: () => undefined })).toBeUndefined();
  });

  it(`writes the index whole when more than ${MAX_PATCHED_POSTS} posts changed`, async () => {
    const many = Array.from({ length: MAX_PATCHED_POSTS + 1 }, (_, id) => ({
      ...(plan.site.posts[0] as PostSummary),
      source: `_posts/${id}.md`,
      url: `/${id}/`,
      digest: `${id}`.padStart(64, '0'),
    }));
    const site = { ...plan.site, posts: many };
    const out = await destination();
    const state = searchStateOf(out, site, fingerprint);
    const changed = { ...site, posts: many.map((post) => ({ ...post, digest: other(post.digest) })) };
    const input = { destination: out, previous: manifest, state, searchOf: word };
    expect(fullBuildSearchPatch({ ...input, site: { ...changed, posts: [...changed.posts.slice(0, -1), many.at(-1) as PostSummary] } })).toHaveLength(1);
    expect(fullBuildSearchPatch({ ...input, site: changed })).toBeUndefined();
  });
});

describe('the search state in the cache', () => {
  it('reads back what was saved under the same key, and nothing under another', async () => {
    const dir = await tempDir('search-state');
    const state = { destination: '/site/_site', fingerprint: 'f'.repeat(40), layout: 'a'.repeat(40), digests: ['0123456789abcdef'] };
    saveSearchState(dir, state, KEY);
    expect(readSearchState(dir, KEY)).toEqual({ format: 1, ...state });
    expect(readSearchState(dir, 'b'.repeat(64))).toBeUndefined();
    writeFileSync(join(dir, 'search-state.json'), JSON.stringify(state));
    expect(readSearchState(dir, KEY)).toBeUndefined();
  });
});

describe('stateAfterEdit (a body edit patched the index the state describes)', () => {
  const state = { destination: '/site/_site', fingerprint: 'f0', layout: 'l', digests: ['a'.repeat(16), 'b'.repeat(16)] };
  const next = { destination: '/site/_site', fingerprint: 'f1', edited: [{ id: 1, digest: 'c'.repeat(64) }] };

  it("records the edited posts' digests under the index's new fingerprint", () => {
    expect(stateAfterEdit(state, 'f0', next)).toEqual({ ...state, fingerprint: 'f1', digests: ['a'.repeat(16), 'c'.repeat(16)] });
  });

  it('leaves a state that was not the edited index alone', () => {
    expect(stateAfterEdit(undefined, 'f0', next)).toBeUndefined();
    expect(stateAfterEdit(state, 'another', next)).toBeUndefined();
    expect(stateAfterEdit(state, 'f0', { ...next, destination: '/other' })).toBeUndefined();
  });
});
