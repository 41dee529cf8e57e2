/**
 * jekyll-redirect-from's front matter, read and checked: `redirect_from`
 * (site paths that redirect here) and `redirect_to` (where this post or page
 * sends its readers instead). A value that is not a site path, or not an
 * http(s) URL for `redirect_to`, is a warning at its key's line and dropped:
 * the rest of the post still builds. Pure.
 */
import { type Diagnostic, warning } from '../diagnostics.js';
import { pageRoute } from '../site/permalink.js';
import { isSafeUrl } from './url-policy.js';

export interface Redirects {
  /** Site paths as written, with a leading `/` (the plugin's `ensure_leading_slash`): redirects.json's keys. */
  redirectFrom?: readonly string[];
  /** An absolute http(s) URL as written, or a site path with a leading `/` (it may carry `?query` or `#fragment`). */
  redirectTo?: string;
}

/** Controls (tabs, newlines included) and backslashes: no browser or file system reads them as the author meant. */
const UNUSABLE = /[\u0000-\u001f\u007f\\]/;
const HTTP_URL = /^https?:\/\/[^/?#\s]+/i;

/**
 * `redirect_from` (a string or a list; nulls skipped, as the plugin's
 * `compact`) and `redirect_to` (a string, or a list whose first entry
 * counts, as the plugin reads it) from front matter with defaults applied.
 */
export function redirectsOf(data: Readonly<Record<string, unknown>>, source: string, keyLine: (key: string) => number, diagnostics: Diagnostic[]): Redirects {
  const out: { redirectFrom?: string[]; redirectTo?: string } = {};
  const rawFrom = data['redirect_from'];
  if (rawFrom !== undefined && rawFrom !== null) {
    const from: string[] = [];
    for (const item of Array.isArray(rawFrom) ? rawFrom : [rawFrom]) {
      if (item === null || item === undefined) continue;
      const path = typeof item === 'string' ? fromPath(item) : undefined;
      if (path === undefined) {
        diagnostics.push(
          warning(
            source,
            `\`redirect_from\` entry ${describe(item)} is not a path inside the site; it is dropped`,
            { line: keyLine('redirect_from'), column: 1 },
            'write the old URL as a site path, like /old/story/ or /2019/05/01/story.html',
          ),
        );
      } else if (!from.includes(path)) {
        from.push(path);
      }
    }
    if (from.length > 0) out.redirectFrom = from;
  }
  const to = data['redirect_to'];
  const rawTo = Array.isArray(to) ? (to as unknown[]).find((item) => item !== null && item !== undefined) : to;
  if (rawTo !== undefined && rawTo !== null) {
    const target = typeof rawTo === 'string' ? toTarget(rawTo) : undefined;
    if (target === undefined) {
      diagnostics.push(
        warning(
          source,
          `\`redirect_to\` ${describe(rawTo)} is not an http(s) URL or a path inside the site; it is dropped`,
          { line: keyLine('redirect_to'), column: 1 },
          'write an https:// URL or a site path like /new/story/',
        ),
      );
    } else {
      out.redirectTo = target;
    }
  }
  return out;
}

/** A `redirect_from` entry as a site path with a leading `/`, or undefined when no file can be written for it. */
function fromPath(value: string): string | undefined {
  const path = sitePath(value.trim());
  // A query or fragment is never part of the file a server finds; `..` above the root is no file of the site.
  if (path === undefined || /[?#]/.test(path)) return undefined;
  return 'error' in pageRoute({ source: 'redirect.html', permalink: path, style: 'date', outputExt: '.html' }) ? undefined : path;
}

/** A `redirect_to` value: an http(s) URL as written, or a site path with a leading `/`. */
function toTarget(value: string): string | undefined {
  const text = value.trim();
  if (HTTP_URL.test(text)) return UNUSABLE.test(text) || !isSafeUrl(text) ? undefined : text;
  return sitePath(text);
}

/** A path inside the site, `/` prefixed; undefined for schemes (`javascript:`), other hosts (`//host`), controls and blanks. */
function sitePath(text: string): string | undefined {
  if (text === '' || UNUSABLE.test(text) || text.startsWith('//')) return undefined;
  // isSafeUrl also refuses a colon that a browser could read as a scheme (`javascript:`, `data:`, `1:x`).
  if (!isSafeUrl(text) || /^[a-z][a-z0-9+.-]*:/i.test(text)) return undefined;
  const path = text.startsWith('/') ? text : `/${text}`;
  return path.startsWith('//') ? undefined : path;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : value !== null && typeof value === 'object' ? 'a mapping' : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
