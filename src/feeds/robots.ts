/** `robots.txt` that allows everything and lists the site's sitemaps. */

export function renderRobots(sitemapUrls: readonly string[]): string {
  const lines = ['User-agent: *', 'Allow: /'];
  // A line break inside a URL would start a new robots.txt directive.
  const urls = sitemapUrls.map((url) => url.replace(/[\r\n]+/g, '').trim()).filter((url) => url !== '');
  if (urls.length > 0) lines.push('', ...urls.map((url) => `Sitemap: ${url}`));
  return `${lines.join('\n')}\n`;
}
