/**
 * Liquid for the site owner's own files: pages and other files with front
 * matter (`index.md` looping over `site.posts`, `404.md` with an include,
 * `feed.xml` and `search.json` built with loops and `jsonify`), evaluated as
 * Jekyll 4.3 evaluates them. Posts are never given to this engine: they are
 * untrusted; pages are the owner's, trusted like templates.
 *
 * Usage (one engine per build: includes are read once and cached):
 *
 * ```ts
 * const engine = createLiquidEngine({ root, url, baseurl, timezone, markdownify, lookups, pluginTag });
 * const site = siteVariables({ config, posts, pages, data, time });          // drops.ts, once per build
 * const { output, diagnostics } = engine.render('index.md', body, { site, page: pageVariables(p) }, bodyLine);
 * engine.pluginTagsUsed();                                                   // for the migration note
 * ```
 *
 * - `render` is synchronous and never throws: a syntax error, an unknown
 *   tag, a refused include, a limit reached or an exception inside liquidjs
 *   becomes one error diagnostic (and `output` is `''`). Positions are the
 *   file's own: `bodyLine` is the line the body starts at after the front
 *   matter. An error inside an include is reported at the include file's
 *   line and column, its message naming the file and line that included it.
 * - Includes (`include`, `include_cached`, `include_relative`) are read only
 *   from `includesDir` (or, for `include_relative`, beside the page): a name
 *   with `..`, an absolute path, or a symlink whose real path leaves the
 *   source is an error.
 * - Filters are Jekyll's (filters.ts); tags are Jekyll's plus plugin tags
 *   (tags.ts). A plugin tag the caller does not supply (`pluginTag` returns
 *   undefined) renders as `''` with one warning per tag name per engine;
 *   `pluginTagsUsed()` lists them with the files using them.
 * - Parsed templates are cached by file and text.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { type Context, type FS, Liquid, type Template } from 'liquidjs';
import { isInside } from '../content/symlinks.js';
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import { relativeUrl } from '../site/jekyll-urls.js';
import { liquidErrorToDiagnostic } from './errors.js';
import { registerJekyllFilters } from './filters.js';
import { registerJekyllTags, type TagHost } from './tags.js';

export interface LiquidLookups {
  /** `{% post_url 2024-06-12-slug %}` (also `dir/2024-06-12-slug`) → the post's URL without baseurl. */
  postUrl?(name: string): string | undefined;
  /** `{% link about.md %}` (a source path) → that file's URL without baseurl. */
  link?(path: string): string | undefined;
}

export interface LiquidLimits {
  /** Milliseconds one `render` may take. Default 10,000, far above what the largest site's own pages (search.json) need. */
  readonly renderMs?: number;
  /**
   * liquidjs's memory units per render: the lengths of the strings and arrays
   * it makes (a range `(1..n)` counts n before it is made). Default
   * 30,000,000: a range that size is a 240 MB array.
   */
  readonly memory?: number;
  /** Characters parsed per template. Default 10,000,000. */
  readonly parseChars?: number;
}

export interface LiquidEngineOptions {
  /** Absolute path of the site source. */
  readonly root: string;
  /** Jekyll's `includes_dir`, relative to `root`. Default `'_includes'`. */
  readonly includesDir?: string;
  /** Site origin, no trailing slash (config `url`). Default `''`. */
  readonly url?: string;
  /** Config `baseurl`. Default `''`. */
  readonly baseurl?: string;
  /** IANA zone the date filters show dates in (config `timezone`). Default `'UTC'`. */
  readonly timezone?: string;
  /** Markdown → sanitised HTML for `markdownify` (gazette's renderer). */
  readonly markdownify: (text: string) => string;
  /** Default: no posts or files (each `post_url`/`link` is an error). */
  readonly lookups?: LiquidLookups;
  /** A plugin tag's output (`seo`, `feed_meta`, …), or undefined for none. Default none. */
  readonly pluginTag?: (name: string, scope: object) => string | undefined;
  /** Plugin tag names accepted. Default `PLUGIN_TAGS`. */
  readonly pluginTagNames?: readonly string[];
  readonly limits?: LiquidLimits;
  /** The clock for `'now'` in date filters. Default the system clock. */
  readonly now?: () => Date;
}

/** Tags of Jekyll plugins that GitHub Pages sites commonly use: jekyll-seo-tag, jekyll-feed. */
export const PLUGIN_TAGS: readonly string[] = ['seo', 'feed_meta'];

export const DEFAULT_LIMITS: Required<LiquidLimits> = { renderMs: 10_000, memory: 30_000_000, parseChars: 10_000_000 };

export interface LiquidResult {
  output: string;
  diagnostics: Diagnostic[];
}

export interface LiquidEngine {
  /** Renders `text` (the body of `file`, starting at line `bodyLine`) with `scope` (`site`, `page`, …). */
  render(file: string, text: string, scope: object, bodyLine: number): LiquidResult;
  /** Plugin tags rendered as nothing because `pluginTag` gave no output: name → files (relative to the source). */
  pluginTagsUsed(): ReadonlyMap<string, readonly string[]>;
}

