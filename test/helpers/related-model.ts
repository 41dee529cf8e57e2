/**
 * The related-articles rule written the slow, obvious way (every pair
 * compared), for tests to predict which post pages a change re-renders:
 * score = shared tags × 2 + shared categories, ties newest first, top 5.
 */
import type { FixturePost } from '../fixtures/watch/site.js';

/** Each post's related list, as `index:title` strings, by post index. */
export function relatedModel(posts: readonly FixturePost[]): Map<number, string[]> {
  const newest = [...posts].sort((a, b) => b.date.localeCompare(a.date) || b.source.localeCompare(a.source));
  const lower = (names: readonly string[] | undefined) => new Set((names ?? []).map((n) => n.toLowerCase()));
  const out = new Map<number, string[]>();
  for (const post of newest) {
    const tags = lower(post.tags);
    const categories = lower(post.categories);
    const scored = newest
      .filter((other) => other !== post)
      .map((other) => {
        const sharedTags = [...lower(other.tags)].filter((t) => tags.has(t)).length;
        const sharedCategories = [...lower(other.categories)].filter((c) => categories.has(c)).length;
        return { other, score: 2 * sharedTags + sharedCategories };
      })
      .filter(({ score }) => score > 0);
    // A stable sort keeps the newest-first order among equal scores.
    scored.sort((a, b) => b.score - a.score);
    out.set(
      post.index,
      scored.slice(0, 5).map(({ other }) => `${other.index}:${other.title}`),
    );
  }
  return out;
}

/** The outputs of the posts (present after the change) whose related list the change alters. */
export function relatedChanged(before: readonly FixturePost[], after: readonly FixturePost[]): string[] {
  const was = relatedModel(before);
  const now = relatedModel(after);
  return after.filter((post) => JSON.stringify(was.get(post.index)) !== JSON.stringify(now.get(post.index))).map((post) => post.output);
}
