/**
 * The persistent parse cache, `<source>/.gazette-cache/`: per post file its
 * stat (size, mtime), digest, summary and diagnostics in one index, and its
 * sanitised body in a file of its own. Keyed by the pipeline key (gazette's
 * version and the config that affects parsing): a cache written under another
 * key, or one that does not parse, is ignored and rebuilt, never trusted.
 * Disabled, the same store lives in a temporary folder removed on close.
 */
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { PostSummary } from '../types.js';
import { isBodyRef } from './body-store.js';
import type { ParsedEntry } from './parse-task.js';

export const CACHE_DIR = '.gazette-cache';
const FORMAT = 1;

/** A post file as listed: what the cache compares first. */
export interface CachedFileStat {
  source: string;
  size: number;
  mtimeMs: number;
}

export interface CacheStore {
  readonly bodyDir: string;
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
  diagnostics: Diagnostic[];
  datedByModificationTime?: true;
  positioned?: true;
}

interface StoredIndex {
  format: number;
  pipelineKey: string;
  entries: StoredEntry[];
}

export async function openCache(options: { source: string; enabled: boolean; pipelineKey: string }): Promise<CacheStore> {
  if (!options.enabled) {
    // Bodies still go to disk (bounded memory), in a scratch folder of this process.
    const bodyDir = await mkdtemp(join(tmpdir(), 'gazette-bodies-'));
    let known = new Map<string, ParsedEntry>();
    return {
      bodyDir,
      lookup: (file, digest) => {
        const entry = known.get(file.source);
        if (!entry || !unchanged(entry, file, digest)) return undefined;
        return entry.mtimeMs === file.mtimeMs ? entry : { ...entry, mtimeMs: file.mtimeMs };
      },
      update: (entries) => {
        known = new Map(entries.map((entry) => [entry.source, entry]));
      },
      replace: (entries) => {
        for (const entry of entries) known.set(entry.source, entry);
      },
      flush: async () => undefined,
      close: () => rm(bodyDir, { recursive: true, force: true }),
    };
  }
  const root = join(options.source, CACHE_DIR);
  const dir = join(root, `v${FORMAT}-${options.pipelineKey.slice(0, 16)}`);
  const bodyDir = join(dir, 'bodies');
  await removeOtherVersions(root, dir);
  await mkdir(bodyDir, { recursive: true });
  let dirty = false;
  let [index, bodies] = await Promise.all([loadIndex(join(dir, 'index.json'), options.pipelineKey), readdir(bodyDir).then((names) => new Set(names))]);
  return {
    bodyDir,
    lookup(file, digest) {
      const stored = index.get(file.source);
      if (!stored || !unchanged(stored, file, digest)) return undefined;
      if (stored.summary && !(stored.body && bodies.has(stored.body.pack))) return undefined;
      return revive(stored, file.mtimeMs);
    },
    update(entries) {
      dirty ||= entries.length !== index.size || entries.some((entry) => {
        const stored = index.get(entry.source);
        return !stored || stored.size !== entry.size || stored.mtimeMs !== entry.mtimeMs || stored.digest !== entry.digest || stored.positioned !== entry.positioned;
      });
      index = new Map(entries.map((entry) => [entry.source, store(entry)]));
      bodies = new Set(entries.flatMap((e) => (e.body ? [e.body.pack] : [])));
    },
    replace(entries) {
      for (const entry of entries) {
        index.set(entry.source, store(entry));
        if (entry.body) bodies.add(entry.body.pack);
      }
      dirty ||= entries.length > 0;
    },
    async flush() {
      if (!dirty) return;
      dirty = false;
      const data: StoredIndex = { format: FORMAT, pipelineKey: options.pipelineKey, entries: [...index.values()] };
      const temp = join(dir, `index.json.${process.pid}.tmp`);
      await writeFile(temp, JSON.stringify(data));
      await rename(temp, join(dir, 'index.json'));
    },
    close: async () => undefined,
  };
}

function unchanged(entry: StoredEntry | ParsedEntry, file: CachedFileStat, digest: () => string): boolean {
  if (entry.size !== file.size) return false;
  if (entry.mtimeMs === file.mtimeMs) return true;
  return entry.datedByModificationTime !== true && entry.digest !== '' && entry.digest === digest();
}

async function loadIndex(path: string, pipelineKey: string): Promise<Map<string, StoredEntry>> {
  const index = new Map<string, StoredEntry>();
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<StoredIndex>;
    if (data.format !== FORMAT || data.pipelineKey !== pipelineKey || !Array.isArray(data.entries)) return index;
    for (const entry of data.entries) if (isStoredEntry(entry)) index.set(entry.source, entry);
  } catch {
    // Absent or damaged: start empty; save() replaces it.
  }
  return index;
}

function isStoredEntry(value: unknown): value is StoredEntry {
  const entry = value as StoredEntry;
  return (
    typeof entry === 'object' && entry !== null &&
    typeof entry.source === 'string' && typeof entry.size === 'number' && typeof entry.mtimeMs === 'number' &&
    typeof entry.digest === 'string' && Array.isArray(entry.diagnostics) &&
    (entry.summary === undefined || (typeof entry.summary === 'object' && typeof entry.summary.date === 'string' && typeof entry.summary.url === 'string' && isBodyRef(entry.body)))
  );
}

function store(entry: ParsedEntry): StoredEntry {
  const { summary, ...rest } = entry;
  return summary ? { ...rest, summary: { ...summary, date: summary.date.toISOString() } } : rest;
}

/** The stored entry as a ParsedEntry, with the file's current modification time (the same bytes may have a new one). */
function revive(stored: StoredEntry, mtimeMs: number): ParsedEntry {
  const { summary, ...rest } = stored;
  return summary ? { ...rest, mtimeMs, summary: { ...summary, date: new Date(summary.date) } } : { ...rest, mtimeMs };
}

async function removeOtherVersions(root: string, keep: string): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  await Promise.all(names.map((name) => join(root, name)).filter((path) => path !== keep).map((path) => rm(path, { recursive: true, force: true })));
}
