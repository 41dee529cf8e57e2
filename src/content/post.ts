/**
 * One post file → Post, or the diagnostics that explain why not. Jekyll's
 * rules for dates, slugs, categories and URLs; nothing in the file is
 * evaluated. Pure apart from the renderer it is handed.
 */
import { posix } from 'node:path';
import type { FrontMatterDefault, ResolvedConfig } from '../config.js';
import { type Diagnostic, error, warning } from '../diagnostics.js';
import { type FilenameParts, formatIsoInZone, parseFilenameDate, resolvePostDate } from '../site/dates.js';
import {
  expandPostPermalink,
  outputExtFor,
  outputFileFor,
  type PermalinkInput,
  permalinkExt,
  permalinkPattern,
  resolveFrontMatterPermalink,
} from '../site/permalink.js';
import { inSitemaps } from '../site/seo.js';
import type { Post, Removal } from '../types.js';
import { decodeSource } from './decode.js';
import { digestOf } from './digest.js';
import { type BodyFormat, formatForExtension } from './formats.js';
import { type FrontMatter, parseFrontMatter } from './front-matter.js';
import type { Renderer } from './markdown.js';
import { redirectsOf } from './redirects.js';
import { isSafeUrl } from './url-policy.js';

export interface PostFile {
  /** Path relative to the source, `/`-separated. */
  source: string;
  bytes: Uint8Array;
  /** Used only when neither the filename nor the front matter has a date. */
  mtime: Date;
  /** From `_drafts/`. */
  draft: boolean;
}

export interface PostContext {
  config: ResolvedConfig;
  renderer: Renderer;
}

export interface PostResult {
  post?: Post;
  diagnostics: Diagnostic[];
  /** The post's date is the file's modification time (no date in its name or front matter). */
  datedByModificationTime?: true;
}

export function readPost(file: PostFile, context: PostContext): PostResult {
  const { config } = context;
  const diagnostics: Diagnostic[] = [];
  const read = readFrontMatter(file, config.maxPostSize, diagnostics);
  if (!read) return { diagnostics };
  const { text, front } = read;
  const defaults = defaultsFor(config.defaults, file.source, file.draft ? 'drafts' : 'posts');
  const data = { ...defaults, ...front.data };
  const keyLine = (key: string) => lineOfKey(text, key);
  const fail = (message: string, key: string, hint: string): PostResult => {
    diagnostics.push(error(file.source, message, { line: keyLine(key), column: 1 }, hint));
    return { diagnostics };
  };

  const fromName = parseFilenameDate(posix.basename(file.source));
  if (fromName && 'invalidDate' in fromName) {
    const hint = 'rename the file to a real date (YYYY-MM-DD-title.md)';
    diagnostics.push(error(file.source, `the date in the filename does not exist: ${fromName.invalidDate}`, { line: 1, column: 1 }, hint));
    return { diagnostics };
  }
  const dateUnquoted = front.data['date'] !== undefined && isPlainScalar(text, 'date');
  const dated = postDate(file, fromName, data['date'], dateUnquoted, config.timezone);
  if ('error' in dated) return fail(dated.error, 'date', dated.hint);
  if (dated.byModificationTime) diagnostics.push(noDateWarning(file.source));
  const { date } = dated;
  const categories = categoriesOf(defaults, front.data, file.source);
  if ('error' in categories) return fail(categories.error, categories.key, 'write categories as a YAML list (`- News`) or a space-separated string');

  // Jekyll's populate_title: the filename's slug (or the whole name of a dateless file) without trailing dots.
  const name = posix.basename(file.source, posix.extname(file.source));
  const slug = typeof data['slug'] === 'string' && data['slug'].trim() !== '' ? data['slug'].trim() : (fromName?.slug ?? name.replace(/\.+$/, ''));
  const title = textOf(data['title']) ?? titleize(slug);
  const route = postRoute(file.source, data['permalink'], { date, zone: config.timezone, categories: categories.list, slug, name }, config);
  if ('error' in route) return fail(route.error, 'permalink', 'a permalink is a path inside the site, like /news/my-post/');

  const image = imageOf(data, file.source, keyLine, diagnostics);
  const redirects = redirectsOf(data, file.source, keyLine, diagnostics);
  const modifiedUnquoted = front.data['last_modified_at'] !== undefined && isPlainScalar(text, 'last_modified_at');
  const modified = lastModifiedOf(data['last_modified_at'], config.timezone, modifiedUnquoted);
  if (modified === 'invalid') diagnostics.push(lastModifiedWarning(file.source, data['last_modified_at'], keyLine('last_modified_at')));
  const bodies = renderBodies({ source: file.source, front, data, keyLine, config, renderer: context.renderer });

  const post: Post = {
    source: file.source,
    digest: digestOf(file.bytes),
    slug,
    title,
    date,
    dateIso: formatIsoInZone(date, config.timezone),
    categories: categories.list,
    tags: listOf(data['tags']),
    excerptHtml: bodies.excerptHtml,
    excerptText: plainText(bodies.excerptHtml),
    featureHtml: bodies.featureHtml,
    ...(image !== undefined ? { image } : {}),
    // The plugin gives a redirecting post `sitemap: false`, as it does its redirect pages.
    ...(inSitemaps(data) && redirects.redirectTo === undefined ? {} : { sitemap: false as const }),
    ...redirects,
    url: route.url,
    file: outputFileFor(route.url, route.outputExt, 'post'),
    layout: typeof data['layout'] === 'string' && data['layout'] !== '' ? data['layout'] : 'post',
    draft: file.draft,
    published: data['published'] !== false,
    data: templateData(data, title, modified),
    removed: bodies.removed,
    html: bodies.html,
  };
  return { post, diagnostics, ...(dated.byModificationTime ? { datedByModificationTime: true } : {}) };
}

