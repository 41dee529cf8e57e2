/**
 * The one executor (src/build/execute.ts executePlan): what it puts in the
 * destination for each kind of plan, and that on any failure (a template
 * that cannot render, a write refused, a damaged body pack, a static file
 * gone) it removes what it staged and leaves the destination byte for byte
 * as it was. Plans come from the real planners, on the small news site of
 * test/fixtures/watch/site.ts with its body packs.
 */

import { hash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DamagedCache } from '../src/build/errors.js';
import { type ExecuteOptions, executePlan } from '../src/build/execute.js';
import { fingerprintRoutes } from '../src/build/fingerprint.js';
import type { BuildPlan, PlanBodies } from '../src/build/plan.js';
import { planBodyEdit } from '../src/build/planners/body-edit.js';
import { planFull } from '../src/build/planners/full.js';
import { writePack } from '../src/cache/body-store.js';
import type { TemplateSet } from '../src/content/template-files.js';
import { MANIFEST_FILE, type Manifest, readManifest } from '../src/output/manifest.js';
import { STAGING_DIR } from '../src/output/write.js';
import { PagesNotRendered } from '../src/render/render-failures.js';
import { createTemplates, type Templates } from '../src/render/templates.js';
import { CHUNK_DOCS, searchIndexFiles } from '../src/search/index-files.js';
import { planRoutes } from '../src/site/routes.js';
import { buildSite } from '../src/site/site.js';
import type { PostSummary } from '../src/types.js';
import { entryOf, KEY, lastBuildOf, makePlanSite, NOW, removePlanSites } from './fixtures/plan/site.js';
import type { FixturePost } from './fixtures/watch/site.js';
import { relatedChanged } from './helpers/related-model.js';
import { listFiles, readTree, treeDifferences } from './helpers/site.js';

afterAll(removePlanSites);

const fixture = makePlanSite('execute');
const LOGO = 'assets/img/logo.svg';
/** The search index's files: the plan's bodies carry no terms, so no shards, only the manifest, the edits list and the card chunks. */
const INDEX_FILES = [...searchIndexFiles(fixture.site.posts.map((post) => ({ ...post, dateDisplay: '', search: undefined })))].map((file) => file.file);
const ALL_FILES = [...new Set([...fixture.routes.map((route) => route.file), ...INDEX_FILES])].sort();
/** The chunk of search cards that shows post `n` (ids are places in the site's list, newest first). */
const chunkOf = (n: number) => `search/d/${Math.floor(fixture.site.posts.findIndex((post) => post.source === fixture.posts[n]?.source) / CHUNK_DOCS)}.json`;
let destinations = 0;
const newDestination = () => join(fixture.root, `out-${++destinations}`);

/** Options as a build passes them, recording the phases timed and whether `meanwhile` ran. */
function optionsFor(destination: string, hook?: (phase: string) => void) {
  const phases: string[] = [];
  let meanwhile = 0;
  const options: ExecuteOptions = {
    destination,
    pool: () => {
      throw new Error('no worker pool below 300 pages');
    },
    meanwhile: () => {
      meanwhile++;
    },
    time: async (phase, work) => {
      phases.push(phase);
      hook?.(phase);
      return await work();
    },
  };
  return { options, phases, meanwhile: () => meanwhile };
}

function fullPlan(
  input: {
    previous?: Manifest | undefined;
    summaries?: (summaries: PostSummary[]) => PostSummary[];
    templates?: Templates;
    bodies?: PlanBodies;
    staticsChanged?: Set<string>;
  } = {},
): BuildPlan {
  const summaries = fixture.entries.map((entry) => entry.summary as PostSummary);
  const site = buildSite(input.summaries ? input.summaries(summaries) : summaries, [], fixture.config, NOW);
  return planFull({
    site,
    routes: planRoutes(site, fixture.statics, NOW).routes,
    templates: input.templates ?? fixture.templates,
    bodies: input.bodies ?? fixture.bodies,
    previous: input.previous,
    staticsChanged: input.staticsChanged,
  });
}

/** A destination holding a cold build of the fixture, and its manifest. */
async function builtDestination(): Promise<{ destination: string; manifest: Manifest }> {
  const destination = newDestination();
  await executePlan(fullPlan(), optionsFor(destination).options);
  return { destination, manifest: (await readManifest(destination)) as Manifest };
}

const retitled = (summaries: PostSummary[]) =>
  summaries.map((post) => (post.source === fixture.posts[10]?.source ? { ...post, title: '바뀐 제목', digest: 'edited' } : post));

function brokenTemplates(name: string): Templates {
  const set = fixture.templates.set;
  const text = '{% extends "base.njk" %}\n{% block content %}{{ nothing.here() }}{% endblock %}\n';
  const edited: TemplateSet = { ...set, files: { ...set.files, [name]: { path: `/broken/${name}`, text } }, key: `${set.key} broken ${name}` };
  return createTemplates(edited);
}

