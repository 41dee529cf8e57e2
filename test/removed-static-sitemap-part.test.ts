/**
 * A static file of the site's own whose name looks like a part of the
 * generated sitemap (`sitemap-7.xml`), removed from the source: the next
 * build removes it from the destination, as it removes any other static file
 * the site no longer has.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';

const NOW = new Date('2024-03-01T00:00:00Z');
const root = mkdtempSync(join(tmpdir(), 'gazette-sitemap-part-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a removed static file named like a sitemap part', () => {
  it('is removed from the destination by the next build, as other removed static files are', async () => {
    const source = join(root, 'site');
    mkdirSync(join(source, '_posts'), { recursive: true });
    writeFileSync(join(source, '_config.yml'), 'title: 사이트맵 조각\nurl: https://news.example.com\n');
    writeFileSync(join(source, '_posts', '2024-01-01-a.md'), '---\ntitle: 기사\n---\n\n본문입니다.\n');
    writeFileSync(join(source, 'sitemap-7.xml'), '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n');
    writeFileSync(join(source, 'other.txt'), '다른 파일\n');
    const out = join(root, 'out');
    expect((await build({ source, destination: out, jobs: 1, now: NOW })).ok).toBe(true);
    expect([existsSync(join(out, 'sitemap-7.xml')), existsSync(join(out, 'other.txt'))]).toEqual([true, true]);
    rmSync(join(source, 'sitemap-7.xml'));
    rmSync(join(source, 'other.txt'));
    expect((await build({ source, destination: out, jobs: 1, now: NOW })).ok).toBe(true);
    expect(existsSync(join(out, 'other.txt'))).toBe(false);
    expect(existsSync(join(out, 'sitemap-7.xml'))).toBe(false);
  }, 60_000);
});
