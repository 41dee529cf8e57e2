/**
 * The parse phase of a build: every post file → PostSummary (bodies, feature
 * texts and front matter go to the body store on disk, so large sites never
 * hold them all in memory).
 * Unchanged files are taken from the cache; the rest are parsed in worker
 * threads when there are enough of them to pay for the threads.
 */
import { createHash } from 'node:crypto';
import { readFile as readFileCallback, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type BodyRef, createBodyReader, NO_DETAILS } from '../cache/body-store.js';
import type { CacheStore } from '../cache/cache.js';
import type { ParsedEntry } from '../cache/entry.js';
import type { ResolvedConfig } from '../config.js';
import { digestOf } from '../content/digest.js';
import type { PostSourceFile, SiteFiles, SourceFile } from '../content/discover.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PostSearch } from '../search/terms.js';
import type { PageSource, PostDetails, PostSummary } from '../types.js';
import { GENERATOR_VERSION } from '../version.js';
import type { ParseFile, ParseTask } from '../workers/parse-task.js';
import type { WorkerPool } from '../workers/pool.js';
import { JOBS_PARSE_FROM } from '../workers/threads.js';
import { PARSE_RULES } from './parse-rules.js';

export interface ParseOptions {
  files: SiteFiles;
  config: ResolvedConfig;
  /** Worker threads, started on first use; undefined parses in this thread. */
  pool: (() => WorkerPool) | undefined;
  /** Posts to parse from which the pool is used. Default: JOBS_PARSE_FROM (workers/threads.ts). */
  poolFrom?: number;
  /** Where unchanged posts are found and bodies are kept. */
  cache: CacheStore;
  /** Record where the sanitiser removed things, for `--verbose`; cached posts that removed something without recording where are parsed again. */
  positions: boolean;
  /** Compute the edit index's keys while parsing (ParseTask.editKeys). Default true. */
  editKeys?: boolean;
  onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
}

export interface ParsedContent {
  /** Every post that parsed, published or not, in source order. */
  posts: PostSummary[];
  /** Pages as read; rendered once the site is known (render/pages.ts). */
  pages: PageSource[];
  diagnostics: Diagnostic[];
  /** A post's details; empty ones when its pack is damaged, which `damaged` then lists. */
  detailsOf(post: PostSummary): PostDetails;
  /** Packs detailsOf found damaged (body-store.ts): what was rendered from them is wrong, and their posts must be parsed again. */
  damaged(): readonly string[];
  /** Posts parsed this time (not taken from the cache). */
  parsed: number;
  /** Every post file's entry, for the cache. */
  entries: ParsedEntry[];
  /** Sources parsed this build (not from the cache). */
  parsedNow: ReadonlySet<string>;
  /** Where a post's details are stored. */
  bodyRefOf(source: string): BodyRef | undefined;
  /** A post's search terms and snippet text. */
  searchOf(source: string): PostSearch | undefined;
  /** Closes the files opened by detailsOf. */
  close(): void;
}

const BATCH_SIZE = 40;
/** Batches read ahead per worker thread: one being parsed, one waiting for it. */
const READ_AHEAD_PER_THREAD = 2;

