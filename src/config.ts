/**
 * `_config.yml` → ResolvedConfig. Jekyll's keys keep Jekyll's meanings; every
 * default is documented here and in the README. All problems are collected
 * and returned together; a key of the wrong type is an error naming the key.
 */
import { isAbsolute } from 'node:path';
import yaml from 'js-yaml';
import { CONFIG_FILE } from './config-file.js';
import { resolveSassOptions, type SassOptions } from './content/sass.js';
import { aliasDiagnostic, checkAliases } from './content/yaml-aliases.js';
import { type CspSources, resolveCspConfig } from './csp-config.js';
import { type Diagnostic, error, warning } from './diagnostics.js';
import { pluginsOf } from './site/migration.js';
import { DEFAULT_MARKDOWN_EXT, PERMALINK_STYLES, permalinkPattern, unknownPlaceholders } from './site/permalink.js';

export interface SanitizeConfig {
  /** `rel` tokens added to external links besides `noopener noreferrer`. Default `['nofollow', 'ugc']`. */
  readonly externalRel: readonly string[];
  /** Hosts whose `<iframe>` embeds are kept (e.g. `www.youtube.com`). Default none. */
  readonly iframeHosts: readonly string[];
  /** Extra tags to allow beyond the default schema. Default none. */
  readonly allowTags: readonly string[];
  /** Tags to remove from the default schema. Default none. */
  readonly dropTags: readonly string[];
  /** Extra attributes per tag (`'*'` for all tags). Default none. */
  readonly allowAttributes: Readonly<Record<string, readonly string[]>>;
  /** Extra CSS properties to keep in `style`. Default none. */
  readonly allowCssProperties: readonly string[];
  /**
   * Post classes kept as written (`imageblock`, or `txc-*` for a prefix);
   * every other class gets the `user-content-` prefix. Default none (only
   * the classes gazette's Markdown writes are kept).
   */
  readonly allowClasses?: readonly string[];
}

