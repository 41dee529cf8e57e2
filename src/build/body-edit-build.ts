/**
 * A save that changed only existing posts, in a session that holds its last
 * build: the posts are read again, and when planBodyEdit finds that only
 * their details changed, only their pages and the feeds that carry them are
 * rendered, and the destination's file set stays as it is. Undefined: a full
 * build is needed (what was read is in the cache for it).
 */
import { cacheFolder } from '../cache/cache.js';
import type { ParsedEntry } from '../cache/entry.js';
import { readSearchState, saveSearchState } from '../cache/search-state.js';
import type { PostSourceFile } from '../content/discover.js';
import { PagesNotRendered } from '../render/render-failures.js';
import { MANIFEST_FILE as INDEX_MANIFEST_FILE } from '../search/index-files.js';
import { DamagedCache } from './errors.js';
import { executePlan } from './execute.js';
import { fingerprintRoutes } from './fingerprint.js';
import { parseFileOf, pipelineKey, unchangedEntry } from './parse.js';
import type { BuildPlan } from './plan.js';
import { type LastBuild, planBodyEdit } from './planners/body-edit.js';
import type { Outcome, Run } from './result.js';
import { searchEditFiles, stateAfterEdit } from './search-edits.js';
import { type BuilderState, currentManifest } from './state.js';

export interface BodyEditOptions {
  readonly now: Date;
  /** Record where the sanitiser removed things (`--verbose`). */
  readonly positions: boolean;
  /** Keep the search index's state in the cache up to date (cache/search-state.ts). False without a cache on disk. */
  readonly searchState: boolean;
}

/** The state after the edit and what to report, or undefined with the state to go on from (the cache may have forgotten damaged packs). */
export async function buildBodyEdit(
  state: BuilderState,
  changed: readonly string[],
  run: Run,
  options: BodyEditOptions,
): Promise<{ state: BuilderState; outcome?: Outcome }> {
  const { last, manifest, cache } = state;
  if (!last || !manifest || changed.length === 0 || options.now.getTime() >= last.validUntil) return { state };
  // Only posts the last build had: an added or removed post changes the lists.
  if (changed.some((path) => !last.entries.has(path))) return { state };
  const files = changed.map((path) => state.site.fileIndex.get(path));
  if (files.some((file) => file === undefined || !('draft' in file))) return { state };
  const edited = await run.time('parse', () => readEdited(state, files as PostSourceFile[], options.positions));
  cache.replace(edited.all);
  run.stats.parsed = edited.parsed.length;
  // The edited posts' entries over the last build's: the whole map is copied only once the edit is published.
  const fresh = new Map(edited.parsed.map((entry) => [entry.source, entry]));
  const planned = planBodyEdit(last, edited.parsed, {
    templates: state.site.templates,
    bodies: {
      dir: cache.bodyDir,
      key: cache.key,
      refOf: (source) => (fresh.get(source) ?? last.entries.get(source))?.body,
    },
  });
  if (!planned) return { state };
  const extra = state.site.config.outputs.search ? searchEditFiles(state.site.destination, edited.parsed, idsOf(last)) : [];
  if (!extra) return { state };
  const plan = extra.length > 0 ? { ...planned, extra } : planned;
  try {
    const executed = await executePlan(plan, { destination: state.site.destination, pool: undefined, time: run.time });
    const after = afterEdit(state, plan, edited.parsed, executed, run);
    if (plan.extra && options.searchState) recordSearchEdit(state, after.state, edited.parsed);
    return after;
  } catch (cause) {
    const next = { ...state, last: undefined };
    // A damaged pack: its posts are parsed again by the full build. A template that cannot render the page: the full build reports it, with every page it breaks.
    if (cause instanceof DamagedCache) cache.forget(cause.packs);
    if (cause instanceof DamagedCache || cause instanceof PagesNotRendered) return { state: next };
    throw cause;
  }
}

/**
 * The search index's fingerprint with the edited posts' new bytes: the
 * index its shards and edits list now make is the one a full build would
 * write, so the next full build keeps it rather than writing it whole.
 */
