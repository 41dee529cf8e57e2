/**
 * `gazette build` as a library call: read → parse → assemble → plan →
 * render → write. Input and output stay at the two ends; everything between
 * is data. Content problems come back as diagnostics, never as exceptions.
 *
 * A Builder keeps what it read between builds, so `watch` rebuilds re-read
 * only the files that changed and re-render only the routes whose
 * fingerprints changed.
 */
import { lstatSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join, relative, resolve, sep } from 'node:path';
import { type BuildFlags, CONFIG_FILE, type ResolvedConfig, resolveConfig } from '../config.js';
import { discover, listFolder, type PostSourceFile, type SiteFiles, type SourceFile } from '../content/discover.js';
import { type Diagnostic, countBySeverity, error, warning } from '../diagnostics.js';
import { checkDestinationContents, checkDestinationPlace } from '../output/destination.js';
import type { Manifest } from '../output/manifest.js';
import { writeManifest } from '../output/manifest.js';
import { type Staging, abortOutput, commitOutput, commitReplacements, prepareOutput, siteBytes, stageCopy, stageFile } from '../output/write.js';
import { indexBodyRoutes, type LastBuild, planBodyEdit, validUntil } from './planners/body-edit.js';
import { createBodyReader, NO_DETAILS } from '../cache/body-store.js';
import { type CacheStore, cacheFolder, openCache } from '../cache/cache.js';
import { cacheKey } from '../cache/cache-key.js';
import { editIndexKey, removeEditIndex, writeEditIndex } from '../cache/edit-index.js';
import { quickBuild } from './planners/edit-index.js';
import { fingerprintEach, fingerprintRoutes } from './fingerprint.js';
import { type ParsedContent, parseContent, parseFileOf, pipelineKey, unchangedEntry } from './parse.js';
import type { ParsedEntry } from '../workers/parse-task.js';
import { createWorkerPool, type WorkerPool } from '../workers/pool.js';
import { renderBatches } from '../workers/render-batches.js';
import { PORTABLE_KINDS, portable, type RenderTask, sharedContext } from '../workers/render-task.js';
import { availableParallelism } from 'node:os';
import type { BodyRef } from '../cache/body-store.js';
import { listThemeAssets } from '../content/theme-assets.js';
import { createSiteContext, type SiteContext } from '../render/context.js';
import { type RenderSession, renderRoute, templateOf } from '../render/outputs.js';
import { failureDiagnostics, isTemplateError, mergeFailures, PagesNotRendered, type RenderFailure, renderedOrFailed } from '../render/render-failures.js';
import { createTemplates, THEME_ASSETS, type Templates } from '../render/templates.js';
import { type Route, planRoutes } from '../site/routes.js';
import { buildSite, type Site } from '../site/site.js';
import { renderSitePages, type SitePages } from './site-pages.js';
import { collectionsOf, migrationNote, pluginsOf } from '../site/migration.js';
import { paginationTemplate } from '../site/pagination.js';

export interface BuildOptions {
  /** The site folder. Default: the current directory. */
  source?: string;
  /** Default: `<source>/_site`. */
  destination?: string;
  /** Include `_drafts/`. */
  drafts?: boolean;
  /** Publish future-dated posts. */
  future?: boolean;
  /** Publish `published: false` posts. */
  unpublished?: boolean;
  /** Build into a non-empty folder gazette did not create. */
  force?: boolean;
  /** Publish the site without the failing posts instead of failing the build. */
  keepGoing?: boolean;
  /** Warnings count as errors. */
  strict?: boolean;
  /** Worker threads for parsing; 1 = in this thread. Default: the number of cores. */
  jobs?: number;
  /** Use and update `<source>/.gazette-cache/`. Default true. */
  cache?: boolean;
  /** The build's clock (future posts, news sitemap). Default: the time each build starts. */
  now?: Date;
  /** Record the line and column of what the sanitiser removes (slower parsing; `--verbose`). Default false. */
  removalPositions?: boolean;
  /** Called as work progresses, for progress bars. */
  onProgress?: (phase: string, done: number, total: number) => void;
  /**
   * Publish edits of post bodies from the edit index the last build left in
   * the cache, and leave one for the next build (pipeline/edit-index.ts).
   * Needs the cache; not with `removalPositions`. Default: true for `build`,
   * false for a Builder (a watch session keeps its last build in memory).
   */
  editIndex?: boolean;
}

