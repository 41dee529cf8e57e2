/**
 * Staging on the main thread without waiting for the disk: in a tree (a
 * cold build into an empty destination) every file is new, so nothing needs
 * comparing, and its folders and bytes go to libuv's thread pool while the
 * main thread renders the next page. On a two-core machine that builds on
 * one thread, the other core was idle while mkdir and write took a fifth of
 * the render phase.
 *
 * At most MAX_PENDING_BYTES are queued by default: room() lets the render
 * loop wait for the disk rather than hold a large site's pages in memory.
 * settled() waits for every write and throws the first failure as stageFile
 * would have; after a failure nothing more is written (the build fails).
 * A shards staging (a rebuild) compares each file with the destination's,
 * so it is staged synchronously, as stageFile does.
 */
import { mkdir, writeFile } from 'node:fs';
import path from 'node:path';
import { blockedWriteError, type Staging, stagedTarget, stageFile } from './write.js';

/** Bytes written behind at most, by default; a larger queue waits (room()). */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;

export interface WriteBehindOptions {
  /** Bytes (UTF-16 code units × 3, an upper bound of UTF-8's) queued before room() asks the caller to wait. Default MAX_PENDING_BYTES. */
  readonly maxPendingBytes?: number;
}

export interface WriteBehind {
  /** Stages a file as stageFile does; in a tree, the write is queued and the file counts as staged. */
  stage(relPath: string, data: string): 'staged' | 'unchanged';
  /** Undefined when there is room for more; else a promise that resolves once the queue is under its bound. */
  room(): Promise<void> | undefined;
  /** Every queued write done; rejects with the first failure (the build then publishes nothing). */
  settled(): Promise<void>;
}

export function createWriteBehind(staging: Staging, options: WriteBehindOptions = {}): WriteBehind {
  const maxPendingBytes = options.maxPendingBytes ?? MAX_PENDING_BYTES;
  if (staging.layout !== 'tree') {
    return { stage: (relPath, data) => stageFile(staging, relPath, data), room: () => undefined, settled: async () => undefined };
  }
  const folders = new Map<string, Promise<void>>();
  let pendingBytes = 0;
  let pending = 0;
  let failure: Error | undefined;
  let waiters: (() => void)[] = [];
  const wake = () => {
    if (pendingBytes > maxPendingBytes && pending > 0 && failure === undefined) return;
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  // One call per folder that holds a file, its parents made with it: a call costs this thread far more than the pool's extra mkdir.
  const folder = (root: string, relFolder: string): Promise<void> => {
    let made = folders.get(relFolder);
    if (made === undefined) {
      made = makeFolder(path.join(root, relFolder));
      folders.set(relFolder, made);
    }
    return made;
  };
  return {
    stage(relPath, data) {
      const { root, staged } = stagedTarget(staging, relPath);
      if (failure !== undefined) return 'staged';
      const bytes = data.length * 3;
      pendingBytes += bytes;
      pending++;
      const slash = relPath.lastIndexOf('/');
      const ready = slash > 0 ? folder(root, relPath.slice(0, slash)) : Promise.resolve();
      ready
        .then(() => writeOnce(staged, data))
        .catch((cause: unknown) => {
          failure ??= blockedWriteError(cause, relPath);
        })
        .finally(() => {
          pendingBytes -= bytes;
          pending--;
          wake();
        });
      return 'staged';
    },
    room() {
      if (pendingBytes <= maxPendingBytes || failure !== undefined) return undefined;
      return new Promise((resolve) => waiters.push(resolve));
    },
    async settled() {
      while (pending > 0) await new Promise<void>((resolve) => waiters.push(resolve));
      if (failure) throw failure;
    },
  };
}

/** A folder of the staging tree with the folders above it; those that exist already are fine (another path made them first). */
function makeFolder(folder: string): Promise<void> {
  return new Promise((resolve, reject) => {
    mkdir(folder, { recursive: true }, (err) => (err ? reject(err) : resolve()));
  });
}

/** The file written; a folder gone meanwhile (ENOENT) is made again, once. */
function writeOnce(file: string, data: string): Promise<void> {
  const write = () =>
    new Promise<void>((resolve, reject) => {
      writeFile(file, data, (err) => (err ? reject(err) : resolve()));
    });
  return write().catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    return makeFolder(path.dirname(file)).then(write);
  });
}
