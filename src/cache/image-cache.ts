/**
 * The image cache (`.gazette-cache/images/`): a folder per image key (the
 * sha256 of its bytes and the resize settings) holding its resized copies
 * and `info.json`, and `index.json`, which maps each image file by its size
 * and modification time to its key and info, so an unchanged image costs a
 * warm build no read at all. Everything read back is checked before it is
 * used: its numbers and names end up in published pages.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVariantFileName, RESIZE_SETTINGS, type VariantSpec } from '../content/image-variants.js';

/** What the cache keeps of an image: its size, format and the file names of its copies. */
export interface CachedImage {
  width: number;
  height: number;
  format: string;
  files: readonly { name: string; width: number; format: VariantSpec['format'] }[];
}

/** An image file as the index last saw it. */
export interface ImageRecord {
  size: number;
  mtimeMs: number;
  key: string;
  image: CachedImage;
}

export const INFO_FILE = 'info.json';
const INDEX_FILE = 'index.json';
const INDEX_FORMAT = 1;

/** The key of an image's bytes under the current resize settings. */
export function imageKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).update(RESIZE_SETTINGS).digest('hex');
}

/** The folder of one key's copies. */
export function keyFolder(dir: string, key: string): string {
  return join(dir, key);
}

/** The index by source path; empty when missing, damaged or written under other settings. */
export function readImageIndex(dir: string): Map<string, ImageRecord> {
  const records = new Map<string, ImageRecord>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8'));
  } catch {
    return records;
  }
  const index = parsed as { format?: unknown; settings?: unknown; files?: unknown };
  if (index.format !== INDEX_FORMAT || index.settings !== RESIZE_SETTINGS || typeof index.files !== 'object' || index.files === null) return records;
  for (const [source, value] of Object.entries(index.files)) {
    const [size, mtimeMs, key, image] = Array.isArray(value) ? value : [];
    if (typeof size === 'number' && typeof mtimeMs === 'number' && isKey(key) && isCachedImage(image)) records.set(source, { size, mtimeMs, key, image });
  }
  return records;
}

/** Written whole, then renamed over the old one. */
export function writeImageIndex(dir: string, records: ReadonlyMap<string, ImageRecord>): void {
  const files: Record<string, unknown> = {};
  for (const [source, record] of [...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    files[source] = [record.size, record.mtimeMs, record.key, record.image];
  }
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${INDEX_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temp, JSON.stringify({ format: INDEX_FORMAT, settings: RESIZE_SETTINGS, files }));
  renameSync(temp, join(dir, INDEX_FILE));
}

/**
 * Removes the folders of keys no record uses (an image changed or no longer
 * shown), and what a build stopped halfway left: the cache holds the site's
 * images once, not every version they had.
 */
export function removeUnusedKeys(dir: string, records: ReadonlyMap<string, ImageRecord>): void {
  const used = new Set([...records.values()].map((record) => record.key));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === INDEX_FILE || used.has(name)) continue;
    // An index written by a build running beside this one is left to it.
    if (name.startsWith(`${INDEX_FILE}.`) && Date.now() - safeMtime(join(dir, name)) < 60_000) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function safeMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** A key's info, when its folder is complete (every copy it names is there); undefined otherwise. */
export function readCachedImage(dir: string, key: string): CachedImage | undefined {
  const folder = keyFolder(dir, key);
  try {
    const image: unknown = JSON.parse(readFileSync(join(folder, INFO_FILE), 'utf8'));
    return isCachedImage(image) && copiesPresent(dir, key, image) ? image : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the copies an index entry names are still in the cache (someone may have removed the folder). */
export function copiesPresent(dir: string, key: string, image: CachedImage): boolean {
  const folder = keyFolder(dir, key);
  return image.files.length === 0 ? true : image.files.every((file) => existsSync(join(folder, file.name)));
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

const dimension = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) < 1_000_000;

export function isCachedImage(value: unknown): value is CachedImage {
  const image = value as Partial<CachedImage> | null;
  if (typeof image !== 'object' || image === null || !dimension(image.width) || !dimension(image.height)) return false;
  if (typeof image.format !== 'string' || !/^[a-z0-9]{1,10}$/.test(image.format) || !Array.isArray(image.files)) return false;
  return image.files.every((file) => {
    const spec = typeof file?.name === 'string' ? parseVariantFileName(file.name) : undefined;
    return spec !== undefined && spec.width === file.width && spec.format === file.format;
  });
}