export interface BuildStats {
  posts: number;
  pages: number;
  /** Files whose bytes changed (or are new). */
  written: number;
  unchanged: number;
  removed: number;
  /** Posts parsed this build (others came from the cache). */
  parsed: number;
  /** Routes rendered this build (others were skipped as unchanged). */
  rendered: number;
  /** Posts from which the sanitiser removed something. */
  sanitized: number;
  warnings: number;
  errors: number;
  ms: number;
  /** Milliseconds per phase. */
  phases: Record<string, number>;
  /** The posts that took longest to parse this build, slowest first. */
  slowestPosts: { source: string; ms: number }[];
  /** Milliseconds spent rendering, per template (or output kind), summed over threads. */
  templateMs: Record<string, number>;
  /** Only post bodies changed, and the build published them from the edit index, without planning the site. */
  fromEditIndex: boolean;
}

export interface BuildResult {
  /** False when nothing was published because of errors (content or config). */
  ok: boolean;
  /** A problem with how gazette was called (exit 2), not with the content. */
  usage?: { message: string; hint: string };
  diagnostics: Diagnostic[];
  stats: BuildStats;
  /** Posts that had something removed by the sanitiser, for `--verbose`. */
  removals: { source: string; removed: readonly { what: string; line?: number; column?: number }[] }[];
  /** Output files written (changed) by this build, for live reload. */
  changedFiles: string[];
  /** Generated pages the site's own files replaced (the home list by `index.md`, …), for `--verbose`. */
  notes?: string[];
  /** On a Jekyll site, what was not carried over (site/migration.ts): printed once, after the diagnostics. */
  migration?: string[];
  /** The config the build used (absent when it could not be read). */
  config?: ResolvedConfig;
  source: string;
  destination: string;
}

export interface Builder {
  /**
   * Build. With `changed` (absolute paths that were added, changed or
   * removed since the last build), only those are re-read; without it,
   * everything is.
   */
  build(changed?: readonly string[]): Promise<BuildResult>;
  /** Writes the cache index and frees the scratch space. */
  close(): Promise<void>;
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const builder = createBuilder({ editIndex: true, ...options });
  try {
    return await builder.build();
  } finally {
    await builder.close();
  }
}

/** Runs `work`, adding its time to the phase. */
type Timer = <T>(phase: string, work: () => Promise<T> | T) => Promise<T>;

interface State {
  config: ResolvedConfig;
  configDiagnostics: Diagnostic[];
  files: SiteFiles;
  themeAssets: SourceFile[];
  cache: CacheStore;
  templates: Templates;
  previous: Manifest | undefined;
  /** `files` by source path, for rebuilds of a few files. */
  fileIndex: Map<string, SourceFile>;
  /** The last successful build, for rebuilds of body edits (owned here, updated in place); undefined after a failed one. */
  last: (LastBuild & { routes: Route[]; entries: Map<string, ParsedEntry>; removals: BuildResult['removals']; files: ReadonlySet<string> }) | undefined;
  /** Fingerprints of pages rendered since the manifest was written: merged into it by the next full build, or on close. */
  fingerprintUpdates: Map<string, string>;
}

