/**
 * Two sites built in one process (a library user, a test runner, a server
 * that builds several sites) never share templates: each build renders with
 * its own site's templates, baseurl and url, whichever way it goes (a full
 * build, a body edit from the edit index, a body edit in a watch session,
 * a batch rendered by a worker thread).
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { readTemplateSet } from '../src/content/template-files.js';
import { build, createBuilder } from '../src/index.js';
import { abortOutput, commitOutput, prepareOutput } from '../src/output/write.js';
import { runRenderTask } from '../src/workers/render-task.js';
import { CONFIG, type FixturePost, NOW, postText, writeFixtureSite } from './fixtures/watch/site.js';
import { siteSnapshot } from './helpers/site.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

interface TestSite {
  name: string;
  site: string;
  out: string;
  posts: FixturePost[];
}

function makeSite(name: string): TestSite {
  const root = mkdtempSync(join(tmpdir(), `gazette-two-sites-${name}-`));
  roots.push(root);
  const site = join(root, 'site');
  const posts = writeFixtureSite(site);
  writeFileSync(
    join(site, '_config.yml'),
    CONFIG.replace("baseurl: ''", `baseurl: /${name}`).replace('https://news.example.com', `https://${name}.example.com`),
  );
  return { name, site, out: join(root, 'out'), posts };
}

/** Post 0 is on no first list page and in no feed: an edit of its body changes its own page only. */
function editOldestPost(site: TestSite, body: string): string {
  const post = site.posts[0] as FixturePost;
  const file = join(site.site, post.source);
  writeFileSync(file, postText(post, { body }));
  const later = new Date(Date.now() + 5_000);
  utimesSync(file, later, later);
  return join(site.out, post.output);
}

function expectOwnTemplates(site: TestSite, page: string): void {
  const html = readFileSync(page, 'utf8');
  expect(html).toContain(`href="/${site.name}/assets/css/gazette.css"`);
  expect(html).not.toMatch(new RegExp(`href="/(?!${site.name}/)[a-z]/assets/css/gazette.css"`));
}

async function cleanBuildOf(site: TestSite): Promise<Map<string, string>> {
  const out = join(site.out, '..', 'clean');
  const result = await build({ source: site.site, destination: out, jobs: 1, now: NOW, cache: false });
  expect(result.ok).toBe(true);
  return siteSnapshot(out);
}

describe('two sites in one process', () => {
  it("body edits published from the edit index use each site's own templates and baseurl", async () => {
    const a = makeSite('a');
    const b = makeSite('b');
    for (const site of [a, b]) expect((await build({ source: site.site, destination: site.out, jobs: 1, now: NOW })).ok).toBe(true);
    for (const site of [a, b]) {
      const page = editOldestPost(site, `${site.name} 사이트의 새 본문입니다.`);
      const result = await build({ source: site.site, destination: site.out, jobs: 1, now: NOW });
      expect(result.stats.fromEditIndex).toBe(true);
      expectOwnTemplates(site, page);
      expect(siteSnapshot(site.out)).toEqual(await cleanBuildOf(site));
    }
  }, 120_000);

  it("body edits in two watch sessions at once use each site's own templates and baseurl", async () => {
    const sites = [makeSite('a'), makeSite('b')];
    const builders = sites.map((site) => createBuilder({ source: site.site, destination: site.out, jobs: 1, now: NOW }));
    try {
      for (const builder of builders) expect((await builder.build()).ok).toBe(true);
      for (const [i, site] of sites.entries()) {
        const page = editOldestPost(site, `${site.name} 세션의 새 본문입니다.`);
        const result = await builders[i]?.build([join(site.site, site.posts[0]?.source ?? '')]);
        expect(result?.stats.rendered).toBe(1);
        expectOwnTemplates(site, page);
      }
    } finally {
      for (const builder of builders) await builder.close();
    }
    for (const site of sites) expect(siteSnapshot(site.out)).toEqual(await cleanBuildOf(site));
  }, 120_000);

  it('a worker thread given batches of two sites in turn renders each with its own templates', async () => {
    const sites = [makeSite('a'), makeSite('b'), makeSite('a')];
    for (const site of sites) {
      const { config } = resolveConfig(readFileSync(join(site.site, '_config.yml'), 'utf8'), { drafts: false, future: false, unpublished: false });
      const templates = readTemplateSet({ siteTemplates: join(site.site, 'templates'), baseurl: config.baseurl, url: config.url });
      const staging = prepareOutput(site.out);
      try {
        const batch = await runRenderTask({
          config,
          templates,
          shared: { site: {}, labels: {} as never, nav: {}, feeds: [], csp: '' },
          bodyDir: site.site,
          key: '',
          bodies: {},
          staging,
          routes: [{ kind: 'search', url: '/search/', file: 'search/index.html' }],
        });
        expect(batch.failures).toEqual([]);
        expect(batch.files).toEqual([{ file: 'search/index.html', staged: true }]);
        commitOutput(staging, ['search/index.html'], undefined, {}, ['search/index.html']);
      } catch (cause) {
        abortOutput(site.out, staging);
        throw cause;
      }
      expectOwnTemplates(site, join(site.out, 'search', 'index.html'));
      rmSync(site.out, { recursive: true });
    }
  });
});
