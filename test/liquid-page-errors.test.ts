/**
 * A page whose Liquid is wrong fails the build with the page's own file,
 * line and column, and every such page is reported in the same build; a
 * post's Liquid is never evaluated, so it cannot fail.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'gazette-liquid-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'site-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('Liquid errors in pages', () => {
  it('are errors at the page line and column, all of them, and nothing is published', async () => {
    const dir = site({
      '_config.yml': 'title: 오류\n',
      'about.md': '---\ntitle: 소개\n---\n첫 줄\n\n둘째 줄 {% nope %}\n',
      'rss.xml': '---\n---\n<rss>{% for post in site.posts %}\n</rss>\n',
      '_posts/2024-06-12-a.md': '---\ntitle: 기사\n---\n본문 {% nope %} {{ site.title }}\n',
    });
    const out = join(dir, '_site');
    const result = await build({ source: dir, destination: out, jobs: 1, cache: false, now: new Date('2024-07-01T00:00:00Z') });
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}`);
    expect(errors).toContain('about.md:6:6');
    expect(errors.some((where) => where.startsWith('rss.xml:3:'))).toBe(true);
    expect(errors.some((where) => where.startsWith('_posts/'))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('a post keeps its Liquid as text', async () => {
    const dir = site({
      '_config.yml': 'title: 본보기\npermalink: /:title/\n',
      '_posts/2024-06-12-a.md': '---\ntitle: 기사\n---\n본문 {% nope %} {{ site.title }}\n',
    });
    const out = join(dir, '_site');
    const result = await build({ source: dir, destination: out, jobs: 1, cache: false, now: new Date('2024-07-01T00:00:00Z') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(readFileSync(join(out, 'a', 'index.html'), 'utf8')).toContain('본문 {% nope %} {{ site.title }}');
  });
});
