/**
 * The edit index: what a later `gazette build` needs to publish an edit of
 * post bodies without planning the site again. It lives in the cache folder;
 * `build()` writes it after a successful build that took posts from the
 * cache (a cold build writes none), and updates it after an edit build:
 *
 * - the key of everything else a page shows (config, templates, flags, destination);
 * - the size and modification time of every input file;
 * - the destination manifest's size and modification time, so a destination
 *   written since by anything else (a `--no-cache` build, a watch session) is noticed;
 * - per post whose body shows on its own page only (not in a feed): the
 *   hash of what other pages show of it (bodyEditKey), and its page's route,
 *   stored in route packs beside the index;
 * - what the build reported (diagnostics, sanitiser removals, counts).
 *
 * Nothing here is trusted blindly: an index that does not parse, or was
 * written under another key, format or manifest, is not used. The index and
 * each route pack end with their MAC under this machine's cache key
 * (cache-key.ts): they carry HTML (excerpts in the shared context) that is
 * published as it is, so one written elsewhere, or damaged, is not used.
 */
import { hash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { SourceFile } from '../content/discover.js';
import type { Diagnostic } from '../diagnostics.js';
import { MANIFEST_FILE } from '../output/manifest.js';
import type { Route, RouteOf } from '../site/routes.js';
import type { PostSummary, Removal } from '../types.js';
import type { SharedContext } from '../workers/render-task.js';
import { verifiedBody, writeWithMac } from './cache-key.js';

/** 2: MACs. 3: posts' search ids. */
const FORMAT = 3;
const INDEX_FILE = 'edit-index.json';
const PACK_SUFFIX = '.routes';
const PACK_NAME = /^[0-9a-f]{40}\.routes$/;
/** Routes per pack: an edit that changes a few routes rewrites a few packs, not all of them. */
const ROUTES_PER_PACK = 256;

export interface EditIndexKeyInput {
  config: ResolvedConfig;
  /** Hash of every template (Templates.fingerprintAll). */
  templates: string;
  /** Absolute. */
  destination: string;
  strict: boolean;
  keepGoing: boolean;
}

/** Everything besides the input files that decides what a build publishes. */
export function editIndexKey(input: EditIndexKeyInput): string {
  return hash('sha1', JSON.stringify([FORMAT, input.config, input.templates, input.destination, input.strict, input.keepGoing]), 'hex');
}

/** A post's sanitiser removals, as BuildResult lists them. */
export type PostRemovals = { source: string; removed: readonly Removal[] };

/** What the build that wrote the index reported; an edit build reports it again. */
export interface EditIndexReport {
  posts: number;
  pages: number;
  /** Files in the destination's manifest. */
  files: number;
  diagnostics: Diagnostic[];
  removals: PostRemovals[];
}

/** A post an edit index can rebuild alone: the hash of bodyEditKey (route-kinds.ts), and its page's route. */
export interface EditablePost {
  readonly source: string;
  readonly shown: string;
  readonly route: RouteOf<'post'>;
  /** Its id in the search index (its place in the site's posts), when the site has one. */
  readonly searchId?: number;
}

/** An editable post as the index keeps it: the hash of bodyEditKey, where its page's route is stored, and its search id (-1: none). */
type StoredPost = [shown: string, pack: number, offset: number, length: number, searchId: number];

export interface EditIndex {
  key: string;
  manifest: { size: number; mtimeMs: number };
  /** The clock (ms) up to which the plan stays valid; null: no limit. */
  validUntil: number | null;
  /** Every input file (posts, pages, static files) → [size, mtimeMs]. */
  files: Record<string, [number, number]>;
  posts: Record<string, StoredPost>;
  packs: string[];
  shared: SharedContext;
  report: EditIndexReport;
}

export interface EditIndexInput {
  dir: string;
  /** The cache key (cacheKey()) the index and its packs are authenticated under. */
  cacheKey: string;
  key: string;
  destination: string;
  inputs: readonly SourceFile[];
  /** The posts the index can rebuild alone, with their page routes (build/planners/edit-index.ts editablePosts). */
  editable: readonly EditablePost[];
  /** The clock (ms) up to which the build's plan stays valid. */
  validUntil: number;
  /** Output file → route fingerprint, as in the manifest. */
  fingerprints: Readonly<Record<string, string>>;
  shared: SharedContext;
  report: EditIndexReport;
}

/**
 * Writes the index for the build just committed (the manifest on disk is
 * its own). Packs first, then the index, each by rename: a reader never
 * finds an index whose packs are missing. Packs no longer named are removed.
 */
export function writeEditIndex(input: EditIndexInput): void {
  const { dir, editable } = input;
  const existing = new Set(readdirSync(dir));
  const packs: string[] = [];
  const posts: Record<string, StoredPost> = {};
  for (let start = 0; start < editable.length; start += ROUTES_PER_PACK) {
    const group = editable.slice(start, start + ROUTES_PER_PACK);
    // Named by the group's route fingerprints (what each page shows): an unchanged group is not serialised again.
    const fingerprints = group.map((item) => input.fingerprints[item.route.file]);
    const named = fingerprints.every((fingerprint) => fingerprint !== undefined);
    let buffers: Buffer[] | undefined;
    const serialise = () => (buffers ??= group.map((item) => Buffer.from(JSON.stringify(storedRoute(item.route)), 'utf8')));
    const name = `${named ? hash('sha1', [FORMAT, ...group.map((item, i) => `${item.source}\0${fingerprints[i] ?? ''}`)].join('\0'), 'hex') : hash('sha1', packBytes(serialise()), 'hex')}${PACK_SUFFIX}`;
    let lengths = existing.has(name) ? readLengths(dir, name) : undefined;
    if (lengths?.length !== group.length) {
      writeWithMac(join(dir, name), input.cacheKey, packBytes(serialise()));
      existing.add(name);
      lengths = serialise().map((buffer) => buffer.byteLength);
    }
    let offset = Buffer.byteLength(`${JSON.stringify(lengths)}\n`);
    group.forEach((item, i) => {
      const length = lengths[i] ?? 0;
      posts[item.source] = [item.shown, packs.length, offset, length, item.searchId ?? -1];
      offset += length;
    });
    packs.push(name);
  }
  const files: Record<string, [number, number]> = {};
  for (const file of input.inputs) files[file.source] = [file.size, file.mtimeMs];
  const manifest = statSync(join(input.destination, MANIFEST_FILE));
  const index: EditIndex = {
    key: input.key,
    manifest: { size: manifest.size, mtimeMs: manifest.mtimeMs },
    validUntil: Number.isFinite(input.validUntil) ? input.validUntil : null,
    files,
    posts,
    packs,
    shared: input.shared,
    report: input.report,
  };
  saveEditIndex(dir, index, input.cacheKey);
  const used = new Set(packs);
  for (const name of existing) if (name.endsWith(PACK_SUFFIX) && !used.has(name)) rmSync(join(dir, name), { force: true });
}

/** Best effort: a build that could not write its index leaves none behind. */
export function removeEditIndex(dir: string): void {
  try {
    rmSync(join(dir, INDEX_FILE), { force: true });
  } catch {
    // It stays, and is used only while the destination's manifest is the one it saw.
  }
}

/** Writes an index (one this build updated) in place of the one on disk. */
export function saveEditIndex(dir: string, index: EditIndex, cacheKey: string): void {
  writeWithMac(join(dir, INDEX_FILE), cacheKey, Buffer.from(JSON.stringify({ format: FORMAT, ...index }), 'utf8'));
}

/** The index, when there is one written under `key` whose destination manifest is still the one it saw. */
export function readEditIndex(dir: string, key: string, destination: string, cacheKey: string): EditIndex | undefined {
  let index: Partial<EditIndex> & { format?: unknown };
  let manifest: ReturnType<typeof statSync>;
  try {
    const body = verifiedBody(cacheKey, readFileSync(join(dir, INDEX_FILE)));
    if (!body) return undefined;
    index = JSON.parse(body.toString('utf8')) as typeof index;
    manifest = statSync(join(destination, MANIFEST_FILE), { throwIfNoEntry: false });
  } catch {
    // Missing, unreadable or not JSON: no index, and the build is a full one.
    return undefined;
  }
  if (index.format !== FORMAT || index.key !== key || !isEditIndex(index)) return undefined;
  if (!manifest || manifest.size !== index.manifest.size || manifest.mtimeMs !== index.manifest.mtimeMs) return undefined;
  return index;
}

/** An editable post's id in the search index; undefined when the index recorded none (another format, or no search). */
export function searchIdOf(index: EditIndex, source: string): number | undefined {
  const id = index.posts[source]?.[4];
  return Number.isInteger(id) && (id as number) >= 0 ? id : undefined;
}

/** A post page's route as stored: without the post, which an edit build has parsed again. */
/** The post is the one just parsed; what the image stage found of its images (`media`) is kept with the route: its images are as they were, or the build is not an edit-index one. */
type StoredRoute = Omit<Route & { kind: 'post' }, 'post'> & { source: string; media?: PostSummary['media'] };

function storedRoute(route: Route & { kind: 'post' }): StoredRoute {
  const { post, ...rest } = route;
  return post.media === undefined ? { ...rest, source: post.source } : { ...rest, source: post.source, media: post.media };
}

/**
 * The page route of an editable post, showing `post` (its summary as just
 * parsed). Undefined when its pack is missing or damaged; a damaged pack is
 * removed, so the next full build writes it again.
 */
export function readRoute(dir: string, index: EditIndex, post: PostSummary, cacheKey: string): Route | undefined {
  const at = index.posts[post.source];
  if (!at) throw new Error(`${post.source} is not in the edit index`);
  const [, pack, offset, length] = at;
  const name = index.packs[pack];
  if (typeof name !== 'string' || !PACK_NAME.test(name)) return undefined;
  const file = join(dir, name);
  let stored: StoredRoute;
  try {
    // Read and checked whole (a few hundred KB): a one-edit build reads one or two.
    const bytes = verifiedBody(cacheKey, readFileSync(file));
    if (!bytes || offset < 0 || offset + length > bytes.length) throw new Error('damaged');
    stored = JSON.parse(bytes.subarray(offset, offset + length).toString('utf8')) as StoredRoute;
    if (stored.kind !== 'post' || stored.source !== post.source || typeof stored.file !== 'string') throw new Error("not this post's route");
  } catch {
    try {
      rmSync(file, { recursive: true, force: true });
    } catch {
      // It stays; the next full build writes the pack again in its place.
    }
    return undefined;
  }
  const { source: _source, media, ...rest } = stored;
  return { ...rest, post: media === undefined ? post : { ...post, media } };
}

function isEditIndex(value: Partial<EditIndex>): value is EditIndex {
  const object = (v: unknown) => typeof v === 'object' && v !== null;
  return (
    typeof value.key === 'string' &&
    object(value.manifest) &&
    (value.validUntil === null || typeof value.validUntil === 'number') &&
    object(value.files) &&
    object(value.posts) &&
    Array.isArray(value.packs) &&
    object(value.shared) &&
    object(value.report) &&
    Array.isArray(value.report?.diagnostics) &&
    Array.isArray(value.report?.removals)
  );
}

/** The pack's header: a line with the JSON array of its routes' lengths in bytes. Undefined when missing or damaged. */
function readLengths(dir: string, name: string): number[] | undefined {
  try {
    const fd = openSync(join(dir, name), 'r');
    try {
      const buffer = Buffer.alloc(HEADER_MAX);
      const read = readSync(fd, buffer, 0, HEADER_MAX, 0);
      const end = buffer.subarray(0, read).indexOf(10);
      const lengths = end < 0 ? undefined : (JSON.parse(buffer.subarray(0, end).toString('utf8')) as unknown);
      return Array.isArray(lengths) && lengths.every((length) => Number.isInteger(length) && length > 0) ? (lengths as number[]) : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    // A pack that cannot be read is written again.
    return undefined;
  }
}

/** A pack: the header line, then each route's JSON, one after another. */
function packBytes(buffers: readonly Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(`${JSON.stringify(buffers.map((buffer) => buffer.byteLength))}\n`, 'utf8'), ...buffers]);
}

/** Room for the lengths of ROUTES_PER_PACK routes of up to 10 MB each. */
const HEADER_MAX = ROUTES_PER_PACK * 9 + 3;