export interface FrontMatterDefault {
  /** Path prefix relative to the source (`''` = everything). */
  readonly path: string;
  /** `posts`, `pages`, `drafts`, or undefined for any. */
  readonly type?: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface FeedConfig {
  /** Default true. */
  readonly enabled: boolean;
  /** Entries in each feed. Default 20. */
  readonly postsLimit: number;
  /**
   * A feed per category at `/feed/<category>.xml`: every category (true), none
   * (false), or the ones listed, as jekyll-feed's `feed: categories: [news]`
   * (each at `/feed/<name as listed>.xml`). Default true.
   */
  readonly categories: boolean | readonly string[];
}

export interface OutputsConfig {
  readonly feed: FeedConfig;
  /** `/sitemap.xml` (and parts above 50,000 URLs). Default true. */
  readonly sitemap: boolean;
  /** `/sitemap-news.xml` with the last two days' posts. Default true. */
  readonly newsSitemap: boolean;
  /** `/robots.txt` unless the site has its own. Default true. */
  readonly robots: boolean;
  /** The search index (`/search/index.json` and its shards) and the search page. Default true. */
  readonly search: boolean;
  /** `/YYYY/` and `/YYYY/MM/` pages. Default true. */
  readonly archives: boolean;
  /**
   * `/redirects.json`, jekyll-redirect-from's map of every redirect: `'always'` when `plugins:`
   * lists jekyll-redirect-from (the plugin writes `{}` for a site without redirects), `'never'`
   * with the plugin's `redirect_from: {json: false}`, else `'used'`: written when a post or page
   * has `redirect_from` or `redirect_to`. Default `'used'`.
   */
  readonly redirectsJson: 'always' | 'used' | 'never';
}

/** `snippets:`, where the theme's snippet slots (templates/slots/) appear. */
export interface SnippetsConfig {
  /** `list_every`: the `list-between` slot after every this many cards of a list page. Default 0 (off). */
  readonly listEvery: number;
}

/** How Markdown bodies are read: Jekyll's kramdown (its GFM input), or CommonMark + GFM as markdown-it reads them. */
export type MarkdownFlavour = 'kramdown' | 'commonmark';

export interface ResolvedConfig {
  /** Site title. Default `'My news site'`. */
  readonly title: string;
  /** Default `''`. */
  readonly description: string;
  /** Absolute origin without trailing slash, e.g. `https://news.example.com`. Default `''`. */
  readonly url: string;
  /** Path prefix of the site, `''` or `/something` (no trailing slash). Default `''`. */
  readonly baseurl: string;
  /** BCP 47 language, e.g. `ko-KR` (canonical case; `ko_KR` is read as `ko-KR`). Default `'en-US'`. */
  readonly lang: string;
  /** IANA zone used for post dates and URL parts. Default `'UTC'`. */
  readonly timezone: string;
  /** Jekyll permalink style (`date`, `pretty`, `ordinal`, `weekdate`, `none`) or pattern. Default `'date'`. */
  readonly permalink: string;
  /** Posts per list page. Default 10. */
  readonly paginate: number;
  /** Default `'/page:num/'`. */
  readonly paginatePath: string;
  /** Default `'/categories/:category/'`. */
  readonly categoryPath: string;
  /** Where a tag's list pages go, as `category_path`. Default `'/tags/:tag/'`. */
  readonly tagPath: string;
  /** Default `'\n\n'`. */
  readonly excerptSeparator: string;
  /**
   * Jekyll's `markdown`: `kramdown` (any case) or absent → `'kramdown'`, Jekyll's
   * default; `CommonMark`, `GFM` (any case) → `'commonmark'`. Anything else warns
   * and is read as kramdown. Default `'kramdown'`.
   */
  readonly markdown: MarkdownFlavour;
  /**
   * `markdown_ext`: extensions (no dots, lowercase) of Markdown posts and pages, whose output is `.html`.
   * Default Jekyll's `markdown,mkdown,mkdn,mkd,md`.
   */
  readonly markdownExt: readonly string[];
  /** Publish future-dated posts. Default false. */
  readonly future: boolean;
  /** Include `_drafts/`. Default false. */
  readonly showDrafts: boolean;
  /** Include `published: false` posts. Default false. */
  readonly unpublished: boolean;
  /** Paths (relative to the source, prefix or glob with `*`) never read or copied. */
  readonly exclude: readonly string[];
  /** Paths starting with `_` or `.` that are copied anyway. */
  readonly include: readonly string[];
  /**
   * `symlinks_allowed`: absolute folders outside the source that symlinks among posts, pages and
   * static files may point into. Default none: a symlink whose real path leaves the source is not read.
   */
  readonly symlinksAllowed: readonly string[];
  readonly defaults: readonly FrontMatterDefault[];
  /** Site author, a name. Default `''`. */
  readonly author: string;
  /** Publisher name for news sitemaps and JSON-LD. Default: the title. */
  readonly publisherName: string;
  /** Publisher logo URL (site-relative or absolute). Default `''`. */
  readonly publisherLogo: string;
  readonly sanitize: SanitizeConfig;
  /**
   * `csp`: the theme's Content-Security-Policy (meta and `/_headers`) with the
   * hosts listed per directive added (`csp: {script_src: [...]}`), or false for
   * none. Default: the theme's policy, nothing added (`csp: true`).
   */
  readonly csp: CspSources | false;
  readonly snippets: SnippetsConfig;
  readonly outputs: OutputsConfig;
  /** Jekyll's `sass:` keys for `.scss`/`.sass` pages (content/sass.ts). Default: expanded, `_sass`, no load paths. */
  readonly sass: SassOptions;
  /**
   * `max_post_size`: a post (or draft) larger than this many bytes is an
   * error, not parsed. Parsing is linear, but a megabyte of table cells is
   * slow to parse and takes many times its size in memory. Written `2MB`,
   * `500KB` or in bytes.
   * Default DEFAULT_MAX_POST_SIZE (2 MB).
   */
  readonly maxPostSize: number;
  /**
   * `images`: posts' local images get `width`/`height` from their files, and
   * raster ones resized copies (WebP and their own format, build/images.ts),
   * kept in the cache by their bytes. `false`: image files are not read;
   * images keep the URL and attributes their posts give them. Default true.
   */
  readonly images: boolean;
  /** Every key of `_config.yml` as written, for templates as `site.*`. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface BuildFlags {
  drafts?: boolean;
  future?: boolean;
  unpublished?: boolean;
}

export { CONFIG_FILE };

/** `max_post_size` when the config has none: 2 MB, 20 times a long news post with its markup. */
export const DEFAULT_MAX_POST_SIZE = 2 * 1024 * 1024;

/** The styles `permalink` may name; defined with the other URL rules, in site/permalink.ts. */
export { PERMALINK_STYLES };

export interface ConfigResult {
  config: ResolvedConfig;
  diagnostics: Diagnostic[];
}

/** Resolve config text (undefined when the site has no `_config.yml`). Never throws. */
export function resolveConfig(text: string | undefined, flags: BuildFlags = {}): ConfigResult {
  const diagnostics: Diagnostic[] = [];
  const raw = text !== undefined && text.trim() !== '' ? parseConfigText(text, diagnostics) : {};
  const read = new Reader(raw, text ?? '', diagnostics);
  const title = read.string('title', 'My news site');
  const sanitizeRaw = read.mapping('sanitize');
  const feedRaw = read.flagOrMapping('feed');
  const publisher = read.mapping('publisher');
  const snippetsRaw = read.mapping('snippets');
  const sass = resolveSassOptions(raw['sass'], (key) => read.position(key));
  diagnostics.push(...sass.diagnostics);
  const csp = resolveCspConfig(raw['csp'], (key) => read.position(key));
  diagnostics.push(...csp.diagnostics);
  // Keys are read in this order, and a wrong one's diagnostic comes in it.
  const config: ResolvedConfig = {
    title,
    description: read.string('description', ''),
    url: read.string('url', '').replace(/\/+$/, ''),
    baseurl: normaliseBaseurl(read.string('baseurl', '')),
    lang: read.language('lang', 'en-US'),
    timezone: read.timezone('timezone', 'UTC'),
    permalink: read.string('permalink', 'date'),
    paginate: read.positiveInteger('paginate', 10),
    paginatePath: read.string('paginate_path', '/page:num/'),
    categoryPath: read.string('category_path', '/categories/:category/'),
    tagPath: read.string('tag_path', '/tags/:tag/'),
    excerptSeparator: read.string('excerpt_separator', '\n\n'),
    markdown: read.markdownFlavour('markdown'),
    markdownExt: markdownExtensions(read.string('markdown_ext', DEFAULT_MARKDOWN_EXT.join(','))),
    future: flags.future === true || read.boolean('future', false),
    showDrafts: flags.drafts === true || read.boolean('show_drafts', false),
    unpublished: flags.unpublished === true || read.boolean('unpublished', false),
    exclude: read.stringList('exclude', []),
    include: read.stringList('include', []),
    symlinksAllowed: read.stringList('symlinks_allowed', []),
    defaults: read.defaults(),
    author: read.author(),
    publisherName: typeof publisher['name'] === 'string' ? publisher['name'] : title,
    publisherLogo: typeof publisher['logo'] === 'string' ? publisher['logo'] : '',
    sanitize: sanitizeConfig(read, sanitizeRaw),
    csp: csp.csp,
    snippets: snippetsConfig(read, snippetsRaw),
    outputs: outputsConfig(read, raw, feedRaw),
    sass: sass.options,
    maxPostSize: read.byteSize('max_post_size', DEFAULT_MAX_POST_SIZE),
    images: read.boolean('images', true),
    raw,
  };
  diagnostics.push(...valueProblems(config, read));
  return { config, diagnostics };
}

/** The config's YAML as a mapping; `{}` (with a diagnostic) when it is not YAML, not a mapping, or an alias bomb. */
function parseConfigText(text: string, diagnostics: Diagnostic[]): Record<string, unknown> {
  try {
    const loaded = yaml.load(text.replace(/^\uFEFF/, ''), { schema: yaml.CORE_SCHEMA, filename: CONFIG_FILE });
    const aliases = text.includes('*') ? checkAliases(loaded) : undefined;
    if (aliases !== undefined) diagnostics.push(aliasDiagnostic(CONFIG_FILE, aliases, text));
    else if (loaded !== null && typeof loaded === 'object' && !Array.isArray(loaded)) return loaded as Record<string, unknown>;
    else if (loaded != null) diagnostics.push(error(CONFIG_FILE, 'the config must be a mapping of keys to values', { line: 1, column: 1 }));
  } catch (cause) {
    const mark = (cause as { mark?: { line: number; column: number } }).mark;
    const reason = (cause as { reason?: string }).reason ?? String(cause);
    const hint = 'fix the YAML syntax; quote values that contain `: ` or start with a quote';
    diagnostics.push(error(CONFIG_FILE, `invalid YAML: ${reason}`, mark ? { line: mark.line + 1, column: mark.column + 1 } : {}, hint));
  }
  return {};
}

/** `sanitize:`, each key under it read as `sanitize.<key>`. */
function sanitizeConfig(read: Reader, sanitize: Record<string, unknown>): SanitizeConfig {
  return {
    externalRel: read.stringList('external_rel', ['nofollow', 'ugc'], sanitize, 'sanitize.'),
    iframeHosts: read.stringList('iframe_hosts', [], sanitize, 'sanitize.'),
    allowTags: read.stringList('allow_tags', [], sanitize, 'sanitize.'),
    dropTags: read.stringList('drop_tags', [], sanitize, 'sanitize.'),
    allowAttributes: read.attributeMap(sanitize),
    allowCssProperties: read.stringList('allow_css_properties', [], sanitize, 'sanitize.'),
    allowClasses: read.stringList('allow_classes', [], sanitize, 'sanitize.'),
  };
}

/** `snippets:`; `list_every: 0` or `false` is off, as when it is absent. */
function snippetsConfig(read: Reader, snippets: Record<string, unknown>): SnippetsConfig {
  const every = snippets['list_every'];
  return { listEvery: every === 0 || every === false ? 0 : read.positiveInteger('list_every', 0, snippets, 'snippets.') };
}

/** What gazette generates besides pages: feeds (`feed:`, or `feed: false`), sitemaps, robots.txt, search, archives, redirects.json. */
function outputsConfig(read: Reader, raw: Record<string, unknown>, feed: Record<string, unknown> | false): OutputsConfig {
  return {
    feed: {
      enabled: feed !== false,
      postsLimit: read.positiveInteger('posts_limit', 20, feed === false ? {} : feed, 'feed.'),
      categories: feedCategories(read, feed === false ? {} : feed),
    },
    sitemap: read.boolean('sitemap', true),
    newsSitemap: read.boolean('news_sitemap', true),
    robots: read.boolean('robots', true),
    search: read.boolean('search', true),
    archives: read.boolean('archives', true),
    redirectsJson: read.mapping('redirect_from')['json'] === false ? 'never' : pluginsOf(raw).includes('jekyll-redirect-from') ? 'always' : 'used',
  };
}

/** Values of the right type that still cannot be used: a `url` that is no origin, unknown permalink placeholders, and so on. */
function valueProblems(config: ResolvedConfig, read: Reader): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (config.url !== '' && !/^https?:\/\/[^/]+$/.test(config.url)) {
    problems.push(error(CONFIG_FILE, `\`url\` must be an origin like https://news.example.com, got "${config.url}"`, read.position('url')));
  }
  const unknown = unknownPlaceholders(permalinkPattern(config.permalink));
  if (unknown.length > 0) {
    const names = unknown.map((u) => `:${u}`).join(', ');
    const hint = 'see "How URLs are formed" in the README for the placeholders';
    problems.push(error(CONFIG_FILE, `\`permalink\` has unknown placeholder${unknown.length > 1 ? 's' : ''} ${names}`, read.position('permalink'), hint));
  }
  for (const folder of config.symlinksAllowed.filter((entry) => !isAbsolute(entry))) {
    const hint = 'write the full path, e.g. /srv/shared-images';
    problems.push(error(CONFIG_FILE, `\`symlinks_allowed\` takes absolute folders, got "${folder}"`, read.position('symlinks_allowed'), hint));
  }
  if (!config.paginatePath.includes(':num')) {
    problems.push(error(CONFIG_FILE, '`paginate_path` must contain `:num`', read.position('paginate_path'), "Jekyll's default is /page:num/"));
  }
  if (!config.categoryPath.includes(':category')) {
    problems.push(error(CONFIG_FILE, '`category_path` must contain `:category`', read.position('category_path')));
  }
  if (!config.tagPath.includes(':tag')) {
    problems.push(error(CONFIG_FILE, '`tag_path` must contain `:tag`', read.position('tag_path')));
  }
  return problems;
}

/** `feed.categories`: true, false, or jekyll-feed's list of names. */
function feedCategories(read: Reader, feed: Record<string, unknown>): boolean | readonly string[] {
  const value = feed['categories'];
  if (Array.isArray(value) || typeof value === 'string') return read.stringList('categories', [], feed, 'feed.');
  return read.boolean('categories', true, feed, 'feed.');
}

function normaliseBaseurl(value: string): string {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Reads typed keys out of a mapping, recording one diagnostic per wrong key. */
class Reader {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly text: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  position(key: string): { line?: number; column?: number } {
    const last = key.split('.').pop() ?? key;
    const lines = this.text.split(/\r?\n/);
    const index = lines.findIndex((line) => new RegExp(`^\\s*${escapeRegExp(last)}\\s*:`).test(line));
    if (index < 0) return {};
    const column = (lines[index]?.search(/\S/) ?? 0) + 1;
    return { line: index + 1, column };
  }

  private wrongType(key: string, expected: string, value: unknown): void {
    this.diagnostics.push(
      error(CONFIG_FILE, `\`${key}\` must be ${expected}, got ${describe(value)}`, this.position(key), 'the default is used until this is fixed'),
    );
  }

  string(key: string, fallback: string, from: Record<string, unknown> = this.raw, prefix = ''): string {
    const value = from[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.wrongType(prefix + key, 'a string', value);
    return fallback;
  }

  boolean(key: string, fallback: boolean, from: Record<string, unknown> = this.raw, prefix = ''): boolean {
    const value = from[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    this.wrongType(prefix + key, 'true or false', value);
    return fallback;
  }

  positiveInteger(key: string, fallback: number, from: Record<string, unknown> = this.raw, prefix = ''): number {
    const value = from[key];
    if (value === undefined || value === null) return fallback;
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number > 0) return number;
    this.wrongType(prefix + key, 'a whole number above 0', value);
    return fallback;
  }

  /** Bytes: a whole number, or one with `KB`/`MB` (1024-based, as file managers show sizes). */
  byteSize(key: string, fallback: number): number {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    const match =
      typeof value === 'number' ? [String(value), String(value), ''] : typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([KkMm]i?B)?\s*$/.exec(value) : null;
    const units: Record<string, number> = { '': 1, k: 1024, m: 1024 * 1024 };
    const bytes = match ? Math.floor(Number(match[1]) * (units[(match[2] ?? '').charAt(0).toLowerCase()] ?? 1)) : NaN;
    if (Number.isFinite(bytes) && bytes > 0) return bytes;
    this.wrongType(key, 'a size like 2MB, 500KB or a number of bytes', value);
    return fallback;
  }

  stringList(key: string, fallback: readonly string[], from: Record<string, unknown> = this.raw, prefix = ''): readonly string[] {
    const value = from[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      return value.map(String);
    }
    this.wrongType(prefix + key, 'a list of strings', value);
    return fallback;
  }

  mapping(key: string): Record<string, unknown> {
    const value = this.raw[key];
    if (value === undefined || value === null) return {};
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.wrongType(key, 'a mapping', value);
    return {};
  }

  /** `feed: false` switches it off; `feed: {…}` configures it. */
  flagOrMapping(key: string): Record<string, unknown> | false {
    const value = this.raw[key];
    if (value === false) return false;
    if (value === true) return {};
    return this.mapping(key);
  }

  markdownFlavour(key: string): MarkdownFlavour {
    const value = this.string(key, 'kramdown').trim().toLowerCase();
    if (value === 'kramdown') return 'kramdown';
    if (value === 'commonmark' || value === 'gfm') return 'commonmark';
    this.diagnostics.push(
      warning(
        CONFIG_FILE,
        `\`${key}\` is not a Markdown processor gazette knows: "${value}"; kramdown is used`,
        this.position(key),
        "use kramdown (Jekyll's default) or CommonMark",
      ),
    );
    return 'kramdown';
  }

  /** A BCP 47 tag in its canonical form; `_` is read as `-` (`ko_KR`, as Jekyll sites write locales). */
  language(key: string, fallback: string): string {
    const tag = this.string(key, fallback);
    try {
      return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0] ?? fallback;
    } catch (cause) {
      // Dates and labels are formatted with Intl, which throws on it (RangeError: Incorrect locale information).
      if (!(cause instanceof RangeError)) throw cause;
      this.diagnostics.push(error(CONFIG_FILE, `\`${key}\` is not a language tag: "${tag}"`, this.position(key), 'use a BCP 47 tag like ko-KR or en-US'));
      return fallback;
    }
  }

  timezone(key: string, fallback: string): string {
    const zone = this.string(key, fallback);
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return zone;
    } catch (cause) {
      // Intl's word for a zone it does not know (RangeError: Invalid time zone specified).
      if (!(cause instanceof RangeError)) throw cause;
      this.diagnostics.push(error(CONFIG_FILE, `\`${key}\` is not an IANA time zone: "${zone}"`, this.position(key), 'use a name like Asia/Seoul or UTC'));
      return fallback;
    }
  }

  author(): string {
    const value = this.raw['author'];
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') {
      return (value as { name: string }).name;
    }
    return '';
  }

