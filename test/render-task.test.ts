/**
 * A render batch as a worker thread runs it (src/workers/render-task.ts
 * runRenderTask): the pages of the batch rendered with the task's own
 * template set (a worker keeps one environment per set key, so a batch of
 * another site in between must not leave its set behind), their bodies read
 * from the packs the task names, damaged packs and template failures
 * returned as data. On the small news site of test/fixtures/watch/site.ts.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BodyRef } from '../src/cache/body-store.js';
import { readTemplateSet, type TemplateSet } from '../src/content/template-files.js';
import { abortOutput, commitOutput, prepareOutput } from '../src/output/write.js';
import { createSiteContext } from '../src/render/context.js';
import type { Route } from '../src/site/routes.js';
import { portable, type RenderTask, runRenderTask, sharedContext } from '../src/workers/render-task.js';
import { KEY, makePlanSite, removePlanSites } from './fixtures/plan/site.js';

afterAll(removePlanSites);

const fixture = makePlanSite('render-task');
const shared = sharedContext(createSiteContext(fixture.site));
const page0 = fixture.routes.find((route) => route.kind === 'post' && route.post.source === fixture.posts[0]?.source) as Route;
const batch: Route[] = [page0, ...fixture.routes.filter((route) => route.file === 'categories/정치/index.html' || route.file === 'search/index.html')].map(
  portable,
);
const bodies: Record<string, BodyRef> = { [fixture.posts[0]?.source as string]: fixture.bodies.refOf(fixture.posts[0]?.source as string) as BodyRef };

function setWithBaseurl(baseurl: string): TemplateSet {
  return readTemplateSet({ siteTemplates: join(fixture.source, 'templates'), baseurl, url: fixture.config.url });
}

let outputs = 0;

/** Runs the task with a fresh staging, commits what it staged into a fresh destination and returns the files' texts. */
async function run(task: Partial<RenderTask>): Promise<{ result: Awaited<ReturnType<typeof runRenderTask>>; text: (file: string) => string }> {
  const destination = join(fixture.root, `task-${++outputs}`);
  const staging = prepareOutput(destination);
  try {
    const result = await runRenderTask({
      config: fixture.config,
      templates: fixture.templates.set,
      shared,
      bodyDir: fixture.bodyDir,
      key: KEY,
      bodies,
      staging,
      routes: batch,
      ...task,
    });
    const files = result.files.map((file) => file.file);
    commitOutput(staging, files, undefined, {}, files);
    return { result, text: (file) => readFileSync(join(destination, file), 'utf8') };
  } catch (cause) {
    abortOutput(destination, staging);
    throw cause;
  }
}

const CSS = (baseurl: string) => `href="${baseurl}/assets/css/gazette.css"`;

describe('runRenderTask', () => {
  it("renders the batch's pages, with the bodies the task names read from their pack", async () => {
    const { result, text } = await run({});
    expect(result.failures).toEqual([]);
    expect(result.damaged).toEqual([]);
    expect(result.files).toEqual(batch.map((route) => ({ file: route.file, staged: true })));
    expect(text(page0.file)).toContain('첫 문단: 기사 0의 본문입니다.');
    expect(text(page0.file)).toContain(CSS(''));
  });

  it('batches of two template sets in turn (another baseurl, the config the same): each rendered with its own', async () => {
    const a = setWithBaseurl('/a');
    const b = setWithBaseurl('/b');
    expect(a.key).not.toBe(b.key);
    for (const [set, baseurl] of [
      [a, '/a'],
      [b, '/b'],
      [a, '/a'],
      [fixture.templates.set, ''],
    ] as const) {
      const { result, text } = await run({ templates: set });
      expect(result.failures).toEqual([]);
      for (const route of batch) {
        expect(text(route.file), `${route.file} with ${baseurl}`).toContain(CSS(baseurl));
        for (const other of ['/a', '/b'].filter((x) => x !== baseurl)) expect(text(route.file)).not.toContain(CSS(other));
      }
    }
  });

  it("a template that cannot render: the failure as data, the batch's other pages rendered", async () => {
    const set = fixture.templates.set;
    const broken: TemplateSet = {
      ...set,
      files: { ...set.files, 'search.njk': { path: '/broken/search.njk', text: '<main>\n{{ nothing.here() }}\n</main>\n' } },
      key: `${set.key} broken`,
    };
    const { result } = await run({ templates: broken });
    expect(result.failures).toEqual([
      {
        template: '/broken/search.njk',
        line: 2,
        column: 16,
        message: 'Unable to call `nothing["here"]`, which is undefined or falsey',
        url: '/search/',
        pages: 1,
      },
    ]);
    expect(result.files.map((file) => file.file)).toEqual([page0.file, 'categories/정치/index.html']);
  });

  it('a damaged pack: listed, and the page rendered without the body (the build will not publish it)', async () => {
    const bodyDir = join(fixture.root, 'damaged-bodies');
    cpSync(fixture.bodyDir, bodyDir, { recursive: true });
    const ref = bodies[fixture.posts[0]?.source as string] as BodyRef;
    writeFileSync(join(bodyDir, ref.pack), 'not the pack');
    try {
      const { result, text } = await run({ bodyDir });
      expect(result.damaged).toEqual([ref.pack]);
      expect(text(page0.file)).not.toContain('첫 문단');
    } finally {
      rmSync(bodyDir, { recursive: true, force: true });
    }
  });

  it("a post whose body the task does not carry: an error of gazette's, thrown", async () => {
    await expect(run({ bodies: {} })).rejects.toThrow(`no body sent for ${fixture.posts[0]?.source}`);
  });
});

describe('portable', () => {
  it("strips a category route of its category's posts, and leaves other routes as they are", () => {
    const category = fixture.routes.find((route) => route.kind === 'category') as Extract<Route, { kind: 'category' }>;
    const stripped = portable(category);
    expect(stripped).toEqual({ ...category, category: { name: category.category.name, key: category.category.key, posts: [] } });
    expect(category.category.posts.length).toBeGreaterThan(0);
    expect(portable(page0)).toBe(page0);
  });
});
