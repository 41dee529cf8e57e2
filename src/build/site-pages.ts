/**
 * The pages of one build, rendered once the site's posts are known: sets up
 * what render/pages.ts needs (the sanitising renderer, Liquid with Jekyll's
 * variables and `_data/`, Sass) and returns the site with its pages in place.
 */
import { posix } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { readDataFiles } from '../content/data-files.js';
import { createRenderer } from '../content/markdown.js';
import { compileSassPage } from '../content/sass.js';
import { compareStrings, type Diagnostic } from '../diagnostics.js';
import type { DetailsOf } from '../liquid/drops.js';
import type { LiquidLookups } from '../liquid/engine.js';
import { labelsFor } from '../render/labels.js';
import { type RenderedPages, renderPages } from '../render/pages.js';
import { paginationTemplate } from '../site/pagination.js';
import type { Site } from '../site/site.js';
import type { PageSource, PostDetails, PostSummary } from '../types.js';

export interface SitePagesInput {
  /** The site with its posts; its pages are replaced by the rendered ones. */
  site: Site;
  pages: readonly PageSource[];
  /** Static files' site paths, for `{% link %}`. */
  statics: readonly string[];
  config: ResolvedConfig;
  /** Absolute site source: includes, data files and Sass partials are read below it. */
  root: string;
  /** The build's clock: `site.time`. */
  now: Date;
  /** Record where the sanitiser removed something (`--verbose`). */
  positions: boolean;
  /** A post's body and front matter, read when a page's Liquid asks for them. */
  detailsOf(post: PostSummary): PostDetails;
}

export interface SitePages {
  site: Site;
  diagnostics: Diagnostic[];
  removals: RenderedPages['removals'];
  /** Jekyll plugins' tags the pages used that gazette has no output for → the files using them, for the migration note. */
  pluginTags: ReadonlyMap<string, readonly string[]>;
  /**
   * True when a page's Liquid read a post's body or front matter: such a page
   * changes when a post body does, so a rebuild may not take the body-edit
   * shortcuts (which render only the post's own page and the feeds).
   */
  readsPostDetails: boolean;
}

/**
 * Elements a page may use besides a post's: the page structure owners write
 * in `index.md` or `_includes/` (`<aside class="notice">`). A page's Liquid
 * output holds post titles and excerpts, which are untrusted, so pages still
 * go through the sanitiser: no script, handler, form or style element.
 */
const PAGE_TAGS: readonly string[] = ['aside', 'nav', 'header', 'footer', 'main', 'time', 'address', 'hgroup', 'search'];

/** Plugin tags whose output the theme already makes (in every page's head): they write nothing in a page body. */
const THEME_MAKES: ReadonlySet<string> = new Set(['seo', 'feed_meta']);

/** Liquid (liquidjs) is loaded only by a site that has pages: most builds of a news site have none or few, and start-up counts. */
export async function renderSitePages(input: SitePagesInput): Promise<SitePages> {
  const { config, site } = input;
  if (input.pages.length === 0) return { site: { ...site, pages: [] }, diagnostics: [], removals: [], pluginTags: new Map(), readsPostDetails: false };
  const [{ pageVariables, siteVariables }, { createLiquidEngine }] = await Promise.all([import('../liquid/drops.js'), import('../liquid/engine.js')]);
  const sanitize = { ...config.sanitize, allowTags: [...config.sanitize.allowTags, ...PAGE_TAGS] };
  const renderer = createRenderer({
    sanitize,
    siteOrigin: config.url,
    positions: input.positions,
    markdown: config.markdown,
    tableLabel: labelsFor(config.lang).table,
  });
  const data = readDataFiles(input.root);
  let readsPostDetails = false;
  const detailsOf: DetailsOf = (post) => {
    readsPostDetails = true;
    return input.detailsOf(post);
  };
  const engine = createLiquidEngine({
    root: input.root,
    url: config.url,
    baseurl: config.baseurl,
    timezone: config.timezone,
    markdownify: (text) => renderer.render(text, 'markdown').html,
    lookups: lookupsOf(site.posts, input.pages, input.statics),
    pluginTag: (name) => (THEME_MAKES.has(name) ? '' : undefined),
    now: () => input.now,
  });
  const siteScope = siteVariables({ config, posts: site.posts, pages: input.pages, data: data.data, time: input.now, detailsOf });
  // jekyll-paginate's template page: the theme's list takes its place, so its body is not rendered.
  const template = paginationTemplate(input.pages, config.paginatePath);
  const rendered = renderPages(input.pages, {
    renderer,
    liquid: (page) =>
      page === template
        ? { output: '', diagnostics: [] }
        : engine.render(page.source, page.body, { site: siteScope, page: pageVariables(page) }, page.bodyLine),
    sass: (page, body) =>
      compileSassPage({
        source: page.source,
        body,
        bodyLine: page.bodyLine,
        syntax: page.format === 'sass' ? 'sass' : 'scss',
        root: input.root,
        options: config.sass,
      }),
  });
  const pages = [...rendered.pages].sort((a, b) => compareStrings(a.source, b.source));
  return {
    site: { ...site, pages },
    diagnostics: [...data.diagnostics, ...rendered.diagnostics],
    removals: rendered.removals,
    pluginTags: engine.pluginTagsUsed(),
    readsPostDetails,
  };
}

/**
 * `{% post_url 2024-06-12-slug %}` by the post's file name without its
 * extension (with or without the folders below `_posts/`), and `{% link path %}`
 * by any source path, as Jekyll resolves them.
 */
function lookupsOf(posts: readonly PostSummary[], pages: readonly PageSource[], statics: readonly string[]): LiquidLookups {
  const byName = new Map<string, string>();
  const byPath = new Map<string, string>();
  for (const post of posts) {
    const inPosts = post.source.slice(post.source.lastIndexOf('_posts/') + '_posts/'.length);
    const name = inPosts.slice(0, inPosts.length - posix.extname(inPosts).length);
    byName.set(name, post.url);
    byName.set(posix.basename(name), post.url);
    byPath.set(post.source, post.url);
  }
  for (const page of pages) byPath.set(page.source, page.url);
  for (const file of statics) byPath.set(file, `/${file}`);
  return { postUrl: (name) => byName.get(name.replace(/^\/+/, '')), link: (path) => byPath.get(path.replace(/^\/+/, '')) };
}
