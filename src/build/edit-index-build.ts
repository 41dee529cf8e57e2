/**
 * A build of post body edits from the edit index the last build left in the
 * cache (cache/edit-index.ts), before the cache index is even loaded: read
 * the index, parse the changed posts, plan (planners/edit-index.ts), execute,
 * and record the edits in the index. Undefined: a full build is needed, and
 * the destination is untouched.
 */
import { bodyFolder, cacheFolder } from '../cache/cache.js';
import { cacheKey } from '../cache/cache-key.js';
import { type EditIndex, editIndexKey, readEditIndex, readRoute, removeEditIndex, saveEditIndex, searchIdOf } from '../cache/edit-index.js';
import type { ParsedEntry } from '../cache/entry.js';
import type { PostSourceFile } from '../content/discover.js';
import { PagesNotRendered } from '../render/render-failures.js';
import { DamagedCache } from './errors.js';
import { executePlan } from './execute.js';
import { parseFileOf, pipelineKey } from './parse.js';
import { changedPosts, planEditIndex, shownAsIndexed } from './planners/edit-index.js';
import type { Outcome, Run } from './result.js';
import { searchEditFiles } from './search-edits.js';
import { inputFiles, type LoadedSite } from './state.js';

export interface EditIndexBuildOptions {
  readonly now: Date;
  readonly strict: boolean;
  readonly keepGoing: boolean;
}

/** The key an edit index is written and read under: everything besides the input files that decides what a build publishes. */
export function editKeyOf(site: LoadedSite, options: Pick<EditIndexBuildOptions, 'strict' | 'keepGoing'>): string {
  return editIndexKey({
    config: site.config,
    templates: site.templates.key,
    destination: site.destination,
    strict: options.strict,
    keepGoing: options.keepGoing,
  });
}

export async function buildFromEditIndex(site: LoadedSite, run: Run, options: EditIndexBuildOptions): Promise<Outcome | undefined> {
  const dir = cacheFolder(site.source, pipelineKey(site.config));
  const key = cacheKey();
  const index = readEditIndex(dir, editKeyOf(site, options), site.destination, key);
  if (!index || (index.validUntil !== null && options.now.getTime() >= index.validUntil)) return undefined;
  const changed = changedPosts(index, inputFiles(site), site.files.posts);
  if (!changed) return undefined;
  const parsed = await run.time('parse', () => parseChanged(site, changed, bodyFolder(dir), key));
  if (!shownAsIndexed(index, parsed)) return undefined;
  // The index's edits patched in the destination (a post without a recorded id: an index of another build, so a full one).
  const extra = site.config.outputs.search ? searchEditFiles(site.destination, parsed, (source) => searchIdOf(index, source) ?? null) : [];
  if (!extra) return undefined;
  const plan = planEditIndex({
    extra,
    index,
    config: site.config,
    routes: parsed.map((entry) => (entry.summary ? readRoute(dir, index, entry.summary, key) : undefined)),
    templates: site.templates,
    bodies: { dir: bodyFolder(dir), key, refOf: (source) => parsed.find((entry) => entry.source === source)?.body },
  });
  if (!plan) return undefined;
  let executed: Awaited<ReturnType<typeof executePlan>> | undefined;
  if (plan.render.length > 0 || extra.length > 0) {
    try {
      executed = await executePlan(plan, { destination: site.destination, pool: undefined, time: run.time });
    } catch (cause) {
      // A template that cannot render the page: the full build reports it, with every page it breaks. A damaged pack: the full build parses its posts again.
      if (cause instanceof DamagedCache || cause instanceof PagesNotRendered) return undefined;
      throw cause;
    }
  }
  const removals = recordEdits(index, parsed, site.files.posts, dir, key);
  const written = executed?.staged ?? [];
  const { report } = index;
  Object.assign(run.stats, {
    posts: report.posts,
    pages: report.pages,
    written: written.length,
    unchanged: report.files - written.length,
    parsed: parsed.length,
    rendered: plan.render.length,
    sanitized: removals.length,
    templateMs: executed?.templateMs ?? {},
    fromEditIndex: true,
    slowestPosts: parsed
      .map((entry) => ({ source: entry.source, ms: entry.ms ?? 0 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5),
  });
  return { ok: true, config: site.config, diagnostics: report.diagnostics, removals, changedFiles: written };
}

async function parseChanged(site: LoadedSite, changed: readonly PostSourceFile[], bodyDir: string, key: string): Promise<ParsedEntry[]> {
  if (changed.length === 0) return [];
  const { runParseTask } = await import('../workers/parse-task.js');
  return runParseTask({ config: site.config, positions: false, bodyDir, key, files: changed.map(parseFileOf) });
}

/** The index with the edited posts' file stats and sanitiser removals, saved; the removals in the order of the post files, as a full build lists them. */
function recordEdits(index: EditIndex, parsed: readonly ParsedEntry[], posts: readonly PostSourceFile[], dir: string, key: string) {
  const removed = new Map(index.report.removals.map((removal) => [removal.source, removal.removed]));
  const files = { ...index.files };
  for (const entry of parsed) {
    files[entry.source] = [entry.size, entry.mtimeMs];
    if (entry.summary && entry.summary.removed.length > 0) removed.set(entry.source, entry.summary.removed);
    else removed.delete(entry.source);
  }
  const removals = posts.flatMap((post) => {
    const what = removed.get(post.source);
    return what ? [{ source: post.source, removed: what }] : [];
  });
  if (parsed.length > 0) {
    try {
      saveEditIndex(dir, { ...index, files, report: { ...index.report, removals } }, key);
    } catch (cause) {
      // The edits are published; without an index the next build is a full one, no less right.
      if (typeof (cause as NodeJS.ErrnoException).code !== 'string') throw cause;
      removeEditIndex(dir);
    }
  }
  return removals;
}
