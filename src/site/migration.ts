/**
 * The closing note of a build of a Jekyll site: what gazette did not carry
 * over, said once, instead of a warning per page or per tag. Pure: the build
 * gathers the facts (build.ts), this turns them into lines.
 */

/** Jekyll plugins whose output gazette makes itself, and how. */
export const EMULATED_PLUGINS: Readonly<Record<string, string>> = {
  'jekyll-paginate': 'list pages at paginate_path',
  'jekyll-feed': '/feed.xml and one feed per category',
  'jekyll-sitemap': '/sitemap.xml and /robots.txt',
  'jekyll-seo-tag': "the theme's title, description, canonical, OpenGraph and JSON-LD",
  'jekyll-include-cache': '{% include_cached %} as {% include %}',
  'jekyll-redirect-from': 'redirect pages for redirect_from and redirect_to, and /redirects.json',
};

export interface MigrationFacts {
  /** `plugins:` (or Jekyll 3's `gems:`) from the config. */
  plugins: readonly string[];
  /** Files under `_layouts/`, site-relative. */
  layouts: readonly string[];
  /** `.scss`/`.sass` files outside `_` folders without front matter: copied as they are, not compiled. */
  rawSass: readonly string[];
  /** Plugin tags used in pages (`seo`, `feed_meta`) → the files that use them. */
  pluginTags: ReadonlyMap<string, readonly string[]>;
  /** jekyll-paginate's template page, whose body the theme's list replaces. */
  paginationTemplate?: string | undefined;
  /** Collections the config declares besides `posts` (`collections:`), which gazette does not build. */
  collections?: readonly string[];
}

/** Whether the site was made for Jekyll: it has layouts or names plugins. */
export function isJekyllSite(facts: MigrationFacts): boolean {
  return facts.layouts.length > 0 || facts.plugins.length > 0;
}

/** The note's lines, or none when there is nothing to say (or it is not a Jekyll site). */
export function migrationNote(facts: MigrationFacts): string[] {
  if (!isJekyllSite(facts)) return [];
  const lines: string[] = [];
  const missing = facts.plugins.filter((name) => !Object.hasOwn(EMULATED_PLUGINS, name));
  if (missing.length > 0) lines.push(`plugins not emulated (their output is missing): ${missing.join(', ')}`);
  if (facts.layouts.length > 0) {
    lines.push(
      `_layouts/ is not used (${count(facts.layouts.length, 'file')}): pages are wrapped in the theme's template named by their \`layout\`, ` +
        'else `page`; put your own Nunjucks templates in templates/',
    );
  }
  if (facts.paginationTemplate !== undefined) {
    lines.push(`${facts.paginationTemplate}: its URL and front matter are kept, its body is replaced by the theme's list template (templates/index.njk)`);
  }
  if (facts.collections !== undefined && facts.collections.length > 0) {
    lines.push(`collections are not built (${listed(facts.collections)}): their documents are neither read nor published`);
  }
  if (facts.rawSass.length > 0) {
    const files = listed(facts.rawSass);
    lines.push(`Sass without front matter is copied, not compiled (${files}): add an empty front matter (---/---) to compile it, as Jekyll does`);
  }
  for (const [tag, files] of facts.pluginTags) {
    lines.push(`{% ${tag} %} in ${listed(files)} writes nothing: the theme already emits what the plugin did`);
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function listed(files: readonly string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}

/** The names of `collections:` (a mapping or a list) other than `posts`. */
export function collectionsOf(raw: Readonly<Record<string, unknown>>): string[] {
  const value = raw['collections'];
  const names = Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : value !== null && typeof value === 'object'
      ? Object.keys(value)
      : [];
  return names.filter((name) => name !== 'posts');
}

/** Jekyll's `plugins:` (or Jekyll 3's `gems:`) from the config as written. */
export function pluginsOf(raw: Readonly<Record<string, unknown>>): string[] {
  const list = raw['plugins'] ?? raw['gems'];
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}
