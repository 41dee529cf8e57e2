/**
 * Post and list URLs exactly as Jekyll 4 builds them (Jekyll::URL with a
 * Drops::UrlDrop), so that a migrated site keeps every URL.
 *
 * URLs here are RAW paths (`/categories/tech news/국방/`): that is what names
 * the output file. `encodeUrlPath` turns one into the href form Jekyll puts in
 * pages, feeds and sitemaps.
 */
import { posix } from 'node:path';
import { type DateParts, dateParts } from './dates.js';
import { downcase, slugify } from './slugify.js';

/** Jekyll's built-in permalink styles → their patterns. */
export const PERMALINK_STYLES: Readonly<Record<string, string>> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** A built-in style (`date`, `pretty`, `ordinal`, `weekdate`, `none`) → its pattern; anything else is already a pattern. */
export function permalinkPattern(style: string): string {
  return Object.hasOwn(PERMALINK_STYLES, style) ? (PERMALINK_STYLES[style] ?? style) : style;
}

export interface PermalinkInput {
  readonly date: Date;
  /** IANA zone the date placeholders are read in (the site's `timezone`). */
  readonly zone: string;
  /** As written, in order; `:categories` lowercases and de-duplicates them. */
  readonly categories: readonly string[];
  /** Front matter `slug`, else the filename's slug; unslugified. */
  readonly slug: string;
  /** `.html` for posts and pages. */
  readonly outputExt: string;
  /** The source basename without its extension (e.g. `2024-06-12-my-post`); `:name` slugifies it. */
  readonly name: string;
  /** `:path`, Jekyll's `cleaned_relative_path`. Default `'/' + name` without trailing dots (a post directly in `_posts/`). */
  readonly path?: string;
  /** `:collection`. Default `'posts'`. */
  readonly collection?: string;
}

/** Every placeholder a permalink may use. */
export const PERMALINK_PLACEHOLDERS: readonly string[] = [
  'year',
  'month',
  'i_month',
  'day',
  'i_day',
  'y_day',
  'short_year',
  'hour',
  'minute',
  'second',
  'week',
  'w_year',
  'w_day',
  'short_day',
  'long_day',
  'short_month',
  'long_month',
  'title',
  'slug',
  'name',
  'categories',
  'slugified_categories',
  'output_ext',
  'path',
  'collection',
];

/** A placeholder's value for one post, unencoded; undefined for a name Jekyll does not know. */
type PlaceholderLookup = (name: string) => string | undefined;

const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(PERMALINK_PLACEHOLDERS);

/**
 * The placeholders of one post, each computed when a pattern first asks for
 * it: a pattern names four or five of the 25, and the others (slugs of the
 * file name, every date field) would be computed for every post in vain.
 */
export function placeholderValues(post: PermalinkInput): PlaceholderLookup {
  const values = new Map<string, string>();
  let date: DateParts | undefined;
  const unique = (values: Iterable<string>) => [...new Set(values)].join('/');
  const compute = (name: string): string => {
    switch (name) {
      case 'title':
        return slugify(post.slug, { mode: 'pretty', cased: true });
      case 'slug':
        return slugify(post.slug);
      case 'name':
        return slugify(post.name);
      case 'categories':
        return unique(post.categories.map(downcase));
      case 'slugified_categories':
        return unique(post.categories.map((category) => slugify(category)));
      case 'output_ext':
        return post.outputExt;
      case 'path':
        return post.path ?? `/${post.name.replace(/\.+$/, '')}`;
      case 'collection':
        return post.collection ?? 'posts';
      default:
        date ??= dateParts(post.date, post.zone);
        return date[name as keyof DateParts];
    }
  };
  return (name) => {
    if (!KNOWN_PLACEHOLDERS.has(name)) return undefined;
    let value = values.get(name);
    if (value === undefined) values.set(name, (value = compute(name)));
    return value;
  };
}

// Jekyll reads a placeholder as the longest run of [a-z_] after ':', then
// looks that exact name up (retrying once without a trailing '_', for
// '/:month_:day'). So ':i_month' never matches ':month', and ':yearly' is an
// unknown name rather than ':year' + 'ly'.
const PLACEHOLDER = /:([a-z_]+)/g;

function expand(pattern: string, lookUp: PlaceholderLookup): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = pattern.replace(PLACEHOLDER, (match, name: string) => {
    const exact = lookUp(name);
    if (exact !== undefined) return exact;
    const chomped = name.endsWith('_') ? lookUp(name.slice(0, -1)) : undefined;
    if (chomped !== undefined) return `${chomped}_`;
    unknown.push(name);
    return match;
  });
  return { text, unknown };
}

