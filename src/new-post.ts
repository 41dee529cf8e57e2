/**
 * `gazette new`: a new post's file name and text planned from the title, the
 * clock and the site's config (pure), its URL read back from that text by
 * the build's own post reader, then the file written, never over another.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { readSiteConfig } from './build/state.js';
import type { ResolvedConfig } from './config.js';
import { createRenderer } from './content/markdown.js';
import { readPost } from './content/post.js';
import { type Diagnostic, error } from './diagnostics.js';
import { labelsFor } from './render/labels.js';
import { formatIsoInZone } from './site/dates.js';
import { slugify } from './site/slugify.js';

export interface NewPostRequest {
  readonly title: string;
  /** `--category`, in the order given. */
  readonly categories: readonly string[];
  /** Into `_drafts/`, without a date in the name, as Jekyll names drafts. */
  readonly draft: boolean;
}

export interface PlannedPost {
  /** Relative to the source, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export type Usage = { readonly usage: { readonly message: string; readonly hint: string } };

export type NewPostOutcome =
  | Usage
  /** Nothing was written: the config's errors, or the file already there. */
  | { readonly diagnostics: readonly Diagnostic[] }
  /** `url` as the build gives it, under the site's `baseurl`; `diagnostics`: the config's warnings. */
  | { readonly written: string; readonly url: string; readonly diagnostics: readonly Diagnostic[] };

// A file name is at most 255 bytes on the common file systems; Hangul takes three bytes a letter in UTF-8,
// so a long headline's slug is cut (at a hyphen when there is one) to leave room for the date and extension.
const MAX_SLUG_BYTES = 200;

/**
 * The title as one line: runs of whitespace (a newline pasted with it) as one space,
 * none at the ends. A title of several lines is never what a headline means.
 */
export function normaliseTitle(title: string): string {
  return title.replace(/\s+/gu, ' ').trim();
}

/**
 * The file and its text: `_posts/YYYY-MM-DD-<slug>.md` (or `_drafts/<slug>.md`) with the date
 * `now` has in the site's zone, the slug by Jekyll's `slugify` default mode (Hangul kept, as
 * jekyll-compose names posts), and front matter a post reader gets the same title back from.
 */
export function planNewPost(request: NewPostRequest, config: Pick<ResolvedConfig, 'timezone'>, now: Date): PlannedPost | Usage {
  const title = normaliseTitle(request.title);
  if (title === '') return { usage: { message: 'the title is empty', hint: 'give the title in quotes: gazette new "The headline"' } };
  const slug = shortened(slugify(title));
  if (slug === '') {
    return { usage: { message: `the title "${title}" has no letters or digits to name the file with`, hint: 'put a word in the title' } };
  }
  const iso = formatIsoInZone(now, config.timezone);
  const path = request.draft ? `_drafts/${slug}.md` : `_posts/${iso.slice(0, 10)}-${slug}.md`;
  return { path, text: frontMatterText(title, frontMatterDate(iso), request.categories) };
}

/** `2024-06-12T10:00:00+09:00` → `2024-06-12 10:00:00 +0900`, the form Jekyll's own posts and jekyll-compose write. */
function frontMatterDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${iso.slice(19).replace(':', '')}`;
}

/**
 * Strings are written as JSON strings, which are YAML double-quoted scalars: every
 * character is escaped as YAML reads it back, so `: `, `#`, quotes and a leading
 * `-` or `[` stay text.
 */
function frontMatterText(title: string, date: string, categories: readonly string[]): string {
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date}`,
    `categories: [${categories.map((name) => JSON.stringify(name)).join(', ')}]`,
    "excerpt: ''",
    "feature_text: ''",
    "image: ''",
    '---',
    '',
    '',
  ].join('\n');
}

/** The slug within MAX_SLUG_BYTES of UTF-8, cut at its last hyphen inside the limit when it has one. */
function shortened(slug: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(slug).length <= MAX_SLUG_BYTES) return slug;
  let cut = '';
  for (const ch of slug) {
    if (encoder.encode(cut + ch).length > MAX_SLUG_BYTES) break;
    cut += ch;
  }
  const hyphen = cut.lastIndexOf('-');
  return (hyphen > 0 ? cut.slice(0, hyphen) : cut).replace(/-+$/, '');
}

/**
 * The post's URL as the build gives it: the planned text read by the build's post
 * reader (`readPost`), so the site's permalink, `defaults:` and categories all count.
 */
export function plannedUrl(planned: PlannedPost, config: ResolvedConfig, now: Date): { url: string } | { diagnostics: Diagnostic[] } {
  const renderer = createRenderer({ sanitize: config.sanitize, siteOrigin: config.url, markdown: config.markdown, tableLabel: labelsFor(config.lang).table });
  const file = { source: planned.path, bytes: new TextEncoder().encode(planned.text), mtime: now, draft: planned.path.startsWith('_drafts/') };
  const read = readPost(file, { config, renderer });
  if (read.post === undefined) return { diagnostics: read.diagnostics };
  return { url: read.post.url };
}

/**
 * Reads the site's config (as `build` does, with its diagnostics), plans the post and writes it.
 * The file is created exclusively (`wx`): one already there, or made meanwhile, is never replaced.
 */
export async function createNewPost(source: string, request: NewPostRequest, now: Date = new Date()): Promise<NewPostOutcome> {
  const read = await readSiteConfig(source, {});
  if ('usage' in read) return read;
  if (!('config' in read)) return { diagnostics: read.diagnostics };
  const planned = planNewPost(request, read.config, now);
  if ('usage' in planned) return planned;
  const url = plannedUrl(planned, read.config, now);
  if ('diagnostics' in url) return { diagnostics: [...read.diagnostics, ...url.diagnostics] };
  const target = join(source, ...planned.path.split(posix.sep));
  const failure = await writeExclusive(target, planned);
  if (failure) return { diagnostics: [...read.diagnostics, failure] };
  return { written: target, url: `${read.config.baseurl}${url.url}`, diagnostics: read.diagnostics };
}

/** The planned file created at `target` (its folder made first); a diagnostic when it is there already or cannot be written. */
async function writeExclusive(target: string, planned: PlannedPost): Promise<Diagnostic | undefined> {
  const folder = posix.dirname(planned.path);
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (cause) {
    return error(folder, `cannot be made: ${(cause as Error).message}`, {}, `make ${folder}/ a folder the site can write to`);
  }
  try {
    await writeFile(target, planned.text, { flag: 'wx' });
    return undefined;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      return error(planned.path, 'already exists; not overwritten', {}, 'edit that file, or give the new post another title');
    }
    return error(planned.path, `cannot be written: ${(cause as Error).message}`, {}, 'check that the site folder is writable');
  }
}