export async function parseContent(options: ParseOptions): Promise<ParsedContent> {
  const { files, config } = options;
  const { cache } = options;
  const entries = new Map<string, ParsedEntry>();
  const toParse: ParseFile[] = [];
  for (const file of files.posts) {
    const hit = unchangedEntry(cache, file, options.positions);
    if (hit) entries.set(file.source, hit);
    else toParse.push(parseFileOf(file));
  }

  const batches: ParseTask[] = [];
  for (let i = 0; i < toParse.length; i += BATCH_SIZE)
    batches.push({
      config,
      positions: options.positions,
      editKeys: options.editKeys ?? true,
      bodyDir: cache.bodyDir,
      key: cache.key,
      files: toParse.slice(i, i + BATCH_SIZE),
      keepSearch: false,
    });
  let done = 0;
  const record = (batch: ParsedEntry[]) => {
    for (const entry of batch) entries.set(entry.source, entry);
    done += batch.length;
    options.onProgress?.('parse', done, toParse.length);
  };
  if (options.pool && toParse.length >= (options.poolFrom ?? JOBS_PARSE_FROM)) {
    await parseInPool(options.pool(), batches, record);
  } else if (batches.length > 0) {
    // Loaded only when there is something to parse here: the Markdown and HTML processors are large.
    const { runParseTask } = await import('../workers/parse-task.js');
    for (const task of batches) record(runParseTask(task));
  }

  const posts: PostSummary[] = [];
  const diagnostics: Diagnostic[] = [];
  const bodies = new Map<string, BodyRef>();
  const reader = createBodyReader(cache.bodyDir, cache.key);
  for (const file of files.posts) {
    const entry = entries.get(file.source);
    if (!entry) continue;
    diagnostics.push(...entry.diagnostics);
    if (entry.summary) posts.push(entry.summary);
    if (entry.body) bodies.set(entry.source, entry.body);
  }

  const pages: PageSource[] = [];
  if (files.pages.length > 0) {
    const { readPage } = await import('../content/page.js');
    for (const file of files.pages) {
      const bytes = await readFile(file.absolute);
      const result = readPage({ source: file.source, bytes }, config);
      diagnostics.push(...result.diagnostics);
      if (result.page) pages.push(result.page);
    }
  }

  return {
    posts,
    pages,
    diagnostics,
    parsed: toParse.length,
    parsedNow: new Set(toParse.map((file) => file.source)),
    entries: files.posts.map((file) => entries.get(file.source)).filter((e): e is ParsedEntry => e !== undefined),
    detailsOf: (post) => {
      const ref = bodies.get(post.source);
      if (!ref) throw new Error(`no body stored for ${post.source}`);
      return reader.read(ref) ?? NO_DETAILS;
    },
    damaged: () => reader.damaged,
    bodyRefOf: (source) => bodies.get(source),
    searchOf: (source) => {
      const entry = entries.get(source);
      return entry?.search ?? (entry?.searchRef ? reader.readSearch(entry.searchRef) : undefined);
    },
    close: () => reader.close(),
  };
}

/** What a parse task takes of a post file: only these fields go to a worker. */
export function parseFileOf({ source, absolute, draft, mtimeMs, size }: PostSourceFile): ParseFile {
  return { source, absolute, draft, mtimeMs, size };
}

/**
 * Hands the batches to the workers with their files already read. The main
 * thread is idle while the workers parse, and a worker that reads for itself
 * leaves its core idle while the disk answers (posts not in the page cache
 * parse markedly slower so). Each lane reads a batch and waits for a worker to parse it, so
 * at most READ_AHEAD_PER_THREAD batches per thread are in memory.
 */
async function parseInPool(pool: WorkerPool, batches: readonly ParseTask[], record: (parsed: ParsedEntry[]) => void): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let task = batches[next++]; task !== undefined; task = batches[next++]) record(await pool.parse(await withBytes(task)));
  };
  await Promise.all(Array.from({ length: Math.min(batches.length, pool.threads * READ_AHEAD_PER_THREAD) }, lane));
}

/** A file that cannot be read here is left to the worker, which reports why. */
async function withBytes(task: ParseTask): Promise<ParseTask> {
  const files = await Promise.all(
    task.files.map(
      (file) =>
        new Promise<ParseFile>((resolve) => {
          // The callback API: fs/promises' readFile takes more of this thread's time per file.
          readFileCallback(file.absolute, (err, bytes) => resolve(err ? file : { ...file, bytes }));
        }),
    ),
  );
  return { ...task, files };
}

/**
 * The cached entry of a post file that has not changed (same size and mtime,
 * or same bytes), unless `positions` asks for what the entry lacks: where the
 * sanitiser's removals are.
 */
export function unchangedEntry(cache: CacheStore, file: SourceFile, positions: boolean): ParsedEntry | undefined {
  const hit = cache.lookup(file, () => digestOfFile(file.absolute));
  return hit && positions && !hit.positioned && (hit.summary?.removed.length ?? 0) > 0 ? undefined : hit;
}

/** The digest of a file's bytes, '' when it cannot be read (then it is parsed, and the error reported). */
function digestOfFile(path: string): string {
  try {
    return digestOf(readFileSync(path));
  } catch {
    return '';
  }
}

/** Everything besides a post's own bytes that changes what parsing it gives. */
export function pipelineKey(config: ResolvedConfig): string {
  const affecting = [
    GENERATOR_VERSION,
    PARSE_RULES,
    config.timezone,
    config.permalink,
    config.defaults,
    config.excerptSeparator,
    config.markdownExt,
    config.sanitize,
    config.url,
    config.markdown,
    config.maxPostSize,
    // the tables' scroll region is named in the site's language (table-scroll.ts)
    config.lang,
    // posts carry search terms only when the site has a search index
    config.outputs.search,
  ];
  return createHash('sha1').update(JSON.stringify(affecting)).digest('hex');
}