/** The placeholder names in `pattern` that Jekyll does not know (Jekyll stops the build on them). */
export function unknownPlaceholders(pattern: string): string[] {
  return expand(pattern, (name) => (KNOWN_PLACEHOLDERS.has(name) ? '' : undefined)).unknown;
}

/**
 * Jekyll's `URL#sanitize_url`: prefix `/`, turn every `..` into `/`, delete
 * every `./`, squeeze runs of `/`. It is cruder than path normalisation
 * (`/a/wait...what` → `/a/wait/.what`, `/x/Hello./` → `/x/Hello`), and that
 * is exactly what a migrated site's URLs were made with.
 */
export function sanitizeUrl(url: string): string {
  return `/${url}`
    .replaceAll('..', '/')
    .replaceAll('./', '')
    .replace(/\/{2,}/g, '/');
}

/**
 * Expand a post permalink pattern the way Jekyll 4 does and sanitise it.
 * An empty `:categories` leaves `//`, which sanitising collapses, so
 * `/:categories/:year/` is `/2024/` for a post without categories.
 * Unknown placeholders are left as written (see `unknownPlaceholders`).
 */
export function expandPostPermalink(pattern: string, post: PermalinkInput): string {
  return sanitizeUrl(expand(pattern, placeholderValues(post)).text);
}

/**
 * A front-matter `permalink:` (post or page): placeholders expanded as for
 * posts, the result sanitised. Refused when empty, when it names an unknown
 * placeholder, or when its `..` segments climb above the site root (Jekyll
 * would silently rewrite those; here they are the author's mistake to fix).
 */
export function resolveFrontMatterPermalink(value: string, post: PermalinkInput): { url: string } | { error: string } {
  if (value.trim() === '') return { error: 'the front matter `permalink` is empty' };
  // `%XX` names the file's raw characters on disk (Jekyll's URL.unescape_path); hrefs encode them again.
  const { text, unknown } = expand(decodeUrlPath(value), placeholderValues(post));
  if (unknown.length > 0) {
    const names = unknown.map((name) => `:${name}`).join(', ');
    return { error: `the permalink "${value}" uses unknown placeholder${unknown.length > 1 ? 's' : ''} ${names}` };
  }
  if (climbsAboveRoot(text)) return { error: `the permalink "${value}" leads outside the site (too many "..")` };
  return { url: sanitizeUrl(text) };
}

