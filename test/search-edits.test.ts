/** A body edit's patch of the search index: the edited posts' records replace their earlier ones in `search/edits.json`. */
import { describe, expect, it } from 'vitest';
import { patchEdits } from '../src/search/edits.js';

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
