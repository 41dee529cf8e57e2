/**
 * `gazette watch` end to end: the real CLI as a child process, a generated
 * 50-post site (scripts/gen-corpus.mjs) under os.tmpdir(), and headless
 * Chromium looking at the served pages while the test edits files. Checks
 * live reload without the test reloading, the error overlay (file and line)
 * for broken content while the last good site stays served, new posts on
 * the index, CSS swapped without a reload, a terminal line per rebuild, no
 * save lost in a burst, and Ctrl-C → exit 0 within a second with the port
 * freed.
 *
 * Runs the CLI from dist/ (bin/gazette.js), which test/global-setup.ts
 * rebuilds whenever it was not built from the current sources.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertChromium, BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';
import { assertBuilt, genCorpus, publishedFiles, readIfThere } from './helpers/site.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'gazette.js');
const THEME_CSS = join(ROOT, 'assets', 'css', 'gazette.css');
const OVERLAY = '#__gazette-error-overlay';
const EDITED = '_posts/2022-01-05-5.md';

interface WatchProcess {
  child: ChildProcess;
  /** Every line printed so far (stdout and stderr). */
  lines: string[];
  url: string;
  port: number;
  /** The first line matching `pattern` printed at or after line `from`. */
  waitForLine(pattern: RegExp, from: number, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWatch(site: string): Promise<WatchProcess> {
  const child = spawn(process.execPath, [CLI, 'watch', '-s', site, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  const onData = (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const wake of waiters) wake();
  });

  const waitForLine = (pattern: RegExp, from: number, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines.slice(from).find((l) => pattern.test(l));
        if (line !== undefined) finish(() => resolve(line));
        else if (gone) finish(() => reject(new Error(`gazette watch exited before printing ${pattern}; output:\n${lines.join('\n')}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.join('\n')}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return waitForLine(/^Serving at http:\/\//, 0, 60_000).then(async (line) => {
    const url = line.slice('Serving at '.length).trim();
    await waitForLine(/^watching /, 0, 10_000);
    return { child, lines, url, port: Number(new URL(url).port), waitForLine, exited };
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Polls `expression` in the page until it is truthy. page.waitForFunction
 * compiles its predicate with eval inside the page, which the theme's CSP
 * (`script-src 'self'`) forbids; page.evaluate goes through DevTools and is
 * not subject to it. The CSP stays on: the live client must work under it.
 */
async function waitForTruthy(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(expression).catch(() => false);
    if (value) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('gazette watch in headless Chromium', () => {
  let root: string;
  let site: string;
  let watch: WatchProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let postPath: string;
  /** A category page that does not list the edited post: a save of the post must not reload it. */
  let unrelatedPath: string;
  let goodText: string;
  let navigations = 0;

  const at = (rel: string) => join(site, rel);

  beforeAll(async () => {
    assertChromium();
    assertBuilt();
    root = mkdtempSync(join(tmpdir(), 'gazette-watch-e2e-'));
    site = join(root, 'site');
    genCorpus(50, site);
    goodText = readFileSync(at(EDITED), 'utf8');
    watch = await startWatch(site);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    // The edited post's URL, from the sitemap (its path depends on its categories).
    const sitemap = await (await fetch(new URL('sitemap.xml', watch.url))).text();
    const loc = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string).find((l) => /\/2022\/01\/05\/5\/$/.test(l));
    expect(loc, 'the edited post is in the sitemap').toBeDefined();
    postPath = new URL(loc as string).pathname;
    for (const category of [...sitemap.matchAll(/<loc>([^<]+\/categories\/[^<]+)<\/loc>/g)].map((m) => new URL(m[1] as string).pathname)) {
      if (!(await (await fetch(new URL(category, watch.url))).text()).includes(postPath)) {
        unrelatedPath = category;
        break;
      }
    }
    expect(unrelatedPath, 'a category page without the edited post').toBeDefined();
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (watch && watch.child.exitCode === null && watch.child.signalCode === null) {
      watch.child.kill('SIGKILL');
      await watch.exited;
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('serves the site and prints where', async () => {
    const w = watch as WatchProcess;
    expect(w.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await page.goto(new URL(postPath, w.url).href);
    expect(response?.status()).toBe(200);
    // The live client is in the page.
    await waitForTruthy(page, 'window.__gazetteLive === true');
  });

  it('an edited post shows its new text in the open page without the test reloading it; a tab on an unrelated category page stays', async () => {
    const w = watch as WatchProcess;
    const other = await (browser as Browser).newPage();
    try {
      await other.goto(new URL(unrelatedPath, w.url).href);
      await waitForTruthy(other, 'window.__gazetteLive === true');
      // Set after load: a reload would lose it.
      await other.evaluate('window.__keptAcrossSave = "kept"');
      const marker = `새 문단 LIVE-${Date.now()}`;
      const from = w.lines.length;
      const before = navigations;
      writeFileSync(at(EDITED), `${goodText}\n<p>${marker}</p>\n`);
      await page.getByText(marker).waitFor({ timeout: 10_000 });
      expect(navigations, 'the live client reloaded the page').toBeGreaterThan(before);
      // A terminal line per rebuild: what changed, pages rendered, milliseconds.
      const line = await w.waitForLine(/^rebuilt after /, from);
      expect(line).toMatch(new RegExp(`^rebuilt after ${EDITED.replaceAll('.', '\\.')}: \\d+ pages? rendered, \\d+ files? written in \\d+ ms$`));
      goodText = `${goodText}\n<p>${marker}</p>\n`;
      // Both tabs got the same event; the other had time to act on it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await other.evaluate('window.__keptAcrossSave'), 'the category tab was not reloaded').toBe('kept');
    } finally {
      await other.close();
    }
  });

  it('a page whose live-reload stream connects only after a rebuild still reloads (it was served before that build)', async () => {
    const w = watch as WatchProcess;
    const late = await (browser as Browser).newPage();
    try {
      // Hold the page's event stream until the rebuild is done, as a busy machine may.
      let release: () => void = () => undefined;
      const held = new Promise<void>((done) => (release = done));
      await late.route('**/__gazette/events', async (route) => {
        await held;
        await route.continue();
      });
      await late.goto(new URL(postPath, w.url).href);
      const marker = `늦은 연결 LATE-${Date.now()}`;
      const from = w.lines.length;
      writeFileSync(at(EDITED), `${goodText}\n<p>${marker}</p>\n`);
      await w.waitForLine(/^rebuilt after /, from);
      expect(await late.getByText(marker).count(), 'not reloaded yet: its stream is held').toBe(0);
      release();
      await late.getByText(marker).waitFor({ timeout: 10_000 });
      goodText = `${goodText}\n<p>${marker}</p>\n`;
    } finally {
      await late.close();
    }
  });

  it('broken front matter shows an overlay naming the file and line, keeps the last good page served, and goes away when fixed', async () => {
    const w = watch as WatchProcess;
    const from = w.lines.length;
    const titleLine = goodText.split('\n').findIndex((l) => l.startsWith('title:')) + 1;
    writeFileSync(at(EDITED), goodText.replace(/^title: .*$/m, 'title: [unclosed'));
    const overlay = page.locator(`${OVERLAY} pre`).first();
    await overlay.waitFor({ timeout: 10_000 });
    const headline = (await overlay.textContent()) ?? '';
    const match = new RegExp(`^${EDITED.replaceAll('.', '\\.')}:(\\d+)(:\\d+)?: error: `).exec(headline);
    expect(match, `overlay headline: ${headline}`).not.toBeNull();
    // The YAML parser may notice the unclosed `[` on the line after it.
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(titleLine);
    expect(Number(match?.[1])).toBeLessThanOrEqual(titleLine + 1);
    // The overlay lives in a shadow root: the page's own CSS does not reach it.
    expect(await page.evaluate(`!!document.querySelector('${OVERLAY}').shadowRoot`)).toBe(true);

    // Diagnostics in the terminal; the last good site is still served.
    await w.waitForLine(new RegExp(`^${EDITED.replaceAll('.', '\\.')}:\\d+:\\d+: error: `), from);
    await w.waitForLine(/still serving the last good site/, from);
    const served = await fetch(new URL(postPath, w.url));
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('LIVE-');

    // A page opened while the build is broken shows the overlay too.
    const second = await (browser as Browser).newPage();
    try {
      await second.goto(new URL('/', w.url).href);
      await second.locator(`${OVERLAY} pre`).first().waitFor({ timeout: 10_000 });
    } finally {
      await second.close();
    }

    writeFileSync(at(EDITED), goodText);
    await page.locator(OVERLAY).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByText('LIVE-').count()).toBeGreaterThan(0);
  });

  it('a new post dated after all others appears on page 1 of the index', async () => {
    const w = watch as WatchProcess;
    await page.goto(new URL('/', w.url).href);
    const title = `가장 새로운 기사 NEWEST-${Date.now()}`;
    writeFileSync(
      at('_posts/2023-06-01-newest.md'),
      ['---', `title: '${title}'`, 'categories:', '  - News', 'excerpt: 새 기사', '---', '', '<p>새 기사의 본문.</p>', ''].join('\n'),
    );
    await page.getByText(title).first().waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('a CSS change swaps the stylesheet without reloading the page', async () => {
    const w = watch as WatchProcess;
    await page.goto(new URL('/', w.url).href);
    await waitForTruthy(page, 'window.__gazetteLive === true');
    // Set after load: a reload would lose it.
    await page.evaluate('window.__keptAcrossCss = "kept"');
    const before = navigations;
    const from = w.lines.length;
    mkdirSync(at('assets/css'), { recursive: true });
    writeFileSync(at('assets/css/gazette.css'), `${readFileSync(THEME_CSS, 'utf8')}\nbody { outline: 3px solid rgb(1, 2, 3); }\n`);
    await waitForTruthy(page, "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'");
    expect(await page.evaluate('window.__keptAcrossCss')).toBe('kept');
    expect(navigations, 'no navigation for a CSS-only change').toBe(before);
    expect(await w.waitForLine(/^rebuilt after /, from)).toMatch(/^rebuilt after assets\/css\/gazette\.css: \d+ pages? rendered, 1 file written in \d+ ms$/);
  });

  it('a template that does not compile shows an overlay; the server keeps serving; removing it recovers', async () => {
    const w = watch as WatchProcess;
    await page.goto(new URL(postPath, w.url).href);
    await waitForTruthy(page, 'window.__gazetteLive === true');
    mkdirSync(at('templates'), { recursive: true });
    writeFileSync(at('templates/post.njk'), '{% extends "base.njk" %}\n{% block content %}{% if %}{% endblock %}\n');
    const overlay = page.locator(`${OVERLAY} pre`).first();
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.textContent()).toContain('templates/post.njk');
    expect((await fetch(new URL(postPath, w.url))).status).toBe(200);
    rmSync(at('templates'), { recursive: true });
    await page.locator(OVERLAY).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('a burst of saves to several posts is built; none is dropped', async () => {
    const w = watch as WatchProcess;
    const stamp = Date.now();
    const files = readdirSync(at('_posts'))
      .filter((n) => n.startsWith('2022-01-1'))
      .slice(0, 5);
    for (const [i, name] of files.entries()) writeFileSync(at(`_posts/${name}`), `${readFileSync(at(`_posts/${name}`), 'utf8')}\n<p>BURST-${stamp}-${i}</p>\n`);
    const out = join(site, '_site');
    const deadline = Date.now() + 10_000;
    for (;;) {
      // The watcher is building meanwhile: its staging folder (.gazette-staging) comes and goes, so the listing leaves it out and passes over what vanishes.
      const outputs = publishedFiles(out).filter((f) => /\/2022\/01\/1\d\/\d+\/index\.html$/.test(f));
      const built = outputs.filter((f) => readIfThere(join(out, f))?.includes(`BURST-${stamp}-`));
      if (built.length === files.length) break;
      if (Date.now() > deadline) throw new Error(`${built.length} of ${files.length} saves built\n${w.lines.slice(-10).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it("a second save of a file right after the first (within the watcher's 50 ms throttle) is not lost", async () => {
    const w = watch as WatchProcess;
    for (const delay of [10, 25, 40]) {
      const stamp = `${Date.now()}-${delay}`;
      writeFileSync(at(EDITED), `${goodText}\n<p>FIRST-${stamp}</p>\n`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      writeFileSync(at(EDITED), `${goodText}\n<p>SECOND-${stamp}</p>\n`);
      const deadline = Date.now() + 5_000;
      for (;;) {
        const html = await (await fetch(new URL(postPath, w.url))).text();
        if (html.includes(`SECOND-${stamp}`)) break;
        if (Date.now() > deadline)
          throw new Error(
            `the second save (${delay} ms after the first) was not built; FIRST is served: ${html.includes(`FIRST-${stamp}`)}\n${w.lines.slice(-6).join('\n')}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    writeFileSync(at(EDITED), goodText);
  });

  it('Ctrl-C exits with 0 within a second and frees the port, even with a browser connected', async () => {
    const w = watch as WatchProcess;
    expect(await portOpen(w.port)).toBe(true);
    const started = performance.now();
    w.child.kill('SIGINT');
    const { code, signal } = await Promise.race([
      w.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still running 5 s after SIGINT')), 5000)),
    ]);
    const elapsed = performance.now() - started;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeLessThan(1000);
    expect(await portOpen(w.port)).toBe(false);
  });
});
