/**
 * Which open tabs a rebuild reloads, in headless Chromium against the
 * preview server: only the tabs showing a changed page (the live client
 * matches the file its URL was served from, baseurl and %-escapes
 * included), stylesheets swapped in place for everyone else, and every tab
 * when a script changes. The server is told what changed as `gazette watch`
 * tells it; test/watch.e2e.test.ts does the same through real saves.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../src/serve/server.js';
import { assertChromium, BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';

const POST = '2024/05/01/국방-소식/index.html';
const CATEGORY = 'categories/국방/index.html';
const ABOUT = 'about.html';

/** A page as the theme makes them: a same-origin stylesheet, and a CSP the live client must work under. */
function page(title: string, text: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'">`,
    `<title>${title}</title><link rel="stylesheet" href="/news/assets/style.css"></head>`,
    `<body><h1>${title}</h1><p id="text">${text}</p></body></html>`,
  ].join('');
}

interface Tab {
  readonly page: Page;
  /** Navigations of the main frame since the tab was opened (the first load included). */
  navigations: number;
}

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('live reload reaches only the tabs whose page changed', () => {
  let tmp: string;
  let server: DevServer;
  let browser: Browser;
  const tabs = new Map<string, Tab>();
  const at = (file: string) => path.join(tmp, file);

  async function write(file: string, text: string): Promise<void> {
    await mkdir(path.dirname(at(file)), { recursive: true });
    await writeFile(at(file), text);
  }

  /** Opens `url` (below the server's baseurl) and marks the window: a reload loses the mark. */
  async function open(name: string, url: string): Promise<void> {
    const tab: Tab = { page: await browser.newPage(), navigations: 0 };
    tab.page.on('framenavigated', (frame) => {
      if (frame === tab.page.mainFrame()) tab.navigations++;
    });
    await tab.page.goto(new URL(url, server.url).href);
    await until(tab.page, 'window.__gazetteLive === true');
    await tab.page.evaluate('window.__mark = "kept"');
    tabs.set(name, tab);
  }

  const tab = (name: string) => tabs.get(name) as Tab;
  const kept = async (name: string) => (await tab(name).page.evaluate('window.__mark')) === 'kept';
  const remark = () => Promise.all([...tabs.values()].map((t) => t.page.evaluate('window.__mark = "kept"')));

  beforeAll(async () => {
    assertChromium();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gazette-live-tabs-'));
    await write('index.html', page('홈', 'home'));
    await write(POST, page('국방 소식', 'first version'));
    await write(CATEGORY, page('국방', 'category'));
    await write(ABOUT, page('소개', 'about'));
    await write('404.html', page('없음', 'not found'));
    await write('assets/style.css', 'body { color: rgb(0, 0, 0); }\n');
    await write('assets/app.js', '');
    server = await startDevServer({ root: tmp, host: '127.0.0.1', port: 0, baseurl: '/news/', onError: () => undefined });
    browser = await launchBrowser();
    // Encoded as a browser would send it (and the post's in lower-case hex, as a hand-typed URL may be).
    await open('post', `/news/2024/05/01/${encodeURIComponent('국방-소식').toLowerCase()}/`);
    await open('category', `/news/categories/${encodeURIComponent('국방')}/`);
    await open('about', '/news/about');
    await open('home', '/news/');
    await open('missing', '/news/no-such-page/');
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('a changed post reloads the tab on that post, not the tab on an unrelated category page', async () => {
    await write(POST, page('국방 소식', 'second version'));
    server.reload([POST, 'feed.xml', 'feed/국방.xml', 'search.json']);
    await tab('post').page.getByText('second version').waitFor({ timeout: 10_000 });
    // The event reached every tab at once; give the others time to have acted on it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await kept('category')).toBe(true);
    expect(await kept('about')).toBe(true);
    expect(await kept('home')).toBe(true);
    // A 404 tab reloads on any changed page: it may be the page that now exists.
    expect(await kept('missing')).toBe(false);
    await remark();
  });

  it('a page served by its .html fallback (/about → about.html) reloads when that file changes', async () => {
    server.reload([ABOUT]);
    await until(tab('about').page, 'window.__mark === undefined && window.__gazetteLive === true');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await kept('post')).toBe(true);
    expect(await kept('category')).toBe(true);
    await remark();
  });

  it('a stylesheet change swaps the stylesheet in every tab without a reload', async () => {
    await write('assets/style.css', 'body { color: rgb(1, 2, 3); }\n');
    server.reload(['assets/style.css']);
    for (const name of ['post', 'category', 'about', 'home', 'missing']) {
      await until(tab(name).page, "getComputedStyle(document.body).color === 'rgb(1, 2, 3)'");
      expect(await kept(name), name).toBe(true);
    }
  });

  it('a script change reloads every tab', async () => {
    server.reload(['assets/app.js']);
    for (const name of ['post', 'category', 'about', 'home', 'missing']) {
      await until(tab(name).page, 'window.__mark === undefined && window.__gazetteLive === true');
    }
  });
});

/**
 * Polls `expression` until it is truthy: page.waitForFunction evaluates with
 * eval in the page, which the pages' CSP forbids; page.evaluate does not.
 */
async function until(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
