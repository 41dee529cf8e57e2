/**
 * `exclude:` and `include:` patterns match as Jekyll 4.3's EntryFilter does
 * (File.fnmatch? without FNM_PATHNAME, a plain prefix, a folder with `/`):
 * checked against Jekyll's own answers in test/fixtures/jekyll-exclude/,
 * made by make-cases.rb there; then in a build.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/content/discover.js';
import { compilePatterns } from '../src/content/entry-filter.js';
import { cleanTemp, tempDir } from './helpers/site.js';

afterAll(() => cleanTemp());

interface JekyllCases {
  folders: string[];
  files: string[];
  cases: { pattern: string; matches: string[] }[];
}

const table = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/jekyll-exclude/cases.json'), 'utf8')) as JekyllCases;
const paths = [...table.folders.map((p) => [p, true] as const), ...table.files.map((p) => [p, false] as const)];

describe("patterns × paths, as Jekyll's EntryFilter#glob_include? answered", () => {
  it.each(table.cases.map((c) => [c.pattern, c.matches] as const))('%s', (pattern, matches) => {
    const matcher = compilePatterns([pattern]);
    const matched = paths.filter(([p, folder]) => matcher(p, folder)).map(([p]) => p);
    expect(matched.sort()).toEqual([...matches].sort());
  });

  it('the table holds the cases that were published before: `?` and `[ab]` match', () => {
    const matchesOf = (pattern: string) => table.cases.find((c) => c.pattern === pattern)?.matches;
    expect(matchesOf('draft?.md')).toEqual(expect.arrayContaining(['draft1.md', 'drafts.md']));
    expect(matchesOf('notes/[ab].txt')).toEqual(['notes/a.txt', 'notes/b.txt']);
  });
});

describe('a build of a site with such patterns', () => {
  it('leaves out what exclude: matches, unless include: names it (by path or by name)', async () => {
    const root = await tempDir('jekyll-exclude');
    const files = ['draft1.md', 'draft.md', 'notes/a.txt', 'notes/c.txt', 'logs/debug.log', 'keep.txt', 'sub/.htaccess', '.htaccess'];
    for (const file of files) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), 'x\n');
    }
    const found = await discover({
      root,
      destination: path.join(root, '_site'),
      drafts: false,
      exclude: ['draft?.md', 'notes/[ab].txt', '*.log'],
      include: ['.htaccess'],
    });
    expect(found.statics.map((f) => f.source).sort()).toEqual(['.htaccess', 'draft.md', 'keep.txt', 'notes/c.txt', 'sub/.htaccess']);
  });
});