/**
 * The file's text and front matter; undefined when there is no post to read
 * in it (too large, not text, empty, no front matter or a broken one), with
 * the diagnostics that say why.
 */
function readFrontMatter(file: PostFile, maxPostSize: number, diagnostics: Diagnostic[]): { text: string; front: FrontMatter } | undefined {
  if (file.bytes.length > maxPostSize) {
    diagnostics.push(tooLarge(file.source, file.bytes.length, maxPostSize));
    return undefined;
  }
  const decoded = decodeSource(file.bytes, file.source);
  diagnostics.push(...decoded.diagnostics);
  const { text } = decoded;
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    diagnostics.push(error(file.source, 'empty file', { line: 1, column: 1 }, 'delete it, or give it front matter and a body'));
    return undefined;
  }
  const front = parseFrontMatter(text, file.source);
  diagnostics.push(...front.diagnostics);
  if (!front.present) {
    const hint = 'start the file with a `---` line, the YAML front matter, and another `---` line';
    diagnostics.push(warning(file.source, 'no front matter: not a post, and not copied', { line: 1, column: 1 }, hint));
    return undefined;
  }
  return front.ok ? { text, front } : undefined;
}

/**
 * The post's date: from the front matter or the filename (resolvePostDate),
 * else the file's modification time.
 */
function postDate(
  file: PostFile,
  fromName: FilenameParts | undefined,
  frontMatterDate: unknown,
  plainScalar: boolean,
  zone: string,
): { date: Date; byModificationTime: boolean } | { error: string; hint: string } {
  const resolved = resolvePostDate({ frontMatterDate, ...(fromName ? { filename: fromName } : {}), zone, plainScalar });
  if (resolved === undefined) return { date: file.mtime, byModificationTime: true };
  return 'error' in resolved ? resolved : { date: resolved.date, byModificationTime: false };
}

function noDateWarning(source: string): Diagnostic {
  const hint = 'add `date: YYYY-MM-DD HH:MM:SS +09:00` to the front matter so the URL does not change';
  return warning(source, "no date in the filename or front matter; using the file's modification time", { line: 1, column: 1 }, hint);
}

function lastModifiedWarning(source: string, value: unknown, line: number): Diagnostic {
  const message = `\`last_modified_at\` is not a date: ${JSON.stringify(String(value))}; left out`;
  return warning(source, message, { line, column: 1 }, 'write it as the date is written: YYYY-MM-DD HH:MM:SS +0900');
}

/**
 * The post's URL and output extension: its front matter `permalink` (which
 * may name the extension), else the site's permalink style.
 */
function postRoute(
  source: string,
  permalinkValue: unknown,
  post: Pick<PermalinkInput, 'date' | 'zone' | 'categories' | 'slug' | 'name'>,
  config: ResolvedConfig,
): { url: string; outputExt: string } | { error: string } {
  const permalink = typeof permalinkValue === 'string' && permalinkValue.trim() !== '' ? permalinkValue : undefined;
  // Renderer#output_ext: the permalink's own extension, else the converter's (`.md` → `.html`, `.txt` stays).
  const outputExt = permalinkExt(permalink) ?? outputExtFor(source, config.markdownExt);
  const input: PermalinkInput = { ...post, outputExt, path: cleanedRelativePath(source) };
  if (permalink === undefined) return { url: expandPostPermalink(permalinkPattern(config.permalink), input), outputExt };
  const resolved = resolveFrontMatterPermalink(permalink, input);
  return 'error' in resolved ? resolved : { url: resolved.url, outputExt };
}

