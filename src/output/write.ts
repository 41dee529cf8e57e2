/**
 * Writing a build into its destination without ever leaving a broken site.
 *
 * A build calls prepareOutput, then stageFile/stageCopy for every output file
 * (from any thread, bounded by the caller), then commitOutput, or abortOutput
 * when it fails. Only files whose bytes changed are staged; the destination is
 * touched only during commit, which renames whole files into place.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

import { compareStrings } from '../diagnostics.js';
import { MANIFEST_TEMP_FILE, createManifest, writeManifest } from './manifest.js';
import type { Manifest } from './manifest.js';
import { STAGING_DIR, UnsafePathError, foldPath, isReservedPath, parentFolders, resolveInside } from './paths.js';

export { STAGING_DIR } from './paths.js';

/** Renames and deletions in flight at once during commit. */
const COMMIT_CONCURRENCY = 16;
/** Bytes compared per read when checking whether a file changed. */
const COMPARE_CHUNK = 64 * 1024;

/** Called at the start of a build: removes a leftover staging folder, creates destination if needed. */
export async function prepareOutput(destination: string): Promise<void> {
  const root = path.resolve(destination);
  await mkdir(root, { recursive: true });
  await clearStaging(root);
  await mkdir(path.join(root, STAGING_DIR));
}

/** Drops the build in progress; the destination is left exactly as it was. */
export async function abortOutput(destination: string): Promise<void> {
  await clearStaging(path.resolve(destination));
}

/**
 * Stage one file: compares with the destination's current file (size first,
 * then bytes) and writes into staging only when different. Safe to call from
 * worker threads concurrently for different paths; each path once per build.
 */
export async function stageFile(
  destination: string,
  relPath: string,
  data: string | Uint8Array,
): Promise<'staged' | 'unchanged'> {
  const { current, staged } = stagingTargets(destination, relPath);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const same = await sameAsFile(current, bytes.byteLength, async (offset, length) =>
    bytes.subarray(offset, offset + length),
  );
  if (same) return 'unchanged';
  await withParent(staged, () => writeFile(staged, bytes));
  return 'staged';
}

/** Copy a static file: staged (via copyFile, a reflink where the file system can) only when size or bytes differ. */
export async function stageCopy(
  destination: string,
  relPath: string,
  sourceFile: string,
): Promise<'staged' | 'unchanged'> {
  const { current, staged } = stagingTargets(destination, relPath);
  const size = (await stat(sourceFile)).size;
  const same = await withReader(sourceFile, (read) => sameAsFile(current, size, read));
  if (same) return 'unchanged';
  await withParent(staged, () => copyFile(sourceFile, staged, constants.COPYFILE_FICLONE));
  return 'staged';
}

export interface SkippedStale {
  path: string;
  reason: string;
}

export interface CommitResult {
  /** Files moved into place (new or changed). */
  written: number;
  /** Stale files deleted. */
  removed: number;
  /** Stale manifest entries left alone because deleting them would not be safe; worth a warning. */
  skipped: readonly SkippedStale[];
  /** The manifest now in the destination: the `previous` of the next build. */
  manifest: Manifest;
}

/**
 * Moves staged files into place, removes stale files listed in `previous` but
 * not in `files`, writes the manifest, clears staging.
 *
 * Every check that can refuse happens before the first rename. If the commit
 * is interrupted anyway, each file is either old or new (never partial), and
 * the manifest on disk already lists every file that may have been moved in,
 * so the next build still knows which files are its own.
 */
export async function commitOutput(
  destination: string,
  files: readonly string[],
  previous: Manifest | undefined,
  routes: Readonly<Record<string, string>>,
): Promise<CommitResult> {
  const root = path.resolve(destination);
  const current = checkFileList(root, files);
  const before = new Set(previous?.files ?? []);
  const stale = [...before].filter((file) => !current.has(file));
  const staleSet = new Set(stale);

  const staged = await listStaged(root, current);
  await assertWritable(root, staged, staleSet);

  if (staged.some((file) => !before.has(file))) {
    await writeManifest(root, createManifest([...before, ...current], previous?.routes ?? {}));
  }

  const blocked: string[] = [];
  for (const batch of inReadingOrder(staged)) {
    await forEachLimit(batch, COMMIT_CONCURRENCY, async (file) => {
      if ((await moveStaged(root, file)) === 'blocked') blocked.push(file);
    });
  }
  const { removed, skipped } = await removeStale(root, stale, current);
  // What was in the way (a stale file where a folder goes, a stale folder where a file goes) is gone now.
  for (const file of blocked.sort(compareStrings)) {
    if ((await moveStaged(root, file)) === 'blocked') {
      throw new Error(`cannot write ${JSON.stringify(file)}: a file or folder gazette did not write is in the way`);
    }
  }

  const manifest = createManifest(current, routes);
  await writeManifest(root, manifest);
  await clearStaging(root);
  return { written: staged.length, removed, skipped, manifest };
}

