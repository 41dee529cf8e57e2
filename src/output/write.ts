/**
 * Writing a build into its destination without ever leaving a broken site.
 *
 * A build calls prepareOutput, then stageFile/stageCopy for every output file
 * (from any thread, with the Staging prepareOutput returned), then
 * commitOutput, or abortOutput when it fails. Only files whose bytes changed
 * are staged; the destination is touched only during commit, which renames
 * whole files (into an empty destination, whole folders) into place.
 *
 * Synchronous on purpose: a build writes thousands of small files, and each
 * asynchronous call is a round trip through libuv's thread pool, which for
 * small files costs several times the write itself, and the render threads
 * have nothing else to do meanwhile. The exception is the main thread's
 * cold build, which has the next page to render (output/write-behind.ts).
 */
import { hash, randomUUID } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import {
  closeSync,
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  opendirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { compareStrings } from '../diagnostics.js';
import { isReservedPath, MANIFEST_TEMP_FILE, STAGING_DIR } from '../reserved-paths.js';
import type { Manifest } from './manifest.js';
import { createManifest, writeManifest } from './manifest.js';
import { foldPath, parentFolders, resolveInside, UnsafePathError } from './paths.js';

export { STAGING_DIR };

/** Bytes compared per read when checking whether a file changed. */
const COMPARE_CHUNK = 64 * 1024;

/**
 * How staged files are laid out (see stagedPath). `shards` names each file by
 * its path's hash; the commit moves file by file, making folders as it goes.
 * `tree` mirrors the site's folders and is used when the destination has
 * nothing in it: the render threads make the folders while they write, and
 * the commit moves whole top-level folders. That saves the main thread a
 * rename per file and a new folder per post folder after rendering.
 */
export type StagingLayout = 'shards' | 'tree';

/** A build's staging, from prepareOutput. Plain data: render threads get it in their tasks. */
export interface Staging {
  destination: string;
  layout: StagingLayout;
  /** Names this staging among the builds a thread stages for (watch mode rebuilds), for the folders it knows. */
  id: string;
  /** The first folder prepareOutput made on the way to the destination (the destination or a parent of it); abortOutput removes what of it is left empty. */
  made?: string;
}

/**
 * Called at the start of a build: removes a leftover staging folder, creates
 * the destination if needed, and picks the layout: `tree` when the
 * destination holds nothing else.
 */
export function prepareOutput(destination: string): Staging {
  const root = path.resolve(destination);
  const made = mkdirSync(root, { recursive: true });
  clearStaging(root);
  const layout = isEmptyFolder(root) ? 'tree' : 'shards';
  mkdirSync(path.join(root, STAGING_DIR));
  return { destination, layout, id: randomUUID(), ...(made !== undefined ? { made } : {}) };
}

/** One entry read at most: a built site's top folder can hold thousands. */
function isEmptyFolder(folder: string): boolean {
  const dir = opendirSync(folder);
  try {
    return dir.readSync() === null;
  } finally {
    dir.closeSync();
  }
}

/**
 * Drops the build in progress; the destination is left exactly as it was,
 * and with `staging`, a destination this build made is removed again (with
 * the parents it made), as long as nothing else has been put in it.
 */
export function abortOutput(destination: string, staging?: Staging): void {
  const root = path.resolve(destination);
  try {
    clearStaging(root);
  } catch {
    // Left for the next build's prepareOutput to clear: a failed build reports why it failed, not this.
  }
  if (staging?.made !== undefined) removeEmptyFolders(root, path.resolve(staging.made));
}

/** rmdir from `folder` up to `last`, stopping at the first folder that is not empty (or not there). */
function removeEmptyFolders(folder: string, last: string): void {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      // Not empty (something else is in it), or already gone: either way the folders above stay too.
      return;
    }
    if (current === last || path.dirname(current) === current) return;
  }
}

/**
 * Stage one file: compares with the destination's current file (size first,
 * then bytes) and writes into staging only when different; in a tree (the
 * destination had nothing in it) there is no file to compare with. Safe to
 * call from worker threads concurrently for different paths; each path once
 * per build.
 */
