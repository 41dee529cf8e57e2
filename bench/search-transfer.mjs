#!/usr/bin/env node
// What a reader's queries download from a built site's search index, as
// assets/js/search.js fetches it: the manifest and the edits list once, per
// word the shards whose term range can hold it, then the card chunks of the
// first page of results (10). Sizes raw and gzipped (what a host serving
// gzip sends).
//   node bench/search-transfer.mjs DEST [query …]
// Prints one JSON object: { queries: [{ query, results, files, raw, gzip }], max: { raw, gzip } }.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The issue's three searches; the corpus adds its own common words (commonQueries). */
export const ISSUE_QUERIES = ['블랙록', '정례협의체', '비트코인'];
const PAGE_SIZE = 10;

const wordsOf = (query) => [
  ...new Set(
    query
      .normalize('NFC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}\p{M}]+/u)
      .filter((word) => [...word].length >= 2),
  ),
];

/**
 * Queries a reader of this corpus would type, from the index itself: the
 * words in the most posts (ranks 1, 10, 100 and 1,000 by document count), the
 * first two syllables of the commonest (a word half typed: every term it
 * starts), and the two commonest together.
 */
export function commonQueries(dest) {
  const manifest = JSON.parse(readFileSync(join(dest, 'search', 'index.json'), 'utf8'));
  const counts = [];
  for (const [, name] of manifest.shards) {
    for (const [term, postings] of JSON.parse(readFileSync(join(dest, 'search', 't', `${name}.json`), 'utf8')))
      counts.push([term, postings.reduce((sum, value) => sum + (value < 0 ? -value : 1), 0)]);
  }
  counts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const at = (rank) => counts[Math.min(rank, counts.length) - 1]?.[0] ?? '';
  return [at(1), at(10), at(100), at(1000), [...at(1)].slice(0, 2).join(''), `${at(1)} ${at(2)}`].filter((query) => query !== '');
}

/** The transfer of each query on the site built in `dest`. */
export function measureTransfer(dest, queries = [...ISSUE_QUERIES, ...commonQueries(dest)]) {
  const sizes = new Map();
  const read = (file) => {
    const bytes = readFileSync(join(dest, 'search', file));
    if (!sizes.has(file)) sizes.set(file, { raw: bytes.length, gzip: gzipSync(bytes).length });
    return JSON.parse(bytes.toString('utf8'));
  };
  const manifest = read('index.json');
  const keys = manifest.shards.map(([key]) => key);
  const results = [];
  for (const query of queries) {
    const fetched = new Set(['index.json', 'edits.json']);
    read('edits.json');
    let ids;
    for (const word of wordsOf(query)) {
      let at = 0;
      while (at + 1 < keys.length && keys[at + 1] <= word) at += 1;
      const shards = [at];
      for (let next = at + 1; next < keys.length && keys[next].startsWith(word); next += 1) shards.push(next);
      const found = new Map();
      for (const shard of shards) {
        const file = `t/${manifest.shards[shard][1]}.json`;
        fetched.add(file);
        for (const [term, postings] of read(file)) {
          if (!term.startsWith(word)) continue;
          let id = -1;
          let strong = 0;
          for (const value of postings) {
            for (let k = value < 0 ? -value : 1; k > 0; k -= 1) {
              if (value < 0) id += 1;
              else {
                id += value >> 1;
                strong = value & 1;
              }
              found.set(id, (found.get(id) ?? 0) | strong);
            }
          }
        }
      }
      ids = ids === undefined ? found : new Map([...ids].filter(([id]) => found.has(id)).map(([id, s]) => [id, s + found.get(id)]));
    }
    const ranked = [...(ids ?? new Map())].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
    for (const id of ranked.slice(0, PAGE_SIZE)) {
      const file = `d/${Math.floor(id / manifest.chunk)}.json`;
      fetched.add(file);
      read(file);
    }
    const total = (kind) => [...fetched].reduce((sum, file) => sum + sizes.get(file)[kind], 0);
    results.push({ query, results: ranked.length, files: fetched.size, raw: total('raw'), gzip: total('gzip') });
  }
  return {
    queries: results,
    manifest: sizes.get('index.json'),
    max: { raw: Math.max(...results.map((r) => r.raw)), gzip: Math.max(...results.map((r) => r.gzip)) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dest, ...queries] = process.argv.slice(2);
  if (!dest) {
    console.error('usage: node bench/search-transfer.mjs DEST [query …]');
    process.exit(2);
  }
  console.log(JSON.stringify(measureTransfer(dest, queries.length > 0 ? queries : undefined), null, 1));
}
