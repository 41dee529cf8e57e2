/**
 * The I/O around search/edits.ts: the destination's `search/edits.json`
 * read and patched with edited posts' new words, as a file the plan stages
 * (none when no post's words changed). Undefined wherever it appears: the
 * index cannot be patched (the destination has none this can patch, or the
 * edits list would grow too large), and the build writes it whole.
 *
 * The body-edit builds (watch's, and the edit index's) know which posts they
 * parsed. A full build compares the posts' digests with the search state
 * (cache/search-state.ts) of the index it published last.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedEntry } from '../cache/entry.js';
import { type SearchState, stateDigest } from '../cache/search-state.js';
import type { Manifest } from '../output/manifest.js';
import { patchEdits, type SearchEdit } from '../search/edits.js';
import { EDITS_FILE, INDEX_FORMAT, MANIFEST_FILE } from '../search/index-files.js';
import type { PostSearch } from '../search/terms.js';
import type { Site } from '../site/site.js';
import type { PostSummary } from '../types.js';
import { GENERATOR_VERSION } from '../version.js';
import { PARSE_RULES } from './parse-rules.js';

export interface StagedFile {
  readonly file: string;
  readonly data: string;
}

/** Posts a full build patches into the edits list at most; more, and it writes the index whole. */
export const MAX_PATCHED_POSTS = 32;

/**
 * `idOf`: a post's id in the index (undefined: the index does not list it,
 * so nothing of it needs patching; null: unknown, so the index cannot be patched).
 */
export function searchEditFiles(
  destination: string,
  edited: readonly ParsedEntry[],
  idOf: (source: string) => number | undefined | null,
): StagedFile[] | undefined {
  const edits: SearchEdit[] = [];
  for (const entry of edited) {
    // Read from the cache (a touched file): its words are those the index has.
    if (entry.search === undefined) continue;
    const id = idOf(entry.source);
    if (id === null) return undefined;
    if (id !== undefined) edits.push({ id, search: entry.search });
  }
  return patchedEditsFile(destination, edits);
}

/** What a full build needs to patch the index its destination has. */
export interface FullBuildPatchInput {
  readonly destination: string;
  readonly site: Site;
  /** The destination's manifest before this build. */
  readonly previous: Manifest | undefined;
  /** The state saved when the destination's index was last written. */
  readonly state: SearchState | undefined;
  /** A post's words and text, read from the cache. */
  readonly searchOf: (source: string) => PostSearch | undefined;
}

/**
 * The edits list patched with the posts whose bytes changed since the
 * destination's index was made, when nothing else it shows changed: the
 * same posts in the same order with the same URLs, titles, dates and
 * categories, under the same config and rules.
 */
export function fullBuildSearchPatch(input: FullBuildPatchInput): StagedFile[] | undefined {
  const { state, site } = input;
  const usable =
    state !== undefined &&
    state.destination === input.destination &&
    input.previous?.routes[MANIFEST_FILE] === state.fingerprint &&
    state.digests.length === site.posts.length &&
    state.layout === searchLayoutOf(site);
  if (!usable) return undefined;
  const changed = site.posts.flatMap((post, id) => (stateDigest(post.digest) === state.digests[id] ? [] : [id]));
  if (changed.length > MAX_PATCHED_POSTS) return undefined;
  const edits: SearchEdit[] = [];
  for (const id of changed) {
    const search = input.searchOf((site.posts[id] as PostSummary).source);
    if (search === undefined) return undefined;
    edits.push({ id, search });
  }
  return patchedEditsFile(input.destination, edits);
}

/**
 * The state after a body edit patched the index that `state` describes
 * (recorded under `previous`): the edited posts' digests, and the index's
 * new fingerprint. Undefined: `state` was not the index's, and stays unused.
 */
export function stateAfterEdit(
  state: SearchState | undefined,
  previous: string | undefined,
  next: { readonly destination: string; readonly fingerprint: string; readonly edited: readonly { readonly id: number; readonly digest: string }[] },
): SearchState | undefined {
  if (state === undefined || state.destination !== next.destination || state.fingerprint !== previous) return undefined;
  const digests = [...state.digests];
  for (const { id, digest } of next.edited) if (id < digests.length) digests[id] = stateDigest(digest);
  return { ...state, fingerprint: next.fingerprint, digests };
}

/** The state of an index written (or patched) for `site` and recorded in the manifest under `fingerprint`. */
export function searchStateOf(destination: string, site: Site, fingerprint: string): SearchState {
  return { destination, fingerprint, layout: searchLayoutOf(site), digests: site.posts.map((post) => stateDigest(post.digest)) };
}

/**
 * What the index shows of the site besides the posts' words: each post's
 * URL, title, date and categories in the site's order (a post's id is its
 * place), the config (base URL, time zone, language), the index's format,
 * and the rules that make a post's words.
 */
export function searchLayoutOf(site: Site): string {
  let layout = layouts.get(site);
  if (layout === undefined) {
    const posts = site.posts.map((post) => [post.url, post.title, post.dateIso, ...post.categories].join('\u0001'));
    layout = hash('sha1', [GENERATOR_VERSION, PARSE_RULES, INDEX_FORMAT, JSON.stringify(site.config), ...posts].join('\0'), 'hex');
    layouts.set(site, layout);
  }
  return layout;
}

/** A full build that patches the index checks the layout, then saves it in the state: hashed once per site. */
const layouts = new WeakMap<Site, string>();

function patchedEditsFile(destination: string, edits: readonly SearchEdit[]): StagedFile[] | undefined {
  if (edits.length === 0) return [];
  let current: string;
  try {
    current = readFileSync(join(destination, EDITS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const data = patchEdits(current, edits);
  return data === undefined ? undefined : [{ file: EDITS_FILE, data }];
}