export function createBuilder(options: BuildOptions): Builder {
  const source = resolve(options.source ?? '.');
  const destination = resolve(options.destination ?? join(source, '_site'));
  const siteTemplates = join(source, 'templates');
  const flags: BuildFlags = { drafts: options.drafts ?? false, future: options.future ?? false, unpublished: options.unpublished ?? false };
  let state: State | undefined;
  const editIndexOn = options.editIndex === true && (options.cache ?? true) && options.removalPositions !== true;
  const editKey = (config: ResolvedConfig, templates: Templates) =>
    editIndexKey({ config, templates: templates.fingerprintAll(), destination, strict: options.strict ?? false, keepGoing: options.keepGoing ?? false });

  /** A build of post body edits from the edit index (see quick-build.ts); undefined: a full build is needed. */
  const publishBodyEdits = async (input: { config: ResolvedConfig; files: SiteFiles; themeAssets: SourceFile[]; templates: Templates; now: Date; stats: BuildStats; time: Timer }): Promise<Partial<BuildResult> | undefined> => {
    const { config, files, stats } = input;
    const quick = await quickBuild({
      dir: cacheFolder(source, pipelineKey(config)), key: editKey(config, input.templates), cacheKey: cacheKey(), config, destination, siteTemplates, templates: input.templates,
      posts: files.posts, inputs: inputFiles(input.themeAssets, files), now: input.now, time: input.time,
    });
    if (!quick) return undefined;
    const { report } = quick.index;
    Object.assign(stats, {
      posts: report.posts,
      pages: report.pages,
      written: quick.written.length,
      unchanged: report.files - quick.written.length,
      parsed: quick.parsed.length,
      rendered: quick.rendered,
      sanitized: quick.removals.length,
      templateMs: quick.templateMs,
      slowestPosts: quick.parsed.map((entry) => ({ source: entry.source, ms: entry.ms ?? 0 })).sort((a, b) => b.ms - a.ms).slice(0, 5),
      fromEditIndex: true,
    });
    return { ok: true, config, diagnostics: report.diagnostics, removals: quick.removals, changedFiles: quick.written };
  };

  const reset = async () => {
    await state?.cache.close();
    state = undefined;
  };

  /**
   * A build that found body packs damaged (or not this machine's) while
   * rendering commits nothing; the cache has forgotten their posts, and the
   * build runs again, parsing them. Once: the packs it reads then are its own.
   */
  const run = async (changed: readonly string[] | undefined): Promise<BuildResult> => {
    const started = performance.now();
    try {
      try {
        return await runOnce(changed);
      } catch (cause) {
        if (!(cause instanceof DamagedCache)) throw cause;
        return await runOnce(changed);
      }
    } catch (cause) {
      // The site as it was is still in place (abortOutput); what the build wrote is gone.
      const full = outOfSpace(cause, destination);
      if (!full) throw cause;
      if (state) state.last = undefined;
      const stats: BuildStats = { ...emptyStats(), errors: 1, ms: performance.now() - started };
      return { ok: false, diagnostics: [full], stats, removals: [], changedFiles: [], source, destination, ...(state ? { config: state.config } : {}) };
    }
  };

  const runOnce = async (changed: readonly string[] | undefined): Promise<BuildResult> => {
    const started = performance.now();
    const phases: Record<string, number> = {};
    const time: Timer = async (phase, work) => {
      const begin = performance.now();
      try {
        return await work();
      } finally {
        phases[phase] = (phases[phase] ?? 0) + performance.now() - begin;
      }
    };
    const stats: BuildStats = { ...emptyStats(), phases };
    const result = (fields: Partial<BuildResult>): BuildResult => {
      const diagnostics = fields.diagnostics ?? [];
      const counts = countBySeverity(diagnostics);
      stats.warnings = counts.warnings;
      stats.errors = counts.errors;
      stats.ms = performance.now() - started;
      return { ok: false, diagnostics, stats, removals: [], changedFiles: [], source, destination, ...(state ? { config: state.config } : {}), ...fields };
    };

    const rel = (changed ?? []).map((path) => relative(source, path).split(sep).join('/'));
    const positions = options.removalPositions ?? false;
    const incremental = state !== undefined && changed !== undefined && !rel.includes(CONFIG_FILE);
    if (!incremental) {
      await reset();
      const isFolder = await stat(source).then((s) => s.isDirectory(), () => false);
      if (!isFolder) return result({ usage: { message: `the source folder ${source} does not exist or is not a folder`, hint: 'pass the site folder with -s/--source' } });
      const configText = await readFile(join(source, CONFIG_FILE), 'utf8').catch((cause: NodeJS.ErrnoException) => {
        if (cause.code === 'ENOENT') return undefined;
        throw cause;
      });
      const { config, diagnostics: configDiagnostics } = resolveConfig(configText, flags);
      if (configDiagnostics.some((d) => d.severity === 'error')) return result({ diagnostics: configDiagnostics });
      const force = options.force ?? false;
      const refusal = await checkDestinationPlace({ source, destination, force });
      if (refusal) return result({ usage: { message: refusal.message, hint: refusal.hint } });
      const files = await time('discover', () => discover({ root: source, destination, drafts: config.showDrafts, exclude: config.exclude, include: config.include, markdownExt: config.markdownExt, symlinksAllowed: config.symlinksAllowed }));
      const themeAssets = await listThemeAssets(THEME_ASSETS);
      const templates = createTemplates({ siteTemplates, baseurl: config.baseurl, url: config.url });
      if (editIndexOn) {
        const quick = await publishBodyEdits({ config, files, themeAssets, templates, now: options.now ?? new Date(), stats, time });
        if (quick) return result(quick);
      }
      const check = await checkDestinationContents({ destination, force });
      if (!check.ok) return result({ usage: { message: check.message, hint: check.hint } });
      state = {
        config,
        configDiagnostics,
        files,
        themeAssets,
        cache: await openCache({ source, enabled: options.cache ?? true, pipelineKey: pipelineKey(config) }),
        templates,
        previous: check.previous,
        fileIndex: indexFiles(files),
        last: undefined,
        fingerprintUpdates: new Map(),
      };
    } else if (state) {
      const current = state;
      await time('discover', async () => {
        if (filesAddedOrRemoved(current.fileIndex, source, rel)) {
          current.files = await discover({ root: source, destination, drafts: current.config.showDrafts, exclude: current.config.exclude, include: current.config.include, markdownExt: current.config.markdownExt, symlinksAllowed: current.config.symlinksAllowed });
          current.fileIndex = indexFiles(current.files);
        } else {
          restat(current.files, current.fileIndex, source, rel);
        }
      });
      if (rel.some((path) => path.startsWith('templates/'))) {
        current.templates = createTemplates({ siteTemplates, baseurl: current.config.baseurl, url: current.config.url });
      }
    }
    const current = state as State;
    const { config } = current;

    const now = options.now ?? new Date();
    if (incremental) {
      const quick = await rebuildBodies(current, rel, now, stats, time);
      if (quick) return result(quick);
    }
    current.last = undefined;
    const threads = Math.max(1, options.jobs ?? availableParallelism());
    let pool: WorkerPool | undefined;
    const poolGetter = threads > 1 ? () => (pool ??= createWorkerPool({ threads })) : undefined;
    let cacheFlushed: Promise<void> | undefined;
    try {
      const parsed = await time('parse', () => parseContent({ files: current.files, config, pool: poolGetter, cache: current.cache, positions, onProgress: options.onProgress }));
      current.cache.update(parsed.entries);
      // Posts a body-edit attempt read are in the cache now: count them here.
      stats.parsed += parsed.parsed;
      stats.slowestPosts = parsed.entries
        .filter((entry) => entry.ms !== undefined && parsed.parsedNow.has(entry.source))
        .sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0))
        .slice(0, 5)
        .map((entry) => ({ source: entry.source, ms: entry.ms ?? 0 }));
      const pages = await time('pages', () =>
        renderSitePages({
          site: buildSite(parsed.posts, [], config, now), pages: parsed.pages, statics: current.files.statics.map((file) => file.source),
          config, root: source, now, positions, detailsOf: parsed.detailsOf,
        }),
      );
      const { site } = pages;
      const plan = await time('plan', () => planRoutes(site, mergeStatics(current.themeAssets, current.files), now));
      const migration = jekyllMigration(source, config, current.files, pages);
      const diagnostics = [...current.configDiagnostics, ...current.files.diagnostics, ...parsed.diagnostics, ...pages.diagnostics, ...plan.diagnostics];
      stats.posts = site.posts.length;
      stats.pages = site.pages.length;
      const removals = [...parsed.posts.filter((p) => p.removed.length > 0).map((p) => ({ source: p.source, removed: p.removed })), ...pages.removals];
      stats.sanitized = removals.length;

      const failing = diagnostics.some((d) => d.severity === 'error' || (options.strict === true && d.severity === 'warning'));
      if (failing && options.keepGoing !== true) {
        parsed.close();
        return result({ diagnostics, removals, migration });
      }

      const staging = prepareOutput(destination);
      try {
        const staticsChanged = incremental ? new Set(rel) : undefined;
        // The cache index is written while the workers render, not after the commit with the cores idle:
        // on 20,000 posts it takes this thread about 0.2 s.
        const meanwhile = () => {
          cacheFlushed = current.cache.flush();
          // Awaited in `finally`; handled now, so that a failed write is not an unhandled rejection meanwhile.
          cacheFlushed.catch(() => undefined);
        };
        const written = await time('render', () =>
          renderAll({ routes: plan.routes, site, parsed, templates: current.templates, siteTemplates, cacheDir: current.cache.bodyDir, cacheKey: current.cache.key, staging, previous: withUpdates(current), staticsChanged, pool: poolGetter, onProgress: options.onProgress, meanwhile }),
        );
        const commit = await time('write', () => commitOutput(staging, written.files, current.previous, written.fingerprints, written.staged));
        current.previous = commit.manifest;
        current.fingerprintUpdates.clear();
        const last: NonNullable<State['last']> = {
          site,
          routes: [...plan.routes],
          entries: new Map(parsed.entries.map((entry) => [entry.source, entry])),
          bodyRoutes: indexBodyRoutes(plan.routes),
          diagnostics,
          removals,
          files: new Set(commit.manifest.files),
          // A page whose Liquid read a post's body changes with it: no body edit may skip re-rendering it.
          validUntil: pages.readsPostDetails ? Number.NEGATIVE_INFINITY : validUntil(site, parsed.posts, plan.routes, now),
        };
        current.last = last;
        stats.written = commit.written;
        stats.removed = commit.removed;
        stats.unchanged = written.files.length - commit.written;
        stats.rendered = written.rendered;
        stats.templateMs = written.templateMs;
        const skipped = commit.skipped.map((s) => warning(s.path, `stale file left in place: ${s.reason}`, {}, 'remove it by hand if it should not be published'));
        // Also after a cold build: the first build after it is then as quick as after any other. A deploy's
        // build never uses it; on 20,000 posts it costs about 1 % of a cold build.
        if (editIndexOn && (skipped.length > 0 || pages.readsPostDetails)) {
          // A page that shows post bodies is not in the index's plans: the next build must be a full one.
          removeEditIndex(cacheFolder(source, pipelineKey(config)));
        } else if (editIndexOn) {
          const dir = cacheFolder(source, pipelineKey(config));
          await time('write', () => {
            try {
              writeEditIndex({
                dir, cacheKey: current.cache.key, key: editKey(config, current.templates), destination, inputs: inputFiles(current.themeAssets, current.files), last, fingerprints: commit.manifest.routes, shared: sharedContext(written.siteContext),
                report: { posts: stats.posts, pages: stats.pages, files: commit.manifest.files.length, diagnostics, removals },
              });
            } catch {
              // The site is published; without an index the next build is a full one, no less right.
              removeEditIndex(dir);
            }
          });
        }
        return result({ ok: true, diagnostics: [...diagnostics, ...skipped], removals, changedFiles: written.staged, notes: plan.notes, migration });
      } catch (cause) {
        abortOutput(destination, staging);
        if (cause instanceof DamagedCache) current.cache.forget(cause.packs);
        if (cause instanceof PagesNotRendered) return result({ diagnostics: [...diagnostics, ...failureDiagnostics(cause.failures, source)], removals });
        throw cause;
      } finally {
        parsed.close();
      }
    } finally {
      await (pool as WorkerPool | undefined)?.close();
      // Now rather than on close: a watch session stopped by Ctrl-C has under a second to exit,
      // too little to write a large site's whole index, and a cache lost there is a cold start next time.
      await cacheFlushed;
      // Again when something changed since (entries of damaged packs forgotten).
      await current.cache.flush();
    }
  };

  /**
   * A save that changed only existing posts: they are read again, and when
   * planBodyEdit finds that only their bodies changed, only their pages and
   * the feeds that carry them are rendered, and the destination's file set
   * stays as it is. Undefined: a full rebuild is needed (what was read is in
   * the cache for it).
   */
  const rebuildBodies = async (current: State, rel: readonly string[], now: Date, stats: BuildStats, time: Timer): Promise<Partial<BuildResult> | undefined> => {
    const { last, previous } = current;
    if (!last || !previous || rel.length === 0 || now.getTime() >= last.validUntil) return undefined;
    // Only posts the last build had: an added or removed post changes the lists.
    if (rel.some((path) => !last.entries.has(path))) return undefined;
    const files = rel.map((path) => current.fileIndex.get(path));
    if (files.some((file) => file === undefined || !('draft' in file))) return undefined;
    const positions = options.removalPositions ?? false;

    const read = await time('parse', async () => {
      const unchanged: ParsedEntry[] = [];
      const toParse: PostSourceFile[] = [];
      for (const file of files as PostSourceFile[]) {
        const hit = unchangedEntry(current.cache, file, positions);
        if (hit) unchanged.push(hit);
        else toParse.push(file);
      }
      if (toParse.length === 0) return { unchanged, parsed: [] };
      const { runParseTask } = await import('../workers/parse-task.js');
      const parsed = runParseTask({ config: current.config, positions, bodyDir: current.cache.bodyDir, key: current.cache.key, files: toParse.map(parseFileOf) });
      return { unchanged, parsed };
    });
    current.cache.replace([...read.unchanged, ...read.parsed]);
    stats.parsed = read.parsed.length;
    const plan = planBodyEdit(last, read.parsed);
    if (!plan) return undefined;

    // The plan holds; from here the last build is updated in place.
    for (const entry of read.parsed) last.entries.set(entry.source, entry);
    for (const [index, route] of plan.render) last.routes[index] = route;
    const render = [...plan.render.values()];
    const { site } = last;
    const staged: string[] = [];
    const staging = prepareOutput(destination);
    try {
      const reader = createBodyReader(current.cache.bodyDir, current.cache.key);
      const session: RenderSession = {
        site,
        routes: last.routes,
        templates: current.templates,
        siteContext: createSiteContext(site),
        detailsOf: (post) => {
          const ref = last.entries.get(post.source)?.body;
          if (!ref) throw new Error(`no body stored for ${post.source}`);
          return reader.read(ref) ?? NO_DETAILS;
        },
      };
      await time('render', () => {
        try {
          for (const route of render) {
            for (const output of renderRoute(route, session)) if (stageFile(staging, output.file, output.data) === 'staged') staged.push(output.file);
          }
        } finally {
          reader.close();
        }
      });
      // A damaged pack: its posts are parsed again by the full build.
      if (reader.damaged.length > 0) throw new DamagedCache(reader.damaged);
      stats.written = await time('write', () => commitReplacements(staging, staged, last.files));
    } catch (cause) {
      current.last = undefined;
      abortOutput(destination, staging);
      if (cause instanceof DamagedCache) {
        current.cache.forget(cause.packs);
        return undefined;
      }
      // A template that cannot render the page: the full build reports it, with every page it breaks.
      if (isTemplateError(cause)) return undefined;
      throw cause;
    }

    for (const [route, fingerprint] of fingerprintRoutes(render, site, current.templates)) current.fingerprintUpdates.set(route.file, fingerprint);
    const edited = new Map(read.parsed.map((entry) => [entry.source, entry.summary?.removed ?? []]));
    last.removals = [
      ...last.removals.filter((removal) => !edited.has(removal.source)),
      ...[...edited].filter(([, removed]) => removed.length > 0).map(([source, removed]) => ({ source, removed })),
    ];
    Object.assign(stats, {
      posts: site.posts.length,
      pages: site.pages.length,
      unchanged: last.files.size - stats.written,
      rendered: render.length,
      sanitized: last.removals.length,
    });
    return { ok: true, diagnostics: [...last.diagnostics], removals: last.removals, changedFiles: staged.sort() };
  };

  // Builds never overlap: a build asked for during another waits for it.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    build(changed) {
      const next = queue.then(() => run(changed));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      if (state?.previous && state.fingerprintUpdates.size > 0) writeManifest(destination, withUpdates(state) as Manifest);
      if (state) await state.cache.flush();
      await reset();
    },
  };
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

