/**
 * Ads and analytics that the CSP allows, in headless Chromium: a fixture site
 * (test/fixtures/snippets/site) fills the snippet slots with inline analytics
 * scripts, an ad unit whose script comes from a host `csp.script_src` lists
 * (a second server on 127.0.0.1), and a script from a host it does not list
 * (a third). The page's own CSP meta must run the first two and block the
 * third, reporting the violation.
 */
import { appendFile, cp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { type StaticServer, serveStatic } from './fixtures/xss/server.js';
import { BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';
import { cleanTemp, ROOT, tempDir } from './helpers/site.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'snippets', 'site');

/** A server on 127.0.0.1 that answers one script at `/<name>.js`, and logs what it was asked. */
interface ScriptHost {
  readonly origin: string;
  readonly requests: string[];
  close(): Promise<void>;
}

async function scriptHost(name: string, code: string): Promise<ScriptHost> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const found = request.url === `/${name}.js`;
    response.writeHead(found ? 200 : 404, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    response.end(found ? code : '');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('snippet slots and the CSP from config, in headless Chromium', () => {
  let browser: Browser;
  let site: StaticServer;
  let adHost: ScriptHost;
  let otherHost: ScriptHost;

  beforeAll(async () => {
    adHost = await scriptHost('ad', "window.__ad = document.querySelector('.ad--post').dataset.category;");
    otherHost = await scriptHost('other', 'window.__other = true;');
    const dir = await tempDir('snippets');
    const source = path.join(dir, 'site');
    await cp(FIXTURE, source, { recursive: true });
    const config = [`ad_host: ${adHost.origin}`, `other_host: ${otherHost.origin}`, 'csp:', `  script_src: ["${adHost.origin.replace('http://', '')}"]`, ''];
    await appendFile(path.join(source, '_config.yml'), config.join('\n'));
    const out = path.join(dir, 'out');
    const result = await build({ source, destination: out, jobs: 1, cache: false });
    expect(result.diagnostics).toEqual([]);
    // A script the build did not put in a slot: no hash of the slots' may admit it.
    site = await serveStatic(out, { transformHtml: (html) => html.replace('</body>', '<script>window.__injected = true;</script></body>') });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([site?.close(), adHost?.close(), otherHost?.close()]);
    await cleanTemp();
  });

  /** Opens a page with every CSP violation recorded from the first script on. */
  async function open(url: string): Promise<Page> {
    const page = await browser.newPage();
    // Run in the page before its first script (a string: these tests are compiled without the DOM's types).
    await page.addInitScript(`window.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(event.effectiveDirective + ' ' + event.blockedURI));`);
    await page.goto(`${site.origin}${url}`, { waitUntil: 'load' });
    return page;
  }

  const read = (page: Page, name: string) => page.evaluate(`window[${JSON.stringify(name)}]`);

  it("a post page runs the inline analytics snippets (by their hashes) and the ad script from the configured host, which reads the post's category", async () => {
    const page = await open(encodeURI('/경제/2024/06/01/story-1.html'));
    expect(await read(page, '__analytics')).toEqual({ loaded: true, path: encodeURI('/경제/2024/06/01/story-1.html') });
    expect(await read(page, '__bodyStart')).toBe(true);
    expect(await read(page, '__ad')).toBe('경제');
    expect(adHost.requests).toContain('/ad.js');
    await page.close();
  });

  it('blocks the script from an unconfigured host and an inline script not in a slot, reporting both as violations', async () => {
    const page = await open(encodeURI('/경제/2024/06/01/story-1.html'));
    expect(await read(page, '__other')).toBeUndefined();
    expect(await read(page, '__injected')).toBeUndefined();
    // Blocked before any request: the other host never hears of the page.
    expect(otherHost.requests).toEqual([]);
    await expect
      .poll(() => read(page, '__violations'))
      .toEqual(expect.arrayContaining([`script-src-elem ${otherHost.origin}/other.js`, 'script-src-elem inline']));
    await page.close();
  });

  it('a list page shows the list-between slot after every second card, and its inline scripts run', async () => {
    const page = await open('/');
    expect(await page.locator('.ad--list').evaluateAll((ads) => ads.map((ad) => ad.getAttribute('data-after')))).toEqual(['2', '4']);
    expect(await read(page, '__bodyEnd')).toBe(2);
    expect(await read(page, '__analytics')).toEqual({ loaded: true, path: '/' });
    await page.close();
  });
});
