/**
 * Images in a real browser (Chromium at 390 px, a phone): a post's first body
 * image is fetched at once and first, has its size in the markup, and keeps
 * the same box before and after its file arrives (no layout shift); the
 * browser picks a resized WebP copy, not the original. The images are held
 * back (request interception) until the boxes are measured.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../src/serve/server.js';
import { BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';
import { buildAndServe } from './helpers/served-site.js';
import { cleanTemp, tempDir } from './helpers/site.js';

const IMAGES = fileURLToPath(new URL('./fixtures/images/', import.meta.url));

const POST = `---
title: 사진 기사
---
<p>첫 문단.</p>

<p><img src="/img/wide.jpg" alt="넓은 사진"></p>
<p>${'본문 '.repeat(400)}</p>
<p><img src="/img/small.png" alt="작은 사진"></p>
`;

interface Box {
  top: number;
  height: number;
  width: number;
}

/** What the test reads of an `<img>` in the page (the tests are compiled without the DOM's types). */
interface PageImage {
  complete: boolean;
  currentSrc: string;
  decode(): Promise<void>;
  getBoundingClientRect(): Box;
}

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('a post with images, at 390 px', () => {
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    const dir = await tempDir('images-browser');
    const source = path.join(dir, 'site');
    const out = path.join(dir, 'out');
    await mkdir(path.join(source, '_posts'), { recursive: true });
    await mkdir(path.join(source, 'img'));
    await copyFile(path.join(IMAGES, 'wide.jpg'), path.join(source, 'img', 'wide.jpg'));
    await copyFile(path.join(IMAGES, 'small.png'), path.join(source, 'img', 'small.png'));
    await writeFile(path.join(source, '_config.yml'), 'title: 사진\nlang: ko-KR\n');
    await writeFile(path.join(source, '_posts', '2025-01-15-photos.html'), POST);
    server = await buildAndServe(source, out);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanTemp();
  });

  it('the first body image is eager with its size, keeps its box while loading, and comes as a small WebP copy', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\.(?:jpg|png|webp)$/, async (route: Route) => {
      await held;
      await route.continue();
    });
    try {
      await page.goto(new URL('2025/01/15/photos.html', server.url).href, { waitUntil: 'domcontentloaded' });
      const first = page.locator('.article__body img').first();
      expect(await first.getAttribute('loading')).toBe('eager');
      expect(await first.getAttribute('fetchpriority')).toBe('high');
      expect(await first.getAttribute('width')).toBe('1600');
      expect(await first.getAttribute('height')).toBe('900');
      const last = page.locator('.article__body img').last();
      expect(await last.getAttribute('loading')).toBe('lazy');
      const box = (): Promise<Box> =>
        first.evaluate((img) => {
          const rect = (img as unknown as PageImage).getBoundingClientRect();
          return { top: rect.top + (globalThis as unknown as { scrollY: number }).scrollY, height: rect.height, width: rect.width };
        });
      const before = await box();
      expect(await first.evaluate((img) => (img as unknown as PageImage).complete)).toBe(false);
      // The box has the image's proportions before a byte of it arrived.
      expect(before.width).toBeGreaterThan(300);
      expect(Math.abs(before.height - (before.width * 900) / 1600)).toBeLessThan(1);
      release();
      await first.evaluate((img) => (img as unknown as PageImage).decode());
      expect(await box()).toEqual(before);
      // 390 CSS px at 1x: the 480 px WebP copy, not the 1600 px JPEG.
      expect(await first.evaluate((img) => (img as unknown as PageImage).currentSrc)).toMatch(/\/assets\/resized\/wide\.[0-9a-f]{10}-480\.webp$/);
    } finally {
      release();
      await context.close();
    }
  });
});
