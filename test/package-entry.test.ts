/**
 * gazette as a dependency: `import('gazette')` resolves through package.json's
 * `exports` to the built library, which offers build, createBuilder and watch,
 * and builds a site.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTemp, copyFixture, ROOT } from './helpers/site.js';

afterAll(() => cleanTemp());

/** Runs an ES module in a child Node process inside the package, as a package that depends on gazette would import it. */
function runModule(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '--eval', code], { cwd: ROOT, encoding: 'utf8' });
}

describe('the package entry point', () => {
  it('has its types beside it', () => {
    expect(existsSync(path.join(ROOT, 'dist', 'index.d.ts'))).toBe(true);
  });

  it('exports build, createBuilder and watch by the package name', () => {
    const exported = JSON.parse(
      runModule("const m = await import('gazette'); console.log(JSON.stringify(Object.keys(m).sort().map((k) => [k, typeof m[k]])));"),
    );
    expect(exported).toEqual([
      ['build', 'function'],
      ['createBuilder', 'function'],
      ['watch', 'function'],
    ]);
  });

  it('builds a site through the package', async () => {
    const source = await copyFixture('basic');
    const destination = path.join(path.dirname(source), 'out');
    const code = `const { build } = await import('gazette'); const r = await build(${JSON.stringify({ source, destination, jobs: 1 })}); console.log(JSON.stringify({ ok: r.ok, posts: r.stats.posts }));`;
    const result = JSON.parse(runModule(code));
    expect(result.ok).toBe(true);
    expect(result.posts).toBeGreaterThan(0);
    expect(existsSync(path.join(destination, 'index.html'))).toBe(true);
  }, 60_000);
});
