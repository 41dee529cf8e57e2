import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_POST_SIZE, resolveConfig } from '../src/config.js';
import { build } from '../src/index.js';
import { cleanTemp, copyFixture, readText } from './helpers/site.js';

afterAll(() => cleanTemp());

/** A GFM table of about `bytes` bytes: the kind of post that once took 15 s and 2.6 GB at 1 MB. */
function tablePost(bytes: number): string {
  const row = '| 2024-06-12 | 코스피 | 2,750.12 | +1.2% |\n';
  return `---\ntitle: 시세표\n---\n\n| 날짜 | 지수 | 종가 | 등락 |\n|---|---|---|---|\n${row.repeat(Math.ceil(bytes / Buffer.byteLength(row)))}`;
}

describe('max_post_size', () => {
  it('reads sizes as 2MB, 500KB or bytes, 2 MB by default, and reports a wrong one', () => {
    expect(resolveConfig('title: x\n').config.maxPostSize).toBe(DEFAULT_MAX_POST_SIZE);
    expect(DEFAULT_MAX_POST_SIZE).toBe(2 * 1024 * 1024);
    expect(resolveConfig('max_post_size: 5MB\n').config.maxPostSize).toBe(5 * 1024 * 1024);
    expect(resolveConfig('max_post_size: 500KB\n').config.maxPostSize).toBe(500 * 1024);
    expect(resolveConfig('max_post_size: 123456\n').config.maxPostSize).toBe(123456);
    const wrong = resolveConfig('max_post_size: huge\n');
    expect(wrong.config.maxPostSize).toBe(DEFAULT_MAX_POST_SIZE);
    expect(wrong.diagnostics).toMatchObject([{ file: '_config.yml', line: 1, severity: 'error' }]);
  });

  it('a post above it is an error naming its size, not read; --keep-going builds the rest', async () => {
    const source = await copyFixture('bad/minimal');
    await writeFile(path.join(source, '_posts', '2024-06-12-table.md'), tablePost(3 * 1024 * 1024));
    const destination = path.join(path.dirname(source), 'out');
    const result = await build({ source, destination, jobs: 1, cache: false, keepGoing: true });
    expect(result.diagnostics.map((d) => `${d.file}: ${d.severity}: ${d.message}`)).toEqual([
      '_posts/2024-06-12-table.md: error: post is 3.0 MB, larger than max_post_size (2.0 MB); not read',
    ]);
    expect(readText(destination, 'news/2024/06/01/good/index.html')).toContain('</html>');
  });

  it.each([
    ['100KB', false],
    ['200KB', true],
  ])(
    'max_post_size: %s decides for a 150 KB post',
    async (limit, builds) => {
      const source = await copyFixture('bad/minimal');
      await writeFile(path.join(source, '_posts', '2024-06-12-table.md'), tablePost(150 * 1024));
      const config = path.join(source, '_config.yml');
      await writeFile(config, `${await readFile(config, 'utf8')}max_post_size: ${limit}\n`);
      const destination = path.join(path.dirname(source), 'out');
      const result = await build({ source, destination, jobs: 1, cache: false });
      expect(result.ok).toBe(builds);
      if (builds) expect(readText(destination, '2024/06/12/table/index.html')).toContain('<td>코스피</td>');
      else expect(result.diagnostics[0]?.message).toMatch(/^post is 15\d KB, larger than max_post_size \(100 KB\); not read$/);
    },
    60_000,
  );
});