async function clearStaging(root: string): Promise<void> {
  // rm does not follow symbolic links: a staging path that is a link loses the link, not its target.
  await rm(path.join(root, STAGING_DIR), { recursive: true, force: true });
  await rm(path.join(root, MANIFEST_TEMP_FILE), { force: true });
}

function stagingTargets(destination: string, relPath: string): { current: string; staged: string } {
  if (isReservedPath(relPath)) throw new UnsafePathError(relPath, "reserved for gazette's own files");
  const root = path.resolve(destination);
  return { current: resolveInside(root, relPath), staged: stagedPath(root, relPath) };
}

/**
 * Staging is flat, one file per output named by the hash of its path (hex:
 * safe on case-insensitive file systems). Mirroring the site's folders would
 * cost a mkdir per post folder while staging and an rmdir per folder when
 * staging is cleared, which on a news site is one of each per post.
 */
function stagedPath(root: string, relPath: string): string {
  return path.join(root, STAGING_DIR, stagedName(relPath));
}

function stagedName(relPath: string): string {
  return createHash('sha256').update(relPath, 'utf8').digest('hex');
}

function checkFileList(root: string, files: readonly string[]): Set<string> {
  for (const file of files) {
    if (isReservedPath(file)) throw new UnsafePathError(file, "reserved for gazette's own files");
    resolveInside(root, file);
  }
  return new Set(files);
}

/** Creates the staging folder only when a write fails for want of it: no extra system call per file. */
async function withParent(target: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
    await mkdir(path.dirname(target), { recursive: true });
    await write();
  }
}

type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

/** Whether `file` is a regular file of `size` bytes equal to what `read` yields. Size first: most changes change it. */
async function sameAsFile(file: string, size: number, read: ReadAt): Promise<boolean> {
  const info = await lstatOrUndefined(file);
  if (!info?.isFile() || info.size !== size) return false;
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
  try {
    const buffer = Buffer.allocUnsafe(Math.min(COMPARE_CHUNK, Math.max(size, 1)));
    for (let offset = 0; offset < size; ) {
      const length = Math.min(buffer.length, size - offset);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      if (bytesRead === 0) return false;
      const expected = await read(offset, bytesRead);
      if (expected.byteLength !== bytesRead || Buffer.compare(buffer.subarray(0, bytesRead), expected) !== 0) {
        return false;
      }
      offset += bytesRead;
    }
    return true;
  } finally {
    await handle.close();
  }
}

