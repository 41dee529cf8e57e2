/**
 * The pages of one build, rendered once the site's posts are known: sets up
 * what render/pages.ts needs (the sanitising renderer, Liquid with Jekyll's
 * variables, Sass) and returns the site with its pages in place.
 */
import type { ResolvedConfig } from '../config.js';
import { createRenderer } from '../content/markdown.js';
import { compileSassPage } from '../content/sass.js';
import type { Diagnostic } from '../diagnostics.js';
import { type RenderedPages, renderPages } from '../render/pages.js';
import type { Site } from '../site/site.js';
import { compareStrings } from '../diagnostics.js';
import type { PageSource, PostDetails, PostSummary } from '../types.js';

export interface SitePagesInput {
  /** The site with its posts; its pages are replaced by the rendered ones. */
  site: Site;
  pages: readonly PageSource[];
  config: ResolvedConfig;
  /** Absolute site source: includes, data files and Sass partials are read below it. */
  root: string;
  /** Record where the sanitiser removed something (`--verbose`). */
  positions: boolean;
  /** A post's body and front matter, read when a page's Liquid asks for them. */
  detailsOf(post: PostSummary): PostDetails;
}

export interface SitePages {
  site: Site;
  diagnostics: Diagnostic[];
  removals: RenderedPages['removals'];
  /** Jekyll plugins' tags the pages used (`seo`, `feed_meta`) → the files using them, for the migration note. */
  pluginTags: ReadonlyMap<string, readonly string[]>;
}

export function renderSitePages(input: SitePagesInput): SitePages {
  const { config } = input;
  if (input.pages.length === 0) return { site: { ...input.site, pages: [] }, diagnostics: [], removals: [], pluginTags: new Map() };
  const renderer = createRenderer({ sanitize: config.sanitize, siteOrigin: config.url, positions: input.positions, markdown: config.markdown });
  const rendered = renderPages(input.pages, {
    renderer,
    sass: (page, body) =>
      compileSassPage({ source: page.source, body, bodyLine: page.bodyLine, syntax: page.format === 'sass' ? 'sass' : 'scss', root: input.root, options: config.sass }),
  });
  const pages = [...rendered.pages].sort((a, b) => compareStrings(a.source, b.source));
  return { site: { ...input.site, pages }, diagnostics: rendered.diagnostics, removals: rendered.removals, pluginTags: new Map() };
}
