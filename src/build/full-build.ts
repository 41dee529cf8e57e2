/**
 * A full build: parse the posts (cache hits and worker threads), render the
 * site's own pages, plan every route (planners/full.ts), execute the plan,
 * and leave the next build what it needs: the last build in memory for body
 * edits, the edit index on disk for the next `gazette build`.
 */
import { cacheFolder } from '../cache/cache.js';
import { removeEditIndex, writeEditIndex } from '../cache/edit-index.js';
import { readSearchState, type SearchState, saveSearchState } from '../cache/search-state.js';
import type { ResolvedConfig } from '../config.js';
import { listFolder, type SiteFiles } from '../content/discover.js';
import { type Diagnostic, warning } from '../diagnostics.js';
import type { Manifest } from '../output/manifest.js';
import { failureDiagnostics, PagesNotRendered } from '../render/render-failures.js';
import { MANIFEST_FILE as INDEX_MANIFEST_FILE } from '../search/index-files.js';
import { collectionsOf, migrationNote, pluginsOf } from '../site/migration.js';
import { paginationTemplate } from '../site/pagination.js';
import { planRoutes } from '../site/routes.js';
import { buildSite, type Site } from '../site/site.js';
import { createWorkerPool, type WorkerPool } from '../workers/pool.js';
import { sharedContext } from '../workers/render-task.js';
import type { ThreadRule } from '../workers/threads.js';
import { editKeyOf } from './edit-index-build.js';
import { DamagedCache } from './errors.js';
import { type Executed, executePlan } from './execute.js';
import { type ImageStage, processImages } from './images.js';
import { type ParsedContent, parseContent, pipelineKey } from './parse.js';
import type { BuildPlan } from './plan.js';
import { indexBodyRoutes, type LastBuild, validUntil } from './planners/body-edit.js';
import { editablePosts } from './planners/edit-index.js';
import { planFull } from './planners/full.js';
import type { Outcome, Run } from './result.js';
import { fullBuildSearchPatch, searchStateOf } from './search-edits.js';
import { renderSitePages, type SitePages } from './site-pages.js';
import { type BuilderState, currentManifest, inputFiles, staticFiles } from './state.js';
import type { BuildOptions } from './types.js';

export interface FullBuildOptions extends Pick<BuildOptions, 'onProgress'> {
  readonly now: Date;
  readonly positions: boolean;
  readonly strict: boolean;
  readonly keepGoing: boolean;
  /** Worker threads, and from how many posts and pages they are used (workers/threads.ts). */
  readonly threads: ThreadRule;
  /** Leave an edit index for the next `gazette build`. */
  readonly editIndex: boolean;
  /** Hash what other pages show of each post while parsing: the cache stores it, for the edit index. False without a cache on disk. */
  readonly editKeys: boolean;
  /** Keep the search index's state in the cache (cache/search-state.ts), so that the next build can patch the index. False without a cache on disk. */
  readonly searchState: boolean;
  /** In a rebuild, the files that changed (source paths); undefined: everything is read anew. */
  readonly changed: readonly string[] | undefined;
}

/**
 * The state for the next build, and what to report. A build that finds body
 * packs damaged (or not this machine's) commits nothing; the cache forgets
 * their posts, and the build runs again, parsing them. Once: the packs it
 * reads then are its own.
 */
export async function buildFull(state: BuilderState, run: Run, options: FullBuildOptions): Promise<{ state: BuilderState; outcome: Outcome }> {
  try {
    return await buildFullOnce(state, run, options);
  } catch (cause) {
    if (!(cause instanceof DamagedCache)) throw cause;
    state.cache.forget(cause.packs);
    return await buildFullOnce(state, run, options);
  }
}

async function buildFullOnce(state: BuilderState, run: Run, options: FullBuildOptions): Promise<{ state: BuilderState; outcome: Outcome }> {
  let pool: WorkerPool | undefined;
  const { threads } = options.threads;
  const poolOf = threads > 1 ? () => (pool ??= createWorkerPool({ threads })) : undefined;
  let cacheFlushed: Promise<void> | undefined;
  try {
    const content = await readContent(state, run, options, poolOf);
    try {
      return await publish(state, content, run, options, poolOf, (flushed) => (cacheFlushed = flushed));
    } finally {
      content.parsed.close();
    }
  } finally {
    await (pool as WorkerPool | undefined)?.close();
    // Now rather than on close: a watch session stopped by Ctrl-C has under a second to exit,
    // too little to write a large site's whole index, and a cache lost there is a cold start next time.
    await cacheFlushed;
    // Again when something changed since (entries of damaged packs forgotten).
    await state.cache.flush();
  }
}

