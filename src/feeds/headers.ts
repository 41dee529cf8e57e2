/**
 * `_headers` (Netlify and Cloudflare Pages): the theme's Content-Security-Policy
 * as a real header. Sent as a `<meta>` it cannot carry `frame-ancestors` (a
 * meta is read after the page is framed), so only a header stops another site
 * from framing the pages (clickjacking).
 */
export function renderHeaders(policy: string): string {
  // A line break inside a value would start a new header line.
  const value = `${policy}; frame-ancestors 'self'`.replace(/[\r\n]+/g, ' ');
  return ['/*', `  Content-Security-Policy: ${value}`, '  X-Content-Type-Options: nosniff', '  Referrer-Policy: strict-origin-when-cross-origin', ''].join(
    '\n',
  );
}