/** Every file a build reads: posts, pages, static files (the theme's included). */
function inputFiles(themeAssets: readonly SourceFile[], files: SiteFiles): SourceFile[] {
  return [...files.posts, ...files.pages, ...mergeStatics(themeAssets, files)];
}

/** The theme's assets under `assets/`, unless the site has a file of the same path. */
function mergeStatics(themeAssets: readonly SourceFile[], files: SiteFiles): SourceFile[] {
  const own = new Set(files.statics.map((f) => f.source));
  return [...themeAssets.filter((asset) => !own.has(asset.source)), ...files.statics];
}

/** The manifest as it stands with the fingerprints of pages rendered since it was written. */
function withUpdates(state: State): Manifest | undefined {
  const { previous, fingerprintUpdates } = state;
  if (!previous || fingerprintUpdates.size === 0) return previous;
  return { ...previous, routes: { ...previous.routes, ...Object.fromEntries(fingerprintUpdates) } };
}

function indexFiles(files: SiteFiles): Map<string, SourceFile> {
  const index = new Map<string, SourceFile>();
  for (const file of [...files.posts, ...files.pages, ...files.statics]) index.set(file.source, file);
  return index;
}

/**
 * Whether a changed path is new or gone (the file lists must be read again).
 * A symlink counts as new: a file replaced by a link must go through
 * discover's check of where links lead. This and restat use synchronous
 * stat: a few paths, and in watch mode the thread pool may be busy with the
 * file watcher's own scans.
 */
