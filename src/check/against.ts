/**
 * The old site's URLs against the new build: each one the new site serves as
 * a page is kept, as a redirect page redirected, else lost; a lost URL gets
 * the nearest new URL when one is clear (the one new page with the same slug,
 * or else with the same title). Pure.
 */
import { fileFor, isHtml, urlPathOf } from './resolve.js';
import { slugOfOutput } from './sources.js';

/** A file of the old site: its path in the old folder, and its `<title>` ('' for none or not a page). */
export interface OldFile {
  readonly file: string;
  readonly title: string;
}

/** What the new build serves. */
export interface NewSite {
  readonly written: ReadonlySet<string>;
  readonly redirects: ReadonlySet<string>;
  /** Page → title (redirects left out). */
  readonly titles: ReadonlyMap<string, string>;
}

export interface LostUrl {
  /** The old URL, decoded, without `baseurl`. */
  readonly url: string;
  readonly suggestion?: { readonly url: string; readonly by: 'slug' | 'title' };
}

export interface Comparison {
  readonly total: number;
  readonly kept: number;
  readonly redirected: number;
  readonly lost: readonly LostUrl[];
}

/** `page2`, `page13`: a list's page, whose number says nothing of which new page is nearest. */
const PAGINATION = /^page\d+$/;
/** Between a headline and the site's name in a `<title>`: ` – `, ` | `, ` - `, ` — `, ` · `. */
const TITLE_SEPARATOR = /\s+[–|—·-]\s+/;

export function compareSites(old: readonly OldFile[], site: NewSite): Comparison {
  const bySlug = groupBy(
    [...site.written].filter((file) => !site.redirects.has(file)),
    keyOf,
  );
  const byTitle = groupBy([...site.titles.keys()], (file) => site.titles.get(file) ?? '');
  const byHeadline = groupBy([...site.titles.keys()], (file) => headline(site.titles.get(file) ?? ''));
  let kept = 0;
  let redirected = 0;
  const lost: LostUrl[] = [];
  for (const { file, title } of old) {
    const url = urlPathOf(file);
    const served = fileFor(url, site.written);
    if (served !== undefined && site.redirects.has(served)) redirected++;
    else if (served !== undefined) kept++;
    else lost.push(withSuggestion(url, nearest(file, title, { bySlug, byTitle, byHeadline })));
  }
  return { total: old.length, kept, redirected, lost: lost.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)) };
}

interface Indexes {
  readonly bySlug: ReadonlyMap<string, readonly string[]>;
  readonly byTitle: ReadonlyMap<string, readonly string[]>;
  readonly byHeadline: ReadonlyMap<string, readonly string[]>;
}

function nearest(file: string, title: string, indexes: Indexes): LostUrl['suggestion'] {
  const slug = keyOf(file);
  // A list's page or the home page: no one new page is nearer than another.
  if (slug === '' || PAGINATION.test(slug)) return undefined;
  const sameSlug = only(indexes.bySlug.get(slug));
  if (sameSlug !== undefined) return { url: urlPathOf(sameSlug), by: 'slug' };
  if (title === '') return undefined;
  const sameTitle = only(indexes.byTitle.get(title)) ?? only(indexes.byHeadline.get(headline(title)));
  return sameTitle === undefined ? undefined : { url: urlPathOf(sameTitle), by: 'title' };
}

function withSuggestion(url: string, suggestion: LostUrl['suggestion']): LostUrl {
  return suggestion ? { url, suggestion } : { url };
}

/** A page's slug (its name, without `.html`); another file's whole name. */
function keyOf(file: string): string {
  return isHtml(file) ? slugOfOutput(file) : (file.split('/').pop() ?? '');
}

/** The title's headline: what comes before the site's name. */
export function headline(title: string): string {
  return title.split(TITLE_SEPARATOR)[0]?.trim() ?? '';
}

function only(list: readonly string[] | undefined): string | undefined {
  return list?.length === 1 ? list[0] : undefined;
}

function groupBy(files: readonly string[], key: (file: string) => string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const file of files) {
    const k = key(file);
    if (k === '') continue;
    const list = map.get(k);
    if (list) list.push(file);
    else map.set(k, [file]);
  }
  return map;
}