interface BodiesInput {
  source: string;
  front: FrontMatter;
  /** The front matter with the `defaults:` under it. */
  data: Record<string, unknown>;
  keyLine: (key: string) => number;
  config: ResolvedConfig;
  renderer: Renderer;
}

/**
 * The body, the excerpt (`excerpt:`, else the body up to the excerpt
 * separator) and `feature_text` as sanitised HTML, with what sanitising
 * removed, positioned in the file.
 */
function renderBodies(input: BodiesInput): { html: string; excerptHtml: string; featureHtml: string; removed: Removal[] } {
  const { front, data, keyLine } = input;
  const format: BodyFormat = formatForExtension(posix.extname(input.source).toLowerCase(), input.config.markdownExt);
  const removed: Removal[] = [];
  // `lineOffset` undefined: the text is part of the body, whose removals are already recorded.
  const render = (text: string, as: BodyFormat, lineOffset: number | undefined) => {
    const out = input.renderer.render(text, as);
    if (lineOffset !== undefined) for (const r of out.removed) removed.push(r.line === undefined ? r : { ...r, line: r.line + lineOffset });
    return out.html;
  };
  const html = render(front.body, format, front.bodyLine - 1);
  const excerptSource = textOf(data['excerpt']);
  const excerptHtml =
    excerptSource !== undefined
      ? render(excerptSource, 'markdown', keyLine('excerpt') - 1)
      : render(firstPart(front.body, input.config.excerptSeparator), format, undefined);
  const featureSource = textOf(data['feature_text']);
  const featureHtml = featureSource !== undefined ? render(featureSource, 'markdown', keyLine('feature_text') - 1) : '';
  return { html, excerptHtml, featureHtml, removed };
}

/** The front matter as templates see it: with the title, and `last_modified_at` as lastModifiedOf read it. */
function templateData(data: Record<string, unknown>, title: string, modified: string | undefined): Record<string, unknown> {
  // Feeds and meta tags print last_modified_at as it is here: an ISO date, or nothing.
  const out: Record<string, unknown> = { ...data, title };
  if (modified === 'invalid') delete out['last_modified_at'];
  else if (modified !== undefined) out['last_modified_at'] = modified;
  return out;
}

/** `last_modified_at` read as `date` is (text in the site's zone unless it has an offset) → ISO 8601; absent or null: undefined. */
function lastModifiedOf(value: unknown, zone: string, plainScalar: boolean): string | 'invalid' | undefined {
  if (value === undefined || value === null) return undefined;
  const resolved = resolvePostDate({ frontMatterDate: value, zone, plainScalar });
  return resolved !== undefined && 'date' in resolved ? formatIsoInZone(resolved.date, zone) : 'invalid';
}

/** Jekyll's `defaults:`, later scopes winning, longer paths winning over shorter ones. */
export function defaultsFor(defaults: readonly FrontMatterDefault[], source: string, type: string): Record<string, unknown> {
  const inScope = (d: FrontMatterDefault) =>
    (d.type === undefined || d.type === type) && (d.path === '' || source === d.path || source.startsWith(d.path.endsWith('/') ? d.path : `${d.path}/`));
  const matching = defaults.filter(inScope).sort((a, b) => a.path.length - b.path.length);
  return Object.assign({}, ...matching.map((d) => d.values)) as Record<string, unknown>;
}

/**
 * Categories as Jekyll 4 merges them (Document#categories_from_path,
 * merge_categories!, populate_categories): folder categories
 * (`news/_posts/x.md` → `news`), united with `defaults:` `categories`, united
 * with front matter `categories` (a list, or a string split on spaces); then
 * `category` (one name, never split, or a list) appended. Duplicates dropped.
 */
