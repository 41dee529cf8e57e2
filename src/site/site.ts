/**
 * Post summaries → Site: which posts are published, in which order, under
 * which categories and tags. Pure: the same posts and clock give the same Site.
 */
import type { ResolvedConfig } from '../config.js';
import { compareStrings } from '../diagnostics.js';
import type { PageSummary, PostSummary } from '../types.js';

export interface Category {
  /** Display name: the spelling most posts use (ties: the first in sort order). */
  readonly name: string;
  /** Lowercased name: the URL part and the grouping key. */
  readonly key: string;
  /** Newest first. */
  readonly posts: readonly PostSummary[];
}

/** A tag's posts, grouped as categories are: case-insensitively, named by the spelling most posts use. */
export type Tag = Category;

export type Site = Readonly<{
  config: ResolvedConfig;
  /** Published posts, newest first; posts of the same instant by source path, descending (Jekyll's `site.posts`). */
  posts: readonly PostSummary[];
  /** By key, in order of post count (descending), then key. */
  categories: readonly Category[];
  /** By key, as categories are ordered. */
  tags: readonly Tag[];
  pages: readonly PageSummary[];
}>;

export function buildSite(posts: readonly PostSummary[], pages: readonly PageSummary[], config: ResolvedConfig, now: Date): Site {
  const visible = posts.filter(
    (post) => (post.published || config.unpublished) && (!post.draft || config.showDrafts) && (config.future || post.date.getTime() <= now.getTime()),
  );
  visible.sort(newestFirst);
  return {
    config,
    posts: visible,
    categories: groupByName(visible, (post) => post.categories),
    tags: groupByName(visible, (post) => post.tags),
    pages: [...pages].sort((a, b) => compareStrings(a.source, b.source)),
  };
}

/**
 * Jekyll's order of `site.posts`: its documents sorted by date, then path,
 * and reversed. So of two posts with the same date, the one whose path sorts
 * last comes first (`…-99.md` before `…-98.md`), on every list page, in feeds
 * and in previous/next links.
 */
export function newestFirst(a: PostSummary, b: PostSummary): number {
  return b.date.getTime() - a.date.getTime() || compareStrings(b.source, a.source);
}

/** Categories or tags: grouped by lowercased name, each post once per group, newest first. */
function groupByName(posts: readonly PostSummary[], namesOf: (post: PostSummary) => readonly string[]): Category[] {
  const groups = new Map<string, { posts: PostSummary[]; spellings: Map<string, number> }>();
  for (const post of posts) {
    const seen = new Set<string>();
    for (const name of namesOf(post)) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { posts: [], spellings: new Map() }));
      group.posts.push(post);
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
    }
  }
  const categories: Category[] = [];
  for (const [key, group] of groups) {
    let name = key;
    let best = -1;
    for (const [spelling, count] of [...group.spellings].sort((a, b) => compareStrings(a[0], b[0]))) {
      if (count > best) [name, best] = [spelling, count];
    }
    categories.push({ name, key, posts: group.posts });
  }
  return categories.sort((a, b) => b.posts.length - a.posts.length || compareStrings(a.key, b.key));
}
