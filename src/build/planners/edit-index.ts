/**
 * A build that publishes edits of post bodies from the edit index
 * (edit-index.ts), without loading the cache index or planning the site:
 * the edited posts are parsed, and when what other pages show of each is
 * unchanged, only their own pages are rendered. Anything else (a file added,
 * removed or changed that is not such a post, another config or template,
 * a destination written since) is left to a full build: quickBuild then
 * returns undefined, the destination untouched.
 */
import type { ResolvedConfig } from '../../config.js';
import type { PostSourceFile, SourceFile } from '../../content/discover.js';
import { abortOutput, commitReplacements, prepareOutput } from '../../output/write.js';
import type { Templates } from '../../render/templates.js';
import type { Route } from '../../site/routes.js';
import { shownHash } from './body-edit.js';
import { bodyFolder } from '../../cache/cache.js';
import { type EditIndex, type PostRemovals, readEditIndex, readRoute, removeEditIndex, saveEditIndex } from '../../cache/edit-index.js';
import { parseFileOf } from '../parse.js';
import type { ParsedEntry } from '../../workers/parse-task.js';
import type { RenderTask } from '../../workers/render-task.js';

export interface QuickBuildInput {
  /** The cache folder of this config (cacheFolder). */
  dir: string;
  key: string;
  /** The cache key (cacheKey()): the edit index, its route packs and body packs are checked against it. */
  cacheKey: string;
  config: ResolvedConfig;
  destination: string;
  siteTemplates: string;
  templates: Templates;
  posts: readonly PostSourceFile[];
  /** Every input file: posts, pages, static files (the theme's included). */
  inputs: readonly SourceFile[];
  now: Date;
  time: <T>(phase: string, work: () => Promise<T> | T) => Promise<T>;
}

export interface QuickBuildResult {
  index: EditIndex;
  parsed: ParsedEntry[];
  /** Files written, sorted. */
  written: string[];
  /** Routes rendered. */
  rendered: number;
  removals: PostRemovals[];
  templateMs: Record<string, number>;
}

export async function quickBuild(input: QuickBuildInput): Promise<QuickBuildResult | undefined> {
  const index = readEditIndex(input.dir, input.key, input.destination, input.cacheKey);
  if (!index || (index.validUntil !== null && input.now.getTime() >= index.validUntil)) return undefined;
  const changed = changedPosts(index, input.inputs, input.posts);
  if (!changed) return undefined;

  const bodyDir = bodyFolder(input.dir);
  const parsed = await input.time('parse', async () => {
    if (changed.length === 0) return [];
    const { runParseTask } = await import('../../workers/parse-task.js');
    return runParseTask({ config: input.config, positions: false, bodyDir, key: input.cacheKey, files: changed.map(parseFileOf) });
  });
  // Each was checked to be in index.posts.
  if (parsed.some((entry) => index.posts[entry.source]?.[0] !== (entry.shown ?? shownHash(entry)))) return undefined;

  // Each has a summary: one without (a post that failed) would have another shownHash.
  const found = parsed.flatMap((entry) => (entry.summary ? [readRoute(input.dir, index, entry.summary, input.cacheKey)] : []));
  const routes = found.filter((route): route is Route => route !== undefined);
  if (routes.length < found.length) return undefined;
  const bodies = Object.fromEntries(parsed.flatMap((entry) => (entry.body ? [[entry.source, entry.body]] : [])));
  let written: string[] = [];
  let templateMs: Record<string, number> = {};
  if (routes.length > 0) {
    const staging = prepareOutput(input.destination);
    try {
      const task: RenderTask = {
        config: input.config, siteTemplates: input.siteTemplates, templatesKey: input.templates.fingerprint('base'),
        shared: index.shared, bodyDir, key: input.cacheKey, bodies, staging, routes,
      };
      const { runRenderTask } = await import('../../workers/render-task.js');
      const batch = await input.time('render', () => runRenderTask(task));
      if (batch.failures.length > 0 || batch.damaged.length > 0) {
        // A template cannot render the page: the full build reports it, with every page it breaks. A damaged pack: the full build parses its posts again.
        abortOutput(input.destination, staging);
        return undefined;
      }
      templateMs = batch.templateMs;
      written = batch.files.filter((file) => file.staged).map((file) => file.file).sort();
      await input.time('write', () => commitReplacements(staging, written, new Set(routes.map((route) => route.file))));
    } catch (cause) {
      abortOutput(input.destination, staging);
      throw cause;
    }
  }

  // The manifest is left as it is (its fingerprints are a cache: the next full build renders these pages again and finds them unchanged).
  const removed = new Map(index.report.removals.map((removal) => [removal.source, removal.removed]));
  for (const entry of parsed) {
    index.files[entry.source] = [entry.size, entry.mtimeMs];
    if (entry.summary && entry.summary.removed.length > 0) removed.set(entry.source, entry.summary.removed);
    else removed.delete(entry.source);
  }
  // In the order of the post files, as a full build lists them.
  const removals = input.posts.flatMap((post) => {
    const what = removed.get(post.source);
    return what ? [{ source: post.source, removed: what }] : [];
  });
  index.report.removals = removals;
  if (parsed.length > 0) {
    try {
      saveEditIndex(input.dir, index, input.cacheKey);
    } catch {
      // The edits are published; without an index the next build is a full one, no less right.
      removeEditIndex(input.dir);
    }
  }
  return { index, parsed, written, rendered: routes.length, removals, templateMs };
}

/**
 * The posts changed since the index was written, when nothing else changed
 * and each of them is a post the index can rebuild alone; undefined otherwise.
 */
function changedPosts(index: EditIndex, inputs: readonly SourceFile[], posts: readonly PostSourceFile[]): PostSourceFile[] | undefined {
  if (inputs.length !== Object.keys(index.files).length) return undefined;
  const changed = new Set<string>();
  for (const file of inputs) {
    const known = Object.hasOwn(index.files, file.source) ? index.files[file.source] : undefined;
    if (!known) return undefined;
    if (known[0] === file.size && known[1] === file.mtimeMs) continue;
    if (!Object.hasOwn(index.posts, file.source)) return undefined;
    changed.add(file.source);
  }
  const edited = posts.filter((post) => changed.has(post.source));
  return edited.length === changed.size ? edited : undefined;
}
