/**
 * `--write-redirects`: for each lost old URL with a suggestion, a page in
 * `<source>/moved/` with `permalink:` the old URL, `redirect_to:` the new one
 * and `sitemap: false`, which the next build turns into a redirect page as it
 * does any `redirect_to` (jekyll-redirect-from's format). Written with `wx`:
 * never over an existing file; a name taken gets a number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LostUrl } from './against.js';

/** The folder, in the source, that redirect pages are written to. */
export const MOVED_FOLDER = 'moved';

/** A file name for the redirect page of an old URL: its path's segments joined with `-`, only letters, digits, `.`, `-`, `_` kept. */
export function redirectFileName(url: string): string {
  const name = url
    .replace(/\.html?$/, '')
    .split('/')
    .filter((part) => part !== '')
    .join('-')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+/, '');
  return `${name === '' ? 'index' : name.slice(0, 120)}.html`;
}

/** The page's text: front matter only, values as JSON strings (valid YAML whatever the URL holds). */
export function redirectPageText(from: string, to: string): string {
  return `---\npermalink: ${JSON.stringify(from)}\nredirect_to: ${JSON.stringify(to)}\nsitemap: false\n---\n`;
}

/** A URL a redirect page can stand at: a folder, an `.html` page, or a name without extension (served as NAME.html). A moved image or stylesheet cannot be an HTML page. */
export function isPageUrl(url: string): boolean {
  const last = url.slice(url.lastIndexOf('/') + 1);
  return last === '' || /\.html?$/.test(last) || !last.includes('.');
}

/** Writes the pages (for page URLs only: see isPageUrl); returns the files written (source-relative). */
export function writeRedirectPages(source: string, lost: readonly LostUrl[]): string[] {
  const written: string[] = [];
  const folder = join(source, MOVED_FOLDER);
  for (const { url, suggestion } of lost) {
    if (suggestion === undefined || !isPageUrl(url)) continue;
    mkdirSync(folder, { recursive: true });
    const base = redirectFileName(url);
    for (let n = 1; n < 100; n++) {
      const name = n === 1 ? base : base.replace(/\.html$/, `-${n}.html`);
      try {
        writeFileSync(join(folder, name), redirectPageText(url, suggestion.url), { flag: 'wx' });
        written.push(`${MOVED_FOLDER}/${name}`);
        break;
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
      }
    }
  }
  return written;
}
