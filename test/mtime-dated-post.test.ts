/**
 * A post with no date in its file name or front matter is dated by its
 * file's modification time (src/content/post.ts, with a warning). Touching it
 * moves its date without changing its bytes; under a permalink without the
 * date its URL stays too. A rebuild must then publish what a clean build of
 * the same files publishes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';

const NOW = new Date('2024-03-01T00:00:00Z');
const root = mkdtempSync(join(tmpdir(), 'gazette-mtime-dated-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeSite(source: string): string {
  mkdirSync(join(source, '_posts'), { recursive: true });
  writeFileSync(join(source, '_config.yml'), 'title: 날짜 없는 기사\nurl: https://news.example.com\ntimezone: Asia/Seoul\npermalink: /:categories/:title/\n');
  writeFileSync(join(source, '_posts', '2024-01-01-dated.md'), '---\ntitle: 날짜 있는 기사\n---\n\n본문입니다.\n');
  const undated = join(source, '_posts', 'undated.md');
  writeFileSync(undated, '---\ntitle: 날짜 없는 기사\n---\n\n수정 시각이 날짜인 본문입니다.\n');
  return undated;
}

const touch = (file: string, iso: string) => utimesSync(file, new Date(iso), new Date(iso));

describe('a post dated by its modification time, touched', () => {
  it('is published with its new date on its page and in the feed, as a clean build publishes it', async () => {
    const source = join(root, 'site');
    const undated = writeSite(source);
    touch(undated, '2024-02-01T00:00:00Z');
    const out = join(root, 'out');
    expect((await build({ source, destination: out, jobs: 1, now: NOW })).ok).toBe(true);
    touch(undated, '2024-02-05T00:00:00Z');
    expect((await build({ source, destination: out, jobs: 1, now: NOW })).ok).toBe(true);
    const clean = join(root, 'clean');
    expect((await build({ source, destination: clean, jobs: 1, now: NOW, cache: false })).ok).toBe(true);
    const page = 'undated/index.html';
    expect(readFileSync(join(clean, page), 'utf8')).toContain('datetime="2024-02-05T09:00:00+09:00"');
    expect(readFileSync(join(out, page), 'utf8')).toBe(readFileSync(join(clean, page), 'utf8'));
    expect(readFileSync(join(out, 'feed.xml'), 'utf8')).toBe(readFileSync(join(clean, 'feed.xml'), 'utf8'));
  }, 60_000);
});
