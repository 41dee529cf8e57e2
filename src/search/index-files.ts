/**
 * The search index's files, from every post's terms (terms.ts): a small
 * manifest the client reads first, term shards by leading characters, and
 * the result cards in numbered chunks. A query downloads the manifest, one
 * shard per word (more only for a short word whose terms span shards), and
 * the chunks of the results it shows.
 *
 * Pure: the same posts give the same bytes.
 */
import { hash } from 'node:crypto';
import { stringifyScriptSafeJson } from '../feeds/xml.js';
import type { PostSearch } from './terms.js';

/** One post as the index shows it; its place in the list is its id (the site's order: newest first). */
export interface IndexDoc {
  readonly url: string;
  readonly title: string;
  readonly dateIso: string;
  /** The date as the site's pages show it. */
  readonly dateDisplay: string;
  readonly categories: readonly string[];
  /**
   * The post's record, or how to read it: read once, when the index comes to
   * the post, so that a large site's records are never all in memory.
   * Undefined: the post has no words to find it by.
   */
  readonly search: PostSearch | undefined | (() => PostSearch | undefined);
}

export interface IndexOptions {
  /** A shard over this many bytes (uncompressed JSON) is split by one more leading character. Default SHARD_BYTES. */
  readonly shardBytes?: number;
  /** Docs per chunk file. Default CHUNK_DOCS. */
  readonly chunkDocs?: number;
}

export interface IndexFile {
  /** Relative to the destination, e.g. `search/t/3f2a….json`. */
  readonly file: string;
  readonly data: string;
}

/** The folder every index file is in; its manifest is `search/index.json`. */
export const INDEX_FOLDER = 'search';
export const MANIFEST_FILE = `${INDEX_FOLDER}/index.json`;
/** Posts whose terms changed since the shards were written (body edits, patched in place: edits.ts); `[]` after a full build. */
export const EDITS_FILE = `${INDEX_FOLDER}/edits.json`;
export const SHARD_BYTES = 64 * 1024;
export const CHUNK_DOCS = 8;
/** The manifest's format: a client seeing another one reloads it. */
export const INDEX_FORMAT = 1;

/** Whether `file` (relative to the destination) is one the index writes: a build that keeps the index keeps these. */
export function isIndexFile(file: string): boolean {
  return file === MANIFEST_FILE || file === EDITS_FILE || file.startsWith(`${INDEX_FOLDER}/t/`) || file.startsWith(`${INDEX_FOLDER}/d/`);
}

/** A term and its postings, serialised once: `["term",[…]]`. */
interface TermLine {
  readonly term: string;
  readonly json: string;
  readonly bytes: number;
}

