/**
 * The one executor: stages what a BuildPlan renders and copies, commits it,
 * and says what it did. Pages go to the worker threads in batches when there
 * are enough of them; what needs the whole site (feeds, sitemaps, the search
 * index) renders on this thread meanwhile. Nothing is committed unless every
 * page rendered: on any failure the staging area is removed and the site in
 * the destination stays as it was.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createBodyReader, NO_DETAILS } from '../cache/body-store.js';
import type { Manifest } from '../output/manifest.js';
import { abortOutput, commitOutput, commitReplacements, prepareOutput, type SkippedStale, type Staging, stageCopy, stageFile } from '../output/write.js';
import { createWriteBehind } from '../output/write-behind.js';
import { createLinks, createSiteContext, type SiteContext } from '../render/context.js';
import type { RenderSession } from '../render/outputs.js';
import { mergeFailures, PagesNotRendered, type RenderFailure } from '../render/render-failures.js';
import { isPortable } from '../render/route-kinds.js';
import { type RoutesRendered, renderRoutes } from '../render/run-routes.js';
import type { Route } from '../site/routes.js';
import type { WorkerPool } from '../workers/pool.js';
import { renderBatches } from '../workers/render-batches.js';
import { portable, type RenderTask, sharedContext } from '../workers/render-task.js';
import { JOBS_RENDER_FROM } from '../workers/threads.js';
import { DamagedCache } from './errors.js';
import { fingerprintEach } from './fingerprint.js';
import type { BuildPlan } from './plan.js';

/** Runs `work`, adding its time to the phase. */
export type Timer = <T>(phase: string, work: () => Promise<T> | T) => Promise<T>;

export interface ExecuteOptions {
  destination: string;
  /** Worker threads, started on first use; undefined: everything renders on this thread. */
  pool: (() => WorkerPool) | undefined;
  /** Pages to render from which the pool is used. Default: JOBS_RENDER_FROM (workers/threads.ts). */
  poolFrom?: number;
  onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
  /** This thread's work to run once it has handed out the pages and rendered its own, while the workers render. */
  meanwhile?: () => void;
  time: Timer;
}

export interface Executed {
  /** Files staged because their bytes changed (or are new), sorted. */
  staged: string[];
  /** Every output file of the plan (kept, copied, rendered), sorted. */
  files: string[];
  rendered: number;
  templateMs: Record<string, number>;
  /** Output file → route fingerprint of every route the plan rendered or kept. */
  fingerprints: Record<string, string>;
  /** What the pages showed of the whole site, for the edit index. */
  siteContext: SiteContext;
  /** Files moved into place. */
  written: number;
  removed: number;
  skipped: readonly SkippedStale[];
  /** After a 'site' commit: the manifest now in the destination. */
  manifest?: Manifest;
}

/** Routes fingerprinted between two turns of the event loop while the workers render. */
const ROUTES_PER_TURN = 1000;

export async function executePlan(plan: BuildPlan, options: ExecuteOptions): Promise<Executed> {
  const staging = prepareOutput(options.destination);
  try {
    const staged = plan.copy.filter((copy) => stageCopy(staging, copy.file, copy.from) === 'staged').map((copy) => copy.file);
    const extra = plan.extra ?? [];
    for (const file of extra) if (stageFile(staging, file.file, file.data) === 'staged') staged.push(file.file);
    const rendering = await options.time('render', () => renderPlan(plan, staging, options));
    staged.push(...rendering.staged);
    staged.sort();
    const files = [...new Set([...plan.keep, ...plan.copy.map((copy) => copy.file), ...extra.map((file) => file.file), ...rendering.files])].sort();
    const commit = await options.time('write', () => commitPlan(plan, staging, files, staged, rendering.fingerprints));
    return { ...rendering, ...commit, staged, files };
  } catch (cause) {
    abortOutput(options.destination, staging);
    throw cause;
  }
}

function commitPlan(plan: BuildPlan, staging: Staging, files: readonly string[], staged: readonly string[], fingerprints: Record<string, string>) {
  if (plan.commit.kind === 'replace') return { written: commitReplacements(staging, staged, plan.commit.owned), removed: 0, skipped: [] };
  const commit = commitOutput(staging, files, plan.commit.previous, fingerprints, staged);
  return { written: commit.written, removed: commit.removed, skipped: commit.skipped, manifest: commit.manifest };
}

interface PlanRendered {
  files: string[];
  staged: string[];
  rendered: number;
  templateMs: Record<string, number>;
  fingerprints: Record<string, string>;
  siteContext: SiteContext;
}