/** The posts parsed, the pages rendered, the routes planned, and what all of them reported. */
interface SiteContent {
  parsed: ParsedContent;
  /** The posts' images: their copies are files of the site. */
  images: ImageStage;
  pages: SitePages;
  plan: ReturnType<typeof planRoutes>;
  diagnostics: Diagnostic[];
  removals: NonNullable<Outcome['removals']>;
  migration: string[];
}

async function readContent(state: BuilderState, run: Run, options: FullBuildOptions, pool: (() => WorkerPool) | undefined): Promise<SiteContent> {
  const { site, cache } = state;
  const { config, files } = site;
  const parsed = await run.time('parse', () =>
    parseContent({
      files,
      config,
      pool,
      poolFrom: options.threads.parseFrom,
      cache,
      positions: options.positions,
      editKeys: options.editKeys,
      onProgress: options.onProgress,
    }),
  );
  cache.update(parsed.entries);
  // Posts a body-edit attempt read are in the cache now: counted here.
  run.stats.parsed += parsed.parsed;
  run.stats.slowestPosts = parsed.entries
    .filter((entry) => entry.ms !== undefined && parsed.parsedNow.has(entry.source))
    .sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0))
    .slice(0, 5)
    .map((entry) => ({ source: entry.source, ms: entry.ms ?? 0 }));
  const images = await run.time('images', () =>
    processImages({ posts: parsed.posts, statics: staticFiles(site), config, root: site.source, dir: cache.imageDir, pool }),
  );
  run.stats.images = images.counts;
  const pages = await run.time('pages', () =>
    renderSitePages({
      site: buildSite(images.posts, [], config, options.now),
      pages: parsed.pages,
      statics: files.statics.map((file) => file.source),
      config,
      root: site.source,
      now: options.now,
      positions: options.positions,
      detailsOf: parsed.detailsOf,
    }),
  );
  // A page's Liquid read a post from a damaged pack: the page is wrong, and the post must be parsed again.
  if (parsed.damaged().length > 0) throw new DamagedCache(parsed.damaged());
  const plan = await run.time('plan', () => planRoutes(pages.site, staticFiles(site), options.now));
  const diagnostics = [
    ...site.configDiagnostics,
    ...files.diagnostics,
    ...parsed.diagnostics,
    ...images.diagnostics,
    ...pages.diagnostics,
    ...plan.diagnostics,
  ];
  const removals = [...parsed.posts.filter((p) => p.removed.length > 0).map((p) => ({ source: p.source, removed: p.removed })), ...pages.removals];
  Object.assign(run.stats, { posts: pages.site.posts.length, pages: pages.site.pages.length, sanitized: removals.length });
  return { parsed, images, pages, plan, diagnostics, removals, migration: jekyllMigration(site.source, config, files, pages) };
}

type FlushStarted = (flushed: Promise<void>) => void;

async function publish(
  state: BuilderState,
  content: SiteContent,
  run: Run,
  options: FullBuildOptions,
  pool: (() => WorkerPool) | undefined,
  flushStarted: FlushStarted,
) {
  const { diagnostics, removals, migration, parsed, pages } = content;
  const failing = diagnostics.some((d) => d.severity === 'error' || (options.strict && d.severity === 'warning'));
  if (failing && !options.keepGoing) return { state: { ...state, last: undefined }, outcome: { diagnostics, removals, migration } };
  const { site, cache } = state;
  const previous = currentManifest(state);
  const search = site.config.outputs.search && options.searchState ? searchStateStore(state) : undefined;
  const plan = planFull({
    site: pages.site,
    routes: content.plan.routes,
    generated: content.images.copies,
    templates: site.templates,
    bodies: { dir: cache.bodyDir, key: cache.key, refOf: (source) => parsed.bodyRefOf(source), searchOf: (source) => parsed.searchOf(source) },
    previous,
    staticsChanged: options.changed === undefined ? undefined : new Set(options.changed),
    patchSearchIndex: search
      ? () => fullBuildSearchPatch({ destination: site.destination, site: pages.site, previous, state: search.read(), searchOf: parsed.searchOf })
      : undefined,
  });
  let executed: Executed;
  try {
    executed = await executePlan(plan, {
      destination: site.destination,
      pool,
      poolFrom: options.threads.renderFrom,
      onProgress: options.onProgress,
      time: run.time,
      // The cache index is written while the workers render, not after the commit with the cores idle.
      meanwhile: () => {
        const flushed = cache.flush();
        // Awaited by buildFull; handled now, so that a failed write is not an unhandled rejection meanwhile.
        flushed.catch(() => undefined);
        flushStarted(flushed);
      },
    });
  } catch (cause) {
    if (!(cause instanceof PagesNotRendered)) throw cause;
    return { state: { ...state, last: undefined }, outcome: { diagnostics: [...diagnostics, ...failureDiagnostics(cause.failures, site.source)], removals } };
  }
  const last = lastBuild(plan, content, executed, options.now);
  const skipped = executed.skipped.map((s) => warning(s.path, `stale file left in place: ${s.reason}`, {}, 'remove it by hand if it should not be published'));
  Object.assign(run.stats, {
    written: executed.written,
    removed: executed.removed,
    unchanged: executed.files.length - executed.written,
    rendered: executed.rendered,
    templateMs: executed.templateMs,
  });
  const next: BuilderState = { ...state, manifest: executed.manifest, renderedSince: {}, last };
  search?.recordIndex(plan.site, executed.manifest);
  if (options.editIndex) await run.time('write', () => leaveEditIndex(next, last, executed, content, skipped.length > 0, run, options));
  const outcome: Outcome = { ok: true, config: site.config, diagnostics: [...diagnostics, ...skipped], removals, changedFiles: executed.staged, migration };
  return { state: next, outcome: content.plan.notes.length > 0 ? { ...outcome, notes: content.plan.notes } : outcome };
}