function filesAddedOrRemoved(index: ReadonlyMap<string, SourceFile>, source: string, rel: readonly string[]): boolean {
  for (const path of rel) {
    const full = join(source, path);
    if (lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink() === true) return true;
    const exists = statSync(full, { throwIfNoEntry: false })?.isFile() ?? false;
    if (exists !== index.has(path)) return true;
  }
  return false;
}

/** Refresh size and mtime of changed files in place (in the lists and the index), so the cache sees them as changed. */
function restat(files: SiteFiles, index: Map<string, SourceFile>, source: string, rel: readonly string[]): void {
  for (const path of rel) {
    const file = index.get(path);
    if (!file) continue;
    const info = statSync(join(source, path));
    const list = ([files.posts, files.pages, files.statics] as SourceFile[][]).find((candidate) => candidate.includes(file));
    const updated = { ...file, size: info.size, mtimeMs: info.mtimeMs };
    if (list) list[list.indexOf(file)] = updated;
    index.set(path, updated);
  }
}

interface RenderAllInput {
  routes: readonly Route[];
  site: Site;
  parsed: ParsedContent;
  templates: Templates;
  siteTemplates: string;
  cacheDir: string;
  cacheKey: string;
  staging: Staging;
  previous: Manifest | undefined;
  /** In a rebuild, the static files that changed; others are known to be in place. */
  staticsChanged: ReadonlySet<string> | undefined;
  pool: (() => WorkerPool) | undefined;
  onProgress: ((phase: string, done: number, total: number) => void) | undefined;
  /** Work of this thread's that renderAll starts once it has handed out the pages and rendered its own, while the workers render. */
  meanwhile?: () => void;
}

