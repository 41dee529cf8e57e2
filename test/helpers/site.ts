/**
 * Shared helpers for the end-to-end tests (build, bad input, CLI): temp
 * folders, fixture copies, running the built CLI, reading output trees.
 *
 * Everything written goes under os.tmpdir(); fixtures in the repository are
 * only ever read (copied, or built with `--no-cache` into a temp folder).
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from '../../scripts/gen-corpus.mjs';
import { readIndex } from './search-index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'gazette.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'sites');
export const GEN_CORPUS = path.join(ROOT, 'scripts', 'gen-corpus.mjs');
export const MANIFEST = '.gazette-manifest.json';

/** The CLI runs from dist/, which the tests' global setup (test/global-setup.ts) rebuilds when the sources changed. */
export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    throw new Error('dist/cli.js is missing: run the tests through vitest (its global setup builds dist/), or `npm run build`');
  }
}

/** The path of a fixture site under test/fixtures/sites/. */
export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** Temp folders made by one test file, removed by `cleanTemp()` (call it in afterAll). */
const made: string[] = [];

export async function tempDir(label = 'test'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `gazette-${label}-`));
  made.push(dir);
  return dir;
}

export async function cleanTemp(): Promise<void> {
  for (const dir of made.splice(0)) {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A copy of a fixture site in a fresh temp folder; returns the copy's path. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await tempDir(name.replace(/[^a-z0-9]+/gi, '-'));
  const site = path.join(dir, 'site');
  await cp(fixture(name), site, { recursive: true });
  return site;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/gazette.js ARGS` and captures everything; never throws on a non-zero exit. `as`: run as that user (the tests run as root). */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; timeout?: number; as?: { uid: number; gid: number }; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    ...(options.as ?? {}),
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Every file under `dir`, relative, `/`-separated, raw UTF-8, sorted by code
 * unit, gazette's working files included (a leftover staging folder shows):
 * for a folder no build is writing. While one may be, use publishedFiles.
 */
export async function listFiles(dir: string, options: { manifest?: boolean } = {}): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => options.manifest === true || file !== MANIFEST);
  return files.sort(compare);
}

/** Every file under `dir` with its bytes. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const tree = new Map<string, Buffer>();
  for (const file of await listFiles(dir, { manifest: true })) tree.set(file, await readFile(path.join(dir, file)));
  return tree;
}

/** Files whose bytes differ (or exist on one side only) between two trees. */
export function treeDifferences(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [file, bytes] of a) {
    const other = b.get(file);
    if (other === undefined) out.push(`only in first: ${file}`);
    else if (!bytes.equals(other)) out.push(`differs: ${file}`);
  }
  for (const file of b.keys()) if (!a.has(file)) out.push(`only in second: ${file}`);
  return out.sort(compare);
}

/** Whether an error is a file or folder that is not (or no longer) there. */
export function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The published files under an output folder, relative and `/`-separated,
 * sorted: gazette's own working files and folders at its top (`.gazette-*`:
 * the manifest, a build's staging) are left out, and an entry that vanishes
 * while it is listed (a build renaming or removing it) is passed over, so the
 * listing is safe while `gazette watch` or a builder writes the folder.
 */
export function publishedFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      if (rel !== '' && isGone(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (rel === '' && entry.name.startsWith('.gazette-')) continue;
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push(child);
    }
  };
  walk('');
  return files.sort(compare);
}

/** The text of an output file, or undefined when it is not there (yet, or any more). */
export function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** Output file → sha1 of its bytes, without gazette's own bookkeeping (`.gazette-*`): the site as published. */
export function siteSnapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of publishedFiles(dir)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(dir, rel));
    } catch (error) {
      if (isGone(error)) continue;
      throw error;
    }
    files.set(rel, createHash('sha1').update(bytes).digest('hex'));
  }
  // The search index as it answers queries: a body edit patches it (search/edits.json) where a full build writes it anew.
  if (files.has('search/index.json')) {
    for (const rel of [...files.keys()]) if (/^search\/(index\.json|edits\.json|[td]\/)/.test(rel)) files.delete(rel);
    const index = readIndex(dir);
    files.set(
      'search/index.json',
      createHash('sha1')
        .update(JSON.stringify([[...index.terms], index.cards]))
        .digest('hex'),
    );
  }
  return files;
}

export function readText(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

/** A generated news site of `posts` posts in `out` (scripts/gen-corpus.mjs, seed 1: the same site every time). */
export function genCorpus(posts: number, out: string): void {
  generateCorpus({ posts, out, seed: 1 });
}

/** Diagnostic headlines (`FILE[:LINE[:COL]]: severity: message`) printed by the CLI, in order. */
export function headlines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\S[^:]*(:\d+)*: (error|warning): /.test(line));
}

/** The summary line: the last line the CLI prints on stderr. */
export function summaryOf(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}

export const SUMMARY_OK =
  /^(\d+) posts?, (\d+) pages?, (\d+) warnings?, (\d+) errors?; (\d+) files? written, (\d+) unchanged, (\d+) removed(, \d+ posts? had something removed by the sanitiser)? in \d+\.\d\ds$/;
export const SUMMARY_FAILED =
  /^(\d+) posts?, (\d+) pages?, (\d+) warnings?, (\d+) errors?; nothing was written \(the destination is unchanged\) in \d+\.\d\ds$/;

/** A raw site path → the href Jekyll writes: each segment percent-encoded (UTF-8, uppercase hex). */
export function encodePath(raw: string): string {
  return raw
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** Every `href="…"` value in an HTML text. */
export function hrefsOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
