/**
 * A destination whose disk fills up during a rebuild: one error naming the
 * destination and the room a build needs, nothing published, the staging
 * folder removed once the render threads have stopped, the site as it was,
 * and the next build (with room) unaffected.
 *
 * The disk is a tmpfs of a few MB, so this needs root (mount); CI runs as root.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { STAGING_DIR } from '../src/output/write.js';
import { cleanTemp, readTree, tempDir, treeDifferences } from './helpers/site.js';

const isRoot = process.getuid?.() === 0;
const mounted: string[] = [];

afterAll(async () => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
  await cleanTemp();
});

const now = new Date('2026-01-01T00:00:00Z');
/** Enough pages to render in the worker threads (JOBS_RENDER_FROM in src/workers/threads.ts). */
const POSTS = 360;

function writeSite(source: string, title: string): void {
  mkdirSync(path.join(source, '_posts'), { recursive: true });
  writeFileSync(path.join(source, '_config.yml'), `title: ${title}\ntimezone: Asia/Seoul\nurl: https://news.example.com\n`);
  const paragraph = '가득 찬 디스크에 쓰는 기사의 문단입니다. '.repeat(20);
  for (let i = 0; i < POSTS; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    writeFileSync(
      path.join(source, '_posts', `2024-05-${day}-post-${i}.md`),
      `---\ntitle: 기사 ${i}\ncategories: [경제]\n---\n\n${paragraph}\n\n${paragraph}\n`,
    );
  }
}

describe('a destination whose disk fills up during a rebuild', () => {
  it.skipIf(!isRoot)(
    'reports one error naming the destination, publishes nothing, removes the staging, and the next build works (needs root to mount a tmpfs)',
    async () => {
      const root = await tempDir('disk-full');
      const source = path.join(root, 'site');
      writeSite(source, '첫 제목');
      // How much the site takes, measured on a disk with room.
      const measured = path.join(root, 'measured');
      expect((await build({ source, destination: measured, jobs: 2, now, cache: false })).ok).toBe(true);
      const size = [...(await readTree(measured)).values()].reduce((sum, bytes) => sum + bytes.length, 0);

      // Room for the site and half of it again: a build that changes every page needs all of it again.
      const disk = path.join(root, 'disk');
      mkdirSync(disk);
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil((size * 1.5) / 4096) * 4096}`, 'tmpfs', disk]);
      mounted.push(disk);
      const destination = path.join(disk, '_site');
      expect((await build({ source, destination, jobs: 2, now, cache: false })).ok).toBe(true);
      const before = await readTree(destination);

      // A new title changes every page.
      writeSite(source, '바뀐 제목');
      const full = await build({ source, destination, jobs: 2, now, cache: false });
      expect(full.ok).toBe(false);
      expect(full.diagnostics).toHaveLength(1);
      const [problem] = full.diagnostics;
      expect(problem?.severity).toBe('error');
      expect(problem?.file).toBe(destination);
      expect(problem?.message).toContain(`no space left on the device of ${destination}`);
      expect(problem?.hint).toMatch(/about [\d.]+ [KM]B free/);
      expect(existsSync(path.join(destination, STAGING_DIR))).toBe(false);
      expect(treeDifferences(before, await readTree(destination))).toEqual([]);

      execFileSync('mount', ['-o', 'remount,size=64m', disk]);
      const next = await build({ source, destination, jobs: 2, now, cache: false });
      expect(next.ok).toBe(true);
      expect(treeDifferences(await readTree(measured), await readTree(destination))).not.toEqual([]);
    },
    120_000,
  );
});
