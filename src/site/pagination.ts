/**
 * Where list pages go, as jekyll-paginate 1.1 decides it, so that a migrated
 * site keeps every `/blog/pageN/` URL it had.
 *
 * jekyll-paginate paginates one page of the site, its "template": a file
 * named exactly `index.html` whose folder is the folder of `paginate_path`
 * or one of its parents (the deepest such file wins). List page 1 is that
 * page's own URL; page n is `paginate_path` with `:num` = n, always a folder
 * (`blog/page:num` → `/blog/page2/`). A site without such a page is a
 * gazette site: its home list is at `/`, page n at `paginate_path` likewise.
 *
 * Category and archive lists, which jekyll-paginate does not make, number
 * their pages with `paginate_path` as it stands below the template page's
 * folder (`page:num`), below their own URL: `/categories/news/page2/`.
 */
import { posix } from 'node:path';
import type { PageSource, PostSummary } from '../types.js';
import { sanitizeUrl } from './permalink.js';

export interface ListPage {
  /** 1-based. */
  readonly number: number;
  readonly total: number;
  readonly posts: readonly PostSummary[];
  /** How this list's pages are numbered. */
  readonly scheme: ListScheme;
}

/** The URLs of one paginated list. */
export type ListScheme = Readonly<{
  /** URL of page 1. */
  first: string;
  /** URL of page n ≥ 2, with `:num` standing for n. */
  pattern: string;
}>;

/** URL of page `n` (1-based) of a list. */
export function listPageUrl(scheme: ListScheme, n: number): string {
  return n <= 1 ? scheme.first : scheme.pattern.replace(':num', () => String(n));
}

/** The URL of a list page. */
export function listUrl(list: ListPage): string {
  return listPageUrl(list.scheme, list.number);
}

/**
 * jekyll-paginate's template page among the site's pages: named `index.html`
 * in the folder of `paginate_path` or above it, the deepest first. Only an
 * `index.html` counts (`index.md` does not: jekyll-paginate compares the file
 * name), as in Jekyll.
 */
export function paginationTemplate<P extends Pick<PageSource, 'source'>>(pages: readonly P[], paginatePath: string): P | undefined {
  const folder = posix.dirname(posix.join('/', paginatePath.replace(/\/+$/, '')));
  let best: P | undefined;
  for (const page of pages) {
    if (posix.basename(page.source) !== 'index.html') continue;
    const dir = posix.join('/', posix.dirname(page.source));
    const above = folder === dir || folder.startsWith(dir === '/' ? '/' : `${dir}/`);
    if (above && (best === undefined || page.source.length > best.source.length)) best = page;
  }
  return best;
}

/** The home list's URLs: page 1 at the template page's URL (`/` without one), page n at `paginate_path` as a folder. */
export function homeScheme(paginatePath: string, template: Pick<PageSource, 'url'> | undefined): ListScheme {
  return { first: template?.url ?? '/', pattern: sanitizeUrl(`${paginatePath}/`) };
}

/**
 * What a category's or archive's list puts below its own URL for page n:
 * `paginate_path` relative to the template page's folder (`blog/page:num`
 * with `blog/index.html` → `page:num`, `blog/p/:num` → `p/:num`), or to the
 * folder of `paginate_path` when the site has no template page.
 */
export function nestedSuffix(paginatePath: string, template: Pick<PageSource, 'source'> | undefined): string {
  const path = posix.join('/', paginatePath);
  const folder = template === undefined ? posix.dirname(path.replace(/\/+$/, '')) : posix.join('/', posix.dirname(template.source));
  return posix.relative(folder, path);
}

/** A category's or archive's list below `first`: `/categories/news/` → `/categories/news/page:num/`. */
export function nestedScheme(first: string, suffix: string): ListScheme {
  return { first, pattern: sanitizeUrl(`${first}/${suffix}/`) };
}

/** Posts split into pages of `perPage`; an empty list still has its page 1. */
export function paginate(posts: readonly PostSummary[], scheme: ListScheme, perPage: number): ListPage[] {
  const total = Math.max(1, Math.ceil(posts.length / perPage));
  const pages: ListPage[] = [];
  for (let number = 1; number <= total; number++) {
    pages.push({ number, total, scheme, posts: posts.slice((number - 1) * perPage, number * perPage) });
  }
  return pages;
}
