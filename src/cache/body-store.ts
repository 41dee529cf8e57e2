/**
 * Post details (sanitised body, feature text, front matter) on disk, so a
 * large site never holds every body in memory and its cache index holds only
 * summaries. A parse batch writes its posts' details as one pack file (one
 * write instead of one per post), each as JSON; they are found again by pack,
 * byte offset and length. Packs are named by the MAC of their bytes under
 * this machine's cache key (cache-key.ts), so equal batches share a pack, and
 * a pack is trusted only once its bytes give its name: one written elsewhere,
 * damaged or not a file is a damaged pack, and its posts are parsed again.
 */
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostSearch } from '../search/terms.js';
import type { PostDetails } from '../types.js';
import { MAC_LENGTH, macOf } from './cache-key.js';

export interface BodyRef {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
}

/** `key`: the cache key (cacheKey()), as hex. */
export function writePack(dir: string, posts: readonly PostDetails[], key: string): BodyRef[] {
  return writePackOf(dir, posts, [], key).bodies;
}

/**
 * A pack of posts' details followed by their search records (search/terms.ts),
 * which only a build that renders the search index reads: they share the
 * pack, so they live and are pruned, checked and forgotten with the bodies.
 */
export function writePackOf(
  dir: string,
  posts: readonly PostDetails[],
  searches: readonly PostSearch[],
  key: string,
): { bodies: BodyRef[]; searches: BodyRef[] } {
  const buffers = posts.map(({ html, featureHtml, data }) => Buffer.from(JSON.stringify({ html, featureHtml, data }), 'utf8'));
  for (const { strong, body, text } of searches) buffers.push(Buffer.from(JSON.stringify({ strong, body, text }), 'utf8'));
  const bytes = Buffer.concat(buffers);
  const pack = `${macOf(key, bytes)}${PACK_SUFFIX}`;
  writeFileSync(join(dir, pack), bytes);
  let offset = 0;
  const refs = buffers.map((buffer) => {
    const ref = { pack, offset, length: buffer.byteLength };
    offset += buffer.byteLength;
    return ref;
  });
  return { bodies: refs.slice(0, posts.length), searches: refs.slice(posts.length) };
}

/** What a page shows of a post whose pack is damaged; a build that rendered it is not committed (build.ts). */
export const NO_DETAILS: PostDetails = Object.freeze({ html: '', featureHtml: '', data: Object.freeze({}) });

const PACK_SUFFIX = '.pack';
const PACK_NAME = /^[0-9a-f]{64}\.pack$/;

export interface BodyReader {
  /**
   * The details at `ref`; undefined when its pack is missing, damaged, or
   * was not written under this key. Such a pack is removed (so the cache no
   * longer offers its posts) and listed in `damaged`.
   */
  read(ref: BodyRef): PostDetails | undefined;
  /** A search record (writePackOf) at `ref`, checked as `read` checks details. */
  readSearch(ref: BodyRef): PostSearch | undefined;
  /** Packs found damaged, in the order found. */
  readonly damaged: readonly string[];
  close(): void;
}

/**
 * A pack is read whole and checked once, when a post of it is first asked
 * for; after that its posts are read where they are (pages are rendered in
 * runs of neighbouring paths, not in pack order, so keeping packs in memory
 * would read them again and again).
 */
export function createBodyReader(dir: string, key: string): BodyReader {
  const open = new Map<string, OpenPack>();
  const damaged: string[] = [];
  const bad = new Set<string>();
  const listDamaged = (name: string) => {
    if (!damaged.includes(name)) damaged.push(name);
  };
  const packOf = (name: string): OpenPack | undefined => {
    const known = open.get(name);
    if (known !== undefined || bad.has(name)) return known;
    const pack = openVerified(dir, name, key);
    if (pack) {
      open.set(name, pack);
      return pack;
    }
    bad.add(name);
    listDamaged(name);
    // Only a name a pack could have: a reference is data, and it never names a path to remove.
    if (PACK_NAME.test(name)) {
      try {
        rmSync(join(dir, name), { recursive: true, force: true });
      } catch {
        // It stays; this reader never reads it again, and the build that follows parses its posts again.
      }
    }
    return undefined;
  };
  const readChecked = <T>(ref: BodyRef, parse: (text: string) => T | undefined): T | undefined => {
    const pack = packOf(ref.pack);
    if (!pack) return undefined;
    const value = ref.offset + ref.length <= pack.size ? parse(readAt(pack.fd, ref)) : undefined;
    // A sound pack, but not what the reference says: the entries that point into it are not trusted either.
    if (!value) listDamaged(ref.pack);
    return value;
  };
  return {
    read: (ref) => readChecked(ref, parseDetails),
    readSearch: (ref) => readChecked(ref, parseSearch),
    damaged,
    close() {
      for (const { fd } of open.values()) closeSync(fd);
      open.clear();
    },
  };
}

interface OpenPack {
  fd: number;
  size: number;
}

/**
 * Packs this thread has checked, by path and key, with their sizes. A build
 * renders in many batches, each with a reader of its own, and a batch's
 * posts come from many packs: each pack is read whole and checked once per
 * thread, not once per batch.
 */
const verified = new Map<string, number>();

/** A pack checked whole against its name (once per thread), then opened; undefined when it is damaged, foreign or unreadable. */
function openVerified(dir: string, name: string, key: string): OpenPack | undefined {
  const id = `${key}\0${join(dir, name)}`;
  let size = verified.get(id);
  if (size === undefined) {
    const bytes = verifiedPack(dir, name, key);
    if (!bytes) return undefined;
    size = bytes.length;
    verified.set(id, size);
  }
  try {
    return { fd: openSync(join(dir, name), 'r'), size };
  } catch {
    // Removed since it was checked (another process pruned it): a miss, as the doc comment says.
    verified.delete(id);
    return undefined;
  }
}

/** The text at `ref` in an open pack. */
function readAt(fd: number, ref: BodyRef): string {
  const buffer = Buffer.allocUnsafe(ref.length);
  let done = 0;
  while (done < ref.length) {
    const read = readSync(fd, buffer, done, ref.length - done, ref.offset + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.toString('utf8', 0, done);
}

/** A pack's bytes when they are those its name was made from; undefined otherwise (or when it cannot be read). */
function verifiedPack(dir: string, name: string, key: string): Buffer | undefined {
  if (!PACK_NAME.test(name)) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch {
    // Gone or unreadable: like a damaged pack, no bodies can be taken from it.
    return undefined;
  }
  return macOf(key, bytes) === name.slice(0, MAC_LENGTH) ? bytes : undefined;
}

function parseDetails(text: string): PostDetails | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // A reference into the wrong place of a pack that verified: read as damage, like the checks below.
    return undefined;
  }
  const details = value as PostDetails;
  const ok =
    typeof details === 'object' &&
    details !== null &&
    typeof details.html === 'string' &&
    typeof details.featureHtml === 'string' &&
    typeof details.data === 'object' &&
    details.data !== null;
  return ok ? details : undefined;
}

function parseSearch(text: string): PostSearch | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const search = value as PostSearch;
  const ok = typeof search === 'object' && search !== null && Array.isArray(search.strong) && Array.isArray(search.body) && typeof search.text === 'string';
  return ok ? search : undefined;
}

export function isBodyRef(value: unknown): value is BodyRef {
  const ref = value as BodyRef;
  return (
    typeof ref === 'object' &&
    ref !== null &&
    typeof ref.pack === 'string' &&
    Number.isSafeInteger(ref.offset) &&
    ref.offset >= 0 &&
    Number.isSafeInteger(ref.length) &&
    ref.length >= 0
  );
}
