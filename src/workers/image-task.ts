/**
 * Make the resized copies of a batch of raster images with sharp (libvips),
 * each into its own folder of the image cache, named by its key (the bytes'
 * sha256 and the resize settings). Runs in worker threads or, for a few
 * images, in the main thread; the result is the same either way.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type CachedImage, INFO_FILE } from '../cache/image-cache.js';
import { isResizable, JPEG_QUALITY, variantFileName, variantSpecs, WEBP_EFFORT, WEBP_QUALITY } from '../content/image-variants.js';

export interface ImageJob {
  /** The image's source path, to name it in what goes wrong. */
  source: string;
  absolute: string;
  /** The folder its copies go to (the image cache's folder for its key); made whole or not at all. */
  dir: string;
}

export interface ImageTask {
  jobs: readonly ImageJob[];
}

export type ImageOutcome = { source: string; image: CachedImage } | { source: string; error: string };

// Loaded on first use: a build with no raster image to resize never loads libvips.
const require = createRequire(import.meta.url);
type Sharp = typeof import('sharp');
let sharpModule: Sharp | undefined;

/** sharp, loaded once per thread. The main thread loads it before handing work to workers: libvips must outlive them (sharp's docs, worker threads). */
export function loadSharp(): Sharp {
  if (sharpModule === undefined) {
    sharpModule = require('sharp') as Sharp;
    // Each image is decoded once per build at most: libvips' operation cache (50 MB by default) would only hold memory.
    sharpModule.cache(false);
  }
  return sharpModule;
}

export async function runImageTask(task: ImageTask): Promise<ImageOutcome[]> {
  const out: ImageOutcome[] = [];
  // One at a time: libvips already uses the thread's share of the cores for each image.
  for (const job of task.jobs) {
    try {
      out.push({ source: job.source, image: await resizeImage(job) });
    } catch (cause) {
      out.push({ source: job.source, error: (cause as Error).message });
    }
  }
  return out;
}

async function resizeImage(job: ImageJob): Promise<CachedImage> {
  const sharp = loadSharp();
  const input = sharp(readFileSync(job.absolute), { failOn: 'error' });
  const meta = await input.metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!(width > 0 && height > 0)) throw new Error('no width and height');
  const format = meta.format;
  const specs = isResizable(format, meta.pages) ? variantSpecs(width, format) : [];
  const files: CachedImage['files'][number][] = [];
  // Written beside, then renamed: a build stopped halfway leaves no folder that looks complete.
  const temp = `${job.dir}.tmp-${randomBytes(6).toString('hex')}`;
  mkdirSync(temp, { recursive: true });
  try {
    for (const spec of specs) {
      const name = variantFileName(spec);
      const resized = input.clone().autoOrient().resize({ width: spec.width, withoutEnlargement: true });
      const encoded =
        spec.format === 'webp'
          ? resized.webp({ quality: WEBP_QUALITY, effort: WEBP_EFFORT })
          : spec.format === 'jpeg'
            ? resized.jpeg({ quality: JPEG_QUALITY })
            : resized.toFormat(spec.format);
      await encoded.toFile(join(temp, name));
      files.push({ name, width: spec.width, format: spec.format });
    }
    const image: CachedImage = { width, height, format, files };
    writeFileSync(join(temp, INFO_FILE), JSON.stringify(image));
    publishFolder(temp, job.dir);
    return image;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Renames the finished folder into place; one already there (another build made it from the same bytes) is as good. */
function publishFolder(temp: string, dir: string): void {
  try {
    renameSync(temp, dir);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw cause;
  }
}
