/**
 * Counts gazette prints read as English: one is singular ("1 post"), zero and
 * more are plural ("0 posts", "2 posts"), in the summary line and the
 * `--profile` line alike.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BuildResult, BuildStats } from '../src/build/types.js';
import { createReporter, summaryLine } from '../src/report.js';

/** A build result whose every count is `n`. */
function resultWith(n: number, ok = true): BuildResult {
  const stats: BuildStats = {
    posts: n,
    pages: n,
    written: n,
    unchanged: n,
    removed: n,
    parsed: n,
    rendered: n,
    sanitized: n,
    warnings: n,
    errors: n,
    ms: 1234,
    phases: { discover: 1 },
    slowestPosts: [],
    templateMs: {},
    fromEditIndex: false,
    images: { files: 0, resized: 0 },
  };
  return { ok, diagnostics: [], stats, removals: [], changedFiles: [], source: '.', destination: '_site' };
}

describe('the summary line: singular for one, plural for zero and more', () => {
  it.each([
    [0, '0 posts, 0 pages, 0 warnings, 0 errors; 0 files written, 0 unchanged, 0 removed in 1.23s'],
    [1, '1 post, 1 page, 1 warning, 1 error; 1 file written, 1 unchanged, 1 removed, 1 post had something removed by the sanitiser in 1.23s'],
    [2, '2 posts, 2 pages, 2 warnings, 2 errors; 2 files written, 2 unchanged, 2 removed, 2 posts had something removed by the sanitiser in 1.23s'],
  ])('%i of each', (n, expected) => {
    expect(summaryLine(resultWith(n))).toBe(expected);
  });

  it.each([
    [0, '0 posts, 0 pages, 0 warnings, 0 errors; nothing was written (the destination is unchanged) in 1.23s'],
    [1, '1 post, 1 page, 1 warning, 1 error; nothing was written (the destination is unchanged) in 1.23s'],
    [2, '2 posts, 2 pages, 2 warnings, 2 errors; nothing was written (the destination is unchanged) in 1.23s'],
  ])('a failed build with %i of each', (n, expected) => {
    expect(summaryLine(resultWith(n, false))).toBe(expected);
  });
});

describe('--profile: posts parsed and routes rendered', () => {
  it.each([
    [0, '0 posts parsed, 0 routes rendered'],
    [1, '1 post parsed, 1 route rendered'],
    [2, '2 posts parsed, 2 routes rendered'],
  ])('%i of each', (n, expected) => {
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    createReporter({ quiet: false, verbose: false, profile: true, stream }).buildResult(resultWith(n));
    expect(printed).toContain(`profile: discover 1 ms; ${expected}\n`);
  });
});
