/**
 * The one render loop (src/render/run-routes.ts renderRoutes): routes → files
 * handed to the stage function in route order, time per template, template
 * failures and staging errors returned as data (the loop stopping at a
 * staging error), any other error thrown. On the small news site of
 * test/fixtures/watch/site.ts, with its body packs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createBodyReader, NO_DETAILS } from '../src/cache/body-store.js';
import type { TemplateSet } from '../src/content/template-files.js';
import { createSiteContext } from '../src/render/context.js';
import { type RenderSession, renderRoute } from '../src/render/outputs.js';
import { renderRoutes, type StageFile } from '../src/render/run-routes.js';
import { createTemplates, type Templates } from '../src/render/templates.js';
import type { Route } from '../src/site/routes.js';
import { KEY, makePlanSite, removePlanSites } from './fixtures/plan/site.js';

const fixture = makePlanSite('render-loop');
const reader = createBodyReader(fixture.bodyDir, KEY);
afterAll(() => {
  reader.close();
  removePlanSites();
});

function sessionWith(templates: Templates = fixture.templates, routes: readonly Route[] = fixture.routes): RenderSession {
  return {
    site: fixture.site,
    routes,
    templates,
    siteContext: createSiteContext(fixture.site),
    detailsOf: (post) => {
      const ref = fixture.bodies.refOf(post.source);
      if (!ref) throw new Error(`no body for ${post.source}`);
      return reader.read(ref) ?? NO_DETAILS;
    },
  };
}

/** A stage function that records what it is given; `answer` says what it reports for each file. */
function recorder(answer: (file: string) => 'staged' | 'unchanged' = () => 'staged') {
  const staged: { file: string; data: string }[] = [];
  const stage: StageFile = (file, data) => {
    staged.push({ file, data });
    return answer(file);
  };
  return { staged, stage };
}

/** The fixture's templates with some texts replaced, at paths named after them. */
function templatesWith(files: Record<string, string>): Templates {
  const set = fixture.templates.set;
  const replaced = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, { path: `/broken/${name}`, text }]));
  const edited: TemplateSet = { ...set, files: { ...set.files, ...replaced }, key: `${set.key} ${Object.keys(files).join(' ')}` };
  return createTemplates(edited);
}

const rendered = fixture.routes.filter((route) => route.kind !== 'static');
const postRoutes = fixture.routes.filter((route) => route.kind === 'post');
const BROKEN = '{% extends "base.njk" %}\n{% block content %}\n<p>{{ nothing.here() }}</p>\n{% endblock %}\n';

describe('renderRoutes', () => {
  it('stages every file of every route, in route order, with the bytes renderRoute gives; static files are not its work', async () => {
    const session = sessionWith();
    const { staged, stage } = recorder();
    const result = await renderRoutes(fixture.routes, session, stage);
    expect(result.failures).toEqual([]);
    expect(result.writeError).toBeUndefined();
    // The search index is one route that writes several files.
    const outputs = rendered.flatMap((route) => [...renderRoute(route, session)]);
    expect(staged.map((output) => output.file)).toEqual(outputs.map((output) => output.file));
    expect(result.files).toEqual(outputs.map((output) => ({ file: output.file, staged: true })));
    for (const [at, output] of outputs.entries()) expect(staged[at]?.data).toBe(output.data);
    expect(reader.damaged).toEqual([]);
  });

  it('reports each file as the stage function found it: staged, or unchanged', async () => {
    const { stage } = recorder((file) => (file.endsWith('.xml') ? 'unchanged' : 'staged'));
    const result = await renderRoutes(fixture.routes, sessionWith(), stage);
    expect(result.files.filter((file) => !file.staged).map((file) => file.file)).toEqual(
      rendered.map((route) => route.file).filter((file) => file.endsWith('.xml')),
    );
  });

  it('times each template (a post by its layout), and each output built by code by its kind', async () => {
    const result = await renderRoutes(fixture.routes, sessionWith(), recorder().stage);
    expect(Object.keys(result.templateMs).sort()).toEqual(
      [
        '404',
        'archive',
        'categories',
        'category',
        'feed',
        'headers',
        'index',
        'news-sitemap',
        'post',
        'robots',
        'search',
        'search-index',
        'sitemap',
        'static',
      ].sort(),
    );
    for (const ms of Object.values(result.templateMs)) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('pauses before each route, and renders nothing before the pause ends', async () => {
    const { staged, stage } = recorder();
    const seen: number[] = [];
    await renderRoutes(fixture.routes.slice(0, 5), sessionWith(), stage, async () => {
      seen.push(staged.length);
      await new Promise((resolve) => setTimeout(resolve, 1));
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('no routes: nothing', async () => {
    expect(await renderRoutes([], sessionWith(), recorder().stage)).toEqual({ files: [], templateMs: {}, failures: [] });
  });
});

describe('renderRoutes, a template that cannot render', () => {
  it('returns the failure once with the pages it broke counted, and renders every other route', async () => {
    const { staged, stage } = recorder();
    const session = sessionWith(templatesWith({ 'post.njk': BROKEN }));
    const result = await renderRoutes(fixture.routes, session, stage);
    expect(result.failures).toEqual([
      {
        template: '/broken/post.njk',
        line: 3,
        column: 19,
        message: 'Unable to call `nothing["here"]`, which is undefined or falsey',
        url: '/2024/01/01/post-00/',
        pages: 24,
      },
    ]);
    expect(staged.map((output) => output.file)).toEqual(
      rendered.filter((route) => route.kind !== 'post').flatMap((route) => [...renderRoute(route, session)].map((output) => output.file)),
    );
    expect(result.writeError).toBeUndefined();
    // Timed only for what rendered.
    expect(result.templateMs['post']).toBeUndefined();
  });

  it('two templates broken: one failure each, sorted by template', async () => {
    const result = await renderRoutes(fixture.routes, sessionWith(templatesWith({ 'post.njk': BROKEN, 'category.njk': BROKEN })), recorder().stage);
    expect(result.failures.map((failure) => [failure.template, failure.pages])).toEqual([
      ['/broken/category.njk', fixture.routes.filter((route) => route.kind === 'category').length],
      ['/broken/post.njk', postRoutes.length],
    ]);
  });
});

describe('renderRoutes, staging errors', () => {
  it('an error with a code (the disk full) is returned as data, and the loop stops there', async () => {
    const { staged, stage } = recorder();
    const failing: StageFile = (file, data) => {
      if (staged.length === 2) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC' });
      return stage(file, data);
    };
    let pauses = 0;
    const result = await renderRoutes(fixture.routes, sessionWith(), failing, async () => {
      pauses++;
    });
    expect(result.writeError).toEqual({ code: 'ENOSPC', message: `ENOSPC: no space left on device, write '${rendered[2]?.file}'` });
    expect(result.files).toEqual(rendered.slice(0, 2).map((route) => ({ file: route.file, staged: true })));
    expect(pauses).toBe(3);
    expect(result.failures).toEqual([]);
  });

  it("an error without a code is gazette's own: thrown", async () => {
    const failing: StageFile = () => {
      throw new Error('a bug');
    };
    await expect(renderRoutes(fixture.routes, sessionWith(), failing)).rejects.toThrow('a bug');
  });

  it("an error while rendering that is not a template's (a body the session cannot find) is thrown", async () => {
    const lost: RenderSession = {
      ...sessionWith(),
      detailsOf: () => {
        throw new Error('no body stored');
      },
    };
    await expect(renderRoutes(postRoutes.slice(0, 1), lost, recorder().stage)).rejects.toThrow('no body stored');
  });
});
