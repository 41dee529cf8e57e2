/**
 * Watches post folders (`_posts/`, `_drafts/`, and the folders inside them)
 * with one `fs.watch` per folder, and reports the files that were added,
 * changed or removed.
 *
 * Why not chokidar for these: after any event in a folder, chokidar reads the
 * whole folder again and stats every entry. A news site's `_posts/` holds tens
 * of thousands of files, and such a re-read after every save cost more than
 * the rebuild it delayed. Here an event names its file, and only that file is
 * stat'ed.
 */
import { type FSWatcher, lstatSync, readdirSync, type Stats, statSync, watch as watchFolder } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

export interface PostFolderWatcher {
  /** Start watching a post folder and everything inside it (idempotent; a missing folder is ignored). */
  add(folder: string): void;
  close(): void;
}

export interface PostFolderOptions {
  /** Called with the absolute path of each file added, changed or removed. */
  onChange(path: string): void;
  /** Paths not to report (editor swap and backup files, hidden files). */
  ignored(path: string): boolean;
  onError?(cause: unknown): void;
}

/** How long a post file may be missing before it counts as removed (chokidar's `atomic` waits as long). */
const ATOMIC_MS = 100;

/** What a file was when last seen: size, mtime and inode (an editor's save-by-rename gives a new inode). */
type Signature = string;

/** A file's Signature, from its stat (watch.ts tells settled saves by it too). */
export function fileSignature(info: Stats): Signature {
  return `${info.size}:${info.mtimeMs}:${info.ino}`;
}

export function watchPostFolders(options: PostFolderOptions): PostFolderWatcher {
  return new PostFolders(options);
}

/** What a path is now: a file with its Signature, a folder (not a linked one) with its inode, or neither. */
type Seen = { kind: 'file'; signature: Signature } | { kind: 'folder'; ino: number } | undefined;

function look(path: string): Seen {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return undefined;
  // A linked folder is not entered: it may lead out of the source (to / itself), and discover reads
  // only links that stay inside, whose targets are watched where they are.
  if (info.isDirectory()) return lstatSync(path).isSymbolicLink() ? undefined : { kind: 'folder', ino: info.ino };
  return info.isFile() ? { kind: 'file', signature: fileSignature(info) } : undefined;
}

class PostFolders implements PostFolderWatcher {
  readonly #options: PostFolderOptions;
  // Each watched folder with its inode: a folder removed and made again under the same name is a new folder.
  readonly #folders = new Map<string, { watcher: FSWatcher; ino: number }>();
  readonly #files = new Map<string, Signature>();
  /** Files missing for less than ATOMIC_MS, each checked again then. */
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #handedOver = new Set<string>();
  #closed = false;

  constructor(options: PostFolderOptions) {
    this.#options = options;
  }

  add(folder: string): void {
    // The files of a folder met for the first time are the site as it was; a folder met
    // again (removed and made again) brings new files, which are reported.
    const first = !this.#handedOver.has(folder);
    this.#handedOver.add(folder);
    if (look(folder)?.kind === 'folder' || this.#folders.has(folder)) this.#check(folder, first);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const { watcher } of this.#folders.values()) watcher.close();
    this.#folders.clear();
    this.#files.clear();
  }

  /** Looks at one path again and reports what changed there; `initial`: the files found are the site as it was. */
  #check(path: string, initial: boolean, gone = false): void {
    if (this.#options.ignored(path)) return;
    const now = look(path);
    if (now?.kind === 'folder') {
      const known = this.#folders.get(path);
      if (known && known.ino !== now.ino) this.#removeFolder(path);
      if (!this.#folders.has(path)) this.#addFolder(path, now.ino, initial);
      return;
    }
    if (this.#folders.has(path)) this.#removeFolder(path);
    if (now === undefined) this.#checkMissing(path, gone);
    else if (this.#files.get(path) !== now.signature) {
      this.#files.set(path, now.signature);
      if (!initial) this.#options.onChange(path);
    }
  }

  /** A known file missing: removed once it has been missing for ATOMIC_MS (`gone`). */
  #checkMissing(path: string, gone: boolean): void {
    if (!this.#files.has(path)) return;
    if (gone) {
      this.#files.delete(path);
      this.#options.onChange(path);
      return;
    }
    // An editor saving by renaming the file away and writing a new one: a file
    // back within ATOMIC_MS was changed, not removed (the site is not built without it).
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) this.#check(path, false, true);
    }, ATOMIC_MS);
    this.#timers.add(timer);
  }

  #addFolder(folder: string, ino: number, initial: boolean): void {
    if (this.#closed || this.#folders.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watchFolder(folder, { persistent: true }, (_event, name) => this.#onEvent(folder, name));
    } catch (cause) {
      this.#options.onError?.(cause);
      return;
    }
    watcher.on('error', () => {
      // The folder itself was removed or became unreadable: look at it again.
      this.#removeFolder(folder);
      this.#check(folder, false);
    });
    this.#folders.set(folder, { watcher, ino });
    this.#rescan(folder, initial);
  }

  #onEvent(folder: string, name: string | Buffer | null): void {
    // Without a name (rare; some file systems), the folder is read again.
    if (name === null) {
      this.#rescan(folder);
      return;
    }
    this.#check(join(folder, name.toString()), false);
    // The folder itself removed (its own name, and no error follows on Linux): a folder
    // made again under that name is a new one, with a new watcher.
    if (name.toString() === basename(folder) && look(folder) === undefined) this.#removeFolder(folder);
  }

  #rescan(folder: string, initial = false): void {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      // Removed (or made unreadable) since its event: its watcher's error, or its parent's event, reports that.
      return;
    }
    const present = new Set(names.map((name) => join(folder, name)));
    for (const path of present) this.#check(path, initial);
    // Files of this folder that are gone (not of its subfolders: their own watchers report those).
    for (const path of [...this.#files.keys()]) {
      if (!present.has(path) && isDirectChild(folder, path)) this.#check(path, false);
    }
  }

  #removeFolder(folder: string): void {
    for (const [path, { watcher }] of this.#folders) {
      if (path === folder || isInside(folder, path)) {
        watcher.close();
        this.#folders.delete(path);
      }
    }
    for (const path of [...this.#files.keys()]) {
      if (isInside(folder, path)) {
        this.#files.delete(path);
        this.#options.onChange(path);
      }
    }
  }
}

function isInside(folder: string, path: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function isDirectChild(folder: string, path: string): boolean {
  return dirname(path) === folder;
}
