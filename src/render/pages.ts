/**
 * Page sources → rendered pages, once the site is known: Liquid first (the
 * owner's pages are trusted like templates, and may list every post), then
 * the page's converter: Markdown and HTML through the same sanitiser as
 * posts, Sass to CSS, anything else (`rss.xml`, `search.json`) as Liquid made
 * it. Pages are few (tens), so this runs in the main thread.
 */
import { createHash } from 'node:crypto';
import type { Renderer } from '../content/markdown.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PageSource, PageSummary, Removal } from '../types.js';

/** A page's text after Liquid: `render` is given the page and returns its evaluated body. */
export type LiquidStep = (page: PageSource) => { output: string; diagnostics: Diagnostic[] };

/** Sass to CSS for one page (content/sass.ts). */
export type SassStep = (page: PageSource, body: string) => { css: string; diagnostics: Diagnostic[] };

export interface PageRenderOptions {
  /** The sanitising renderer posts use. */
  renderer: Renderer;
  /** Evaluates a page's Liquid; pages are taken as written without it. */
  liquid?: LiquidStep;
  sass: SassStep;
}

export interface RenderedPages {
  pages: PageSummary[];
  diagnostics: Diagnostic[];
  /** What the sanitiser removed from each HTML page, for `--verbose`. */
  removals: { source: string; removed: readonly Removal[] }[];
}

export function renderPages(sources: readonly PageSource[], options: PageRenderOptions): RenderedPages {
  const out: RenderedPages = { pages: [], diagnostics: [], removals: [] };
  for (const page of sources) {
    let body = page.body;
    if (options.liquid) {
      const evaluated = options.liquid(page);
      out.diagnostics.push(...evaluated.diagnostics);
      body = evaluated.output;
    }
    const converted = convert(page, body, options);
    out.diagnostics.push(...converted.diagnostics);
    if (converted.removed.length > 0) out.removals.push({ source: page.source, removed: converted.removed });
    const renderDigest = createHash('sha256').update(page.digest).update('\0').update(converted.text).digest('hex');
    out.pages.push({ ...page, html: converted.text, wrapped: isWrapped(page), renderDigest });
  }
  return out;
}

/**
 * Markdown and HTML pages are wrapped in a theme template, unless their
 * front matter says `layout: null` (or `none`, `false`), Jekyll's way of
 * asking for no layout: then the sanitised body is the whole file.
 */
function isWrapped(page: PageSource): boolean {
  const layout = page.data['layout'];
  const none = layout === null || layout === false || layout === 'none' || layout === 'null';
  return (page.format === 'markdown' || page.format === 'html') && !none;
}

function convert(page: PageSource, body: string, options: PageRenderOptions): { text: string; diagnostics: Diagnostic[]; removed: readonly Removal[] } {
  switch (page.format) {
    case 'markdown':
    case 'html': {
      const rendered = options.renderer.render(body, page.format);
      // Lines of removals are relative to the body; the file's own line is what the owner looks for.
      const removed = rendered.removed.map((r) => (r.line !== undefined ? { ...r, line: r.line + page.bodyLine - 1 } : r));
      return { text: rendered.html, diagnostics: [], removed };
    }
    case 'scss':
    case 'sass': {
      const compiled = options.sass(page, body);
      return { text: compiled.css, diagnostics: compiled.diagnostics, removed: [] };
    }
    default:
      return { text: body, diagnostics: [], removed: [] };
  }
}