async function renderPlan(plan: BuildPlan, staging: Staging, options: ExecuteOptions): Promise<PlanRendered> {
  const siteContext = plan.shared ? { ...plan.shared, links: createLinks(plan.site.config) } : createSiteContext(plan.site);
  const fingerprints: Record<string, string> = {};
  if (plan.fingerprints !== 'while-rendering') for (const [route, fingerprint] of plan.fingerprints) fingerprints[route.file] = fingerprint;
  const pool = options.pool && plan.render.length >= (options.poolFrom ?? JOBS_RENDER_FROM) ? options.pool() : undefined;
  const away = pool ? plan.render.filter(isPortable) : [];
  const here = pool ? plan.render.filter((route) => !isPortable(route)) : plan.render;
  // Handed out first; a batch that fails is reported once every batch has ended, since until then threads still write into staging.
  const batches = pool ? renderInPool(pool, away, plan, siteContext, staging, options.onProgress) : [];
  const outcomes = Promise.allSettled(batches);
  let mine: RoutesRendered & { damaged: string[] };
  try {
    if (plan.fingerprints === 'while-rendering') await fingerprintMeanwhile(plan, fingerprints);
    mine = await renderHere(plan, here, siteContext, staging);
    options.meanwhile?.();
  } catch (cause) {
    await outcomes;
    throw cause;
  }
  const results = [mine, ...(await settled(outcomes))];
  const failed = results.find((result) => result.writeError)?.writeError;
  if (failed) throw Object.assign(new Error(failed.message), { code: failed.code });
  // Checked first: what failed may have failed for want of a body.
  const damaged = results.flatMap((result) => result.damaged);
  if (damaged.length > 0) throw new DamagedCache(damaged);
  const failures: RenderFailure[] = mergeFailures(results.flatMap((result) => result.failures));
  if (failures.length > 0) throw new PagesNotRendered(failures);
  const templateMs: Record<string, number> = {};
  for (const result of results) for (const [template, ms] of Object.entries(result.templateMs)) templateMs[template] = (templateMs[template] ?? 0) + ms;
  const rendered = results.flatMap((result) => result.files);
  return {
    files: rendered.map((output) => output.file),
    staged: rendered.filter((output) => output.staged).map((output) => output.file),
    rendered: plan.render.length,
    templateMs,
    fingerprints,
    siteContext,
  };
}

async function settled<T>(outcomes: Promise<PromiseSettledResult<T>[]>): Promise<T[]> {
  const all = await outcomes;
  const failed = all.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return all.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

/** This thread's share: the routes no batch can carry, letting the event loop turn between them (the pool hands out batches on a turn). */
async function renderHere(plan: BuildPlan, routes: readonly Route[], siteContext: SiteContext, staging: Staging) {
  const reader = createBodyReader(plan.bodies.dir, plan.bodies.key);
  const session: RenderSession = {
    site: plan.site,
    routes: plan.routes,
    templates: plan.templates,
    siteContext,
    detailsOf: (post) => {
      const ref = plan.bodies.refOf(post.source);
      if (!ref) throw new Error(`no body stored for ${post.source}`);
      return reader.read(ref) ?? NO_DETAILS;
    },
    searchOf: (post) => plan.bodies.searchOf?.(post.source),
  };
  const behind = createWriteBehind(staging);
  try {
    const rendered = await renderRoutes(
      routes,
      session,
      (file, data) => behind.stage(file, data),
      () => behind.room() ?? nextTurn(),
    );
    const writeError = rendered.writeError ?? (await writeErrorOf(behind.settled()));
    return { ...rendered, ...(writeError ? { writeError } : {}), damaged: [...reader.damaged] };
  } catch (cause) {
    // The writes still queued would go on into the staging the build is about to clear.
    await behind.settled().catch(() => undefined);
    throw cause;
  } finally {
    reader.close();
  }
}

/** A write that failed for a reason the system names (the disk full, no permission), as renderRoutes reports one; other failures are thrown. */
async function writeErrorOf(settled: Promise<void>): Promise<RoutesRendered['writeError']> {
  try {
    await settled;
    return undefined;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw cause;
    return { code, message: (cause as Error).message };
  }
}

function renderInPool(
  pool: WorkerPool,
  routes: readonly Route[],
  plan: BuildPlan,
  siteContext: SiteContext,
  staging: Staging,
  onProgress: ExecuteOptions['onProgress'],
) {
  const shared = sharedContext(siteContext);
  let done = 0;
  return renderBatches(routes, pool.threads).map(async (batch) => {
    const bodies: RenderTask['bodies'] = {};
    for (const route of batch) {
      const ref = route.kind === 'post' ? plan.bodies.refOf(route.post.source) : undefined;
      if (ref && route.kind === 'post') bodies[route.post.source] = ref;
    }
    const task: RenderTask = {
      config: plan.site.config,
      templates: plan.templates.set,
      shared,
      bodyDir: plan.bodies.dir,
      key: plan.bodies.key,
      bodies,
      staging,
      routes: batch.map(portable),
    };
    const result = await pool.render(task);
    done += batch.length;
    onProgress?.('render', done, routes.length);
    return result;
  });
}

/** A cold build's fingerprints, recorded for the next build while the workers render. */
async function fingerprintMeanwhile(plan: BuildPlan, fingerprints: Record<string, string>): Promise<void> {
  let count = 0;
  for (const [route, fingerprint] of fingerprintEach(plan.routes, plan.site, plan.templates)) {
    fingerprints[route.file] = fingerprint;
    if (++count % ROUTES_PER_TURN === 0) await nextTurn();
  }
}
