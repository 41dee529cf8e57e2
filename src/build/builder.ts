/**
 * `gazette build` as a library call. A Builder keeps what it read between
 * builds, so `watch` rebuilds re-read only the files that changed and
 * re-render only the routes whose fingerprints changed. Builds never
 * overlap: one asked for during another waits for it, and each replaces the
 * state whole (state.ts).
 *
 * Which build runs: with only post bodies changed, a body edit (from the
 * last build in memory, or from the edit index on disk for a new process);
 * otherwise a full build. Each is a planner and the one executor (plan.ts).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { type CacheStore, openCache } from '../cache/cache.js';
import { type BuildFlags, CONFIG_FILE } from '../config.js';
import { checkDestinationContents, checkDestinationPlace } from '../output/destination.js';
import { writeManifest } from '../output/manifest.js';
import { busyCores, type CpuSample, threadRule } from '../workers/threads.js';
import { buildBodyEdit } from './body-edit-build.js';
import { buildFromEditIndex } from './edit-index-build.js';
import { outOfSpace } from './errors.js';
import { buildFull } from './full-build.js';
import { pipelineKey } from './parse.js';
import { type Outcome, type Run, resultOf, startRun } from './result.js';
import { type BuilderState, currentManifest, loadSite, readSiteConfig, refreshSite } from './state.js';
import type { Builder, BuildOptions, BuildResult } from './types.js';

export type { Builder, BuildOptions, BuildResult, BuildStats } from './types.js';

/** One build with a fresh Builder, which leaves an edit index for the next (`editIndex` on unless said otherwise). */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const builder = createBuilder({ editIndex: true, ...options });
  try {
    return await builder.build();
  } finally {
    await builder.close();
  }
}

export function createBuilder(options: BuildOptions): Builder {
  const source = resolve(options.source ?? '.');
  const destination = resolve(options.destination ?? join(source, '_site'));
  const where = { source, destination };
  let state: BuilderState | undefined;

  const run = async (changed: readonly string[] | undefined): Promise<BuildResult> => {
    const started = startRun();
    // The state as the build got it: a build that throws leaves it (without a last build to edit from).
    let latest = state;
    try {
      const built = await buildOnce({ state, where, changed, options, run: started, hold: (next) => (latest = next) });
      state = built.state;
      return built.result;
    } catch (cause) {
      // The site as it was is still in place (the executor removed what it staged).
      state = latest && { ...latest, last: undefined };
      const full = outOfSpace(cause, destination);
      if (!full) throw cause;
      return resultOf(started, where, { diagnostics: [full], ...(latest ? { config: latest.site.config } : {}) });
    }
  };

  let queue: Promise<unknown> = Promise.resolve();
  return {
    build(changed) {
      const next = queue.then(() => run(changed));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      const manifest = state && currentManifest(state);
      if (manifest && manifest !== state?.manifest) writeManifest(destination, manifest);
      await state?.cache.flush();
      await state?.cache.close();
      state = undefined;
    },
  };
}

type Where = { readonly source: string; readonly destination: string };

interface BuildOnce {
  readonly state: BuilderState | undefined;
  readonly where: Where;
  /** Absolute paths changed since the last build; undefined: read everything. */
  readonly changed: readonly string[] | undefined;
  readonly options: BuildOptions;
  readonly run: Run;
  /** Told of each state the build moves to before it ends, so that one it throws from is not lost. */
  readonly hold: (state: BuilderState | undefined) => void;
}

/** One build from `state`: the next state (undefined when there is none to keep) and the result. */
async function buildOnce(input: BuildOnce): Promise<{ state: BuilderState | undefined; result: BuildResult }> {
  const { where, options, run } = input;
  const paths = (input.changed ?? []).map((path) => relative(where.source, path).split(sep).join('/'));
  const incremental = input.state !== undefined && input.changed !== undefined && !paths.includes(CONFIG_FILE);
  const now = options.now ?? new Date();
  const started = cpuSample();
  let state: BuilderState;
  if (incremental && input.state) {
    const before = input.state;
    state = { ...before, site: await run.time('discover', () => refreshSite(before.site, paths)) };
    input.hold(state);
    const edit = await buildBodyEdit(state, paths, run, { now, positions: options.removalPositions ?? false, searchState: options.cache ?? true });
    if (edit.outcome) return { state: edit.state, result: resultOf(run, where, edit.outcome) };
    state = edit.state;
  } else {
    await input.state?.cache.close();
    input.hold(undefined);
    const started = await startSession(where, run, options);
    if (!('state' in started)) return { state: undefined, result: resultOf(run, where, started.outcome) };
    state = started.state;
    input.hold(state);
  }
  const full = await buildFull(state, run, {
    now,
    positions: options.removalPositions ?? false,
    strict: options.strict ?? false,
    keepGoing: options.keepGoing ?? false,
    threads: threadRule(options.jobs, { cores: availableParallelism(), load: busyCores(started, cpuSample()) ?? loadavg()[0] ?? 0 }),
    editIndex: editIndexOn(options),
    editKeys: options.cache ?? true,
    searchState: options.cache ?? true,
    changed: incremental ? paths : undefined,
    onProgress: options.onProgress,
  });
  return { state: full.state, result: resultOf(run, where, { config: state.site.config, ...full.outcome }) };
}

/** What the machine's cores and this process have spent so far (threads.ts, busyCores). */
function cpuSample(): CpuSample {
  let total = 0;
  let idle = 0;
  for (const { times } of cpus()) {
    total += times.user + times.nice + times.sys + times.idle + times.irq;
    idle += times.idle;
  }
  const own = process.cpuUsage();
  return { at: performance.now(), total, idle, own: (own.user + own.system) / 1000 };
}

function editIndexOn(options: BuildOptions): boolean {
  return options.editIndex === true && (options.cache ?? true) && options.removalPositions !== true;
}

/**
 * A build with nothing in memory: read the config, check the destination,
 * list the files; publish body edits from the edit index when that is all
 * that changed; otherwise open the cache for a full build.
 */
async function startSession(where: Where, run: Run, options: BuildOptions): Promise<{ state: BuilderState } | { outcome: Outcome }> {
  const flags: BuildFlags = { drafts: options.drafts ?? false, future: options.future ?? false, unpublished: options.unpublished ?? false };
  const read = await readSiteConfig(where.source, flags);
  if ('usage' in read) return { outcome: { usage: read.usage } };
  if (!('config' in read)) return { outcome: { diagnostics: read.diagnostics } };
  const force = options.force ?? false;
  const refusal = await checkDestinationPlace({ ...where, force });
  if (refusal) return { outcome: { usage: { message: refusal.message, hint: refusal.hint } } };
  const site = await run.time('discover', () => loadSite(where.source, where.destination, read.config, read.diagnostics));
  if (editIndexOn(options)) {
    const strict = options.strict ?? false;
    const keepGoing = options.keepGoing ?? false;
    const edited = await buildFromEditIndex(site, run, { now: options.now ?? new Date(), strict, keepGoing });
    if (edited) return { outcome: edited };
  }
  const check = await checkDestinationContents({ destination: where.destination, force });
  if (!check.ok) return { outcome: { usage: { message: check.message, hint: check.hint } } };
  const cache: CacheStore = await openCache({ source: where.source, enabled: options.cache ?? true, pipelineKey: pipelineKey(site.config) });
  return { state: { site, cache, manifest: check.previous, renderedSince: {}, last: undefined } };
}