export function stageFile(staging: Staging, relPath: string, data: string | Uint8Array): 'staged' | 'unchanged' {
  const { root, current, staged } = stagingTargets(staging, relPath);
  if (staging.layout === 'shards') {
    const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
    // Encoded only when the sizes are equal: most changes change the size, and writeFileSync writes a string without a copy.
    let bytes: Uint8Array | undefined = typeof data === 'string' ? undefined : data;
    const read = (offset: number, length: number) => (bytes ??= Buffer.from(data as string, 'utf8')).subarray(offset, offset + length);
    if (sameAsFile(current, size, read)) return 'unchanged';
  }
  writeStaged(staging, root, relPath, staged, () => writeFileSync(staged, data));
  return 'staged';
}

/** Copy a static file: staged (via copyFile, a reflink where the file system can) only when size or bytes differ. */
export function stageCopy(staging: Staging, relPath: string, sourceFile: string): 'staged' | 'unchanged' {
  const { root, current, staged } = stagingTargets(staging, relPath);
  const size = statSync(sourceFile).size;
  if (withReader(sourceFile, (read) => sameAsFile(current, size, read))) return 'unchanged';
  writeStaged(staging, root, relPath, staged, () => copyFileSync(sourceFile, staged, constants.COPYFILE_FICLONE));
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
export function commitOutput(
  staging: Staging,
  files: readonly string[],
  previous: Manifest | undefined,
  routes: Readonly<Record<string, string>>,
  /** The files stageFile/stageCopy reported as staged, when the caller kept count; saves naming every file of the site. */
  stagedFiles?: readonly string[],
): CommitResult {
  const root = path.resolve(staging.destination);
  const { layout } = staging;
  const before = new Set(previous?.files ?? []);
  const current = checkFileList(root, files, before);
  const stale = [...before].filter((file) => !current.has(file));
  const staleSet = new Set(stale);

  const staged = listStaged(root, layout, current, stagedFiles);
  assertWritable(root, staged, staleSet);

  if (staged.some((file) => !before.has(file))) {
    writeManifest(root, createManifest([...before, ...current], previous?.routes ?? {}));
  }

  const blocked = layout === 'tree' ? moveTopFolders(root, staged) : moveEach(root, layout, staged);
  const { removed, skipped } = removeStale(root, stale, current);
  // What was in the way (a stale file where a folder goes, a stale folder where a file goes) is gone now.
  for (const file of blocked.sort(compareStrings)) {
    if (moveStaged(root, layout, file) === 'blocked') {
      throw new Error(`cannot write ${JSON.stringify(file)}: a file or folder gazette did not write is in the way`);
    }
  }

  const manifest = createManifest(current, routes);
  writeManifest(root, manifest);
  clearStaging(root);
  return { written: staged.length, removed, skipped, manifest };
}

/**
 * Moves staged files into place when they replace files the destination
 * already has from gazette (listed in its manifest): nothing is added or
 * removed, so the manifest on disk still lists every file and is left as it
 * is; its fingerprints are only a cache, and the caller writes them later
 * (watch rebuilds of body edits). Returns how many files moved.
 */
export function commitReplacements(staging: Staging, files: readonly string[], owned: ReadonlySet<string>): number {
  const root = path.resolve(staging.destination);
  const foreign = files.find((file) => !owned.has(file));
  if (foreign !== undefined) throw new Error(`${JSON.stringify(foreign)} is not in the destination's manifest; a full commit is needed`);
  const staged = listStaged(root, staging.layout, new Set(files));
  assertWritable(root, staged, new Set());
  const blocked = moveEach(root, staging.layout, staged);
  if (blocked[0] !== undefined) throw new Error(`cannot write ${JSON.stringify(blocked[0])}: a file or folder gazette did not write is in the way`);
  clearStaging(root);
  return staged.length;
}

/**
 * Bytes the files of the destination take (staging left out): about what a
 * build that changes every file needs free, as it stages them beside the old
 * ones. Only for reporting a full disk: it reads every folder.
 */
export function siteBytes(destination: string): number {
  const root = path.resolve(destination);
  let total = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (folder === root && entry.name === STAGING_DIR) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) total += lstatSync(full).size;
    }
  };
  try {
    walk(root);
  } catch {
    // A folder removed or unreadable while walking: the size is only an estimate for a message, and what was
    // counted so far serves it.
  }
  return total;
}

