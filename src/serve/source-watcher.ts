/**
 * What changed in a site's source during a watch session: chokidar watches the
 * site, and hands each post folder it meets (`_posts/`, `_drafts/`, at any
 * depth) to the post-folder watcher (post-folders.ts), since those hold
 * thousands of files. Both report each file added, changed or removed, with
 * its absolute path; neither enters a linked folder.
 */
import { statSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { CACHE_DIR } from '../cache/cache.js';
import { fileSignature, watchPostFolders } from './post-folders.js';

export interface SourceWatcherOptions {
  /** Absolute path of the site source. */
  source: string;
  /** Absolute destination: its files are the build's, not the site's (it may lie inside the source). */
  destination: string;
  /** Called with the absolute path of each file added, changed or removed. */
  onChange(path: string): void;
  onError(cause: unknown): void;
}

export interface SourceWatcher {
  /** Resolves once the initial scan is done: a save after it is seen. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Folders whose files are posts (Jekyll's `_posts/` and `_drafts/`, at any depth of the site). */
const POST_FOLDERS = new Set(['_posts', '_drafts']);

export function watchSource(options: SourceWatcherOptions): SourceWatcher {
  const { onChange, onError } = options;
  const ignored = ignoredPaths(options.source, options.destination);
  const postFolders = watchPostFolders({ onChange, ignored, onError });
  const watcher = chokidarWatch(options.source, {
    // chokidar meets every post folder (at start, and when one is created) and hands it over.
    ignored: (path: string) => {
      if (ignored(path)) return true;
      if (!POST_FOLDERS.has(basename(path))) return false;
      postFolders.add(path);
      return true;
    },
    ignoreInitial: true,
    persistent: true,
    // A linked folder may lead out of the source (to / itself); the build reads only links that stay
    // inside, and their targets are watched where they are.
    followSymlinks: false,
    // Editors that save by writing a temporary file and renaming it over the
    // post give one `change`, not an `unlink` and an `add` (which would build
    // the site without the post for a moment).
    atomic: true,
    // Builds read what is on disk when they run, and a save that continues after the read is caught
    // by the rebuild queue's settle check (rebuild-queue.ts): no need to wait for writes to finish.
    awaitWriteFinish: false,
  });
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  watcher.on('error', onError);
  // Folder events are not needed: chokidar reports the files of an added or
  // removed folder one by one, and an empty folder changes nothing.
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, onChange);
  return {
    ready,
    close() {
      postFolders.close();
      return watcher.close();
    },
  };
}

/**
 * What the watcher skips: the destination, the cache, dependencies, hidden
 * files and folders (editor swap files, `.git`), and editors' backup, swap
 * and probe files (`post.md~`, `#post.md#`, `post.md.swp`, vim's `4913`).
 */
export function ignoredPaths(source: string, destination: string): (path: string) => boolean {
  return (path) => {
    const rel = relative(source, path);
    if (rel === '') return false;
    if (isWithin(destination, path)) return true;
    const parts = rel.split(sep);
    if (parts[0] === CACHE_DIR || parts[0] === 'node_modules' || parts.some((part) => part.startsWith('.'))) return true;
    const name = basename(path);
    return name.endsWith('~') || /^#.*#$/.test(name) || name === '4913' || /\.sw[pox]$/.test(name);
  };
}

/** Whether `path` is `folder` or inside it. */
function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

/**
 * A file's size, modification time and inode now (fileSignature), or
 * undefined for a path that is gone. Synchronous on purpose: after an event
 * chokidar re-reads the folder, which queues a call per file on libuv's
 * thread pool, and an asynchronous stat would wait behind them.
 */
export function currentSignature(path: string): string | undefined {
  try {
    return fileSignature(statSync(path));
  } catch {
    // Gone, or no longer readable: either way not what the build read, which is all the caller asks.
    return undefined;
  }
}