/** A reader over `file`, opened on first read: a copy whose destination is missing never opens its source. */
async function withReader<T>(file: string, use: (read: ReadAt) => Promise<T>): Promise<T> {
  let handle: FileHandle | undefined;
  try {
    return await use(async (offset, length) => {
      handle ??= await open(file, 'r');
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await handle?.close();
  }
}

/** The files of `current` that were staged; throws if staging holds anything else. */
async function listStaged(root: string, current: ReadonlySet<string>): Promise<string[]> {
  let names: Set<string>;
  try {
    names = new Set(await readdir(path.join(root, STAGING_DIR)));
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
  const staged: string[] = [];
  for (const file of current) {
    if (names.delete(stagedName(file))) staged.push(file);
  }
  if (names.size > 0) {
    throw new Error(
      `${names.size} staged file(s) are not in this build's file list; every staged path must be listed (was prepareOutput called?)`,
    );
  }
  return staged.sort(compareStrings);
}

type Kind = 'missing' | 'folder' | 'file' | 'other';

/** lstat kinds of destination-relative paths, each looked up once. */
function createInspector(root: string): (relPath: string) => Promise<Kind> {
  const cache = new Map<string, Promise<Kind>>();
  return (relPath) => {
    let kind = cache.get(relPath);
    if (kind === undefined) {
      kind = lstatOrUndefined(path.join(root, ...relPath.split('/'))).then((info) =>
        info === undefined ? 'missing' : info.isDirectory() ? 'folder' : info.isFile() ? 'file' : 'other',
      );
      cache.set(relPath, kind);
    }
    return kind;
  };
}

/**
 * Refuses, before anything moves, a file whose folder in the destination is a
 * symbolic link (writing through it would land outside the destination, maybe
 * in the source) or a file gazette does not own.
 */
async function assertWritable(root: string, staged: readonly string[], stale: ReadonlySet<string>): Promise<void> {
  const inspect = createInspector(root);
  for (const file of staged) {
    for (const folder of parentFolders(file)) {
      const kind = await inspect(folder);
      if (kind === 'missing') break;
      if (kind === 'folder') continue;
      if (kind === 'file' && stale.has(folder)) break;
      const what = kind === 'file' ? 'a file gazette did not write' : 'a symbolic link or special file';
      throw new Error(`cannot write ${JSON.stringify(file)}: ${JSON.stringify(folder)} in the destination is ${what}`);
    }
  }
}

/**
 * Assets first, then pages, then feeds and sitemaps: someone reading the
 * destination during a commit (the watch server, a sync) never gets a page
 * that links to an asset not yet in place.
 */
function inReadingOrder(files: readonly string[]): string[][] {
  const batches: string[][] = [[], [], []];
  for (const file of files) {
    const rank = /\.html?$/i.test(file) ? 1 : /\.(xml|json|txt)$/i.test(file) ? 2 : 0;
    batches[rank]?.push(file);
  }
  return batches;
}

const BLOCKED_CODES = new Set(['EISDIR', 'ENOTDIR', 'EEXIST', 'ENOTEMPTY']);

async function moveStaged(root: string, file: string): Promise<'moved' | 'blocked'> {
  const from = stagedPath(root, file);
  const to = resolveInside(root, file);
  try {
    try {
      await rename(from, to);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
    }
    return 'moved';
  } catch (err) {
    if (BLOCKED_CODES.has(errorCode(err) ?? '')) return 'blocked';
    throw err;
  }
}

/** Deletes stale files gazette wrote, then the folders that leaves empty (never the destination itself). */
async function removeStale(
  root: string,
  stale: readonly string[],
  current: ReadonlySet<string>,
): Promise<{ removed: number; skipped: SkippedStale[] }> {
  const inspect = createInspector(root);
  const liveByFold = new Map<string, string>();
  for (const file of current) liveByFold.set(foldPath(file), file);
  const removed: string[] = [];
  const skipped: SkippedStale[] = [];

  await forEachLimit(stale, COMMIT_CONCURRENCY, async (file) => {
    const verdict = await removeOne(root, file, inspect, liveByFold.get(foldPath(file)));
    if (verdict === 'removed') removed.push(file);
    else if (verdict !== 'gone') skipped.push({ path: file, reason: verdict.reason });
  });

  await pruneFolders(root, removed);
  return { removed: removed.length, skipped: skipped.sort((a, b) => compareStrings(a.path, b.path)) };
}

async function removeOne(
  root: string,
  file: string,
  inspect: (relPath: string) => Promise<Kind>,
  liveTwin: string | undefined,
): Promise<'removed' | 'gone' | { reason: string }> {
  let full: string;
  try {
    if (isReservedPath(file)) return { reason: "reserved for gazette's own files" };
    full = resolveInside(root, file);
  } catch (err) {
    if (err instanceof UnsafePathError) return { reason: 'outside the destination or not a valid output path' };
    throw err;
  }
  for (const folder of parentFolders(file)) {
    const kind = await inspect(folder);
    if (kind === 'missing') return 'gone';
    if (kind !== 'folder') return { reason: `${JSON.stringify(folder)} is not a plain folder` };
  }
  const info = await lstatOrUndefined(full);
  if (info === undefined) return 'gone';
  if (info.isDirectory()) return { reason: 'it is a folder now' };
  if (liveTwin !== undefined && (await sameInode(info, resolveInside(root, liveTwin)))) {
    return 'gone'; // another spelling of a file this build wrote (case or Unicode form)
  }
  try {
    await unlink(full);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  return 'removed';
}

async function sameInode(info: Stats, other: string): Promise<boolean> {
  const twin = await lstatOrUndefined(other);
  return twin !== undefined && twin.dev === info.dev && twin.ino === info.ino;
}

async function pruneFolders(root: string, removed: readonly string[]): Promise<void> {
  const byDepth = new Map<number, string[]>();
  for (const folder of new Set(removed.flatMap(parentFolders))) {
    const depth = folder.split('/').length;
    const level = byDepth.get(depth) ?? [];
    level.push(folder);
    byDepth.set(depth, level);
  }
  // Deepest first, so a folder is tried only after the folders inside it.
  for (const depth of [...byDepth.keys()].sort((a, b) => b - a)) {
    await forEachLimit(byDepth.get(depth) ?? [], COMMIT_CONCURRENCY, async (folder) => {
      try {
        await rmdir(path.join(root, ...folder.split('/')));
      } catch (err) {
        const code = errorCode(err);
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      }
    });
  }
}

/** Runs `task` over `items`, at most `limit` at a time; waits for all, then throws the first failure. */
async function forEachLimit<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = items.values();
  let failed = false;
  const worker = async (): Promise<void> => {
    for (const item of queue) {
      if (failed) return;
      try {
        await task(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

async function lstatOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function errorCode(err: unknown): string | undefined {
  return err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
}
