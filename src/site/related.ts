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
 * site's order). Posts sharing nothing are not listed.
 */
export function relatedPosts(site: Pick<Site, 'posts' | 'categories' | 'tags'>): Map<PostSummary, RelatedLink[]> {
  const rank = new Map<PostSummary, number>();
  for (const [index, post] of site.posts.entries()) rank.set(post, index);
  const byTag = candidatesByKey(site.tags);
  const byCategory = candidatesByKey(site.categories);
  const related = new Map<PostSummary, RelatedLink[]>();
  for (const post of site.posts) {
    const scores = new Map<PostSummary, number>();
    addScores(scores, post, keysOf(post.tags), byTag, TAG_WEIGHT);
    addScores(scores, post, keysOf(post.categories), byCategory, CATEGORY_WEIGHT);
    const best = [...scores]
      .sort(([a, scoreA], [b, scoreB]) => scoreB - scoreA || (rank.get(a) ?? 0) - (rank.get(b) ?? 0))
      .slice(0, RELATED_LIMIT)
      .map(([other]) => ({ title: other.title, url: other.url, dateIso: other.dateIso }));
    related.set(post, best);
  }
  return related;
}

function candidatesByKey(groups: readonly Category[]): Map<string, readonly PostSummary[]> {
  // Groups hold their posts newest first: the slice is the newest.
  return new Map(groups.map((group) => [group.key, group.posts.slice(0, RELATED_CANDIDATES_PER_GROUP)]));
}

function keysOf(names: readonly string[]): Set<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}

function addScores(
  scores: Map<PostSummary, number>,
  post: PostSummary,
  keys: ReadonlySet<string>,
  groups: ReadonlyMap<string, readonly PostSummary[]>,
  weight: number,
): void {
  for (const key of keys) {
    for (const other of groups.get(key) ?? []) {
      if (other !== post) scores.set(other, (scores.get(other) ?? 0) + weight);
    }
  }
}