/** Runs `fail` against a built destination and checks that it rejects and leaves every byte as it was, without staging. */
async function expectUntouched(destination: string, fail: () => Promise<unknown>): Promise<unknown> {
  const before = await readTree(destination);
  let thrown: unknown;
  await fail().then(
    () => expect.unreachable('the execute should have failed'),
    (cause: unknown) => {
      thrown = cause;
    },
  );
  expect(treeDifferences(before, await readTree(destination))).toEqual([]);
  expect(existsSync(join(destination, STAGING_DIR))).toBe(false);
  return thrown;
}

describe('executePlan, a first build (no manifest)', () => {
  it("writes every file and the manifest with every route's fingerprint, into a destination it makes", async () => {
    const destination = newDestination();
    const plan = fullPlan();
    const run = optionsFor(destination);
    const executed = await executePlan(plan, run.options);
    expect(executed.files).toEqual(ALL_FILES);
    expect(executed.staged).toEqual(ALL_FILES);
    expect(executed.written).toBe(ALL_FILES.length);
    expect(executed.removed).toBe(0);
    expect(executed.skipped).toEqual([]);
    expect(executed.rendered).toBe(plan.render.length);
    expect(await listFiles(destination, { manifest: true })).toEqual([...ALL_FILES, MANIFEST_FILE].sort());
    expect(readFileSync(join(destination, LOGO))).toEqual(readFileSync(join(fixture.source, LOGO)));
    const fingerprints = Object.fromEntries(
      [...fingerprintRoutes(plan.routes, plan.site, plan.templates)].map(([route, fingerprint]) => [route.file, fingerprint]),
    );
    expect(executed.fingerprints).toEqual(fingerprints);
    expect(await readManifest(destination)).toEqual({
      version: 1,
      generator: 'gazette',
      files: ALL_FILES,
      routes: Object.fromEntries(Object.entries(fingerprints).sort(([x], [y]) => (x < y ? -1 : 1))),
    });
    expect(executed.manifest).toEqual(await readManifest(destination));
  });

  it('renders on this thread below 300 pages, times render then write, and runs `meanwhile` once', async () => {
    const run = optionsFor(newDestination());
    const executed = await executePlan(fullPlan(), run.options);
    expect(run.phases).toEqual(['render', 'write']);
    expect(run.meanwhile()).toBe(1);
    expect(Object.keys(executed.templateMs).sort()).toEqual([
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
    ]);
  });
});

