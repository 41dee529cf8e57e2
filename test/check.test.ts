/**
 * `gazette check` (issue 24) on real sites: the check-links fixture has four
 * broken links (a post body's link, a template's link, a missing image, a
 * wrong #fragment), each reported once at its source line, exit 1; fixed (in a
 * temp copy), nothing is broken. `--against` the check-old-site fixture (an
 * old site's output: all of it served by the fixed site but a renamed post
 * `/news/2024/03/03/third-story.html`, a removed page `/staff/` and a list page
 * `/page3/`) lists those three; `--write-redirects` makes the renamed one a
 * redirect. The example site checks clean. Fixtures are only read: every
 * check runs on a temp copy.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { brokenLinkDiagnostics } from '../src/check/link-diagnostics.js';
import { runCheck } from '../src/check/run.js';
import { diagnosticHeadline } from '../src/diagnostics.js';
import { assertBuilt, cleanTemp, copyFixture, fixture, ROOT, runCli, tempDir } from './helpers/site.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

beforeAll(() => assertBuilt());
afterAll(() => cleanTemp());

const POST = '_posts/2024-03-01-first-story.md';
const SLOT = 'templates/slots/body-end.njk';
const OLD_SITE = fixture('check-old-site');

const BROKEN = [
  `${POST}:9:9: error: broken link "/2024/03/09/no-such-story/": no file was written at /2024/03/09/no-such-story/ (on /2024/03/01/first-story/)`,
  `${POST}:11:7: error: broken link "/assets/img/missing-chart.png": no file was written at /assets/img/missing-chart.png (on /2024/03/01/first-story/)`,
  `${POST}:13:13: error: broken link "#no-such-section": 2024/03/01/first-story/index.html has no element with id "no-such-section" (nor "user-content-no-such-section") (on /2024/03/01/first-story/)`,
  `${SLOT}:3:12: error: broken link "/contact/": no file was written at /contact/ (on 15 pages, /2024/03/01/first-story/ the first)`,
];

/** The check-links fixture with its four links corrected, in a temp folder. */
async function fixedSite(): Promise<string> {
  const site = await copyFixture('check-links');
  const post = path.join(site, POST);
  writeFileSync(
    post,
    readFileSync(post, 'utf8')
      .replace('/2024/03/09/no-such-story/', '/2024/03/03/third-story/')
      .replace('/assets/img/missing-chart.png', '/assets/img/logo.svg')
      .replace('#no-such-section', '#summary'),
  );
  const slot = path.join(site, SLOT);
  writeFileSync(slot, readFileSync(slot, 'utf8').replace('/contact/', '/about/'));
  return site;
}

function check(site: string, extra: { against?: string; writeRedirects?: boolean; runBuild?: boolean } = {}) {
  return runCheck({ build: { source: site, destination: path.join(site, '..', 'out'), jobs: 1, cache: false }, ...extra });
}

