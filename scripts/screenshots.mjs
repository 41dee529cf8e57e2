#!/usr/bin/env node
/**
 * `npm run screenshots`: builds the example site (content/) with the built
 * CLI into a temp folder, serves it on 127.0.0.1, and takes screenshots in
 * headless Chromium of the front page and the seed post, on a phone and on
 * a desktop, into docs/screenshots/:
 *
 *   index-phone.png  index-desktop.png  post-phone.png  post-desktop.png
 *   post-desktop-dark.png
 *
 * Needs `npm run build` first (the CLI runs from dist/) and Debian's
 * `chromium`; Korean text needs a CJK font (`fonts-noto-cjk`).
 *
 * Options: --out DIR (default docs/screenshots), --keep (keep the temp build).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CHROMIUM = '/usr/bin/chromium';
const SEED_TITLE = '한일 군사훈련 재개 국방장관 도쿄 회동 성사!';
/** Full-page shots are cut at this height (CSS px × scale = at most ~4000 device px). */
const MAX_HEIGHT_PX = 4000;

const repo = fileURLToPath(new URL('..', import.meta.url));
const { values: options } = parseArgs({
  options: { out: { type: 'string' }, keep: { type: 'boolean' } },
});
const outDir = resolve(repo, options.out ?? 'docs/screenshots');

const SHOTS = [
  { name: 'index-phone', page: 'index', width: 390, height: 844, scale: 2, mobile: true, scheme: 'light' },
  { name: 'index-desktop', page: 'index', width: 1280, height: 800, scale: 1, mobile: false, scheme: 'light' },
  { name: 'post-phone', page: 'post', width: 390, height: 844, scale: 2, mobile: true, scheme: 'light' },
  { name: 'post-desktop', page: 'post', width: 1280, height: 800, scale: 1, mobile: false, scheme: 'light' },
  { name: 'post-desktop-dark', page: 'post', width: 1280, height: 800, scale: 1, mobile: false, scheme: 'dark' },
];

function fail(message) {
  process.stderr.write(`screenshots: ${message}\n`);
  process.exit(1);
}

/** Whether fontconfig knows a font that covers Korean. */
function hasKoreanFont() {
  const result = spawnSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '';
}

/** Static server for `root` on 127.0.0.1, port chosen by the system. */
async function serve(root) {
  // gazette's own table of content types (dist/ is checked for before this runs).
  const { contentTypeFor } = await import('../dist/serve/static.js');
  const base = resolve(root);
  const server = createServer((request, response) => {
    const answer = async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      let file = resolve(base, `.${decodeURIComponent(url.pathname)}`);
      if (file !== base && !file.startsWith(base + sep)) {
        response.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => undefined))?.isDirectory()) file = join(file, 'index.html');
      const data = await readFile(file).catch(() => undefined);
      if (data === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': contentTypeFor(file), 'content-length': data.length }).end(data);
    };
    answer().catch((error) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
      else response.destroy();
    });
  });
  await new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', done);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function main() {
  if (!existsSync(join(repo, 'dist', 'cli.js'))) fail('dist/ is missing: run `npm run build` first');
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is absent: install Debian's \`chromium\` package`);
  const koreanFont = hasKoreanFont();
  if (!koreanFont) {
    process.stderr.write(
      'screenshots: hint: no font for Korean was found (`fc-list :lang=ko` is empty); Hangul will show as boxes.\n' +
        '  Install one, e.g. `apt-get install fonts-noto-cjk`, and run again.\n',
    );
  }

  const { chromium } = await import('playwright-core');
  const tmp = mkdtempSync(join(tmpdir(), 'gazette-screenshots-'));
  const site = join(tmp, 'site');
  let server;
  let browser;
  try {
    process.stdout.write(`building content/ into ${site}\n`);
    execFileSync(process.execPath, [join(repo, 'bin', 'gazette.js'), 'build', '-s', join(repo, 'content'), '-d', site, '--no-cache', '--quiet'], {
      cwd: repo,
      stdio: ['ignore', 'inherit', 'inherit'],
    });

    const index = JSON.parse(readFileSync(join(site, 'search.json'), 'utf8'));
    const seed = index.find((item) => item.title === SEED_TITLE);
    if (!seed) throw new Error(`the seed post "${SEED_TITLE}" is not in search.json`);
    const urls = { index: '/', post: seed.url };

    server = await serve(site);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(outDir, { recursive: true });

    for (const shot of SHOTS) {
      const context = await browser.newContext({
        viewport: { width: shot.width, height: shot.height },
        deviceScaleFactor: shot.scale,
        isMobile: shot.mobile,
        hasTouch: shot.mobile,
        colorScheme: shot.scheme,
        locale: 'ko-KR',
        timezoneId: 'Asia/Seoul',
        reducedMotion: 'reduce',
      });
      try {
        // Nothing but the local server: the page must not depend on the network.
        await context.route(
          (url) => url.origin !== server.origin,
          (route) => route.abort('blockedbyclient'),
        );
        const page = await context.newPage();
        await page.goto(`${server.origin}${urls[shot.page]}`, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const fullHeight = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
        const height = Math.min(fullHeight, Math.floor(MAX_HEIGHT_PX / shot.scale));
        const file = join(outDir, `${shot.name}.png`);
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: shot.width, height }, animations: 'disabled' });
        const cut = height < fullHeight ? ` (cut from ${fullHeight} px)` : '';
        process.stdout.write(`${shot.name}.png  ${shot.width}×${height} css px @${shot.scale}x${cut}  ${Math.round(statSync(file).size / 1024)} KiB\n`);
      } finally {
        await context.close();
      }
    }
    process.stdout.write(`wrote ${SHOTS.length} screenshots to ${outDir}${koreanFont ? '' : ' (without a Korean font!)'}\n`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    if (options.keep) process.stdout.write(`kept the build in ${site}\n`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