describe('executePlan, a rebuild with the manifest', () => {
  it('of the same site: nothing rendered, staged or written, every byte as it was', async () => {
    const { destination, manifest } = await builtDestination();
    const before = await readTree(destination);
    const executed = await executePlan(fullPlan({ previous: manifest, staticsChanged: new Set() }), optionsFor(destination).options);
    expect([executed.rendered, executed.written, executed.removed, executed.staged]).toEqual([0, 0, 0, []]);
    expect(executed.files).toEqual(ALL_FILES);
    expect(treeDifferences(before, await readTree(destination))).toEqual([]);
  });

  it("a post's title changed: the routes that show it rendered and written, nothing else touched; as a first build of the new site", async () => {
    const { destination, manifest } = await builtDestination();
    const before = await readTree(destination);
    const plan = fullPlan({ previous: manifest, summaries: retitled });
    const changed = plan.render.map((route) => route.file).sort();
    // The post, its neighbours, the lists and feed that show it, and the posts whose related list shows its title.
    const retitledPost = fixture.posts[10] as FixturePost;
    const relatedShowIt = relatedChanged(
      fixture.posts,
      fixture.posts.map((post) => (post === retitledPost ? { ...post, title: '바뀐 제목' } : post)),
    );
    expect(relatedShowIt.length).toBeGreaterThan(0);
    expect(changed).toEqual(
      [
        ...new Set(
          [fixture.posts[9], fixture.posts[10], fixture.posts[11]]
            .map((post) => post?.output as string)
            .concat([
              'page3/index.html',
              '2024/page3/index.html',
              '2024/01/page2/index.html',
              'categories/정치/index.html',
              'feed/정치.xml',
              'search/index.json',
            ])
            .concat(relatedShowIt),
        ),
      ].sort(),
    );
    const executed = await executePlan(plan, optionsFor(destination).options);
    // Of the search index, only the chunk with the post's card changes.
    const written = [...changed.filter((file) => file !== 'search/index.json'), chunkOf(10)].sort();
    expect(executed.staged).toEqual(written);
    expect(executed.written).toBe(written.length);
    const after = await readTree(destination);
    expect(treeDifferences(before, after)).toEqual([...written.map((file) => `differs: ${file}`), `differs: ${MANIFEST_FILE}`].sort());
    const clean = newDestination();
    await executePlan(fullPlan({ summaries: retitled }), optionsFor(clean).options);
    expect(treeDifferences(after, await readTree(clean))).toEqual([]);
  });

  it('a route rendered again with the same bytes (a new digest alone) is not staged; its new fingerprint is in the manifest', async () => {
    const { destination, manifest } = await builtDestination();
    const newest = fixture.posts[23]?.source;
    const plan = fullPlan({ previous: manifest, summaries: (all) => all.map((post) => (post.source === newest ? { ...post, digest: 'edited' } : post)) });
    expect(plan.render.map((route) => route.file)).toEqual([fixture.posts[23]?.output, 'feed.xml', 'feed/경제.xml', 'feed/사회.xml', 'search/index.json']);
    const executed = await executePlan(plan, optionsFor(destination).options);
    expect([executed.staged, executed.written]).toEqual([[], 0]);
    expect((await readManifest(destination))?.routes['feed.xml']).toBe(executed.fingerprints['feed.xml']);
    expect((await readManifest(destination))?.routes['feed.xml']).not.toBe(manifest.routes['feed.xml']);
  });

  it('a post removed: the files no route writes any more are removed, a file gazette did not write stays', async () => {
    const { destination, manifest } = await builtDestination();
    mkdirSync(join(destination, 'own'));
    writeFileSync(join(destination, 'own', 'note.txt'), '사이트 주인의 파일\n');
    const oldest = fixture.posts[0]?.source;
    const plan = fullPlan({ previous: manifest, summaries: (all) => all.filter((post) => post.source !== oldest) });
    const executed = await executePlan(plan, optionsFor(destination).options);
    const gone = [fixture.posts[0]?.output as string, '2024/01/page4/index.html', 'categories/경제/page4/index.html'].sort();
    expect(executed.removed).toBe(gone.length);
    expect(executed.files).toEqual(ALL_FILES.filter((file) => !gone.includes(file)));
    expect(await listFiles(destination, { manifest: true })).toEqual([...executed.files, MANIFEST_FILE, 'own/note.txt'].sort());
    expect((await readManifest(destination))?.files).toEqual(executed.files);
    expect(existsSync(join(destination, '2024', '01', '01'))).toBe(false);
  });
});

describe('executePlan, a replace commit (body edit)', () => {
  /** Post 0 (in no feed) with a new body, in a pack of its own. */
  function editedBody(): { entry: ReturnType<typeof entryOf>; bodies: PlanBodies } {
    const entry = entryOf(fixture, 0);
    const [ref] = writePack(fixture.bodyDir, [{ html: '<p>완전히 새로운 본문입니다.</p>', featureHtml: '', data: {} }], KEY);
    const edited = { ...entry, digest: 'edited', body: ref, summary: { ...(entry.summary as PostSummary), digest: 'edited' } };
    return { entry: edited, bodies: { ...fixture.bodies, refOf: (source) => (source === entry.source ? ref : fixture.bodies.refOf(source)) } };
  }

  it("replaces the edited post's page and nothing else; the manifest stays as it is", async () => {
    const { destination, manifest } = await builtDestination();
    const before = await readTree(destination);
    const { entry, bodies } = editedBody();
    const plan = planBodyEdit(lastBuildOf(fixture, manifest.files), [entry], { templates: fixture.templates, bodies }) as BuildPlan;
    const page = fixture.posts[0]?.output as string;
    expect(plan.render.map((route) => route.file)).toEqual([page]);
    const executed = await executePlan(plan, optionsFor(destination).options);
    expect([executed.staged, executed.written, executed.removed, executed.manifest]).toEqual([[page], 1, 0, undefined]);
    expect(treeDifferences(before, await readTree(destination))).toEqual([`differs: ${page}`]);
    expect(readFileSync(join(destination, page), 'utf8')).toContain('완전히 새로운 본문입니다.');
  });

  it("refuses a file the destination's manifest does not list, and leaves the destination as it was", async () => {
    const { destination, manifest } = await builtDestination();
    const { entry, bodies } = editedBody();
    const page = fixture.posts[0]?.output as string;
    const plan = planBodyEdit(
      lastBuildOf(
        fixture,
        manifest.files.filter((file) => file !== page),
      ),
      [entry],
      { templates: fixture.templates, bodies },
    ) as BuildPlan;
    const thrown = await expectUntouched(destination, () => executePlan(plan, optionsFor(destination).options));
    expect(String(thrown)).toContain("is not in the destination's manifest");
  });
});