export function createLiquidEngine(options: LiquidEngineOptions): LiquidEngine {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const includesDir = (options.includesDir ?? '_includes').replace(/^\/+|\/+$/g, '');
  const liquid = newLiquid(options, limits);
  const baseurl = options.baseurl ?? '';
  registerJekyllFilters(liquid, {
    url: options.url ?? '',
    baseurl,
    timezone: options.timezone ?? 'UTC',
    markdownify: options.markdownify,
    ...(options.now ? { now: options.now } : {}),
  });

  const parsed = new Map<string, Template[]>();
  const includes = new Map<string, Template[]>();
  const unsupplied = new Map<string, Set<string>>();
  let current: { file: string; scope: object; diagnostics: Diagnostic[] } = { file: '', scope: {}, diagnostics: [] };
  let realRoot: string | undefined;

  const host: TagHost = {
    pageFile: () => current.file,
    postUrl: (name) => options.lookups?.postUrl?.(name),
    link: (path) => options.lookups?.link?.(path),
    relativeUrl: (url) => relativeUrl(url, baseurl),
    loadInclude(kind, name, pageFile) {
      const rel = includePath(kind === 'include' ? includesDir : posix.dirname(pageFile), name, kind === 'include' ? includesDir : "the page's folder");
      let templates = includes.get(rel);
      if (!templates) {
        realRoot ??= realpathSync(options.root);
        const text = readInside(options.root, realRoot, rel, name);
        templates = liquid.parse(text, rel);
        includes.set(rel, templates);
      }
      return templates;
    },
    pluginTag(name, file, where, ctx: Context) {
      const output = options.pluginTag?.(name, ctx.getAll() as object);
      if (output !== undefined) return output;
      let files = unsupplied.get(name);
      if (!files) {
        unsupplied.set(name, (files = new Set()));
        const line = file === current.file ? where.line + currentBodyLine - 1 : where.line;
        current.diagnostics.push(unsuppliedPluginTag(name, file, { line, column: where.column }));
      }
      files.add(file);
      return undefined;
    },
  };
  let currentBodyLine = 1;
  registerJekyllTags(liquid, host, options.pluginTagNames ?? PLUGIN_TAGS);

  return {
    render(file, text, scope, bodyLine) {
      current = { file, scope, diagnostics: [] };
      currentBodyLine = bodyLine;
      try {
        const key = `${file}\0${text}`;
        let templates = parsed.get(key);
        if (!templates) parsed.set(key, (templates = liquid.parse(text, file)));
        const output = String(liquid.renderSync(templates, scope) ?? '');
        return { output, diagnostics: current.diagnostics };
      } catch (cause) {
        current.diagnostics.push(liquidErrorToDiagnostic(cause, file, bodyLine, limits));
        return { output: '', diagnostics: current.diagnostics };
      }
    },
    pluginTagsUsed: () => new Map([...unsupplied].map(([name, files]) => [name, [...files].sort()])),
  };
}

/** liquidjs set up as Jekyll 4.3 evaluates Liquid, reading no file itself (includes go through the tags' host). */
function newLiquid(options: LiquidEngineOptions, limits: Required<LiquidLimits>): Liquid {
  return new Liquid({
    root: [options.root],
    fs: REFUSING_FS,
    cache: false,
    strictFilters: false,
    strictVariables: false,
    ownPropertyOnly: true,
    jekyllInclude: true,
    jekyllWhere: true,
    dynamicPartials: true,
    relativeReference: false,
    timezoneOffset: options.timezone ?? 'UTC',
    parseLimit: limits.parseChars,
    renderLimit: limits.renderMs,
    memoryLimit: limits.memory,
  });
}

/** A plugin's tag the caller gave no output for: rendered as nothing, reported once. */
function unsuppliedPluginTag(name: string, file: string, position: { line: number; column: number }): Diagnostic {
  return warning(
    file,
    `{% ${name} %} is a Jekyll plugin's tag; gazette renders it as nothing`,
    position,
    `gazette's theme makes what ${name} made; remove the tag or move it to a template`,
  );
}

/**
 * The include's path relative to the source, or an Error: names are
 * relative, `/`-separated, without `..` or empty segments, and stay in `base`.
 */
function includePath(base: string, name: string, where: string): string {
  if (name === '') throw new Error('{% include %} needs a file name');
  if (isAbsolute(name) || name.startsWith('/') || name.includes('\\') || name.includes('\0') || /^[A-Za-z]:/.test(name)) {
    throw new Error(`include "${name}" is an absolute path; includes are read only from ${where}`);
  }
  if (name.split('/').some((part) => part === '..')) throw new Error(`include "${name}" leaves ${where} (it contains ..)`);
  return posix.normalize(base === '.' || base === '' ? name : `${base}/${name}`);
}

/** The file's text, when it exists and its real path is inside the source's real path. */
function readInside(root: string, realRoot: string, rel: string, name: string): string {
  const absolute = join(root, ...rel.split('/'));
  if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new Error(`could not find the included file "${name}" (looked for ${rel})`);
  const real = realpathSync(absolute);
  if (!isInside(realRoot, real)) {
    throw new Error(`include "${name}" is a link to a file outside the site source`);
  }
  return readFileSync(real, 'utf8').replace(/^\uFEFF/, '');
}

/** liquidjs's own file access (`render`, `layout` tags) is refused: includes go through `loadInclude`. */
const REFUSING_FS: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`reading ${file} is not allowed`);
  },
  readFileSync: (file) => {
    throw new Error(`reading ${file} is not allowed`);
  },
  resolve: (dir, file) => posix.join(dir, file),
  contains: async () => false,
  containsSync: () => false,
};