describe('broken links', () => {
  it('four broken links: one diagnostic each, at the post or template line it came from', async () => {
    const result = await check(await copyFixture('check-links'));
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(diagnosticHeadline)).toEqual(BROKEN);
    expect(result.scan?.external).toEqual(new Map([['example.org', 1]]));
  });

  it("a link a page's Liquid writes from _data/ is named at the data file's line", async () => {
    const site = await fixedSite();
    mkdirSync(path.join(site, '_data'));
    writeFileSync(path.join(site, '_data', 'menu.yml'), '- title: 편집국\n  url: /newsroom/\n');
    writeFileSync(
      path.join(site, 'links.md'),
      '---\ntitle: 바로가기\n---\n{% for item in site.data.menu %}[{{ item.title }}]({{ item.url | relative_url }}){% endfor %}\n',
    );
    const result = await check(site);
    expect(result.diagnostics.map(diagnosticHeadline)).toEqual([
      '_data/menu.yml:2:8: error: broken link "/newsroom/": no file was written at /newsroom/ (on /links/)',
    ]);
  });

  it('fixed: nothing broken (a Korean URL, a query, relative paths, the site url and cross-page #fragments all resolve)', async () => {
    const result = await check(await fixedSite());
    expect(result.diagnostics.map(diagnosticHeadline)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.scan?.links).toBeGreaterThan(100);
  });

  it('the example site (content/) checks clean', async () => {
    const out = path.join(await tempDir('check-example'), 'out');
    const result = await runCheck({ build: { source: path.join(ROOT, 'content'), destination: out, jobs: 1, cache: false } });
    expect(result.diagnostics.map(diagnosticHeadline)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('--no-build checks the destination as it is; a missing one is a usage error', async () => {
    const site = await copyFixture('check-links');
    expect((await check(site, { runBuild: false })).usage?.message).toMatch(/^nothing is built at /);
    await check(site);
    const again = await check(site, { runBuild: false });
    expect(again.build).toBeUndefined();
    expect(again.diagnostics).toHaveLength(4);
  });

  it('a link written in no source is named in the output file, at its line and column', async () => {
    const site = await copyFixture('check-links');
    const out = path.join(site, '..', 'out');
    const link = { file: 'index.html', line: 7, column: 3, value: '/made-up/', raw: '/made-up/', reason: 'no file was written at /made-up/' };
    expect(brokenLinkDiagnostics([link], { source: site, destination: out }).map(diagnosticHeadline)).toEqual([
      '../out/index.html:7:3: error: broken link "/made-up/": no file was written at /made-up/',
    ]);
  });
});

describe('--against an old site', () => {
  it('lists the three URLs the new build lacks, the renamed post with its new URL', async () => {
    const result = await check(await fixedSite(), { against: OLD_SITE });
    expect(result.against?.comparison).toMatchObject({ total: 9, kept: 6, redirected: 0 });
    expect(result.against?.comparison.lost).toEqual([
      { url: '/news/2024/03/03/third-story.html', suggestion: { url: '/2024/03/03/third-story/', by: 'slug' } },
      { url: '/page3/' },
      { url: '/staff/' },
    ]);
    expect(result.ok).toBe(false);
  });

  it('--write-redirects: the renamed post redirects (never over an existing file); kept/redirected/lost change', async () => {
    const site = await fixedSite();
    // A file of the owner's where the redirect page would go: left as it is, the page gets another name.
    const taken = path.join(site, 'moved', 'news-2024-03-03-third-story.html');
    mkdirSync(path.dirname(taken));
    writeFileSync(taken, 'mine\n');
    const result = await check(site, { against: OLD_SITE, writeRedirects: true });
    expect(readFileSync(taken, 'utf8')).toBe('mine\n');
    expect(result.against?.written).toEqual(['moved/news-2024-03-03-third-story-2.html']);
    expect(result.against?.before).toMatchObject({ kept: 6, redirected: 0 });
    expect(result.against?.comparison).toMatchObject({ kept: 6, redirected: 1, lost: [{ url: '/page3/' }, { url: '/staff/' }] });
    const page = readFileSync(path.join(site, '..', 'out', 'news/2024/03/03/third-story.html'), 'utf8');
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=https://check.example.com/2024/03/03/third-story/">');
    expect(result.diagnostics).toEqual([]);
    // Once more: nothing left to redirect, nothing written.
    const again = await check(site, { against: OLD_SITE, writeRedirects: true });
    expect(again.against?.written).toEqual([]);
    expect(again.against?.comparison).toMatchObject({ kept: 6, redirected: 1 });
  });
});

describe('the command line', () => {
  it('gazette check: the four diagnostics with code frames, the summary, exit 1', async () => {
    const site = await copyFixture('check-links');
    const run = runCli(['check', '-s', site, '-d', path.join(site, '..', 'out'), '--no-cache', '--external']);
    expect(run.status).toBe(1);
    for (const headline of BROKEN) expect(run.stderr).toContain(headline);
    expect(run.stderr).toContain('> 9 | [없는 기사](/2024/03/09/no-such-story/)');
    expect(run.stderr).toContain('external links (not fetched): 1 link to 1 host\n  1  example.org\n');
    expect(run.stderr).toMatch(/checked \d+ links in 20 files: 4 broken links; 1 link to 1 other site not fetched\n$/);
  });

  it('gazette build --check: the build, then the check; exit 0 when fixed', async () => {
    const site = await fixedSite();
    const run = runCli(['build', '--check', '-s', site, '-d', path.join(site, '..', 'out'), '--no-cache']);
    expect(run.stderr).toMatch(/3 posts, 1 page, 0 warnings, 0 errors; .*\nchecked \d+ links in 20 files: none broken/);
    expect(run.status).toBe(0);
  });

  it('--against and --write-redirects print each lost URL, the pages written and the counts', async () => {
    const site = await fixedSite();
    const run = runCli(['check', '-s', site, '-d', path.join(site, '..', 'out'), '--no-cache', '--against', OLD_SITE, '--write-redirects']);
    expect(run.stderr).toContain('lost: /page3/\nlost: /staff/\nwrote moved/news-2024-03-03-third-story.html\n');
    expect(run.stderr).toContain('old site, before the redirect pages: 9 URLs: 6 kept, 0 redirected, 3 lost\nold site: 9 URLs: 6 kept, 1 redirected, 2 lost\n');
    expect(run.status).toBe(1);
    expect(existsSync(path.join(site, 'moved', 'news-2024-03-03-third-story.html'))).toBe(true);
  });

  it('check --help, and usage errors (exit 2)', () => {
    const help = runCli(['check', '--help']);
    expect(help.status).toBe(0);
    expect(runCli(['help', 'check']).stdout).toBe(help.stdout);
    for (const flag of ['--no-build', '--external', '--against OLD_SITE', '--write-redirects']) expect(help.stdout).toContain(flag);
    expect(runCli(['--help']).stdout).toContain('gazette check [options]');
    expect(runCli(['build', '--help']).stdout).toContain('--check');
    const usage = runCli(['check', '--write-redirects']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('gazette: --write-redirects needs --against OLD_SITE');
    expect(runCli(['check', '-j', 'x']).status).toBe(2);
    expect(runCli(['check', 'extra']).status).toBe(2);
    expect(runCli(['check', '--bogus']).status).toBe(2);
    expect(runCli(['watch', '--check']).status).toBe(2);
  });
});
