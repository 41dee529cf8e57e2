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
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostDetails } from '../types.js';
import { MAC_LENGTH, macOf } from './cache-key.js';

export interface BodyRef {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
}

/** `key`: the cache key (cacheKey()), as hex. */
export function writePack(dir: string, posts: readonly PostDetails[], key: string): BodyRef[] {
  const buffers = posts.map(({ html, featureHtml, data }) => Buffer.from(JSON.stringify({ html, featureHtml, data }), 'utf8'));
  const bytes = Buffer.concat(buffers);
  const pack = `${macOf(key, bytes)}${PACK_SUFFIX}`;
  writeFileSync(join(dir, pack), bytes);
  let offset = 0;
  return buffers.map((buffer) => {
    const ref = { pack, offset, length: buffer.byteLength };
    offset += buffer.byteLength;
    return ref;
  });
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
  /** Packs found damaged, in the order found. */
  readonly damaged: readonly string[];
  close(): void;
}

/**
 * Verified packs kept in memory. A pack is read and checked whole, once;
 * pages are rendered in runs of neighbouring posts, and a pack holds a parse
 * batch of them (40 posts, a few hundred KB).
 */
const PACKS_KEPT = 4;

export function createBodyReader(dir: string, key: string): BodyReader {
  const kept = new Map<string, Buffer>();
  const damaged: string[] = [];
  const bad = new Set<string>();
  const packOf = (name: string): Buffer | undefined => {
    const known = kept.get(name);
    if (known || bad.has(name)) return known;
    const bytes = verifiedPack(dir, name, key);
    if (!bytes) {
      bad.add(name);
      damaged.push(name);
      // Only a name a pack could have: a reference is data, and it never names a path to remove.
      if (PACK_NAME.test(name)) {
        try {
          rmSync(join(dir, name), { recursive: true, force: true });
        } catch {
          // It stays; this reader never reads it again, and the build that follows parses its posts again.
        }
      }
      return undefined;
    }
    if (kept.size >= PACKS_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(name, bytes);
    return bytes;
  };
  return {
    read(ref) {
      const bytes = packOf(ref.pack);
      if (!bytes) return undefined;
      const details = ref.offset + ref.length <= bytes.length ? parseDetails(bytes.subarray(ref.offset, ref.offset + ref.length).toString('utf8')) : undefined;
      // A sound pack, but not what the reference says: the entries that point into it are not trusted either.
      if (!details && !bad.has(ref.pack)) {
        bad.add(ref.pack);
        damaged.push(ref.pack);
      }
      return details;
    },
    damaged,
    close() {
      kept.clear();
    },
  };
}

/** A pack's bytes when they are those its name was made from; undefined otherwise (or when it cannot be read). */
function verifiedPack(dir: string, name: string, key: string): Buffer | undefined {
  if (!PACK_NAME.test(name)) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
  return macOf(key, bytes) === name.slice(0, MAC_LENGTH) ? bytes : undefined;
}

function parseDetails(text: string): PostDetails | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const details = value as PostDetails;
  const ok = typeof details === 'object' && details !== null && typeof details.html === 'string' && typeof details.featureHtml === 'string' && typeof details.data === 'object' && details.data !== null;
  return ok ? details : undefined;
}

export function isBodyRef(value: unknown): value is BodyRef {
  const ref = value as BodyRef;
  return (
    typeof ref === 'object' && ref !== null && typeof ref.pack === 'string' &&
    Number.isSafeInteger(ref.offset) && ref.offset >= 0 && Number.isSafeInteger(ref.length) && ref.length >= 0
  );
}
