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
import { Postings } from './postings.js';
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

/** A term and the bytes of its line in a shard, `["term",[…]]` and its comma: what the shards are cut by. */
export interface TermLine {
  readonly term: string;
  readonly bytes: number;
}

/** A shard: the terms [from, to) of the sorted list, all starting with `key` (exactly `key`, when it was split off its longer siblings). */
export interface Shard {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The index's files, one at a time: the card chunks as the pass over the
 * posts reaches them, then each shard, then the manifest and the empty
 * edits list. Each is made when asked for, so the writer holds one file at
 * a time, never the whole index.
 */
export function* searchIndexFiles(docs: readonly IndexDoc[], options: IndexOptions = {}): Generator<IndexFile> {
  const chunkDocs = options.chunkDocs ?? CHUNK_DOCS;
  const postings = new Postings();
  for (let from = 0; from < docs.length; from += chunkDocs) {
    const chunk = docs.slice(from, from + chunkDocs).map((doc, at) => {
      const search = typeof doc.search === 'function' ? doc.search() : doc.search;
      postings.add(search, from + at);
      return [doc.url, doc.title, doc.dateIso, doc.dateDisplay, doc.categories, search?.text ?? ''];
    });
    yield { file: `${INDEX_FOLDER}/d/${from / chunkDocs}.json`, data: stringifyScriptSafeJson(chunk) };
  }
  const lines = postings.lines();
  const cap = options.shardBytes ?? SHARD_BYTES;
  const manifestShards: [string, string][] = [];
  for (const shard of packShards(shardsOf(lines, cap), lines, cap)) {
    const name = shardName(shard.key);
    manifestShards.push([(lines[shard.from] as TermLine).term, name]);
    const body: string[] = [];
    for (let at = shard.from; at < shard.to; at++) body.push(postings.json(at));
    yield { file: `${INDEX_FOLDER}/t/${name}.json`, data: `[${body.join(',')}]` };
  }
  const manifest = { format: INDEX_FORMAT, docs: docs.length, chunk: chunkDocs, shards: manifestShards };
  yield { file: MANIFEST_FILE, data: stringifyScriptSafeJson(manifest) };
  yield { file: EDITS_FILE, data: '[]' };
}

/**
 * Every term with its postings serialised, sorted by term: searchIndexFiles's
 * shards without the cutting. A posting is `gap * 2 + strong`, the gap from
 * the previous id (the first from -1): small numbers, a short JSON array. A
 * run of three or more posts in a row with the same `strong` is its first
 * posting then `-k`, k more posts: a word in most posts costs a few bytes,
 * not two per post.
 */
export function termLines(docs: readonly IndexDoc[]): (TermLine & { readonly json: string })[] {
  const postings = new Postings();
  docs.forEach((doc, id) => {
    postings.add(typeof doc.search === 'function' ? doc.search() : doc.search, id);
  });
  return postings.lines().map((line, at) => ({ ...line, json: postings.json(at) }));
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
