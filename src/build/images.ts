/**
 * The image stage, between parsing and rendering: the local images posts
 * show (front matter `image`, body `<img>`s recorded when parsing) are
 * matched to the site's static files, measured, and raster ones resized
 * (workers/image-task.ts) into the image cache (cache/image-cache.ts). An
 * image whose size and modification time, or else bytes, are as the cache
 * knows them is not decoded again. Each post gets `media` (its images' sizes
 * and copies, by URL), which its pages render and are fingerprinted by; the
 * copies become files of the site. Posts are not parsed again for any of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CachedImage,
  copiesPresent,
  type ImageRecord,
  imageKey,
  keyFolder,
  readCachedImage,
  readImageIndex,
  removeUnusedKeys,
  writeImageIndex,
} from '../cache/image-cache.js';
import { CONFIG_FILE, type ResolvedConfig } from '../config.js';
import type { SourceFile } from '../content/discover.js';
import { parseVariantFileName, variantPath } from '../content/image-variants.js';
import { isLocalImageUrl } from '../content/img-tags.js';
import { svgSize } from '../content/svg-size.js';
import { type Diagnostic, warning } from '../diagnostics.js';
import type { ImageInfo, PostSummary } from '../types.js';
import type { ImageJob, ImageOutcome } from '../workers/image-task.js';
import type { WorkerPool } from '../workers/pool.js';

export interface ImageStageInput {
  readonly posts: readonly PostSummary[];
  /** The site's static files (theme assets included): where a local image must be. */
  readonly statics: readonly SourceFile[];
  readonly config: ResolvedConfig;
  /** The site's source folder, for the lines of missing images. */
  readonly root: string;
  /** The image cache's folder. */
  readonly dir: string;
  /** Worker threads, started on first use; undefined resizes in this thread. */
  readonly pool: (() => WorkerPool) | undefined;
}

export interface ImageStage {
  /** The posts, those showing local images with `media`. */
  readonly posts: readonly PostSummary[];
  /** Resized copies to publish: output path and the cache file. */
  readonly copies: readonly { readonly file: string; readonly from: string }[];
  readonly diagnostics: readonly Diagnostic[];
  /** Local image files the posts show, and those decoded this build (0 when the cache knew them all). */
  readonly counts: { readonly files: number; readonly resized: number };
}

/** Below this many images to resize, worker threads cost more than they save. */
const POOL_THRESHOLD = 4;
/** Images per worker batch: a few, so two threads share a handful of large images evenly. */
const BATCH_SIZE = 2;
/** Files the stage reads: formats sharp decodes (AVIF and TIFF are measured, not resized) and SVG. */
const IMAGE_FILE = /\.(?:jpe?g|png|webp|gif|avif|tiff?|svg)$/i;

export async function processImages(input: ImageStageInput): Promise<ImageStage> {
  if (!input.config.images) return { posts: input.posts, copies: [], diagnostics: [], counts: { files: 0, resized: 0 } };
  const refs = referencedImages(input);
  const index = readImageIndex(input.dir);
  const found = lookupImages(refs.files, index, input.dir);
  const outcomes = await resize(found.jobs, input.pool);
  const diagnostics = missingImages(refs.missing, input.root);
  for (const outcome of outcomes) {
    const file = refs.files.get(outcome.source) as SourceFile;
    const key = found.keys.get(outcome.source) as string;
    if ('image' in outcome) found.records.set(outcome.source, { size: file.size, mtimeMs: file.mtimeMs, key, image: outcome.image });
    else
      diagnostics.push(
        warning(outcome.source, `cannot read this image: ${outcome.error}`, {}, 'pages show it at its URL, without its size; check that the file is an image'),
      );
  }
  if (found.changed || outcomes.length > 0 || index.size !== found.records.size) {
    writeImageIndex(input.dir, found.records);
    removeUnusedKeys(input.dir, found.records);
  }
  const infos = new Map<string, ImageInfo>();
  const copies = new Map<string, string>();
  for (const [source, record] of found.records) infos.set(source, imageInfo(source, record, input.dir, copies));
  const posts = input.posts.map((post) => withMedia(post, refs.byPost.get(post), infos));
  return {
    posts,
    copies: [...copies].map(([file, from]) => ({ file, from })),
    diagnostics,
    counts: { files: found.records.size, resized: outcomes.length },
  };
}

