/** A body edit's patch of the search index: the edited posts' records replace their earlier ones in `search/edits.json`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchEditFiles } from '../src/build/search-edits.js';
import type { ParsedEntry } from '../src/cache/entry.js';
import { patchEdits } from '../src/search/edits.js';
import { cleanTemp, tempDir } from './helpers/site.js';

afterAll(cleanTemp);

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