/** Below this many pages to render, workers cost more than they save. */
const RENDER_POOL_THRESHOLD = 300;
/** Routes fingerprinted between two turns of the event loop (about 10 ms of work). */
const ROUTES_PER_TURN = 1000;

async function renderAll(
  input: RenderAllInput,
): Promise<{ files: string[]; fingerprints: Record<string, string>; rendered: number; staged: string[]; templateMs: Record<string, number>; siteContext: SiteContext }> {
  const { routes, site, staging, previous } = input;
  // Fingerprints decide what is unchanged; with no previous build nothing is, and they are only
  // recorded, so they are computed while the workers render (0.26 s on 20,000 posts).
  const fingerprints = previous === undefined ? undefined : fingerprintRoutes(routes, site, input.templates);
  const siteContext = createSiteContext(site);
  const session: RenderSession = {
    site,
    routes,
    templates: input.templates,
    siteContext,
    detailsOf: (post) => input.parsed.detailsOf(post),
  };
  const previousFiles = new Set(previous?.files ?? []);
  const files: string[] = [];
  const staged: string[] = [];
  const outputFingerprints: Record<string, string> = {};
  const toRender: Route[] = [];
  const templateMs: Record<string, number> = {};
  const addTime = (template: string, ms: number) => {
    templateMs[template] = (templateMs[template] ?? 0) + ms;
  };
  let rendered = 0;
  const failures: RenderFailure[] = [];
  const damaged: string[] = [];
  const writeErrors: { code: string; message: string }[] = [];
  const stage = (file: string, status: 'staged' | 'unchanged') => {
    if (status === 'staged') staged.push(file);
  };

  for (const route of routes) {
    if (route.kind === 'static') {
      files.push(route.file);
      const known = input.staticsChanged !== undefined && !input.staticsChanged.has(route.from.source) && previousFiles.has(route.file);
      if (!known) stage(route.file, stageCopy(staging, route.file, route.from.absolute));
      continue;
    }
    const fingerprint = fingerprints?.get(route);
    if (fingerprint !== undefined) outputFingerprints[route.file] = fingerprint;
    const unchanged = fingerprint !== undefined && previous?.routes[route.file] === fingerprint && previousFiles.has(route.file);
    if (unchanged) {
      // A route that writes several files (the sitemap) lists them all in the previous build.
      files.push(...(route.kind === 'sitemap' ? (previous?.files ?? []).filter((f) => /^sitemap(-\d+)?\.xml$/.test(f)) : [route.file]));
      continue;
    }
    rendered++;
    toRender.push(route);
  }

  // Pages go to the workers in batches; what needs the whole site (feeds, sitemaps, the search index) renders here meanwhile.
  const usePool = input.pool !== undefined && toRender.length >= RENDER_POOL_THRESHOLD;
  const here = usePool ? toRender.filter((route) => !PORTABLE_KINDS.has(route.kind)) : toRender;
  const batches: Promise<void>[] = [];
  if (usePool && input.pool) {
    const pool = input.pool();
    const away = toRender.filter((route) => PORTABLE_KINDS.has(route.kind));
    const shared = sharedContext(siteContext);
    const templatesKey = input.templates.fingerprint('base');
    let done = 0;
    for (const batch of renderBatches(away, pool.threads)) {
      const bodies: Record<string, BodyRef> = {};
      for (const route of batch) {
        const ref = route.kind === 'post' ? input.parsed.bodyRefOf(route.post.source) : undefined;
        if (ref && route.kind === 'post') bodies[route.post.source] = ref;
      }
      const task: RenderTask = {
        config: site.config, siteTemplates: input.siteTemplates, templatesKey, shared, bodyDir: input.cacheDir, key: input.cacheKey, bodies, staging,
        routes: batch.map(portable),
      };
      batches.push(
        pool.render(task).then((result) => {
          failures.push(...result.failures);
          damaged.push(...result.damaged);
          if (result.writeError) writeErrors.push(result.writeError);
          for (const [template, ms] of Object.entries(result.templateMs)) addTime(template, ms);
          for (const output of result.files) {
            files.push(output.file);
            if (output.staged) staged.push(output.file);
          }
          done += batch.length;
          input.onProgress?.('render', done, away.length);
        }),
      );
    }
  }
  // From here this thread's work runs while the workers render. It lets the event loop turn now and
  // then: piscina hands a worker its next batch only on a turn of the loop. A batch that fails
  // meanwhile is reported once every batch has ended: until then threads still write into staging,
  // which a failed build removes (abortOutput), and the pool is closed only once they are idle.
  const rendering = Promise.allSettled(batches);
  try {
    await renderHere();
  } catch (cause) {
    await rendering;
    throw cause;
  }
  const failed = (await rendering).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  if (writeErrors[0]) throw Object.assign(new Error(writeErrors[0].message), { code: writeErrors[0].code });
  // Checked first: what failed may have failed for want of a body.
  damaged.push(...input.parsed.damaged());
  if (damaged.length > 0) throw new DamagedCache(damaged);
  if (failures.length > 0) throw new PagesNotRendered(mergeFailures(failures));
  return { files: [...new Set(files)].sort(), fingerprints: outputFingerprints, rendered, staged: staged.sort(), templateMs, siteContext };

  async function renderHere(): Promise<void> {
    if (fingerprints === undefined) {
      let count = 0;
      for (const [route, fingerprint] of fingerprintEach(routes, site, input.templates)) {
        outputFingerprints[route.file] = fingerprint;
        if (++count % ROUTES_PER_TURN === 0) await nextTurn();
      }
    }
    for (const route of here) {
      await nextTurn();
      const started = performance.now();
      const outputs = renderedOrFailed(() => renderRoute(route, session), route.url, failures);
      if (!outputs) continue;
      addTime(templateOf(route) ?? route.kind, performance.now() - started);
      for (const output of outputs) {
        files.push(output.file);
        stage(output.file, stageFile(staging, output.file, output.data));
      }
    }
    input.meanwhile?.();
  }
}

