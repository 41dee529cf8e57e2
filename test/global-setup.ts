/**
 * Runs once before the tests (vitest.config.ts, globalSetup): six test files
 * run the CLI from dist/ (bin/gazette.js), the others import src/. So that
 * `npx vitest run` after an edit never tests stale code, dist/ is rebuilt
 * here whenever it was not built from the current sources
 * (`node scripts/build.mjs --if-stale`: compares dist/.sources-hash with a
 * hash of src/, templates/, assets/, the build scripts and configs; a
 * fraction of a second when nothing changed).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default function buildDistIfStale(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`building dist/ failed (exit ${result.status ?? result.signal}; its output is above): the CLI tests would run stale code`);
}
