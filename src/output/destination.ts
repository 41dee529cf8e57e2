/**
 * Whether a build may write into a destination folder, decided before anything
 * is written. Refusals are usage errors (exit 2) with a hint.
 */
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, MANIFEST_TEMP_FILE, STAGING_DIR } from '../reserved-paths.js';
import type { Manifest } from './manifest.js';
import { readManifest } from './manifest.js';

export type DestinationCheck = { ok: true; previous?: Manifest } | { ok: false; message: string; hint: string };

/** Source-relative paths a build reads: a destination may be inside the source, but not inside (or around) these. */
export const DEFAULT_INPUTS: readonly string[] = ['_config.yml', '_posts', '_drafts', 'assets', 'templates'];

export const FORCE_HINT = '--force builds into it anyway; files gazette did not write are left alone';

export interface DestinationOptions {
  source: string;
  destination: string;
  /** Build into a non-empty folder that has no (valid) gazette manifest. */
  force: boolean;
  /** What the build reads, relative to `source`. Default: DEFAULT_INPUTS. */
  inputs?: readonly string[];
}

type Refusal = Extract<DestinationCheck, { ok: false }>;

/**
 * Refuses a destination that is the source, contains it, is inside (or
 * contains) one of the source's inputs, is an existing file, or is a non-empty
 * folder without a gazette manifest (unless `force`). A destination inside the
 * source elsewhere, such as the default SOURCE/_site, is fine: the caller
 * excludes it from reading. Paths are compared after resolving symbolic links,
 * and by device and inode where they exist, so a link or a case-insensitive
 * file system cannot disguise the source.
 *
 * Returns the previous manifest when present and valid. A damaged manifest
 * counts as none, and then the folder is not empty: refused unless `force`.
 */
export async function checkDestination(options: DestinationOptions): Promise<DestinationCheck> {
  return (await checkDestinationPlace(options)) ?? checkDestinationContents(options);
}

/**
 * The checks of checkDestination that need no manifest: where the
 * destination is, and that it is not a file. A build that publishes from the
 * edit index needs only these: the index holds only while the manifest is
 * the one it saw, and a large site's manifest is slow to read.
 */
export async function checkDestinationPlace(options: DestinationOptions): Promise<Refusal | undefined> {
  const destination = path.resolve(options.destination);
  const refusal = await checkPlacement(path.resolve(options.source), destination, options.inputs ?? DEFAULT_INPUTS);
  if (refusal !== undefined) return refusal;
  const info = await statOrUndefined(destination);
  if (info === undefined || info.isDirectory()) return undefined;
  return {
    ok: false,
    message: `the destination ${destination} is a file, not a folder`,
    hint: 'choose a folder as the destination: gazette writes a whole site there',
  };
}

/** The rest of checkDestination, after checkDestinationPlace: the previous manifest, or the refusal of a folder gazette did not write. */
export async function checkDestinationContents(options: Pick<DestinationOptions, 'destination' | 'force'>): Promise<DestinationCheck> {
  const destination = path.resolve(options.destination);
  const previous = await readManifest(destination);
  if (previous !== undefined) return { ok: true, previous };
  const entries = await readdir(destination).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const foreign = entries.filter((name) => name !== STAGING_DIR && name !== MANIFEST_TEMP_FILE);
  if (foreign.length === 0 || options.force) return { ok: true };
  const why = foreign.includes(MANIFEST_FILE) ? 'its gazette manifest is damaged' : 'gazette did not create it';
  return {
    ok: false,
    message: `the destination ${destination} is not empty and ${why}`,
    hint: FORCE_HINT,
  };
}

async function checkPlacement(source: string, destination: string, inputs: readonly string[]): Promise<Refusal | undefined> {
  const src = await ancestry(source);
  const dest = await ancestry(destination);
  const [srcSelf, destSelf] = [src[0], dest[0]];
  if (srcSelf === undefined || destSelf === undefined) return undefined;

  if (samePlace(srcSelf, destSelf)) {
    return {
      ok: false,
      message: `the destination ${destination} is the source folder`,
      hint: 'build into a separate folder, such as _site inside the source (the default)',
    };
  }
  if (src.slice(1).some((node) => samePlace(node, destSelf))) {
    return {
      ok: false,
      message: `the destination ${destination} contains the source folder ${source}`,
      hint: 'choose a destination outside the source, or a new folder inside it such as _site',
    };
  }
  for (const input of inputs) {
    const own = await ancestry(path.join(srcSelf.path, input));
    const ownSelf = own[0];
    if (ownSelf === undefined) continue;
    const inside = dest.some((node) => samePlace(node, ownSelf));
    if (inside || own.slice(1).some((node) => samePlace(node, destSelf))) {
      return {
        ok: false,
        message: `the destination ${destination} ${inside ? 'is inside' : 'contains'} the source's ${input}, which the build reads`,
        hint: 'choose a destination away from the source files, such as _site inside the source (the default)',
      };
    }
  }
  return undefined;
}

/** A path resolved through symbolic links; `id` (device:inode) when it exists. */
interface Place {
  path: string;
  id?: string;
}

function samePlace(a: Place, b: Place): boolean {
  return a.path === b.path || (a.id !== undefined && a.id === b.id);
}

/** The path itself, then each folder above it up to the root. */
async function ancestry(target: string): Promise<Place[]> {
  const out: Place[] = [];
  for (let current = await realpathLoose(target); ; current = path.dirname(current)) {
    const info = await statOrUndefined(current);
    out.push(info !== undefined && info.ino !== 0 ? { path: current, id: `${info.dev}:${info.ino}` } : { path: current });
    if (path.dirname(current) === current) return out;
  }
}

/** realpath of the longest existing prefix, with the rest appended: works for folders not created yet. */
async function realpathLoose(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    const parent = path.dirname(target);
    if (parent === target) return target;
    return path.join(await realpathLoose(parent), path.basename(target));
  }
}

async function statOrUndefined(target: string): Promise<Stats | undefined> {
  try {
    return await stat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