function emptyStats(): BuildStats {
  return { posts: 0, pages: 0, written: 0, unchanged: 0, removed: 0, parsed: 0, rendered: 0, sanitized: 0, warnings: 0, errors: 0, ms: 0, phases: {}, slowestPosts: [], templateMs: {}, fromEditIndex: false };
}

/** Codes of a write refused for want of room: the disk full, or the user's quota used up. */
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

/** A build that ran out of disk space, as one error naming the device by the destination's path and the room a build needs. */
function outOfSpace(cause: unknown, destination: string): Diagnostic | undefined {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !NO_SPACE.has(code)) return undefined;
  const size = siteBytes(destination);
  const need = size > 0 ? `about ${formatBytes(size)} free, as much as the site takes,` : 'as much free space as the site takes';
  return error(
    destination,
    `no space left on the device of ${destination} (${code}): nothing was published, and the site there is as it was`,
    {},
    `a build writes every changed file beside the old one before moving it into place, so it needs up to ${need} on that device (the cache, .gazette-cache, is on the source's)`,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Body packs found damaged while rendering (body-store.ts): nothing rendered is committed, and the build runs again. */
class DamagedCache extends Error {
  constructor(readonly packs: readonly string[]) {
    super(`damaged body packs: ${packs.join(', ')}`);
  }
}