/** A shard: the terms [from, to) of the sorted list, all starting with `key` (exactly `key`, when it was split off its longer siblings). */
export interface Shard {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

export function searchIndexFiles(docs: readonly IndexDoc[], options: IndexOptions = {}): IndexFile[] {
  const chunkDocs = options.chunkDocs ?? CHUNK_DOCS;
  const { lines, texts } = collect(docs);
  const cap = options.shardBytes ?? SHARD_BYTES;
  const shards = packShards(shardsOf(lines, cap), lines, cap);
  const files: IndexFile[] = [];
  const manifestShards: [string, string][] = [];
  for (const shard of shards) {
    const name = shardName(shard.key);
    manifestShards.push([(lines[shard.from] as TermLine).term, name]);
    const body = lines
      .slice(shard.from, shard.to)
      .map((line) => line.json)
      .join(',');
    files.push({ file: `${INDEX_FOLDER}/t/${name}.json`, data: `[${body}]` });
  }
  for (let from = 0; from < docs.length; from += chunkDocs) {
    const chunk = docs
      .slice(from, from + chunkDocs)
      .map((doc, at) => [doc.url, doc.title, doc.dateIso, doc.dateDisplay, doc.categories, texts[from + at] ?? '']);
    files.push({ file: `${INDEX_FOLDER}/d/${from / chunkDocs}.json`, data: stringifyScriptSafeJson(chunk) });
  }
  const manifest = { format: INDEX_FORMAT, docs: docs.length, chunk: chunkDocs, shards: manifestShards };
  files.unshift({ file: MANIFEST_FILE, data: stringifyScriptSafeJson(manifest) }, { file: EDITS_FILE, data: '[]' });
  return files;
}

/**
 * Every term with its postings, sorted by term. One pass over the posts in
 * id order appends to each term's list, so lists come out sorted with no
 * merge step: linear in the postings, plus one sort of the distinct terms.
 * A posting is `gap * 2 + strong`, the gap from the previous id (the first
 * from -1): small numbers, a short JSON array. A run of three or more posts
 * in a row with the same `strong` is its first posting then `-k`, k more
 * posts: a word in most posts costs a few bytes, not two per post.
 */
export function termLines(docs: readonly IndexDoc[]): TermLine[] {
  return collect(docs).lines;
}

/** termLines, and each post's snippet text by id. */
function collect(docs: readonly IndexDoc[]): { lines: TermLine[]; texts: string[] } {
  const texts: string[] = [];
  const postings = new Map<string, number[]>();
  /** Per term: the last id, and how many postings in a row (gap 1, same strong) its last entry stands for. */
  const last = new Map<string, { id: number; strong: number; run: number }>();
  const add = (term: string, id: number, strong: number) => {
    const list = postings.get(term);
    const before = last.get(term);
    if (!list || !before) {
      postings.set(term, [(id + 1) * 2 + strong]);
      last.set(term, { id, strong, run: 0 });
      return;
    }
    if (id === before.id + 1 && strong === before.strong) {
      before.run += 1;
      // A run of one more stays a plain posting ("2," is shorter than "-1,"); from two on it is `-k`.
      if (before.run === 1) list.push(2 + strong);
      else if (before.run === 2) list[list.length - 1] = -2;
      else list[list.length - 1] = -before.run;
    } else {
      list.push((id - before.id) * 2 + strong);
      before.run = 0;
      before.strong = strong;
    }
    before.id = id;
  };
  docs.forEach((doc, id) => {
    const search = typeof doc.search === 'function' ? doc.search() : doc.search;
    texts.push(search?.text ?? '');
    if (!search) return;
    for (const term of search.strong) add(term, id, 1);
    for (const term of search.body) add(term, id, 0);
  });
  const terms = [...postings.keys()].sort(compareCodeUnits);
  const lines = terms.map((term) => {
    const json = `${JSON.stringify(term)},[${(postings.get(term) as number[]).join(',')}]`;
    return { term, json: `[${json}]`, bytes: Buffer.byteLength(json) + 3 };
  });
  return { lines, texts };
}

/** JavaScript's own string order (UTF-16 code units): the client compares the same way. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorted terms cut into shards: by first character, and a shard over
 * `cap` bytes by one more character, and so on. Terms sharing a prefix are
 * contiguous in sorted order, so each level is one scan of its range.
 */
export function shardsOf(lines: readonly TermLine[], cap: number): Shard[] {
  const out: Shard[] = [];
  const split = (from: number, to: number, depth: number) => {
    let start = from;
    while (start < to) {
      const key = prefixOf((lines[start] as TermLine).term, depth);
      let end = start;
      let bytes = 0;
      while (end < to && prefixOf((lines[end] as TermLine).term, depth) === key) bytes += (lines[end++] as TermLine).bytes;
      // A term no longer than its key is alone under that key, and cannot be split.
      const splittable = end - start > 1 && bytes > cap;
      if (splittable) split(start, end, depth + 1);
      else out.push({ key, from: start, to: end });
      start = end;
    }
  };
  split(0, lines.length, 1);
  return out;
}

/**
 * Neighbouring shards joined while they fit under `cap` together: a site has
 * words starting with hundreds of syllables, most of them rare, and a file
 * per syllable would be a request per rare word. The manifest lists each
 * shard's first term: the terms a word starts with are in the shard whose
 * first term is the last not above the word, and the shards after it whose
 * first terms start with the word.
 */
export function packShards(shards: readonly Shard[], lines: readonly TermLine[], cap: number): Shard[] {
  const out: Shard[] = [];
  let current: Shard | undefined;
  let bytes = 0;
  for (const shard of shards) {
    let size = 0;
    for (let at = shard.from; at < shard.to; at++) size += (lines[at] as TermLine).bytes;
    if (current !== undefined && bytes + size <= cap) {
      current = { key: current.key, from: current.from, to: shard.to };
      bytes += size;
      continue;
    }
    if (current !== undefined) out.push(current);
    current = shard;
    bytes = size;
  }
  if (current !== undefined) out.push(current);
  return out;
}

/** The first `count` characters (code points) of `term`, or all of it. */
function prefixOf(term: string, count: number): string {
  let end = 0;
  for (let n = 0; n < count && end < term.length; n++) end += (term.codePointAt(end) as number) > 0xffff ? 2 : 1;
  return term.slice(0, end);
}

/** A shard's file name: its key hashed (URLs and file systems see only hex). */
function shardName(key: string): string {
  return hash('sha1', key, 'hex').slice(0, 16);
}