function climbsAboveRoot(path: string): boolean {
  let depth = 0;
  for (const segment of path.split('/')) {
    if (segment === '..') depth -= 1;
    else if (segment !== '' && segment !== '.') depth += 1;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * The output file for a URL, relative to the output folder, `/`-separated,
 * unencoded: `/a/b/` → `a/b/index.html`, `/` → `index.html`.
 *
 * - With `outputExt` (a post or page, whose output extension is known), Jekyll's
 *   `destination` rule: append `outputExt` unless the path already ends with it
 *   (`/a/b` → `a/b.html`, `/news/v1.2` → `news/v1.2.html`).
 * - Without it (generated files: feeds, sitemaps, lists), the URL names its
 *   file: `/feed.xml` stays `feed.xml`; only a last segment with no dot gets `.html`.
 *
 * `.` segments are dropped and `..` segments cannot climb above the root, so
 * the result never starts with `/` and never contains `..`.
 */
export function urlToOutputPath(url: string, outputExt?: string): string {
  const segments: string[] = [];
  for (const segment of url.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const isDirectory = url === '' || url.endsWith('/') || segments.length === 0 || /(^|\/)\.{1,2}$/.test(url);
  const ext = outputExt ?? '.html';
  if (isDirectory) return [...segments, `index${ext}`].join('/');
  const path = segments.join('/');
  if (outputExt !== undefined) return path.endsWith(outputExt) ? path : path + outputExt;
  const last = segments[segments.length - 1] ?? '';
  return last.includes('.') ? path : path + ext;
}

// RFC 3986 pchar plus '/': Addressable's PATH character class.
const PATH_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const PATH_UNSAFE_RUN = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]+/gu;
const utf8 = new TextEncoder();

/**
 * A post's `id` as Jekyll's `Document#id` makes it:
 * `File.join(File.dirname(url), data["slug"] || basename_without_ext)`. It is
 * not the URL: the folder of the URL plus the slug as written (not
 * slugified), so `/news/2024/07/12/81/` and `/news/2024/07/12/81.html` both give
 * `/news/2024/07/12/81`, `tech news.md` gives `…/tech news`, and a post with
 * `permalink: /special/story/` gives `/special/<slug>`. jekyll-feed writes
 * it (absolute) as each entry's `<id>`, which feed readers key entries on.
 * Raw like the URL; NFC like Addressable's `normalize` in `absolute_url`.
 */
export function documentId(url: string, slug: string): string {
  // Ruby's File.dirname ignores trailing slashes and collapses repeated ones; File.join joins with one `/`.
  const trimmed = url.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  const folder = cut <= 0 ? '/' : trimmed.slice(0, cut).replace(/\/+$/, '') || '/';
  const id = `${folder.replace(/\/{2,}/g, '/')}/${slug.replace(/^\/+/, '')}`.replace(/^\/{2,}/, '/');
  return id.normalize('NFC');
}

/**
 * Percent-encode a raw URL path as Jekyll's `URL.escape_path` does: keep
 * unreserved characters, sub-delims, `:`, `@` and `/`; everything else
 * (space, `%`, `?`, `#`, Hangul…) becomes UTF-8 `%XX` with uppercase hex.
 * `'/tech news/'` → `'/tech%20news/'`, `'/국방/'` → `'/%EA%B5%AD%EB%B0%A9/'`.
 */
export function encodeUrlPath(path: string): string {
  if (PATH_SAFE.test(path)) return path;
  return path.replace(PATH_UNSAFE_RUN, (run) => {
    // encodeURIComponent escapes every character of such a run, as UTF-8 with uppercase hex; it throws
    // on a lone surrogate, which is encoded here as U+FFFD is (the TextEncoder's replacement).
    try {
      return encodeURIComponent(run);
    } catch {
      // URIError: a lone surrogate, encoded as said above.
      let out = '';
      for (const byte of utf8.encode(run)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      return out;
    }
  });
}

/**
 * A list's URL for page `page` (1-based): page 1 is `base` itself; page n is
 * `base` followed by `paginatePath` with `:num` = n.
 * `('/', '/page:num/', 3)` → `/page3/`; `('/categories/news/', '/page:num/', 2)` → `/categories/news/page2/`.
 * @throws RangeError when `page` is not a whole number ≥ 1.
 */
export function paginatedUrl(base: string, paginatePath: string, page: number): string {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be a whole number from 1, got ${page}`);
  if (page === 1) return base;
  const suffix = paginatePath.replace(':num', () => String(page));
  return sanitizeUrl(`${base}/${suffix}`);
}

/**
 * `category_path` with `:category` = the category lowercased as Jekyll's
 * `:categories` does it (not slugified: `Tech News` → `/categories/tech news/`,
 * `국방` → `/categories/국방/`), sanitised.
 */
export function categoryUrl(categoryPath: string, category: string): string {
  const value = downcase(category);
  return sanitizeUrl(categoryPath.replace(/:category(?![a-z_])/g, () => value));
}

/** `tag_path` with `:tag` = the tag lowercased, as `categoryUrl` does it (`국방` → `/tags/국방/`), sanitised. */
export function tagUrl(tagPath: string, tag: string): string {
  const value = downcase(tag);
  return sanitizeUrl(tagPath.replace(/:tag(?![a-z_])/g, () => value));
}

/** Jekyll's default `markdown_ext`: the extensions its Markdown converter takes, without dots. */
export const DEFAULT_MARKDOWN_EXT: readonly string[] = ['markdown', 'mkdown', 'mkdn', 'mkd', 'md'];

/**
 * The output extension Jekyll's converters give a file (Renderer#converter_output_ext):
 * a `markdown_ext` extension → `.html`, `.scss`/`.sass` → `.css` (jekyll-sass-converter),
 * anything else as written, because the Identity converter keeps it (`.xml`, `.json`,
 * `.txt`, `.htm`, `.html`). Extensions compare case-insensitively, as Jekyll's do.
 */
export function outputExtFor(source: string, markdownExts: readonly string[] = DEFAULT_MARKDOWN_EXT): string {
  const ext = posix.extname(source);
  const lower = ext.toLowerCase();
  if (markdownExts.some((name) => `.${name.toLowerCase()}` === lower)) return '.html';
  if (lower === '.scss' || lower === '.sass') return '.css';
  return ext;
}

/**
 * Renderer#permalink_ext: a permalink that does not end in `/` and names an
 * extension sets the output extension (`/data.json` → `.json`, `/v1.2` → `.2`);
 * otherwise undefined and the converter's extension holds.
 */
export function permalinkExt(permalink: string | undefined): string | undefined {
  if (permalink === undefined || permalink.endsWith('/')) return undefined;
  const ext = posix.extname(permalink);
  return ext === '' ? undefined : ext;
}

/**
 * Jekyll's `URL.unescape_path` for the text an author wrote: `%XX` runs become
 * their UTF-8 characters (`/caf%C3%A9/` → `/café/`), since URLs here are raw
 * and encoded only as hrefs. Invalid sequences are kept as written; bytes that
 * are not UTF-8 become U+FFFD.
 */
export function decodeUrlPath(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return new TextDecoder().decode(bytes);
  });
}

/**
 * The output file of a URL, as Jekyll's `destination` methods make it (raw,
 * relative to the destination). A URL ending in `/` is a folder: a post
 * (Document) writes `index.html` there whatever its extension, a page writes
 * `index` + its output extension (`feed.xml` with permalink `/feed/` →
 * `feed/index.xml`). Otherwise the output extension is appended unless the URL
 * already ends with it. `url` must be sanitised (`sanitizeUrl`).
 */
export function outputFileFor(url: string, outputExt: string, kind: 'post' | 'page'): string {
  const path = url.replace(/^\/+/, '');
  if (url.endsWith('/')) return `${path}index${kind === 'post' ? '.html' : outputExt}`;
  return path.endsWith(outputExt) ? path : path + outputExt;
}

export interface PageRouteInput {
  /** Path relative to the site source, `/`-separated (`docs/about.md`). */
  readonly source: string;
  /** Front matter (or `defaults:`) `permalink`; undefined or blank: Jekyll's page template. */
  readonly permalink?: string | undefined;
  /** The site's `permalink` setting as written (`date`, `pretty`, a pattern…). */
  readonly style: string;
  /** The converter's output extension (`outputExtFor`); a permalink's own extension wins over it. */
  readonly outputExt: string;
}

export type PageRoute = { url: string; file: string; outputExt: string } | { error: string };

const HTML_EXTENSIONS: ReadonlySet<string> = new Set(['.html', '.xhtml', '.htm']);

/**
 * A page's URL and output file exactly as Jekyll 4's Page makes them.
 *
 * - Template (Page#template): `/:path/:basename:output_ext` for non-HTML output,
 *   `/:path/` for `index` files, else `/:path/:basename` with the style's suffix
 *   (`Utils.add_permalink_suffix`: `/` for `pretty` or a pattern ending in `/`,
 *   `:output_ext` for `date`/`ordinal`/`none` or a pattern ending in it, nothing
 *   otherwise; the file still gets the extension).
 * - Only `:path`, `:basename`, `:output_ext` are placeholders, replaced as plain
 *   text (URL#generate_url_from_hash): `:title` or `:year` in a page permalink stay literal.
 * - `%XX` in a permalink is decoded (the file on disk is `URL.unescape_path(url)`).
 * - A permalink whose `..` climbs above the root is refused (Jekyll rewrites it).
 */
export function pageRoute(input: PageRouteInput): PageRoute {
  const name = posix.basename(input.source);
  const dir = posix.dirname(input.source);
  const ext = posix.extname(name);
  const basename = name.slice(0, name.length - ext.length).replace(/\.+$/, '');
  const permalink = input.permalink !== undefined && input.permalink.trim() !== '' ? decodeUrlPath(input.permalink) : undefined;
  const outputExt = permalinkExt(permalink) ?? input.outputExt;
  if (permalink !== undefined && climbsAboveRoot(permalink)) {
    return { error: `the permalink "${input.permalink ?? ''}" leads outside the site (too many "..")` };
  }
  let template: string;
  if (!HTML_EXTENSIONS.has(outputExt)) template = '/:path/:basename:output_ext';
  else if (basename === 'index') template = '/:path/';
  else template = addPermalinkSuffix('/:path/:basename', input.style);
  const values: [string, string][] = [
    ['path', dir === '.' ? '' : dir],
    ['basename', basename],
    ['output_ext', outputExt],
  ];
  let text = permalink ?? template;
  for (const [key, value] of values) {
    if (!text.includes(':')) break;
    text = text.replaceAll(`:${key}`, () => value);
  }
  const url = sanitizeUrl(text);
  return { url, file: outputFileFor(url, outputExt, 'page'), outputExt };
}

/** Jekyll's `Utils.add_permalink_suffix`, with the site's `permalink` as written. */
function addPermalinkSuffix(template: string, style: string): string {
  if (style === 'pretty') return `${template}/`;
  if (style === 'date' || style === 'ordinal' || style === 'none') return `${template}:output_ext`;
  let out = template;
  if (style.endsWith('/')) out += '/';
  if (style.endsWith(':output_ext')) out += ':output_ext';
  return out;
}