function categoriesOf(defaults: Record<string, unknown>, front: Record<string, unknown>, source: string): { list: string[] } | { error: string; key: string } {
  const fromPath = source.split('/').slice(0, -1);
  const postsIndex = fromPath.lastIndexOf('_posts') >= 0 ? fromPath.lastIndexOf('_posts') : fromPath.lastIndexOf('_drafts');
  const names: string[] = postsIndex > 0 ? fromPath.slice(0, postsIndex) : [];
  for (const layer of [defaults, front]) {
    const plural = layer['categories'];
    if (plural === undefined || plural === null) continue;
    if (typeof plural === 'string') names.push(...plural.split(/\s+/));
    else if (!Array.isArray(plural) && typeof plural === 'object') {
      return { error: '`categories` must be a list or a space-separated string, not a mapping', key: 'categories' };
    } else {
      const items = namesIn(plural);
      if (items === undefined) return { error: '`categories` must be a list of names, not a list of mappings', key: 'categories' };
      names.push(...items);
    }
  }
  const single = front['category'] ?? defaults['category'];
  if (single !== undefined && single !== null) {
    const items = typeof single === 'object' && !Array.isArray(single) ? undefined : namesIn(single);
    if (items === undefined) return { error: '`category` must be a name or a list of names', key: 'category' };
    names.push(...items);
  }
  const list: string[] = [];
  for (const name of names.map((c) => c.trim()).filter(Boolean)) if (!list.includes(name)) list.push(name);
  return { list };
}

/** A scalar or a (nested) list of scalars as strings, nulls dropped; undefined when a mapping is among them. */
function namesIn(value: unknown): string[] | undefined {
  const out: string[] = [];
  for (const item of Array.isArray(value) ? value.flat(Infinity) : [value]) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'object' && !(item instanceof Date)) return undefined;
    out.push(String(item));
  }
  return out;
}

/** Document#cleaned_relative_path, `:path`: the source without its extension, the first `_posts` cut out, trailing dots dropped. */
function cleanedRelativePath(source: string): string {
  const ext = posix.extname(source);
  return source
    .slice(0, source.length - ext.length)
    .replace('_posts', '')
    .replace(/\.+$/, '');
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v) => v !== null && typeof v !== 'object').map(String);
  return [];
}

/** Strings as they are; numbers and booleans coerced (a title `2024` is a title). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function titleize(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * `image:` (or `feature_image:`), a string or jekyll-seo-tag's `{ path: … }`
 * (or its `facebook`/`twitter` fallbacks); only http(s) or site-relative URLs.
 */
export function imageOf(data: Record<string, unknown>, source: string, keyLine: (key: string) => number, diagnostics: Diagnostic[]): string | undefined {
  for (const key of ['image', 'feature_image']) {
    const raw = data[key];
    const fields = raw && typeof raw === 'object' ? (raw as { path?: unknown; facebook?: unknown; twitter?: unknown }) : undefined;
    const value = typeof raw === 'string' ? raw : fields ? (fields.path ?? fields.facebook ?? fields.twitter) : undefined;
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string' && isImageUrl(value.trim())) return value.trim();
    diagnostics.push(
      warning(
        source,
        `\`${key}\` is not an http(s) or site-relative URL; it is dropped`,
        { line: keyLine(key), column: 1 },
        'use a path like /assets/img/photo.jpg or an https:// URL',
      ),
    );
  }
  return undefined;
}

function isImageUrl(url: string): boolean {
  if (!isSafeUrl(url)) return false;
  return /^https?:\/\//i.test(url) || (url.startsWith('/') && !url.startsWith('//')) || !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

function firstPart(body: string, separator: string): string {
  const normalised = body.replace(/\r\n?/g, '\n').replace(/^\s+/, '');
  const index = separator === '' ? -1 : normalised.indexOf(separator);
  return index < 0 ? normalised : normalised.slice(0, index);
}

/**
 * Whether a top-level key's value is written unquoted. Jekyll's YAML parser
 * reads an unquoted `2024-06-12 20:00:00` as UTC but a quoted one as local
 * time, and the URLs of a migrated site depend on that difference.
 */
export function isPlainScalar(text: string, key: string): boolean {
  const match = new RegExp(`^${key}\\s*:[ \\t]*(\\S)`, 'm').exec(text);
  return match !== null && match[1] !== '"' && match[1] !== "'";
}

/** 1-based line of a top-level front matter key, or 1 when absent. */
export function lineOfKey(text: string, key: string): number {
  const match = new RegExp(`^${key}\\s*:`, 'm').exec(text);
  if (!match) return 1;
  let line = 1;
  for (let i = 0; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of sanitised HTML: tags dropped, references decoded, whitespace collapsed. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Refused before it is decoded: a size limit with a clear error beats a build that stalls and swells on one post. */
function tooLarge(source: string, size: number, limit: number): Diagnostic {
  const shown = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
  return error(
    source,
    `post is ${shown(size)}, larger than max_post_size (${shown(limit)}); not read`,
    {},
    'split it into several posts, move large tables or data to files it links to, or raise `max_post_size` in _config.yml',
  );
}
