/**
 * Related articles: for every post, up to RELATED_LIMIT other posts that
 * share its tags or categories. Pure, and about O(n log n) for the whole
 * site: posts are found through the site's tag and category groups, never
 * by comparing every pair.
 */
import type { PostSummary } from '../types.js';
import type { Category, Site } from './site.js';

/** How many related posts a post page lists. */
export const RELATED_LIMIT = 5;

/**
 * How many posts of one tag or category are candidates: its newest. A tag on
 * thousands of posts would otherwise make every one of them compare with
 * every other (quadratic); an older post in such a group finds its related
 * posts among the newest of the group, or through its other tags.
 */
export const RELATED_CANDIDATES_PER_GROUP = 200;

/** What a post page shows of a related post. */
export type RelatedLink = Readonly<{ title: string; url: string; dateIso: string }>;

/** A shared tag counts twice a shared category. */
const TAG_WEIGHT = 2;
const CATEGORY_WEIGHT = 1;

/**
 * Each post's related posts, best first: score = shared tags × 2 + shared
 * categories (names compared case-insensitively); ties newest first (the
 * site's order). Posts sharing nothing are not listed. Posts are numbered by
 * their place in the site, and scores kept in one typed array reused for
 * every post: a large site scores millions of candidates.
 */
export function relatedPosts(site: Pick<Site, 'posts' | 'categories' | 'tags'>): Map<PostSummary, RelatedLink[]> {
  const place = new Map<PostSummary, number>();
  for (const [index, post] of site.posts.entries()) place.set(post, index);
  const byTag = candidatesByKey(site.tags, place);
  const byCategory = candidatesByKey(site.categories, place);
  const scores = new Int32Array(site.posts.length);
  const related = new Map<PostSummary, RelatedLink[]>();
  for (const [index, post] of site.posts.entries()) {
    const scored: number[] = [];
    addScores(scores, scored, index, keysOf(post.tags), byTag, TAG_WEIGHT);
    addScores(scores, scored, index, keysOf(post.categories), byCategory, CATEGORY_WEIGHT);
    const best = bestOf(scores, scored);
    for (const other of scored) scores[other] = 0;
    related.set(
      post,
      best.map((other) => {
        const { title, url, dateIso } = site.posts[other] as PostSummary;
        return { title, url, dateIso };
      }),
    );
  }
  return related;
}

/** Each group's newest candidates, by their place in the site (groups hold their posts newest first). */
function candidatesByKey(groups: readonly Category[], place: ReadonlyMap<PostSummary, number>): Map<string, readonly number[]> {
  return new Map(groups.map((group) => [group.key, group.posts.slice(0, RELATED_CANDIDATES_PER_GROUP).map((post) => place.get(post) ?? -1)]));
}

function keysOf(names: readonly string[]): Set<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}

/** Adds `weight` to the score of every candidate in the post's groups but itself; `scored` lists each scored one once. */
function addScores(
  scores: Int32Array,
  scored: number[],
  self: number,
  keys: ReadonlySet<string>,
  groups: ReadonlyMap<string, readonly number[]>,
  weight: number,
): void {
  for (const key of keys) {
    for (const other of groups.get(key) ?? []) {
      if (other === self || other < 0) continue;
      if (scores[other] === 0) scored.push(other);
      scores[other] = (scores[other] ?? 0) + weight;
    }
  }
}

/** The RELATED_LIMIT best of `scored`: highest score first, then the newest (the lower place). */
function bestOf(scores: Int32Array, scored: readonly number[]): number[] {
  const best: number[] = [];
  const better = (a: number, b: number) => (scores[a] ?? 0) > (scores[b] ?? 0) || ((scores[a] ?? 0) === (scores[b] ?? 0) && a < b);
  for (const candidate of scored) {
    if (best.length === RELATED_LIMIT && !better(candidate, best[RELATED_LIMIT - 1] as number)) continue;
    let at = best.length < RELATED_LIMIT ? best.length : RELATED_LIMIT - 1;
    while (at > 0 && better(candidate, best[at - 1] as number)) at--;
    best.splice(at, 0, candidate);
    if (best.length > RELATED_LIMIT) best.pop();
  }
  return best;
}