/**
 * The search state in the cache folder: read at most once a build, and
 * saved after a commit that wrote or patched the index (its fingerprint in
 * the manifest is not the one the state names).
 */
function searchStateStore(state: BuilderState) {
  const { site, cache } = state;
  const dir = cacheFolder(site.source, pipelineKey(site.config));
  let read: { state: SearchState | undefined } | undefined;
  const current = () => (read ??= { state: readSearchState(dir, cache.key) }).state;
  return {
    read: current,
    recordIndex(indexed: Site, manifest: Manifest | undefined): void {
      const fingerprint = manifest?.routes[INDEX_MANIFEST_FILE];
      if (fingerprint === undefined) return;
      const known = current();
      if (known?.fingerprint === fingerprint && known.destination === site.destination) return;
      saveSearchState(dir, searchStateOf(site.destination, indexed, fingerprint), cache.key);
    },
  };
}

function lastBuild(plan: BuildPlan, content: SiteContent, executed: Executed, now: Date): LastBuild {
  const { pages, parsed } = content;
  return {
    site: plan.site,
    routes: plan.routes,
    entries: new Map(parsed.entries.map((entry) => [entry.source, entry])),
    bodyRoutes: indexBodyRoutes(plan.routes),
    diagnostics: content.diagnostics,
    removals: content.removals,
    files: new Set(executed.manifest?.files ?? []),
    // A page whose Liquid read a post's body changes with it: no body edit may skip re-rendering it.
    validUntil: pages.readsPostDetails ? Number.NEGATIVE_INFINITY : validUntil(plan.site, parsed.posts, plan.routes, now),
  };
}

/**
 * The edit index for the next `gazette build`, also after a cold build: the
 * first build after it is then as quick as after any other. None when stale
 * files were left in place or a page shows post bodies (it is not in the
 * index's plans): the next build must then be a full one.
 */
function leaveEditIndex(
  state: BuilderState,
  last: LastBuild,
  executed: Executed,
  content: SiteContent,
  skippedStale: boolean,
  run: Run,
  options: FullBuildOptions,
): void {
  const { site, cache } = state;
  const dir = cacheFolder(site.source, pipelineKey(site.config));
  if (skippedStale || content.pages.readsPostDetails || !executed.manifest) {
    removeEditIndex(dir);
    return;
  }
  try {
    writeEditIndex({
      dir,
      cacheKey: cache.key,
      key: editKeyOf(site, options),
      destination: site.destination,
      inputs: inputFiles(site),
      editable: editablePosts(last),
      validUntil: last.validUntil,
      fingerprints: executed.manifest.routes,
      shared: sharedContext(executed.siteContext),
      report: {
        posts: run.stats.posts,
        pages: run.stats.pages,
        files: executed.manifest.files.length,
        diagnostics: content.diagnostics,
        removals: content.removals,
      },
    });
  } catch (cause) {
    // The site is published; without an index the next build is a full one, no less right.
    if (typeof (cause as NodeJS.ErrnoException).code !== 'string') throw cause;
    removeEditIndex(dir);
  }
}

/** The closing note on a Jekyll site (site/migration.ts), from the config, the files and the pages' Liquid. */
function jekyllMigration(source: string, config: ResolvedConfig, files: SiteFiles, pages: SitePages): string[] {
  return migrationNote({
    plugins: pluginsOf(config.raw),
    layouts: listFolder(source, '_layouts'),
    rawSass: files.statics.filter((file) => /\.s[ac]ss$/i.test(file.source)).map((file) => file.source),
    pluginTags: pages.pluginTags,
    paginationTemplate: paginationTemplate(pages.site.pages, config.paginatePath)?.source,
    collections: collectionsOf(config.raw),
  });
}
