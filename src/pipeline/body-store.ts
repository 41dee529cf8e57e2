/**
 * Sanitised post bodies on disk, so a large site never holds every body in
 * memory. A parse batch writes its bodies as one pack file (one write instead
 * of one per post); a body is found again by pack, byte offset and length.
 * Packs are named by the hash of their bytes, so equal batches share a pack.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BodyRef {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
}

export function writePack(dir: string, bodies: readonly string[]): BodyRef[] {
  const buffers = bodies.map((body) => Buffer.from(body, 'utf8'));
  const bytes = Buffer.concat(buffers);
  const pack = `${createHash('sha1').update(bytes).digest('hex')}.pack`;
  writeFileSync(join(dir, pack), bytes);
  let offset = 0;
  return buffers.map((buffer) => {
    const ref = { pack, offset, length: buffer.byteLength };
    offset += buffer.byteLength;
    return ref;
  });
}

export interface BodyReader {
  read(ref: BodyRef): string;
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
      while (done < ref.length) done += readSync(fd, buffer, done, ref.length - done, ref.offset + done);
      return buffer.toString('utf8');
    },
    close() {
      for (const fd of open.values()) closeSync(fd);
      open.clear();
    },
  };
}

export function isBodyRef(value: unknown): value is BodyRef {
  const ref = value as BodyRef;
  return typeof ref === 'object' && ref !== null && typeof ref.pack === 'string' && Number.isInteger(ref.offset) && Number.isInteger(ref.length);
}