interface References {
  /** Each post's local image URLs (as written) and the static file each names. */
  byPost: Map<PostSummary, [url: string, source: string][]>;
  /** Image files shown, by source path. */
  files: Map<string, SourceFile>;
  /** Local URLs that name no file of the site. */
  missing: [post: PostSummary, url: string][];
}

function referencedImages(input: ImageStageInput): References {
  const statics = new Map(input.statics.map((file) => [file.source, file]));
  const refs: References = { byPost: new Map(), files: new Map(), missing: [] };
  for (const post of input.posts) {
    const urls = new Set([...(post.image === undefined ? [] : [post.image]), ...(post.bodyImages ?? [])]);
    const shown: [string, string][] = [];
    for (const url of urls) {
      // A front matter image may be written without its leading slash (`img/a.jpg`): links.image reads it from the root.
      const path = /^(?:[a-z][a-z0-9+.-]*:|\/)/i.test(url) ? url : `/${url}`;
      if (!isLocalImageUrl(path, input.config.url)) continue;
      const file = staticFileOf(path, input.config, statics);
      if (file === undefined) refs.missing.push([post, url]);
      else if (IMAGE_FILE.test(file.source)) {
        shown.push([url, file.source]);
        refs.files.set(file.source, file);
      }
    }
    if (shown.length > 0) refs.byPost.set(post, shown);
  }
  return refs;
}

