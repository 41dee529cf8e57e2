/**
 * Post details (sanitised body, feature text, front matter) on disk, so a
 * large site never holds every body in memory and its cache index holds only
 * summaries. A parse batch writes its posts' details as one pack file (one
 * write instead of one per post), each as JSON; they are found again by pack,
 * byte offset and length. Packs are named by the hash of their bytes, so
 * equal batches share a pack.
 */
import { hash } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostDetails } from '../types.js';

export interface BodyRef {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
}

export function writePack(dir: string, posts: readonly PostDetails[]): BodyRef[] {
  const buffers = posts.map(({ html, featureHtml, data }) => Buffer.from(JSON.stringify({ html, featureHtml, data }), 'utf8'));
  const bytes = Buffer.concat(buffers);
  const pack = `${hash('sha1', bytes, 'hex')}.pack`;
  writeFileSync(join(dir, pack), bytes);
  let offset = 0;
  return buffers.map((buffer) => {
    const ref = { pack, offset, length: buffer.byteLength };
    offset += buffer.byteLength;
    return ref;
  });
}

export interface BodyReader {
  /** @throws Error when the pack is missing or its bytes there are not a post's details (a damaged cache). */
  read(ref: BodyRef): PostDetails;
  close(): void;
}

export function createBodyReader(dir: string): BodyReader {
  const open = new Map<string, number>();
  return {
    read(ref) {
      let fd = open.get(ref.pack);
      if (fd === undefined) {
        fd = openSync(join(dir, ref.pack), 'r');
        open.set(ref.pack, fd);
      }
      const buffer = Buffer.allocUnsafe(ref.length);
      let done = 0;
      while (done < ref.length) {
        const read = readSync(fd, buffer, done, ref.length - done, ref.offset + done);
        if (read === 0) break;
        done += read;
      }
      const details = parseDetails(buffer.subarray(0, done).toString('utf8'));
      if (!details) throw new Error(`the cache's ${ref.pack} is damaged; delete the .gazette-cache folder, or build with --no-cache`);
      return details;
    },
    close() {
      for (const fd of open.values()) closeSync(fd);
      open.clear();
    },
  };
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
  return typeof ref === 'object' && ref !== null && typeof ref.pack === 'string' && Number.isInteger(ref.offset) && Number.isInteger(ref.length);
}
