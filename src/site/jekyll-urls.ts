/**
 * Jekyll's `relative_url` and `absolute_url`: the baseurl and a leading
 * slash added, an absolute URL left as it is, and path, query and fragment
 * each encoded as Addressable::URI#normalize encodes them. Liquid pages
 * (liquid/filters.ts) and the Nunjucks theme (render/templates.ts) share
 * them, so a template moved from one to the other links the same.
 */

const UNRESERVED = 'A-Za-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PATH_KEEP = new RegExp(`[${UNRESERVED}${SUB_DELIMS.replace(/[\]\\^-]/g, '\\$&')}:@/]`);
const QUERY_KEEP = new RegExp(`[${UNRESERVED}${SUB_DELIMS.replace(/[\]\\^-]/g, '\\$&')}:@/?]`);
export const URI_KEEP = new RegExp(`[${UNRESERVED}${SUB_DELIMS.replace(/[\]\\^-]/g, '\\$&')}:@/?#\\[\\]]`);
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Percent-encodes (UTF-8) every character `keep` does not match; existing `%XX` escapes stay, uppercased. */
export function encodeComponent(text: string, keep: RegExp): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (ch === '%' && /^%[0-9A-Fa-f]{2}/.test(text.slice(i, i + 3))) {
      out += text.slice(i, i + 3).toUpperCase();
      i += 3;
      continue;
    }
    out += keep.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    i += ch.length;
  }
  return out;
}

/** A site-relative reference normalised as Addressable does: path, query and fragment each encoded. */
function normalizeReference(ref: string): string {
  const hash = ref.indexOf('#');
  const fragment = hash >= 0 ? ref.slice(hash + 1) : undefined;
  const beforeHash = hash >= 0 ? ref.slice(0, hash) : ref;
  const q = beforeHash.indexOf('?');
  const query = q >= 0 ? beforeHash.slice(q + 1) : undefined;
  const path = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  return (
    encodeComponent(path, PATH_KEEP) +
    (query !== undefined ? `?${encodeComponent(query, QUERY_KEEP)}` : '') +
    (fragment !== undefined ? `#${encodeComponent(fragment, QUERY_KEEP)}` : '')
  );
}

const leadingSlash = (part: string): string => (part === '' || part.startsWith('/') ? part : `/${part}`);

export function relativeUrl(input: string, baseurl: string): string {
  if (ABSOLUTE.test(input)) return input;
  return normalizeReference(leadingSlash(baseurl.replace(/\/$/, '')) + leadingSlash(input));
}

export function absoluteUrl(input: string, url: string, baseurl: string): string {
  if (ABSOLUTE.test(input)) return input;
  const relative = relativeUrl(input, baseurl);
  return url === '' ? relative : url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*)/, (origin) => origin.toLowerCase()) + relative;
}