function clearStaging(root: string): void {
  // rm does not follow symbolic links: a staging path that is a link loses the link, not its target.
  rmSync(path.join(root, STAGING_DIR), { recursive: true, force: true });
  rmSync(path.join(root, MANIFEST_TEMP_FILE), { force: true });
}

function stagingTargets(staging: Staging, relPath: string): { root: string; current: string; staged: string } {
  if (isReservedPath(relPath)) throw new UnsafePathError(relPath, "reserved for gazette's own files");
  const root = path.resolve(staging.destination);
  // resolveInside first: it is what refuses a path that would leave the destination.
  const current = resolveInside(root, relPath);
  return { root, current, staged: stagedPath(root, staging.layout, relPath) };
}

/**
 * `tree`: the file's own path under the staging folder.
 *
 * `shards`: one file per output, named by the hash of its path (hex: safe on
 * case-insensitive file systems), in one of 256 folders named by the hash's
 * first two digits. Mirroring the site's folders there would cost a mkdir
 * per post folder while staging and an rmdir per folder when staging is
 * cleared, since the commit then moves files, not folders. One flat folder
 * made the render threads wait for each other: a file system lets one thread
 * at a time add a name to a folder, and 256 folders let them write side by
 * side.
 */
function stagedPath(root: string, layout: StagingLayout, relPath: string): string {
  if (layout === 'tree') return path.join(root, STAGING_DIR, relPath);
  const name = stagedName(relPath);
  return path.join(root, STAGING_DIR, name.slice(0, 2), name);
}

function stagedName(relPath: string): string {
  return hash('sha256', relPath, 'hex');
}

/**
 * Refuses gazette's own paths, and new paths that leave the destination,
 * before anything moves. Paths of the last build were checked then, and
 * moveStaged checks again every file it moves: a large site's commit need
 * not resolve 28,000 unchanged paths.
 */
function checkFileList(root: string, files: readonly string[], known: ReadonlySet<string>): Set<string> {
  for (const file of files) {
    if (isReservedPath(file)) throw new UnsafePathError(file, "reserved for gazette's own files");
    if (!known.has(file)) resolveInside(root, file);
  }
  return new Set(files);
}

/** Codes of a write whose path is taken: a file where a folder goes, or the other way round. */
const BLOCKED_CODES = new Set(['EISDIR', 'ENOTDIR', 'EEXIST', 'ENOTEMPTY']);

/** The folders of the tree staging `id` this thread made or found: most files go into a folder made for them. */
let treeFolders: { id: string; known: Set<string> } = { id: '', known: new Set() };

/**
 * In a tree, makes the folders a file needs from the deepest one this thread
 * knows, downwards, so that neither the write nor a recursive mkdir first
 * fails on each missing level (a post's folder and often its day's are new).
 */
function writeStaged(staging: Staging, root: string, relPath: string, staged: string, write: () => void): void {
  if (staging.layout === 'tree') {
    if (treeFolders.id !== staging.id) treeFolders = { id: staging.id, known: new Set() };
    const { known } = treeFolders;
    const folders = parentFolders(relPath);
    let first = folders.length;
    while (first > 0 && !known.has(folders[first - 1] ?? '')) first--;
    for (const folder of folders.slice(first)) {
      try {
        mkdirSync(path.join(root, STAGING_DIR, folder));
      } catch (err) {
        // Made by another thread: fine. A file on the way (EEXIST or ENOTDIR): the write below says which.
        // A known folder gone (ENOENT): the write below makes the folders.
        const code = errorCode(err);
        if (code === 'ENOENT') known.clear();
        if (code === 'ENOTDIR' || code === 'ENOENT') break;
        if (code !== 'EEXIST') throw err;
      }
      known.add(folder);
    }
  }
  withParent(staged, relPath, write);
}