describe('executePlan, failures leave the destination as it was', () => {
  it('a template that cannot render: PagesNotRendered with every failure, nothing staged left', async () => {
    const { destination, manifest } = await builtDestination();
    const plan = fullPlan({ previous: manifest, templates: brokenTemplates('post.njk') });
    expect(plan.render.every((route) => route.kind === 'post')).toBe(true);
    const thrown = await expectUntouched(destination, () => executePlan(plan, optionsFor(destination).options));
    expect(thrown).toBeInstanceOf(PagesNotRendered);
    expect((thrown as PagesNotRendered).failures).toEqual([
      {
        template: '/broken/post.njk',
        line: 2,
        column: 35,
        message: 'Unable to call `nothing["here"]`, which is undefined or falsey',
        url: '/2024/01/01/post-00/',
        pages: 24,
      },
    ]);
  });

  it('a template that cannot render in a first build: the destination the build made is removed again', async () => {
    const parent = newDestination();
    mkdirSync(parent);
    const destination = join(parent, 'deep', '_site');
    await expect(executePlan(fullPlan({ templates: brokenTemplates('category.njk') }), optionsFor(destination).options)).rejects.toBeInstanceOf(
      PagesNotRendered,
    );
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a write refused (the disk full): the error with its code', async () => {
    const { destination, manifest } = await builtDestination();
    const plan = fullPlan({ previous: manifest, summaries: retitled });
    // The staged copy of the retitled post's search chunk goes to /dev/full: its write fails with ENOSPC, as on a full disk.
    const name = hash('sha256', chunkOf(10), 'hex');
    const full = (phase: string) => {
      if (phase !== 'render') return;
      mkdirSync(join(destination, STAGING_DIR, name.slice(0, 2)), { recursive: true });
      symlinkSync('/dev/full', join(destination, STAGING_DIR, name.slice(0, 2), name));
    };
    const thrown = await expectUntouched(destination, () => executePlan(plan, optionsFor(destination, full).options));
    expect(thrown).toMatchObject({ code: 'ENOSPC' });
  });

  it('a write refused in a first build (written behind the render loop): the error with its code, and no destination left', async () => {
    const parent = newDestination();
    mkdirSync(parent);
    const destination = join(parent, '_site');
    // The staged home page is /dev/full: its write, queued while the next pages render, fails with ENOSPC.
    const full = (phase: string) => {
      if (phase === 'render') symlinkSync('/dev/full', join(destination, STAGING_DIR, 'index.html'));
    };
    await expect(executePlan(fullPlan(), optionsFor(destination, full).options)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a damaged body pack: DamagedCache naming it, though a template failed too (it may have failed for want of the body)', async () => {
    const { destination, manifest } = await builtDestination();
    const bodyDir = join(fixture.root, `bodies-damaged-${destinations}`);
    cpSync(fixture.bodyDir, bodyDir, { recursive: true });
    const pack = (fixture.bodies.refOf(fixture.posts[0]?.source as string) as { pack: string }).pack;
    writeFileSync(join(bodyDir, pack), readFileSync(join(bodyDir, pack)).subarray(1));
    const bodies: PlanBodies = { ...fixture.bodies, dir: bodyDir };
    const plan = fullPlan({
      previous: manifest,
      templates: brokenTemplates('category.njk'),
      bodies,
      summaries: (all) => all.map((post) => ({ ...post, digest: `edited ${post.digest}` })),
    });
    expect(plan.render.some((route) => route.kind === 'category')).toBe(true);
    const thrown = await expectUntouched(destination, () => executePlan(plan, optionsFor(destination).options));
    expect(thrown).toBeInstanceOf(DamagedCache);
    expect((thrown as DamagedCache).packs).toEqual([pack]);
  });

  it('a static file gone since it was planned: the error, nothing published', async () => {
    const { destination, manifest } = await builtDestination();
    const plan = fullPlan({ previous: manifest, summaries: retitled });
    const gone: BuildPlan = { ...plan, copy: [{ file: LOGO, from: join(fixture.root, 'no-such-logo.svg') }] };
    const thrown = await expectUntouched(destination, () => executePlan(gone, optionsFor(destination).options));
    expect(thrown).toMatchObject({ code: 'ENOENT' });
  });
});

describe('executePlan, a commit refused', () => {
  it('a folder the site owner put where a new file goes: refused before anything moves, the destination as it was', async () => {
    const { destination, manifest } = await builtDestination();
    mkdirSync(join(destination, 'notes.txt'));
    writeFileSync(join(destination, 'notes.txt', 'mine.txt'), '주인의 파일\n');
    const notes = join(fixture.root, 'notes.txt');
    writeFileSync(notes, '새 정적 파일\n');
    const plan = fullPlan({ previous: manifest, summaries: retitled });
    const withNotes: BuildPlan = { ...plan, copy: [...plan.copy, { file: 'notes.txt', from: notes }] };
    const thrown = await expectUntouched(destination, () => executePlan(withNotes, optionsFor(destination).options));
    expect(String(thrown)).toContain('notes.txt');
  });
});
