/**
 * Which URLs a post body may link to or load. Values arrive entity-decoded
 * (hast decodes `&#106;avascript:`), so only the browser's own leniency is
 * left to defeat: the URL parser strips leading/trailing C0 controls and
 * spaces and deletes tabs and newlines anywhere, so `" java\tscript:"` runs.
 * We are stricter still and ignore every whitespace or control character
 * when looking for a scheme.
 */

/** Schemes a post may use; everything else (javascript, vbscript, data, file, …) is refused. */
const SAFE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto']);

// C0/C1 controls, space, and the Unicode spaces and invisible format characters.
const IGNORABLE = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The URL as a browser would read its scheme and authority: invisible characters removed, `\` as `/`. */
function normalise(url: string): string {
  return url.replace(IGNORABLE, '').replace(/\\/g, '/');
}

/**
 * True for http(s), mailto, protocol-relative (`//host/…`, an external
 * http(s) link), relative (`path`, `./`, `../`, `/abs`, `?query`) and
 * `#fragment` URLs. False for any other scheme, however it is disguised.
 */
export function isSafeUrl(url: string): boolean {
  const value = normalise(url);
  const scheme = SCHEME.exec(value);
  if (scheme) return SAFE_SCHEMES.has((scheme[1] ?? '').toLowerCase());
  // No scheme: a colon before the first `/`, `?` or `#` would still be read
  // as one by some parser (e.g. `1:x` or a lone `:x`); refuse those too.
  const colon = value.indexOf(':');
  if (colon < 0) return true;
  const boundary = value.search(/[/?#]/);
  return boundary >= 0 && boundary < colon;
}

/**
 * True when the URL leaves the site: an absolute http(s) or protocol-relative
 * URL whose host differs from `siteOrigin`'s. With `siteOrigin` `''` (unknown)
 * every absolute http(s) URL is external. Hosts compare case-insensitively,
 * ports included (`example.com:8080` is not `example.com`).
 */
export function isExternalUrl(url: string, siteOrigin: string): boolean {
  const value = normalise(url);
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  let absolute: string;
  if (scheme === 'http' || scheme === 'https') absolute = value;
  else if (scheme === undefined && value.startsWith('//')) absolute = `https:${value}`;
  else return false;
  const host = hostOf(absolute);
  if (host === undefined) return true;
  const siteHost = siteOrigin === '' ? undefined : hostOf(siteOrigin);
  return siteHost === undefined || host !== siteHost;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    // Not an absolute URL (a path, or text URL parsing refuses): it names no host.
    return undefined;
  }
}
