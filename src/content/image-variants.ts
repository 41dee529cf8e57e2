/**
 * Which resized copies a local image gets, and where they are published.
 * Pure: the image stage (build/images.ts) and the image task
 * (workers/image-task.ts) both read it, so the copies made and the copies
 * named in pages cannot differ.
 */
import type { ImageVariant } from '../types.js';

/** Widths of the copies, in CSS pixels at 1x: a phone (390 px at 1x–2x), a tablet, a desktop column. Never above the original's width. */
export const RESIZE_WIDTHS: readonly number[] = [480, 800, 1200];
/** sharp's quality for lossy copies (1–100); PNG and GIF copies are lossless. */
export const WEBP_QUALITY = 75;
export const JPEG_QUALITY = 80;
/**
 * libwebp's effort (0–6, sharp's default 4). At 2, a 1600×1000 photo's
 * copies take 130 ms of CPU instead of 210, within 2 % of the bytes
 * (measured with sharp 0.34 on this machine). JPEG copies use libjpeg-turbo,
 * not mozjpeg: they are the fallback for browsers without WebP, and mozjpeg
 * costs 1.6 times the CPU for a quarter fewer bytes.
 */
export const WEBP_EFFORT = 2;

/** Part of every image's cache key: other settings make other copies. */
export const RESIZE_SETTINGS = `resize-1:${RESIZE_WIDTHS.join(',')}:webp${WEBP_QUALITY}e${WEBP_EFFORT}:jpeg${JPEG_QUALITY}`;

/** Where copies are published, under the site's root. */
export const RESIZED_FOLDER = 'assets/resized';

export type RasterFormat = ImageVariant['format'];

const RASTER: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'gif']);

/** Formats that get copies (sharp's names); an animated image (several pages) keeps only its size. */
export function isResizable(format: string, pages = 1): format is RasterFormat {
  return RASTER.has(format) && pages <= 1;
}

/** A copy before it has a site path: its width and format. */
export type VariantSpec = Pick<ImageVariant, 'width' | 'format'>;

/**
 * The copies of an image `width` pixels wide: its own format at each setting
 * width below its own (the original itself is the widest of them), WebP at
 * the same widths and at its own width up to the widest setting.
 */
export function variantSpecs(width: number, format: RasterFormat): VariantSpec[] {
  const below = RESIZE_WIDTHS.filter((w) => w < width);
  const specs: VariantSpec[] = format === 'webp' ? [] : below.map((w) => ({ width: w, format }));
  const widest = Math.min(width, Math.max(...RESIZE_WIDTHS));
  const webp = format === 'webp' ? below : [...new Set([...below, widest])];
  return [...specs, ...webp.map((w) => ({ width: w, format: 'webp' as const }))];
}

const EXTENSION: Readonly<Record<RasterFormat, string>> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' };

/** The copy's file name in its image's cache folder. */
export function variantFileName(spec: VariantSpec): string {
  return `${spec.width}.${EXTENSION[spec.format]}`;
}

/** The name variantFileName gives, read back; undefined for any other name (a cache file is checked before it is published). */
export function parseVariantFileName(name: string): VariantSpec | undefined {
  const match = /^([1-9][0-9]{0,4})\.(jpg|png|webp|gif)$/.exec(name);
  if (!match) return undefined;
  const format = (Object.keys(EXTENSION) as RasterFormat[]).find((f) => EXTENSION[f] === match[2]) as RasterFormat;
  return { width: Number(match[1]), format };
}

/**
 * The copy's site path: beside no file of the site's, named by the
 * original's name (readable URLs) and its key (a changed image gets new
 * URLs, so no browser keeps an old copy), e.g.
 * `/assets/resized/photo.1a2b3c4d5e-480.webp`.
 */
export function variantPath(source: string, key: string, spec: VariantSpec): string {
  const base = source.slice(source.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const stem = base.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'image';
  return `/${RESIZED_FOLDER}/${stem}.${key.slice(0, 10)}-${variantFileName(spec)}`;
}