/** Creates the staging folders only when a write fails for want of one: no extra system call per file. */
function withParent(target: string, relPath: string, write: () => void): void {
  try {
    try {
      write();
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      mkdirSync(path.dirname(target), { recursive: true });
      write();
    }
  } catch (err) {
    throw blockedWriteError(err, relPath);
  }
}

/**
 * What a failed staging write throws: a path that is both a file and a
 * folder of this build (only a tree can be in its own way: the build writes
 * both `a` and `a/…`) is said so; other errors are as the system gave them.
 */
export function blockedWriteError(err: unknown, relPath: string): Error {
  if (!BLOCKED_CODES.has(errorCode(err) ?? '')) return err as Error;
  return new Error(`cannot write ${JSON.stringify(relPath)}: this build writes a file and a folder of the same name on its path`);
}

/** Where `relPath` is staged (and its destination root): for a writer of its own (output/write-behind.ts). */
export function stagedTarget(staging: Staging, relPath: string): { root: string; staged: string } {
  const { root, staged } = stagingTargets(staging, relPath);
  return { root: path.join(root, STAGING_DIR), staged };
}

type ReadAt = (offset: number, length: number) => Uint8Array;

/** Whether `file` is a regular file of `size` bytes equal to what `read` yields. Size first: most changes change it. */
function sameAsFile(file: string, size: number, read: ReadAt): boolean {
  const info = lstatOrUndefined(file);
  if (!info?.isFile() || info.size !== size) return false;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
  try {
    const buffer = Buffer.allocUnsafe(Math.min(COMPARE_CHUNK, Math.max(size, 1)));
    for (let offset = 0; offset < size; ) {
      const length = Math.min(buffer.length, size - offset);
      const bytesRead = readSync(fd, buffer, 0, length, offset);
      if (bytesRead === 0) return false;
      const expected = read(offset, bytesRead);
      if (expected.byteLength !== bytesRead || Buffer.compare(buffer.subarray(0, bytesRead), expected) !== 0) {
        return false;
      }
      offset += bytesRead;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

/** A reader over `file`, opened on first read: a copy whose destination is missing never opens its source. */
function withReader<T>(file: string, use: (read: ReadAt) => T): T {
  let fd: number | undefined;
  try {
    return use((offset, length) => {
      fd ??= openSync(file, 'r');
      const buffer = Buffer.allocUnsafe(length);
      const bytesRead = readSync(fd, buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The files of `current` that were staged; throws if staging holds anything
 * else. A tree is checked at its top level only (listing every folder of a
 * site costs more than the commit saves), so a stray file inside a folder
 * the build wrote would be moved with it: every caller lists what it staged.
 */
function listStaged(root: string, layout: StagingLayout, current: ReadonlySet<string>, candidates?: Iterable<string>): string[] {
  if (layout === 'tree') return listStagedTree(root, current, candidates);
  const staging = path.join(root, STAGING_DIR);
  let shards: Dirent[];
  try {
    shards = readdirSync(staging, { withFileTypes: true });
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
  // Anything but a shard folder is a staged file no path names: counted below as not in the file list.
  const names = new Set(shards.flatMap((shard) => (shard.isDirectory() ? readdirSync(path.join(staging, shard.name)) : [shard.name])));
  const staged: string[] = [];
  if (names.size === 0) return staged;
  for (const file of candidates ?? current) {
    if (current.has(file) && names.delete(stagedName(file))) staged.push(file);
  }
  if (names.size > 0) {
    throw new Error(`${names.size} staged file(s) are not in this build's file list; every staged path must be listed (was prepareOutput called?)`);
  }
  return staged.sort(compareStrings);
}

/** Files the caller reports staged are taken at their word; without a report, each file of `current` is looked for. */
function listStagedTree(root: string, current: ReadonlySet<string>, reported: Iterable<string> | undefined): string[] {
  const staging = path.join(root, STAGING_DIR);
  const tops = new Set(readdirSync(staging));
  const staged: string[] = [];
  const listedTops = new Set<string>();
  for (const file of reported ?? current) {
    if (!current.has(file)) continue;
    const top = topName(file);
    if (!tops.has(top) || (reported === undefined && lstatOrUndefined(path.join(staging, file)) === undefined)) continue;
    staged.push(file);
    listedTops.add(top);
  }
  const strays = [...tops].filter((top) => !listedTops.has(top));
  if (strays.length > 0) {
    throw new Error(`${strays.length} staged file(s) are not in this build's file list; every staged path must be listed (was prepareOutput called?)`);
  }
  return staged.sort(compareStrings);
}

function topName(relPath: string): string {
  return relPath.split('/', 1)[0] ?? relPath;
}

type Kind = 'missing' | 'folder' | 'file' | 'other';

/** lstat kinds of destination-relative paths, each looked up once. */
function createInspector(root: string): (relPath: string) => Kind {
  const cache = new Map<string, Kind>();
  return (relPath) => {
    let kind = cache.get(relPath);
    if (kind === undefined) {
      const info = lstatOrUndefined(path.join(root, ...relPath.split('/')));
      kind = info === undefined ? 'missing' : info.isDirectory() ? 'folder' : info.isFile() ? 'file' : 'other';
      cache.set(relPath, kind);
    }
    return kind;
  };
}

/**
 * Refuses, before anything moves, a file whose folder in the destination is a
 * symbolic link (writing through it would land outside the destination, maybe
 * in the source) or a file gazette does not own, and a file whose own place
 * holds a folder with files gazette did not write (the owner's).
 */
function assertWritable(root: string, staged: readonly string[], stale: ReadonlySet<string>): void {
  const inspect = createInspector(root);
  for (const file of staged) {
    if (!parentsInPlace(file, inspect, stale)) continue;
    // A link in the file's place is replaced by the rename, never written through. A folder of stale
    // files only is removed before the file moves in (commitOutput).
    const foreign = inspect(file) === 'folder' ? filesUnder(root, file).find((inside) => !stale.has(inside)) : undefined;
    if (foreign !== undefined) {
      throw new Error(
        `cannot write ${JSON.stringify(file)}: a folder is in its place in the destination, holding ${JSON.stringify(foreign)}, which gazette did not write`,
      );
    }
  }
}

/** Whether every folder above `file` exists as a folder (false: one is missing or a stale file, so nothing can be in its place); throws when one cannot be written through. */
function parentsInPlace(file: string, inspect: (relPath: string) => Kind, stale: ReadonlySet<string>): boolean {
  for (const folder of parentFolders(file)) {
    const kind = inspect(folder);
    if (kind === 'missing') return false;
    if (kind === 'folder') continue;
    if (kind === 'file' && stale.has(folder)) return false;
    const what = kind === 'file' ? 'a file gazette did not write' : 'a symbolic link or special file';
    throw new Error(`cannot write ${JSON.stringify(file)}: ${JSON.stringify(folder)} in the destination is ${what}`);
  }
  return true;
}

/** Every file (or link) below a folder of the destination, as site paths. */
function filesUnder(root: string, folder: string): string[] {
  const entries = readdirSync(path.join(root, ...folder.split('/')), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/**
 * Assets first, then pages, then feeds and sitemaps: someone reading the
 * destination during a commit (the watch server, a sync) never gets a page
 * that links to an asset not yet in place.
 */
function readingRank(file: string): number {
  return /\.html?$/i.test(file) ? 1 : /\.(xml|json|txt)$/i.test(file) ? 2 : 0;
}

/** Moves each staged file, in reading order; returns those something was in the way of. */
function moveEach(root: string, layout: StagingLayout, staged: readonly string[]): string[] {
  const inOrder = staged.map((file) => ({ file, rank: readingRank(file) })).sort((a, b) => a.rank - b.rank);
  return inOrder.filter(({ file }) => moveStaged(root, layout, file) === 'blocked').map(({ file }) => file);
}

/**
 * Moves a staged tree: each top-level folder the destination lacks in one
 * rename, in reading order of the earliest file it holds; a top-level file,
 * or a folder the destination already has, file by file. Returns the files
 * something was in the way of.
 */
function moveTopFolders(root: string, staged: readonly string[]): string[] {
  const groups = new Map<string, { files: string[]; rank: number }>();
  for (const file of staged) {
    const top = topName(file);
    const group = groups.get(top) ?? { files: [], rank: Number.POSITIVE_INFINITY };
    group.files.push(file);
    group.rank = Math.min(group.rank, readingRank(file));
    groups.set(top, group);
  }
  const blocked: string[] = [];
  for (const [top, group] of [...groups].sort((a, b) => a[1].rank - b[1].rank)) {
    const to = resolveInside(root, top);
    if (group.files[0] !== top && lstatOrUndefined(to) === undefined) {
      try {
        renameSync(path.join(root, STAGING_DIR, top), to);
        continue;
      } catch (err) {
        if (!BLOCKED_CODES.has(errorCode(err) ?? '')) throw err;
      }
    }
    blocked.push(...moveEach(root, 'tree', group.files));
  }
  return blocked;
}

function moveStaged(root: string, layout: StagingLayout, file: string): 'moved' | 'blocked' {
  const to = resolveInside(root, file);
  const from = stagedPath(root, layout, file);
  try {
    try {
      renameSync(from, to);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      mkdirSync(path.dirname(to), { recursive: true });
      renameSync(from, to);
    }
    return 'moved';
  } catch (err) {
    if (BLOCKED_CODES.has(errorCode(err) ?? '')) return 'blocked';
    throw err;
  }
}

/** Deletes stale files gazette wrote, then the folders that leaves empty (never the destination itself). */
function removeStale(root: string, stale: readonly string[], current: ReadonlySet<string>): { removed: number; skipped: SkippedStale[] } {
  const inspect = createInspector(root);
  const liveByFold = new Map<string, string>();
  for (const file of current) liveByFold.set(foldPath(file), file);
  const removed: string[] = [];
  const skipped: SkippedStale[] = [];

  for (const file of stale) {
    const verdict = removeOne(root, file, inspect, liveByFold.get(foldPath(file)));
    if (verdict === 'removed') removed.push(file);
    else if (verdict !== 'gone') skipped.push({ path: file, reason: verdict.reason });
  }

  pruneFolders(root, removed);
  return { removed: removed.length, skipped: skipped.sort((a, b) => compareStrings(a.path, b.path)) };
}

function removeOne(root: string, file: string, inspect: (relPath: string) => Kind, liveTwin: string | undefined): 'removed' | 'gone' | { reason: string } {
  let full: string;
  try {
    if (isReservedPath(file)) return { reason: "reserved for gazette's own files" };
    full = resolveInside(root, file);
  } catch (err) {
    if (err instanceof UnsafePathError) return { reason: 'outside the destination or not a valid output path' };
    throw err;
  }
  for (const folder of parentFolders(file)) {
    const kind = inspect(folder);
    if (kind === 'missing') return 'gone';
    if (kind !== 'folder') return { reason: `${JSON.stringify(folder)} is not a plain folder` };
  }
  const info = lstatOrUndefined(full);
  if (info === undefined) return 'gone';
  if (info.isDirectory()) return { reason: 'it is a folder now' };
  if (liveTwin !== undefined && sameInode(info, resolveInside(root, liveTwin))) {
    return 'gone'; // another spelling of a file this build wrote (case or Unicode form)
  }
  try {
    unlinkSync(full);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  return 'removed';
}

function sameInode(info: Stats, other: string): boolean {
  const twin = lstatOrUndefined(other);
  return twin !== undefined && twin.dev === info.dev && twin.ino === info.ino;
}

function pruneFolders(root: string, removed: readonly string[]): void {
  const byDepth = new Map<number, string[]>();
  for (const folder of new Set(removed.flatMap(parentFolders))) {
    const depth = folder.split('/').length;
    const level = byDepth.get(depth) ?? [];
    level.push(folder);
    byDepth.set(depth, level);
  }
  // Deepest first, so a folder is tried only after the folders inside it.
  for (const depth of [...byDepth.keys()].sort((a, b) => b - a)) {
    for (const folder of byDepth.get(depth) ?? []) {
      try {
        rmdirSync(path.join(root, ...folder.split('/')));
      } catch (err) {
        const code = errorCode(err);
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      }
    }
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function errorCode(err: unknown): string | undefined {
  return err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
}
