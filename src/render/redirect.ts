/**
 * jekyll-redirect-from's files: the redirect page (its `redirect.html` layout,
 * byte for byte, less the inline `<script>`: the theme's Content-Security-Policy
 * forbids inline scripts, and the meta refresh redirects without one) and
 * `redirects.json`. Pure.
 */
import type { ResolvedConfig } from '../config.js';
import { escapeHtml } from '../feeds/xml.js';
import { type RedirectEntry, redirectHref } from '../site/redirects.js';

/** The page at a redirect's `from`, sending readers to `to` (a RedirectKind target). */
export function renderRedirectPage(to: string, config: ResolvedConfig): string {
  // The plugin writes the URL unescaped; escaped here, so a `"` in a redirect_to cannot leave the attribute.
  const href = escapeHtml(redirectHref(to, config.url, config.baseurl));
  return `<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="${href}">
  <meta http-equiv="refresh" content="0; url=${href}">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="${href}">Click here if you are not redirected.</a>
</html>
`;
}

/** `{"from":"to",…}` as the plugin's `redirects.to_json`: a later entry for the same path wins, at the first one's place. */
export function renderRedirectsJson(entries: readonly RedirectEntry[], config: ResolvedConfig): string {
  const map = new Map<string, string>();
  for (const [from, to] of entries) map.set(from, redirectHref(to, config.url, config.baseurl));
  return JSON.stringify(Object.fromEntries(map));
}