/** The static file a local URL names: its path (without the origin, query or fragment, percent-decoded), with or without the baseurl. */
export function staticFileOf(url: string, config: ResolvedConfig, statics: ReadonlyMap<string, SourceFile>): SourceFile | undefined {
  let path = /^https?:/i.test(url) ? url.replace(/^https?:\/\/[^/]*/i, '') : url;
  path = path.replace(/[?#].*$/s, '');
  try {
    path = decodeURI(path);
  } catch {
    // A stray `%`: the path as written.
  }
  const candidates = config.baseurl !== '' && path.startsWith(`${config.baseurl}/`) ? [path.slice(config.baseurl.length), path] : [path];
  for (const candidate of candidates) {
    const file = statics.get(candidate.replace(/^\/+/, ''));
    if (file) return file;
  }
  return undefined;
}

interface Found {
  /** Records of the images known (or measured here); the resized ones are added when done. */
  records: Map<string, ImageRecord>;
  jobs: ImageJob[];
  /** The key of each image read this build. */
  keys: Map<string, string>;
  /** Records changed without resizing (a touched file, an SVG). */
  changed: boolean;
}

/** Known images by size and time, or by bytes; SVGs measured here; the rest are jobs for sharp. */
function lookupImages(files: ReadonlyMap<string, SourceFile>, index: ReadonlyMap<string, ImageRecord>, dir: string): Found {
  const found: Found = { records: new Map(), jobs: [], keys: new Map(), changed: false };
  for (const [source, file] of files) {
    const known = index.get(source);
    if (known && known.size === file.size && known.mtimeMs === file.mtimeMs && copiesPresent(dir, known.key, known.image)) {
      found.records.set(source, known);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file.absolute);
    } catch {
      // Gone since it was listed: pages keep its URL; the next build lists it no more.
      continue;
    }
    const key = imageKey(bytes);
    const image = /\.svg$/i.test(source) ? svgImage(bytes) : readCachedImage(dir, key);
    found.changed = true;
    if (image) found.records.set(source, { size: file.size, mtimeMs: file.mtimeMs, key, image });
    else if (!/\.svg$/i.test(source)) {
      found.keys.set(source, key);
      found.jobs.push({ source, absolute: file.absolute, dir: keyFolder(dir, key) });
    }
  }
  return found;
}

function svgImage(bytes: Buffer): CachedImage | undefined {
  const size = svgSize(bytes.toString('utf8'));
  return size ? { ...size, format: 'svg', files: [] } : undefined;
}

async function resize(jobs: readonly ImageJob[], pool: (() => WorkerPool) | undefined): Promise<ImageOutcome[]> {
  if (jobs.length === 0) return [];
  const { loadSharp, runImageTask } = await import('../workers/image-task.js');
  if (!pool || jobs.length < POOL_THRESHOLD) return runImageTask({ jobs });
  // Loaded here first, so that libvips stays loaded while worker threads come and go (sharp's docs).
  loadSharp();
  const workers = pool();
  const batches: Promise<ImageOutcome[]>[] = [];
  for (let i = 0; i < jobs.length; i += BATCH_SIZE) batches.push(workers.image({ jobs: jobs.slice(i, i + BATCH_SIZE) }));
  return (await Promise.all(batches)).flat();
}

/** An image's record as pages show it: its copies with their site paths, each added to `copies` (output file → cache file). */
function imageInfo(source: string, record: ImageRecord, dir: string, copies: Map<string, string>): ImageInfo {
  const variants = record.image.files.map((file) => {
    const spec = parseVariantFileName(file.name) ?? { width: file.width, format: file.format };
    const path = variantPath(source, record.key, spec);
    copies.set(path.slice(1), join(keyFolder(dir, record.key), file.name));
    return { path, width: spec.width, format: spec.format };
  });
  return { width: record.image.width, height: record.image.height, key: record.key, format: record.image.format, variants };
}

function withMedia(post: PostSummary, shown: readonly [string, string][] | undefined, infos: ReadonlyMap<string, ImageInfo>): PostSummary {
  const media: Record<string, ImageInfo> = {};
  for (const [url, source] of shown ?? []) {
    const info = infos.get(source);
    if (info) media[url] = info;
  }
  return Object.keys(media).length > 0 ? { ...post, media } : post;
}

/**
 * A warning per local image URL that names no file, at the first line of the
 * post that has it. A URL no post writes comes from the config's `defaults`:
 * one warning at `_config.yml` for all the posts it gives it, not one each.
 */
function missingImages(missing: readonly [PostSummary, string][], root: string): Diagnostic[] {
  const text = memoText(root);
  const hint = 'put the file at that path in the site, or fix the URL; the page shows the URL as it is';
  const diagnostics: Diagnostic[] = [];
  const fromDefaults = new Map<string, number>();
  for (const [post, url] of missing) {
    const at = positionOf(text(post.source), url);
    // A body's image is the post's own even when written otherwise (escaped): no line then.
    if (at.line !== undefined || post.bodyImages?.includes(url)) diagnostics.push(warning(post.source, `image not found: ${url}`, at, hint));
    else fromDefaults.set(url, (fromDefaults.get(url) ?? 0) + 1);
  }
  for (const [url, posts] of fromDefaults) {
    const message = `image not found: ${url} (the front matter default of ${posts} post${posts === 1 ? '' : 's'})`;
    diagnostics.push(warning(CONFIG_FILE, message, positionOf(text(CONFIG_FILE), url), hint));
  }
  return diagnostics;
}

/** A file of the source as text, read once; '' when it cannot be read. */
function memoText(root: string): (source: string) => string {
  const texts = new Map<string, string>();
  return (source) => {
    let text = texts.get(source);
    if (text === undefined) {
      try {
        text = readFileSync(join(root, source), 'utf8');
      } catch {
        text = '';
      }
      texts.set(source, text);
    }
    return text;
  };
}

/** Line and column (1-based) of the first place `needle` is written; nothing when it is not (an escaped URL). */
function positionOf(text: string, needle: string): { line?: number; column?: number } {
  const at = text.indexOf(needle);
  if (at === -1) return {};
  const before = text.slice(0, at);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: at - lineStart + 1 };
}
