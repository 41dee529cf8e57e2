/** The search index's files: shards cut by leading characters under a size cap, postings in order, chunks of cards, the same bytes every time. */
import { describe, expect, it } from 'vitest';
import { type IndexDoc, isIndexFile, packShards, searchIndexFiles, shardsOf, termLines } from '../src/search/index-files.js';
import { decodePostings } from './helpers/search-index.js';

function doc(n: number, strong: string[], body: string[], text = `본문 ${n}`): IndexDoc {
  return {
    url: `/p/${n}/`,
    title: `제목 ${n}`,
    dateIso: `2025-01-${String(n + 1).padStart(2, '0')}T09:00:00+09:00`,
    dateDisplay: `1월 ${n + 1}일`,
    categories: ['경제'],
    search: { strong, body, text },
  };
}

const DOCS = [
  doc(0, ['비트코인'], ['비트코인을', '블랙록', '정례협의체']),
  doc(1, ['경제'], ['비트코인의', '비상', '블랙록']),
  doc(2, [], ['비트', '비트코인을', '가격']),
  { ...doc(3, [], []), search: undefined },
];

const parse = (data: string) => JSON.parse(data) as unknown;

describe('searchIndexFiles', () => {
  it('lists each term once, in code-unit order, with its posts (strong when in the title or tags) in id order', () => {
    const lines = termLines(DOCS);
    expect(lines.map((line) => line.term)).toEqual(['가격', '경제', '블랙록', '비상', '비트', '비트코인', '비트코인을', '비트코인의', '정례협의체']);
    const postings = new Map(lines.map((line) => [line.term, decodePostings((parse(line.json) as [string, number[]])[1])]));
    expect(postings.get('블랙록')).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(postings.get('비트코인을')).toEqual([
      [0, 0],
      [2, 0],
    ]);
    expect(postings.get('비트코인')).toEqual([[0, 1]]);
  });

  it('writes runs of posts in a row as their first posting and -k: a word in most posts costs a few bytes', () => {
    const docs = Array.from({ length: 9 }, (_, n) => doc(n, n === 4 ? ['흔한'] : [], n === 4 || n === 7 ? [] : ['흔한']));
    const [line] = termLines(docs);
    // Ids 0-3 (body), 4 (title), 5-6 (body), 8 (body).
    expect(JSON.parse(line?.json ?? '')).toEqual(['흔한', [2, -3, 3, 2, 2, 4]]);
    expect(decodePostings([2, -3, 3, 2, 2, 4])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 0],
      [6, 0],
      [8, 0],
    ]);
    const all = termLines(Array.from({ length: 1000 }, (_, n) => doc(n, [], ['흔한'])));
    expect(all[0]?.json).toBe('["흔한",[2,-999]]');
  });

  it('writes the manifest, the shards (small ones joined), an empty edits list and chunks of cards', () => {
    const files = [...searchIndexFiles(DOCS, { chunkDocs: 2 })];
    const byName = new Map(files.map((file) => [file.file, file.data]));
    const manifest = parse(byName.get('search/index.json') as string) as { docs: number; chunk: number; shards: [string, string][] };
    expect(manifest.docs).toBe(4);
    expect(manifest.chunk).toBe(2);
    // Far below the cap: one shard, listed by its first term.
    expect(manifest.shards.map(([first]) => first)).toEqual(['가격']);
    expect(byName.get('search/edits.json')).toBe('[]');
    const [[, name]] = manifest.shards as [[string, string]];
    expect((parse(byName.get(`search/t/${name}.json`) as string) as [string][]).map(([term]) => term)).toEqual(termLines(DOCS).map((line) => line.term));
    expect(parse(byName.get('search/d/0.json') as string)).toEqual([
      ['/p/0/', '제목 0', '2025-01-01T09:00:00+09:00', '1월 1일', ['경제'], '본문 0'],
      ['/p/1/', '제목 1', '2025-01-02T09:00:00+09:00', '1월 2일', ['경제'], '본문 1'],
    ]);
    expect((parse(byName.get('search/d/1.json') as string) as unknown[][])[1]?.[5]).toBe('');
    expect(files.every((file) => isIndexFile(file.file))).toBe(true);
    expect(isIndexFile('search/index.html')).toBe(false);
  });

  it('splits a shard over the cap by one more character, then more, a term equal to its key alone', () => {
    const shards = shardsOf(termLines(DOCS), 80);
    const keys = shards.map((shard) => shard.key);
    expect(keys).toEqual(['가', '경', '블', '비상', '비트', '비트코', '정']);
    // Every term in exactly one shard, in order.
    const lines = termLines(DOCS);
    expect(shards.flatMap((shard) => lines.slice(shard.from, shard.to).map((line) => line.term))).toEqual(lines.map((line) => line.term));
    // Each term starts with its shard's key.
    for (const shard of shards) for (const line of lines.slice(shard.from, shard.to)) expect(line.term.startsWith(shard.key)).toBe(true);
  });

  it('joins neighbouring shards while they fit under the cap together', () => {
    const lines = termLines(DOCS);
    const packed = packShards(shardsOf(lines, 80), lines, 80);
    expect(packed.map((shard) => lines[shard.from]?.term)).toEqual(['가격', '비트코인', '정례협의체']);
    expect(packed.map((shard) => [shard.from, shard.to])).toEqual([
      [0, 5],
      [5, 8],
      [8, 9],
    ]);
    const manifest = parse([...searchIndexFiles(DOCS, { shardBytes: 80 })].find((file) => file.file === 'search/index.json')?.data as string) as {
      shards: [string, string][];
    };
    expect(manifest.shards.map(([first]) => first)).toEqual(['가격', '비트코인', '정례협의체']);
  });

  it('gives the same bytes for the same posts', () => {
    expect([...searchIndexFiles(DOCS)]).toEqual([...searchIndexFiles(DOCS.map((d) => ({ ...d })))]);
  });

  it('escapes markup in titles, so the files can be inlined anywhere', () => {
    const files = [...searchIndexFiles([{ ...doc(0, [], []), title: '</script><b>' }])];
    expect(files.find((file) => file.file === 'search/d/0.json')?.data).not.toContain('<');
  });

  it('keeps every posting of a large site, whatever blocks and pages hold them, and sizes each line as written', () => {
    // 3,000 posts of 120 terms from 20,000: past a page of postings, terms in long lists and short ones, runs and gaps, strong and not.
    const termOf = (n: number, k: number) => `낱말${(n * 31 + k * 167) % (k < 20 ? 40 : 20000)}`;
    const docs = Array.from({ length: 3000 }, (_, n) => {
      const strong = [...new Set(Array.from({ length: 4 }, (_, k) => termOf(n, k * (n % 3))))].sort();
      const body = [...new Set(Array.from({ length: 120 }, (_, k) => termOf(n, k)))].filter((term) => !strong.includes(term)).sort();
      return doc(n, strong, body);
    });
    const expected = new Map<string, [number, number][]>();
    docs.forEach((one, id) => {
      const search = one.search as unknown as { strong: string[]; body: string[] };
      for (const [terms, strong] of [[search.strong, 1] as const, [search.body, 0] as const]) {
        for (const term of terms) expected.set(term, [...(expected.get(term) ?? []), [id, strong]]);
      }
    });
    const lines = termLines(docs);
    expect(lines.map((line) => line.term)).toEqual([...expected.keys()].sort());
    for (const line of lines) {
      const [term, values] = parse(line.json) as [string, number[]];
      expect(decodePostings(values)).toEqual(expected.get(term));
      expect(line.bytes).toBe(Buffer.byteLength(line.json) + 1);
    }
  });
});
