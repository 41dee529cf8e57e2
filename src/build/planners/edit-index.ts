/**
 * The plan of a build that publishes edits of post bodies from the edit
 * index (cache/edit-index.ts), without loading the cache index or planning
 * the site: when only posts the index can rebuild alone changed, and what
 * other pages show of each is as the index recorded, only their own pages
 * are rendered, from the routes the index stored. Anything else (a file
 * added, removed or changed that is not such a post, another config or
 * template, a destination written since) is left to a full build.
 */

import type { EditablePost, EditIndex } from '../../cache/edit-index.js';
import type { ParsedEntry } from '../../cache/entry.js';
import type { ResolvedConfig } from '../../config.js';
import type { PostSourceFile, SourceFile } from '../../content/discover.js';
import { shownHash } from '../../render/route-kinds.js';
import type { Templates } from '../../render/templates.js';
import type { Route, RouteOf } from '../../site/routes.js';
import type { BuildPlan, PlanBodies } from '../plan.js';
import type { LastBuild } from './body-edit.js';

/**
 * The posts changed since the index was written, when nothing else changed
 * and each of them is a post the index can rebuild alone; undefined otherwise.
 */
export function changedPosts(index: EditIndex, inputs: readonly SourceFile[], posts: readonly PostSourceFile[]): PostSourceFile[] | undefined {
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

/** Whether other pages show each re-parsed post as the index recorded it (a post that failed to parse shows otherwise). */
export function shownAsIndexed(index: EditIndex, parsed: readonly ParsedEntry[]): boolean {
  return parsed.every((entry) => entry.summary !== undefined && index.posts[entry.source]?.[0] === (entry.shown ?? shownHash(entry)));
}

export interface EditIndexPlanInput {
  readonly index: EditIndex;
  readonly config: ResolvedConfig;
  /** The edited posts' page routes, read from the index's packs with their new summaries; undefined where a pack was missing or damaged. */
  readonly routes: readonly (Route | undefined)[];
  readonly templates: Templates;
  readonly bodies: PlanBodies;
  /** Files computed before planning (the search index's edits), staged and committed with the pages. */
  readonly extra?: readonly { readonly file: string; readonly data: string }[];
}

export function planEditIndex(input: EditIndexPlanInput): BuildPlan | undefined {
  const render = input.routes.filter((route): route is Route => route !== undefined);
  if (render.length < input.routes.length) return undefined;
  return {
    kind: 'edit-index',
    render,
    copy: [],
    keep: [],
    site: { config: input.config, posts: [], categories: [], tags: [], pages: [] },
    routes: [],
    shared: input.index.shared,
    templates: input.templates,
    bodies: input.bodies,
    ...(input.extra && input.extra.length > 0 ? { extra: input.extra } : {}),
    commit: { kind: 'replace', owned: new Set([...render.map((route) => route.file), ...(input.extra ?? []).map((file) => file.file)]) },
    // The manifest is left as it is: its fingerprints are a cache, and the next full build finds these pages unchanged.
    fingerprints: new Map(),
  };
}

/** What the edit index records of a post its index can rebuild alone: one whose details show on its own page only, not in a feed. */
export function editablePosts(last: LastBuild): EditablePost[] {
  const editable: EditablePost[] = [];
  const searchIds = last.site.config.outputs.search ? new Map(last.site.posts.map((post, id) => [post.source, id])) : undefined;
  for (const [source, indexes] of last.bodyRoutes) {
    const route = indexes.length === 1 ? last.routes[indexes[0] as number] : undefined;
    const entry = last.entries.get(source);
    if (route?.kind === 'post' && entry) {
      const searchId = searchIds?.get(source);
      editable.push({ source, shown: entry.shown ?? shownHash(entry), route: route as RouteOf<'post'>, ...(searchId !== undefined ? { searchId } : {}) });
    }
  }
  return editable;
}
