import { readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { parseDataFile } from '../src/content/data-files.js';
import { parseFrontMatter } from '../src/content/front-matter.js';
import { checkAliases, MAX_ALIAS_EXPANSION } from '../src/content/yaml-aliases.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { build } from '../src/index.js';
import { cleanTemp, tempDir } from './helpers/site.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/yaml-aliases/', import.meta.url));
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const BOMB_POST = 'site/_posts/2024-06-02-bomb.md';
afterAll(() => cleanTemp());

describe('YAML alias bombs are refused where they are loaded', () => {
  it('front matter: an error at the key, before anything walks 9^9 values', () => {
    const result = parseFrontMatter(read(BOMB_POST), 'bomb.md');
    expect(result.ok).toBe(false);
    expect(result.data).toEqual({});
    expect(result.diagnostics).toMatchObject([
      { severity: 'error', line: 12, column: 1, message: expect.stringMatching(/^the value of `a8` expands YAML aliases/) },
    ]);
  });

  it('front matter: an alias inside its own anchor (a cycle) is an error, not a hang', () => {
    const result = parseFrontMatter(read('cycle.md'), 'cycle.md');
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ line: 3, message: expect.stringContaining('contains itself through a YAML alias') });
  });

  it('front matter: a few aliases (shared lists) are fine', () => {
    const result = parseFrontMatter(read('site/_posts/2024-06-01-good.md'), 'good.md');
    expect(result.ok).toBe(true);
    expect(result.data.also).toEqual(['경제', '증시']);
  });

  it('_config.yml and _data files', () => {
    const config = resolveConfig(read('config-bomb.yml'));
    expect(config.diagnostics).toMatchObject([{ file: '_config.yml', line: 10, message: expect.stringMatching(/^the value of `a8` expands/) }]);
    const diagnostics: Diagnostic[] = [];
    expect(parseDataFile('_data/bomb.yml', read('data-bomb.yml'), '.yml', diagnostics)).toBeUndefined();
    expect(diagnostics).toMatchObject([{ file: '_data/bomb.yml', line: 10, severity: 'error' }]);
  });

  it('counts each distinct collection once: a wide bomb costs what its text does', () => {
    let level: unknown = ['x'];
    for (let i = 0; i < 40; i++) level = [level, level];
    // 2^40 values expanded, 81 written.
    expect(checkAliases({ top: level })).toEqual({ kind: 'expansion', key: 'top' });
    const shared = Array.from({ length: 100 }, (_, i) => i);
    expect(checkAliases({ a: shared, b: Array(MAX_ALIAS_EXPANSION / 200).fill(shared) })).toBeUndefined();
  });

  it('--keep-going builds the rest of the site and names the post', async () => {
    const source = await tempDir('alias-bomb');
    await cp(path.join(FIXTURES, 'site'), source, { recursive: true });
    const result = await build({ source, destination: path.join(source, '_site'), jobs: 1, cache: true, keepGoing: true });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.line])).toEqual([['_posts/2024-06-02-bomb.md', 12]]);
    expect(result.ok).toBe(true);
    expect(readFileSync(path.join(source, '_site/news/2024/06/01/good/index.html'), 'utf8')).toContain('좋은 기사');
  }, 60_000);
});