function searchFingerprint(state: BuilderState, plan: BuildPlan, parsed: readonly ParsedEntry[]): Record<string, string> {
  const route = plan.routes.find((candidate) => candidate.kind === 'search-index');
  if (!route) return {};
  const summaries = new Map(parsed.flatMap((entry) => (entry.summary ? [[entry.source, entry.summary] as const] : [])));
  const site = { ...plan.site, posts: plan.site.posts.map((post) => summaries.get(post.source) ?? post) };
  return Object.fromEntries([...fingerprintRoutes([route], site, state.site.templates)].map(([one, fingerprint]) => [one.file, fingerprint]));
}

/** The search state with the edited posts, once their words are in the edits list: a full build after it then patches rather than writes the index. */
function recordSearchEdit(before: BuilderState, after: BuilderState, parsed: readonly ParsedEntry[]): void {
  const { site, cache } = before;
  const dir = cacheFolder(site.source, pipelineKey(site.config));
  const idOf = idsOf(before.last as LastBuild);
  const edited = parsed.flatMap((entry) => {
    const id = idOf(entry.source);
    return id !== undefined && entry.summary ? [{ id, digest: entry.summary.digest }] : [];
  });
  const fingerprint = currentManifest(after)?.routes[INDEX_MANIFEST_FILE];
  if (fingerprint === undefined) return;
  const next = stateAfterEdit(readSearchState(dir, cache.key), currentManifest(before)?.routes[INDEX_MANIFEST_FILE], {
    destination: site.destination,
    fingerprint,
    edited,
  });
  if (next) saveSearchState(dir, next, cache.key);
}

/** A post's id in the search index: its place in the site's list of posts, as the index was written. */
function idsOf(last: LastBuild): (source: string) => number | undefined {
  let ids: Map<string, number> | undefined;
  return (source) => (ids ??= new Map(last.site.posts.map((post, id) => [post.source, id]))).get(source);
}

/** The edited posts: from the cache when their bytes are as it knows them (a touch), parsed otherwise. */
async function readEdited(state: BuilderState, files: readonly PostSourceFile[], positions: boolean) {
  const unchanged: ParsedEntry[] = [];
  const toParse: PostSourceFile[] = [];
  for (const file of files) {
    const hit = unchangedEntry(state.cache, file, positions);
    if (hit) unchanged.push(hit);
    else toParse.push(file);
  }
  if (toParse.length === 0) return { all: unchanged, parsed: [] };
  const { runParseTask } = await import('../workers/parse-task.js');
  const { cache, site } = state;
  const parsed = runParseTask({ config: site.config, positions, bodyDir: cache.bodyDir, key: cache.key, files: toParse.map(parseFileOf) });
  return { all: [...unchanged, ...parsed], parsed };
}

function afterEdit(state: BuilderState, plan: BuildPlan, parsed: readonly ParsedEntry[], executed: Awaited<ReturnType<typeof executePlan>>, run: Run) {
  const last = state.last as LastBuild;
  const edited = new Map(parsed.map((entry) => [entry.source, entry.summary?.removed ?? []]));
  const removals = [
    ...last.removals.filter((removal) => !edited.has(removal.source)),
    ...[...edited].filter(([, removed]) => removed.length > 0).map(([source, removed]) => ({ source, removed })),
  ];
  const renderedSince = { ...state.renderedSince, ...executed.fingerprints, ...(plan.extra ? searchFingerprint(state, plan, parsed) : {}) };
  const entries = new Map(last.entries);
  for (const entry of parsed) entries.set(entry.source, entry);
  const next: BuilderState = { ...state, renderedSince, last: { ...last, routes: plan.routes, entries, removals } };
  Object.assign(run.stats, {
    posts: last.site.posts.length,
    pages: last.site.pages.length,
    written: executed.written,
    unchanged: last.files.size - executed.written,
    rendered: plan.render.length,
    sanitized: removals.length,
  });
  return { state: next, outcome: { ok: true, config: state.site.config, diagnostics: [...last.diagnostics], removals, changedFiles: executed.staged } };
}
