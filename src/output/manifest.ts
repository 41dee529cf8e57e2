/**
 * The record of what gazette wrote into a destination. It is what makes stale
 * removal safe (only files listed here are ever deleted) and what lets a
 * rebuild skip routes whose fingerprint has not changed (`routes`, opaque here).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { compareStrings } from '../diagnostics.js';
import { MANIFEST_FILE, MANIFEST_TEMP_FILE } from '../reserved-paths.js';

export interface Manifest {
  version: 1;
  generator: 'gazette';
  /** Site-relative, `/`-separated paths of every file gazette wrote, sorted. */
  files: readonly string[];
  /** Caller-defined fingerprint per output path; stored and returned untouched. */
  routes: Readonly<Record<string, string>>;
}

export { MANIFEST_FILE, MANIFEST_TEMP_FILE };

/** The manifest in `destination`, or undefined when it is absent or not a valid gazette manifest. */
export async function readManifest(destination: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    // Decoded in one piece, not chunk by chunk as readFile(path, 'utf8') does: much faster on a large site's manifest.
    text = (await readFile(path.join(destination, MANIFEST_FILE))).toString('utf8');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  return parseManifest(text);
}

export function parseManifest(text: string): Manifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Cut short or not JSON: no valid gazette manifest, as documented.
    return undefined;
  }
  if (!isRecord(value) || value['version'] !== 1 || value['generator'] !== 'gazette') return undefined;
  const files = value['files'];
  const routes = value['routes'];
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) return undefined;
  if (!isRecord(routes) || !Object.values(routes).every((v) => typeof v === 'string')) return undefined;
  return createManifest(files, routes as Record<string, string>);
}

/** A manifest with de-duplicated, sorted files and sorted routes: the same build gives the same bytes. */
export function createManifest(files: Iterable<string>, routes: Readonly<Record<string, string>>): Manifest {
  // What is read from a manifest or built in order is sorted already: checking is O(n), sorting is not.
  const list = [...files];
  const sortedFiles = isStrictlyAscending(list) ? list : [...new Set(list)].sort(compareStrings);
  const sortedRoutes = isStrictlyAscending(Object.keys(routes))
    ? { ...routes }
    : Object.fromEntries(Object.entries(routes).sort(([a], [b]) => compareStrings(a, b)));
  return Object.freeze({
    version: 1,
    generator: 'gazette',
    files: Object.freeze(sortedFiles),
    routes: Object.freeze(sortedRoutes),
  });
}

function isStrictlyAscending(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareStrings(list[i - 1] as string, list[i] as string) >= 0) return false;
  return true;
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Writes the manifest atomically (temp file, fsync, rename), synchronously like the rest of the commit. Skipped when the
 * file on disk already has exactly these bytes, so a no-op build touches nothing.
 * Returns whether it wrote.
 */
export function writeManifest(destination: string, manifest: Manifest): boolean {
  const target = path.join(destination, MANIFEST_FILE);
  const text = serializeManifest(manifest);
  try {
    if (readFileSync(target, 'utf8') === text) return false;
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  const temp = path.join(destination, MANIFEST_TEMP_FILE);
  // fsync only here: one small file, and the manifest is what the next build trusts.
  const fd = openSync(temp, 'w');
  try {
    writeFileSync(fd, text, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
