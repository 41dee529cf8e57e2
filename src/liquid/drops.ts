/**
 * gazette's data → the variables Jekyll gives Liquid (`site`, `page`, a post's
 * hash, `paginator`). Pure functions returning plain objects, built once per
 * build: `siteVariables` makes each post's object once and every page shares
 * them (a page looping over `site.posts` reads, never copies). A post's
 * `content` and front matter are read lazily (PostDrop), because only a few
 * pages (feeds, search indexes) read the bodies.
 */
import { posix } from 'node:path';
import { Drop } from 'liquidjs';
import type { ResolvedConfig } from '../config.js';
import { documentId } from '../site/permalink.js';
import { newestFirst } from '../site/site.js';
import type { PageSource, PostDetails, PostSummary } from '../types.js';

export type Variables = Record<string, unknown>;

/**
 * A post's body and front matter, read when a page's Liquid asks for
 * `post.content` or a front matter key (`post.author`): they live in the
 * body store, not in the summaries every build holds.
 */
export type DetailsOf = (post: PostSummary) => PostDetails;

/**
 * Jekyll's post hash. `url` has no baseurl (as in Jekyll); `id` is Jekyll's
 * `Document#id`. Front matter keys are looked up only when asked for
 * (liquidjs calls `liquidMethodMissing` for a key the drop does not have),
 * so that a loop over 20,000 posts does not read 20,000 bodies.
 */
export class PostDrop extends Drop {
  readonly #post: PostSummary;
  readonly #detailsOf: DetailsOf | undefined;

  constructor(post: PostSummary, detailsOf?: DetailsOf) {
    super();
    this.#post = post;
    this.#detailsOf = detailsOf;
    Object.assign(this, {
      title: post.title,
      url: post.url,
      date: post.date,
      id: documentId(post.url, post.slug),
      categories: [...post.categories],
      tags: [...post.tags],
      excerpt: post.excerptHtml,
      slug: post.slug,
      path: post.source,
      relative_path: post.source,
      collection: 'posts',
      layout: post.layout,
      draft: post.draft,
      ...(post.image !== undefined ? { image: post.image } : {}),
    });
    let content: string | undefined;
    Object.defineProperty(this, 'content', { enumerable: true, get: () => (content ??= this.#detailsOf?.(this.#post).html ?? '') });
  }

  override liquidMethodMissing(key: string): unknown {
    const data = this.#detailsOf?.(this.#post).data;
    return data !== undefined && Object.hasOwn(data, key) ? data[key] : undefined;
  }
}

/** `site.posts`' entry for one post (see PostDrop). */
export function postVariables(post: PostSummary, detailsOf?: DetailsOf): PostDrop {
  return new PostDrop(post, detailsOf);
}

/** Jekyll's page hash: front matter, then `title`, `url`, `path`, `name`, `dir`, `content`. */
export function pageVariables(page: PageSource): Variables {
  const dir = page.url.endsWith('/') ? page.url : posix.dirname(page.url);
  return {
    ...page.data,
    title: page.title,
    url: page.url,
    path: page.source,
    name: posix.basename(page.source),
    dir: dir.endsWith('/') ? dir : `${dir}/`,
    layout: page.layout,
    content: page.body,
  };
}

export interface SiteInput {
  readonly config: ResolvedConfig;
  /** Published posts (any order: they are put newest first, as Jekyll's `site.posts`). */
  readonly posts: readonly PostSummary[];
  readonly pages: readonly PageSource[];
  /** `_data/`, as `readDataFiles` returns it. Default `{}`. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The build's clock (`site.time`). */
  readonly time: Date;
  /** Bodies and front matter for `post.content` and `post.<key>`; without it `content` is `''`. */
  readonly detailsOf?: DetailsOf;
}

/**
 * `site.*`: every `_config.yml` key, then `posts` (newest first), `pages`,
 * `html_pages`, `categories` and `tags` (name as written → posts, newest
 * first), `collections` (the posts collection), `documents`, `time`, `data`.
 */
export function siteVariables(input: SiteInput): Variables {
  const posts = [...input.posts].sort(newestFirst).map((post) => postVariables(post, input.detailsOf));
  const pages = input.pages.map(pageVariables);
  return {
    ...input.config.raw,
    url: input.config.url,
    baseurl: input.config.baseurl,
    title: input.config.title,
    time: input.time,
    posts,
    documents: posts,
    pages,
    html_pages: pages.filter((page) => /(?:\/|\.html?)$/.test(String(page['url']))),
    categories: byName(posts, 'categories'),
    tags: byName(posts, 'tags'),
    collections: [{ label: 'posts', docs: posts, files: [], output: true, relative_directory: '_posts', directory: '_posts' }],
    data: input.data ?? {},
  };
}

function byName(posts: readonly PostDrop[], key: 'categories' | 'tags'): Record<string, PostDrop[]> {
  const groups: Record<string, PostDrop[]> = Object.create(null);
  for (const post of posts) {
    for (const name of new Set((post as unknown as Variables)[key] as string[])) (groups[name] ??= []).push(post);
  }
  return groups;
}

export interface PaginatorInput {
  /** 1-based page number. */
  readonly page: number;
  readonly perPage: number;
  /** All posts (as `site.posts`): the page's slice is taken here. */
  readonly posts: readonly Variables[];
  /** Jekyll's `paginate_path`, e.g. `/page:num/`. */
  readonly paginatePath: string;
  /** The first page's URL (the paginated `index.html`'s). Default `'/'`. */
  readonly firstPageUrl?: string;
}

/**
 * jekyll-paginate's `paginator`: paths without baseurl, as the plugin gives
 * them (templates pipe them through `relative_url`); `nil` past either end.
 */
export function paginatorVariables(input: PaginatorInput): Variables {
  const perPage = Math.max(1, Math.floor(input.perPage));
  const totalPages = Math.max(1, Math.ceil(input.posts.length / perPage));
  const page = Math.min(Math.max(1, Math.floor(input.page)), totalPages);
  const pathOf = (num: number): string => (num <= 1 ? (input.firstPageUrl ?? '/') : `/${input.paginatePath.replace(':num', String(num)).replace(/^\/+/, '')}`);
  const previous = page > 1 ? page - 1 : null;
  const next = page < totalPages ? page + 1 : null;
  return {
    page,
    per_page: perPage,
    posts: input.posts.slice((page - 1) * perPage, page * perPage),
    total_posts: input.posts.length,
    total_pages: totalPages,
    previous_page: previous,
    previous_page_path: previous === null ? null : pathOf(previous),
    next_page: next,
    next_page_path: next === null ? null : pathOf(next),
  };
}