  attributeMap(from: Record<string, unknown>): Readonly<Record<string, readonly string[]>> {
    const value = from['allow_attributes'];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.wrongType('sanitize.allow_attributes', 'a mapping of tag → list of attributes', value);
      return {};
    }
    const out: Record<string, readonly string[]> = {};
    for (const [tag, list] of Object.entries(value as Record<string, unknown>)) {
      out[tag] = this.stringList(tag, [], value as Record<string, unknown>, 'sanitize.allow_attributes.');
    }
    return out;
  }

  defaults(): FrontMatterDefault[] {
    const value = this.raw['defaults'];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.wrongType('defaults', 'a list of {scope, values}', value);
      return [];
    }
    const out: FrontMatterDefault[] = [];
    value.forEach((entry: unknown, index) => {
      const item = entry as { scope?: { path?: unknown; type?: unknown }; values?: unknown } | null;
      if (!item || typeof item !== 'object' || !item.values || typeof item.values !== 'object') {
        this.diagnostics.push(warning(CONFIG_FILE, `\`defaults[${index}]\` needs \`values:\` (a mapping); it is ignored`, this.position('defaults')));
        return;
      }
      const path = typeof item.scope?.path === 'string' ? item.scope.path.replace(/^\.?\/+/, '') : '';
      const type = typeof item.scope?.type === 'string' ? item.scope.type : undefined;
      out.push({ path, ...(type ? { type } : {}), values: item.values as Record<string, unknown> });
    });
    return out;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `markdown_ext` as Jekyll splits it (on commas), each name trimmed, lowercased and without a leading dot. */
function markdownExtensions(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim().replace(/^\./, '').toLowerCase())
    .filter((name) => name !== '');
}
