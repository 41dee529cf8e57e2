/**
 * Parse one batch of post files: read, digest, parse, sanitise, store the
 * body. Runs in worker threads (parse-worker.ts) or in the main thread for
 * small batches; the result is the same either way.
 */
import { readFileSync } from 'node:fs';
import { writePackOf } from '../cache/body-store.js';
import type { ParsedEntry } from '../cache/entry.js';
import type { ResolvedConfig } from '../config.js';
import { digestOf } from '../content/digest.js';
import { localImageRefs } from '../content/img-tags.js';
import { createRenderer, type Renderer } from '../content/markdown.js';
import { readPost } from '../content/post.js';
import { error } from '../diagnostics.js';
import { labelsFor } from '../render/labels.js';
import { shownHash } from '../render/route-kinds.js';
import { type PostSearch, postSearchOf } from '../search/terms.js';
import type { PostDetails } from '../types.js';

export interface ParseTask {
  config: ResolvedConfig;
  /** Record where the sanitiser removed things (line:column), for `--verbose`. */
  positions: boolean;
  /** Where the batch's post details are written, as one pack (see body-store.ts). */
  bodyDir: string;
  /** The cache key (cache-key.ts) packs are named under. */
  key: string;
  files: readonly ParseFile[];
  /** Hash what other pages show of each post (`shown`): the cache on disk stores it for the edit index; a build without one skips it. Default true. */
  editKeys?: boolean;
  /**
   * Return the posts' search records with their entries, besides writing them
   * to the pack. Default true; a full build's batches say false: 20,000
   * posts' words held on the main thread cost hundreds of megabytes, and the
   * index reads them back from the packs one post at a time.
   */
  keepSearch?: boolean;
}

export interface ParseFile {
  source: string;
  absolute: string;
  draft: boolean;
  mtimeMs: number;
  size: number;
  /** The file's bytes, when the main thread read them ahead (parse.ts); otherwise, or when that read failed, they are read here. */
  bytes?: Uint8Array;
}

export type { ParsedEntry } from '../cache/entry.js';

let cachedRenderer: { key: string; renderer: Renderer } | undefined;

/** One frozen processor per thread, rebuilt only when the sanitiser config or the Markdown flavour changes. */
function rendererFor(config: ResolvedConfig, positions: boolean): Renderer {
  const tableLabel = labelsFor(config.lang).table;
  const key = JSON.stringify([config.sanitize, config.url, positions, config.markdown, tableLabel]);
  if (cachedRenderer?.key !== key) {
    cachedRenderer = { key, renderer: createRenderer({ sanitize: config.sanitize, siteOrigin: config.url, positions, markdown: config.markdown, tableLabel }) };
  }
  return cachedRenderer.renderer;
}

/** A file not read ahead is read here synchronously, on purpose: the thread has nothing else to do meanwhile, and it is cheaper. */
export function runParseTask(task: ParseTask): ParsedEntry[] {
  const renderer = rendererFor(task.config, task.positions);
  const out: ParsedEntry[] = [];
  const bodies: { entry: ParsedEntry; details: PostDetails }[] = [];
  for (const file of task.files) {
    const started = performance.now();
    let bytes: Uint8Array;
    try {
      bytes = file.bytes ?? readFileSync(file.absolute);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const unreadable: ParsedEntry = {
        source: file.source,
        size: file.size,
        mtimeMs: file.mtimeMs,
        digest: '',
        diagnostics: [
          error(
            file.source,
            code === 'EACCES' || code === 'EPERM' ? 'permission denied: cannot read this post' : `cannot read this post: ${(cause as Error).message}`,
            {},
            "check the file's permissions (chmod a+r)",
          ),
        ],
      };
      if (task.editKeys !== false) unreadable.shown = shownHash(unreadable);
      out.push(unreadable);
      continue;
    }
    let result: ReturnType<typeof readPost>;
    try {
      result = readPost({ source: file.source, bytes, mtime: new Date(file.mtimeMs), draft: file.draft }, { config: task.config, renderer });
    } catch (cause) {
      // The parsers recurse per nesting level: thousands of nested tags overflow the stack.
      const overflow = cause instanceof RangeError && /call stack/i.test(cause.message);
      result = {
        diagnostics: [
          error(
            file.source,
            overflow ? 'the body nests elements too deeply to parse' : `cannot parse this post: ${(cause as Error).message}`,
            {},
            overflow
              ? 'close the tags the body opens; thousands of nested elements are not valid HTML'
              : 'this is a bug in gazette; please report it with the file',
          ),
        ],
      };
    }
    const { post, diagnostics } = result;
    const entry: ParsedEntry = {
      source: file.source,
      size: file.size,
      mtimeMs: file.mtimeMs,
      digest: post?.digest ?? digestOf(bytes),
      diagnostics,
      ms: performance.now() - started,
      ...(result.datedByModificationTime ? { datedByModificationTime: true } : {}),
      ...(task.positions ? { positioned: true } : {}),
    };
    if (post) {
      const { html, featureHtml, data, ...summary } = post;
      const bodyImages = localImageRefs(html, task.config.url);
      entry.summary = bodyImages.length > 0 ? { ...summary, bodyImages } : summary;
      if (task.config.outputs.search) entry.search = postSearchOf({ ...summary, html });
      bodies.push({ entry, details: { html, featureHtml, data } });
    }
    if (task.editKeys !== false) entry.shown = shownHash(entry);
    out.push(entry);
  }
  if (bodies.length > 0) storeDetails(task, bodies);
  return out;
}

/** The batch's details and search records as one pack, each entry pointed at its own. */
function storeDetails(task: ParseTask, bodies: readonly { entry: ParsedEntry; details: PostDetails }[]): void {
  const searched = bodies.filter((b) => b.entry.search !== undefined);
  const refs = writePackOf(
    task.bodyDir,
    bodies.map((b) => b.details),
    searched.map((b) => b.entry.search as PostSearch),
    task.key,
  );
  bodies.forEach((b, index) => {
    b.entry.body = refs.bodies[index];
  });
  searched.forEach((b, index) => {
    b.entry.searchRef = refs.searches[index];
    if (task.keepSearch === false) delete b.entry.search;
  });
}
