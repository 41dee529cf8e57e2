/**
 * The persistent parse cache, `<source>/.gazette-cache/`: per post file its
 * stat (size, mtime), digest, summary and diagnostics in one index, and its
 * sanitised body in a file of its own. Keyed by the pipeline key (gazette's
 * version and the config that affects parsing): a cache written under another
 * key, or one that does not parse, is ignored and rebuilt, never trusted.
 * The index ends with its MAC, and each journal line begins with one, under
 * this machine's cache key (cache-key.ts): summaries carry HTML (excerpts)
 * that is published as it is, so an index written elsewhere (committed with
 * the site) is not used. Disabled, the same store lives in a temporary folder
 * removed on close.
 */

import { createHmac, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { PostSummary } from '../types.js';
import { isBodyRef } from './body-store.js';
import { cacheKey, MAC_LENGTH, macOf, verifiedBody } from './cache-key.js';
import type { ParsedEntry } from './entry.js';

export const CACHE_DIR = '.gazette-cache';
/**
 * 2: summaries without front matter and feature text, which moved to the body packs. 3: entries carry `shown`.
 * 4: summaries carry `sitemap`. 5: summaries carry `redirectFrom` and `redirectTo`. 6: MACs.
 */
const FORMAT = 6;

/** A post file as listed: what the cache compares first. */
export interface CachedFileStat {
  source: string;
  size: number;
  mtimeMs: number;
}

export interface CacheStore {
  readonly bodyDir: string;
  /** Where images' sizes and resized copies are kept (build/images.ts): beside the versioned folders, as they depend on no parse rule. */
  readonly imageDir: string;
  /** The key body packs are written and read under (cacheKey()). */
  readonly key: string;
  /**
   * The entry of an unchanged file: same size and modification time, or
   * same size and bytes (a touch, an editor saving without edits, a fresh
   * checkout). `digest` reads and hashes the file; it is called only when
   * the size matches and the time does not.
   */
  lookup(file: CachedFileStat, digest: () => string): ParsedEntry | undefined;
  /** Replace what the cache knows with these entries (every post file of the build). */
  update(entries: readonly ParsedEntry[]): void;
  /** Replace the entries of these files only (a rebuild that read a few posts). */
  replace(entries: readonly ParsedEntry[]): void;
  /**
   * Drop the entries whose details are in these packs (found damaged while
   * rendering), so that their posts are parsed again; the next flush records it.
   */
  forget(packs: readonly string[]): void;
  /** Write the index to disk (a no-op for a disabled cache). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface StoredEntry {
  source: string;
  size: number;
  mtimeMs: number;
  digest: string;
  summary?: Omit<PostSummary, 'date'> & { date: string };
  body?: ParsedEntry['body'];
  searchRef?: ParsedEntry['searchRef'];
  diagnostics: Diagnostic[];
  datedByModificationTime?: true;
  positioned?: true;
  shown: string;
}

/** The index file as read (entries are checked one by one before use). */
export interface StoredIndex {
  format: number;
  pipelineKey: string;
  id: string;
  entries: StoredEntry[];
}

/** The folder of the cache written under `pipelineKey`. */
export function cacheFolder(source: string, pipelineKey: string): string {
  return join(source, CACHE_DIR, `v${FORMAT}-${pipelineKey.slice(0, 16)}`);
}

/** Where a cache folder keeps rendered bodies (body-store.ts packs); the edit index's builds read and write them there too. */
export function bodyFolder(cacheDir: string): string {
  return join(cacheDir, 'bodies');
}

export interface OpenCacheOptions {
  source: string;
  enabled: boolean;
  pipelineKey: string;
  /** Default: cacheKey(). */
  key?: string;
}

export async function openCache(options: OpenCacheOptions): Promise<CacheStore> {
  const key = options.key ?? cacheKey();
  if (!options.enabled) {
    // Bodies still go to disk (bounded memory), in a scratch folder of this process.
    const scratch = await mkdtemp(join(tmpdir(), 'gazette-bodies-'));
    return new ScratchCache(scratch, key, `${scratch}-images`);
  }
  const dir = cacheFolder(options.source, options.pipelineKey);
  const bodyDir = bodyFolder(dir);
  const files: IndexFiles = { index: join(dir, 'index.json'), journal: join(dir, 'index.journal') };
  await removeOtherVersions(join(options.source, CACHE_DIR), [dir, imageFolder(options.source)]);
  await mkdir(bodyDir, { recursive: true });
  await removeAbandonedTempFiles(dir);
  const [loaded, packs] = await Promise.all([loadIndex(files, options.pipelineKey, key), readdir(bodyDir).then((names) => new Set(names))]);
  return new DiskCache({ bodyDir, key, pipelineKey: options.pipelineKey, files, loaded, packs, imageDir: imageFolder(options.source) });
}

/** The image cache of a source (build/images.ts). */
export function imageFolder(source: string): string {
  return join(source, CACHE_DIR, 'images');
}

/** The cache of a build without one (`--no-cache`): entries in memory, bodies in a folder removed on close. */
class ScratchCache implements CacheStore {
  #known = new Map<string, ParsedEntry>();

  constructor(
    readonly bodyDir: string,
    readonly key: string,
    readonly imageDir: string,
  ) {}

  lookup(file: CachedFileStat, digest: () => string): ParsedEntry | undefined {
    const entry = this.#known.get(file.source);
    if (!entry || !unchanged(entry, file, digest)) return undefined;
    return entry.mtimeMs === file.mtimeMs ? entry : { ...entry, mtimeMs: file.mtimeMs };
  }

  update(entries: readonly ParsedEntry[]): void {
    this.#known = new Map(entries.map((entry) => [entry.source, entry]));
  }

  replace(entries: readonly ParsedEntry[]): void {
    for (const entry of entries) this.#known.set(entry.source, entry);
  }

  forget(packs: readonly string[]): void {
    const damaged = new Set(packs);
    for (const [source, entry] of this.#known) if (entry.body && damaged.has(entry.body.pack)) this.#known.delete(source);
  }

  async flush(): Promise<void> {
    // Nothing is kept on disk.
  }

  async close(): Promise<void> {
    await Promise.all([rm(this.bodyDir, { recursive: true, force: true }), rm(this.imageDir, { recursive: true, force: true })]);
  }
}

interface DiskCacheState {
  bodyDir: string;
  imageDir: string;
  key: string;
  pipelineKey: string;
  files: IndexFiles;
  loaded: LoadedIndex;
  /** The names in the body folder. */
  packs: Set<string>;
}

/** The cache in `<source>/.gazette-cache/`: the index loaded, changes written by flush (journal lines, or the index whole). */
class DiskCache implements CacheStore {
  readonly bodyDir: string;
  readonly imageDir: string;
  readonly key: string;
  readonly #pipelineKey: string;
  readonly #files: IndexFiles;
  readonly #loaded: LoadedIndex;
  readonly #index: Map<string, ParsedEntry>;
  /** Packs entries may use: a lookup whose pack is gone is a miss. */
  #bodies: Set<string>;
  /** Entries changed since the index was last written: undefined for a file that is gone. */
  readonly #pending = new Map<string, ParsedEntry | undefined>();

  constructor(state: DiskCacheState) {
    this.bodyDir = state.bodyDir;
    this.imageDir = state.imageDir;
    this.key = state.key;
    this.#pipelineKey = state.pipelineKey;
    this.#files = state.files;
    this.#loaded = state.loaded;
    this.#index = state.loaded.index;
    this.#bodies = state.packs;
  }

  lookup(file: CachedFileStat, digest: () => string): ParsedEntry | undefined {
    const stored = this.#index.get(file.source);
    if (!stored || !unchanged(stored, file, digest)) return undefined;
    if (stored.summary && !(stored.body && this.#bodies.has(stored.body.pack))) return undefined;
    // Entries are never changed once made, so the stored one is shared; the same bytes may have a new mtime.
    return stored.mtimeMs === file.mtimeMs ? stored : { ...stored, mtimeMs: file.mtimeMs };
  }

  update(entries: readonly ParsedEntry[]): void {
    const kept = new Set(entries.map((entry) => entry.source));
    for (const source of this.#index.keys()) {
      if (kept.has(source)) continue;
      this.#index.delete(source);
      this.#pending.set(source, undefined);
    }
    for (const entry of entries) this.#record(entry);
    this.#bodies = new Set(entries.flatMap((e) => (e.body ? [e.body.pack] : [])));
  }

  replace(entries: readonly ParsedEntry[]): void {
    for (const entry of entries) {
      this.#record(entry);
      if (entry.body) this.#bodies.add(entry.body.pack);
    }
  }

  forget(packs: readonly string[]): void {
    const damaged = new Set(packs);
    for (const pack of damaged) this.#bodies.delete(pack);
    for (const [source, entry] of this.#index) {
      if (!entry.body || !damaged.has(entry.body.pack)) continue;
      this.#index.delete(source);
      this.#pending.set(source, undefined);
    }
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    if (this.#loaded.journalLines + this.#pending.size <= JOURNAL_LIMIT) await this.#appendToJournal();
    else await this.#rewriteIndex();
    this.#pending.clear();
  }

  async close(): Promise<void> {
    // The index is written by flush; the folder stays for the next build.
  }

  #record(entry: ParsedEntry): void {
    const stored = this.#index.get(entry.source);
    const same = stored && stored.size === entry.size && stored.mtimeMs === entry.mtimeMs && stored.digest === entry.digest;
    if (same && stored.positioned === entry.positioned) return;
    this.#index.set(entry.source, entry);
    this.#pending.set(entry.source, entry);
  }

  async #appendToJournal(): Promise<void> {
    const { key } = this;
    const loaded = this.#loaded;
    const lines = [...this.#pending].map(([source, entry]) => journalLine(key, loaded.id, JSON.stringify(entry ? storable(entry) : { source, gone: true })));
    // A new journal starts with its header (and replaces one written for another index).
    const fresh = loaded.journalLines === 0;
    if (fresh) lines.unshift(journalLine(key, loaded.id, JSON.stringify({ format: FORMAT, pipelineKey: this.#pipelineKey, base: loaded.id })));
    await writeFile(this.#files.journal, `${lines.join('\n')}\n`, { flag: fresh ? 'w' : 'a' });
    loaded.journalLines += lines.length;
  }

  async #rewriteIndex(): Promise<void> {
    const loaded = this.#loaded;
    loaded.id = randomUUID();
    const temp = `${this.#files.index}.${process.pid}.tmp`;
    await writeIndexFile(temp, { format: FORMAT, pipelineKey: this.#pipelineKey, id: loaded.id }, [...this.#index.values()], this.key);
    await rename(temp, this.#files.index);
    await rm(this.#files.journal, { force: true });
    loaded.journalLines = 0;
    await removeUnusedPacks(this.bodyDir, this.#index);
  }
}

/** Entries serialised and written at a time (writeIndexFile). */
const ENTRIES_PER_WRITE = 1000;

/**
 * Writes `JSON.stringify({ ...header, entries })` to `file`, then `\n` and
 * its MAC under `key` (verifiedBody), a slice of
 * entries at a time: each slice is serialised, encoded and written while the
 * event loop turns between them. A build writes the index while its worker
 * threads render (build.ts), and each of them is handed its next batch only
 * on a turn of the loop: serialising and encoding a large site's index in one
 * piece would keep every idle worker waiting that long.
 */
export async function writeIndexFile(file: string, header: Omit<StoredIndex, 'entries'>, entries: readonly ParsedEntry[], key: string): Promise<void> {
  const handle = await open(file, 'w');
  const hmac = createHmac('sha256', Buffer.from(key, 'hex'));
  const write = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    hmac.update(bytes);
    return handle.write(bytes);
  };
  try {
    // The header's closing brace gives way to the entries.
    await write(`${JSON.stringify(header).slice(0, -1)},"entries":[`);
    for (let start = 0; start < entries.length; start += ENTRIES_PER_WRITE) {
      const slice = entries
        .slice(start, start + ENTRIES_PER_WRITE)
        .map((entry) => JSON.stringify(storable(entry)))
        .join(',');
      await write(start === 0 ? slice : `,${slice}`);
    }
    await write(']}');
    await handle.write(`\n${hmac.digest('hex')}`);
  } finally {
    await handle.close();
  }
}

/**
 * Changed entries are appended to a journal beside the index, so a build that
 * parsed one post writes one line, not the whole index (tens of megabytes on
 * a large news site). Past this many lines the index is written whole again.
 */
const JOURNAL_LIMIT = 2000;

interface IndexFiles {
  index: string;
  journal: string;
}

interface LoadedIndex {
  index: Map<string, ParsedEntry>;
  /** Identifies the index file; a journal names the index it follows. '' when there is none. */
  id: string;
  /** Lines in the journal that belong to this index; past JOURNAL_LIMIT (or damaged) the next flush writes the index whole. */
  journalLines: number;
}

function unchanged(entry: ParsedEntry, file: CachedFileStat, digest: () => string): boolean {
  if (entry.size !== file.size) return false;
  if (entry.mtimeMs === file.mtimeMs) return true;
  return entry.datedByModificationTime !== true && entry.digest !== '' && entry.digest === digest();
}

async function loadIndex(files: IndexFiles, pipelineKey: string, key: string): Promise<LoadedIndex> {
  const loaded = await readIndexFile(files.index, pipelineKey, key);
  // Absent, damaged or another's: start empty; the next flush writes it whole.
  if (!loaded) return { index: new Map(), id: '', journalLines: JOURNAL_LIMIT + 1 };
  let journal: string;
  try {
    journal = (await readFile(files.journal)).toString('utf8');
  } catch {
    // No journal (or none readable): the index alone is the cache; the next flush starts a new journal.
    return loaded;
  }
  applyJournal(loaded, journal, pipelineKey, key);
  return loaded;
}

/** The index file's entries; undefined when it is absent, damaged, or not this version's, key's and config's. */
async function readIndexFile(file: string, pipelineKey: string, key: string): Promise<LoadedIndex | undefined> {
  const loaded: LoadedIndex = { index: new Map(), id: '', journalLines: 0 };
  try {
    // Decoded in one piece: readFile(path, 'utf8') decodes chunk by chunk, much slower on a large index of Korean text.
    const body = verifiedBody(key, await readFile(file));
    if (!body) return undefined;
    const data = JSON.parse(body.toString('utf8')) as Partial<StoredIndex>;
    if (data.format !== FORMAT || data.pipelineKey !== pipelineKey || typeof data.id !== 'string' || !Array.isArray(data.entries)) return undefined;
    for (const entry of data.entries) if (isStoredEntry(entry)) loaded.index.set(entry.source, revive(entry));
    loaded.id = data.id;
  } catch {
    // Absent, unreadable, or JSON cut short: all mean no index to use, and the next flush writes one.
    return undefined;
  }
  return loaded;
}

/** Applies the journal's lines to the index they follow (a journal of another index is left alone). */
function applyJournal(loaded: LoadedIndex, journal: string, pipelineKey: string, key: string): void {
  const lines = journal.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = parseLine(key, loaded.id, lines[0] ?? '') as { format?: unknown; pipelineKey?: unknown; base?: unknown } | undefined;
  // A journal of another index (one written since by another version, or a leftover) is not applied.
  if (header?.format !== FORMAT || header.pipelineKey !== pipelineKey || header.base !== loaded.id) return;
  for (const line of lines.slice(1)) {
    const value = parseLine(key, loaded.id, line) as (StoredEntry & { gone?: true }) | undefined;
    if (value !== undefined && value.gone === true && typeof value.source === 'string') loaded.index.delete(value.source);
    else if (isStoredEntry(value)) loaded.index.set(value.source, revive(value));
    else {
      // A line cut short (a build stopped while appending): what follows is not trusted, and the next flush rewrites the index.
      loaded.journalLines = JOURNAL_LIMIT + 1;
      return;
    }
  }
  loaded.journalLines = lines.length;
}

/** A journal line: its MAC (bound to the index it follows), a space, the JSON. */
function journalLine(key: string, base: string, json: string): string {
  return `${macOf(key, base, '\0', json)} ${json}`;
}

/** The value of a journal line; undefined when it is cut short, damaged, or not written under this key for this index. */
function parseLine(key: string, base: string, line: string): unknown {
  const json = line.slice(MAC_LENGTH + 1);
  if (line[MAC_LENGTH] !== ' ' || line.slice(0, MAC_LENGTH) !== macOf(key, base, '\0', json)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    // Its MAC holds, so gazette wrote it; JSON that does not parse anyway is read as a damaged line.
    return undefined;
  }
}

/**
 * Packs no entry points at any more (every body in them was replaced by a
 * newer parse), once they are a day old: another gazette process on the same
 * site (a watch session beside a build) may still be reading one it wrote.
 */
async function removeUnusedPacks(bodyDir: string, index: ReadonlyMap<string, ParsedEntry>): Promise<void> {
  const used = new Set<string>();
  for (const entry of index.values()) if (entry.body) used.add(entry.body.pack);
  // Pruning is housekeeping: a folder that cannot be listed, or a pack removed meanwhile, is left to the next flush.
  const names = await readdir(bodyDir).catch(() => [] as string[]);
  const before = Date.now() - UNUSED_PACK_AGE_MS;
  const unused = names.filter((name) => !used.has(name));
  await Promise.all(
    unused.map(async (name) => {
      const file = join(bodyDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < before) await rm(file, { force: true });
    }),
  );
}

const UNUSED_PACK_AGE_MS = 24 * 60 * 60 * 1000;

/** An entry as the index stores it: without its search record, which its body pack holds (searchRef). */
function storable(entry: ParsedEntry): ParsedEntry {
  if (entry.search === undefined) return entry;
  const { search: _search, ...rest } = entry;
  return rest;
}

function isStoredEntry(value: unknown): value is StoredEntry {
  const entry = value as StoredEntry;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.source === 'string' &&
    typeof entry.size === 'number' &&
    typeof entry.mtimeMs === 'number' &&
    typeof entry.digest === 'string' &&
    Array.isArray(entry.diagnostics) &&
    typeof entry.shown === 'string' &&
    // In the body's pack, so that the pack's checks and pruning cover it.
    (entry.searchRef === undefined || (isBodyRef(entry.searchRef) && entry.searchRef.pack === entry.body?.pack)) &&
    (entry.summary === undefined ||
      (typeof entry.summary === 'object' && typeof entry.summary.date === 'string' && typeof entry.summary.url === 'string' && isBodyRef(entry.body)))
  );
}

/**
 * A stored entry as the ParsedEntry it was, made in place: the parsed JSON is
 * the only holder, and copying every entry of a large index would cost more
 * than reading it.
 * (Stored, the date is its ISO string: JSON.stringify calls Date#toJSON.)
 */
function revive(stored: StoredEntry): ParsedEntry {
  if (stored.summary) (stored.summary as { date: string | Date }).date = new Date(stored.summary.date);
  return stored as unknown as ParsedEntry;
}

/**
 * `<file>.<pid>.tmp` files (the index, the edit index, route packs) of processes that stopped while writing them
 * (another build may be writing its own).
 */
async function removeAbandonedTempFiles(dir: string): Promise<void> {
  // Housekeeping too: what cannot be listed is left for the next build.
  const names = await readdir(dir).catch(() => [] as string[]);
  const abandoned = names.filter((name) => {
    const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
    return pid !== undefined && !isRunning(Number(pid));
  });
  await Promise.all(abandoned.map((name) => rm(join(dir, name), { force: true })));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    // EPERM: it runs, as another user.
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeOtherVersions(root: string, keep: readonly string[]): Promise<void> {
  // No cache folder yet (a first build): nothing to remove.
  const names = await readdir(root).catch(() => [] as string[]);
  const others = names.map((name) => join(root, name)).filter((path) => !keep.includes(path));
  await Promise.all(others.map((path) => rm(path, { recursive: true, force: true })));
}
