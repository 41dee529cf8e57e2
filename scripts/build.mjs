#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/ (tsc -p tsconfig.build.json),
// bundles it into dist/bundle/ (scripts/bundle.mjs), then records in
// dist/.sources-hash a hash of everything the build reads.
//
//   node scripts/build.mjs              build
//   node scripts/build.mjs --if-stale   build only when dist/.sources-hash differs
//                                       from the sources (test/global-setup.ts)
//
// The hash is taken before compiling, so a source saved during the build
// leaves a hash that no longer matches: the next --if-stale builds again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const STAMP = join(dist, '.sources-hash');

/** What dist/ is made from: folders (every file in them) and single files, relative to the root. */
const INPUT_FOLDERS = ['src', 'templates', 'assets'];
const INPUT_FILES = [
  'scripts/build.mjs',
  'scripts/bundle.mjs',
  'scripts/ascii-only.mjs',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];

function filesUnder(folder) {
  if (!existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** sha256 over the sorted input paths and their bytes. */
export function sourcesHash() {
  const files = [...INPUT_FOLDERS.flatMap(filesUnder), ...INPUT_FILES.filter((file) => existsSync(join(root, file)))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = readFileSync(join(root, file));
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** Whether dist/ was built from the sources as they are now. */
export function distIsCurrent(hash = sourcesHash()) {
  if (!existsSync(join(dist, 'cli.js')) || !existsSync(join(dist, 'bundle', 'cli.js'))) return false;
  try {
    return readFileSync(STAMP, 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

function run(what, args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`scripts/build.mjs: ${what} failed${result.status === null ? ` (${result.signal})` : ` with exit code ${result.status}`}`);
    process.exit(result.status ?? 1);
  }
}

export function build(hash = sourcesHash()) {
  // No stamp while dist/ is being rewritten: a build that fails half-way is never taken as current.
  rmSync(STAMP, { force: true });
  run('tsc', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')]);
  run('scripts/bundle.mjs', [join(root, 'scripts', 'bundle.mjs')]);
  mkdirSync(dist, { recursive: true });
  writeFileSync(STAMP, `${hash}\n`);
}

/** Whether this file is the script node was started with (not imported). */
function isMain() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--if-stale')) {
    console.error('usage: node scripts/build.mjs [--if-stale]');
    process.exit(2);
  }
  const hash = sourcesHash();
  if (args.includes('--if-stale')) {
    if (distIsCurrent(hash)) process.exit(0);
    console.error('dist/ was not built from the current sources: building it (npm run build) …');
  }
  build(hash);
}
