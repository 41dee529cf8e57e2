/**
 * Which source file a broken link came from. The output does not say, so the
 * link's text is looked up where it can have been written: the post or page
 * whose slug the output file carries (`…/<slug>/index.html` from
 * `_posts/YYYY-MM-DD-<slug>.md`), then the templates (the site's own, then the
 * theme's), then every page, then the data Liquid reads (`_data/`, `_config.yml`:
 * a menu's links); the first occurrence's line and column. Pure:
 * the caller lists and reads the files.
 */
import { lineStarts, positionOf } from './page-links.js';

export interface SourceKinds {
  /** Posts and drafts, source-relative paths. */
  readonly posts: readonly string[];
  /** Pages (files outside `_` folders that can hold links). */
  readonly pages: readonly string[];
  /** Template files: the site's `templates/`, `_includes/`, `_layouts/`, then the theme's (absolute paths). */
  readonly templates: readonly string[];
  /** Data a page's Liquid writes links from: `_data/` files and `_config.yml`. Default none. */
  readonly data?: readonly string[];
}

const DATED = /^\d{4}-\d{1,2}-\d{1,2}-/;

/** The slug an output file carries: `a/slug/index.html` and `a/slug.html` → `slug`; the home page → ''. */
export function slugOfOutput(file: string): string {
  const parts = file.split('/');
  let last = parts.pop() ?? '';
  if (last === 'index.html') last = parts.pop() ?? '';
  return stripExtension(last);
}

/** A post's or page's slug from its file name: the date of a post and `index` of a folder's page left out. */
export function slugOfSource(path: string): string {
  const parts = path.split('/');
  const name = stripExtension(parts.pop() ?? '');
  if (name === 'index') return parts.pop() ?? '';
  return name.replace(DATED, '');
}

/** Where to look, in order, for a link found in `output`. */
export function candidates(output: string, kinds: SourceKinds, bySlug: ReadonlyMap<string, readonly string[]>): string[] {
  const own = bySlug.get(slugOfOutput(output)) ?? [];
  return [...new Set([...own, ...kinds.templates, ...kinds.pages, ...(kinds.data ?? [])])];
}

export function indexBySlug(kinds: SourceKinds): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const path of [...kinds.posts, ...kinds.pages]) {
    const slug = slugOfSource(path);
    map.set(slug, [...(map.get(slug) ?? []), path]);
  }
  return map;
}

/** The texts a link can have been written as in a source: as output, entities decoded, percent-decoded (Korean paths). */
export function needlesFor(raw: string, value: string): string[] {
  const out = [raw, value];
  try {
    out.push(decodeURI(value));
  } catch {
    // A malformed %-escape: looked up as written only.
  }
  return [...new Set(out.filter((needle) => needle !== ''))];
}

/** The first occurrence of any needle (tried in order) in `text`: 1-based line and column. */
export function locate(text: string, needles: readonly string[]): { line: number; column: number } | undefined {
  for (const needle of needles) {
    const at = findAttributeValue(text, needle);
    if (at !== -1) return positionOf(lineStarts(text), at);
  }
  return undefined;
}

/** Where `needle` occurs as a whole URL (not inside a longer one): bounded by a quote, bracket, space or line end. */
function findAttributeValue(text: string, needle: string): number {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1];
    const after = text[at + needle.length];
    if (isBoundary(before) && isBoundary(after)) return at;
  }
  return -1;
}

function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || /[\s"'()<>[\]=,{}]/.test(ch);
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
