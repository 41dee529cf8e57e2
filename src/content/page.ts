/**
 * A file with front matter outside `_` folders (`about.md`, `rss.xml`,
 * `assets/styles.scss`) → PageSource at its Jekyll URL. Reads front matter
 * only: the body is rendered later (render/pages.ts), once the whole site is
 * known, because its Liquid may list every post.
 */
import { posix } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import { warning } from '../diagnostics.js';
import { resolveFrontMatterPermalink, urlToOutputPath } from '../site/permalink.js';
import type { PageFormat, PageSource } from '../types.js';
import { decodeSource } from './decode.js';
import { digestOf } from './digest.js';
import { parseFrontMatter } from './front-matter.js';
import { defaultsFor, imageOf, lineOfKey } from './post.js';

export interface PageFile {
  source: string;
  bytes: Uint8Array;
}

export function readPage(file: PageFile, config: ResolvedConfig): { page?: PageSource; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const decoded = decodeSource(file.bytes, file.source);
  diagnostics.push(...decoded.diagnostics);
  if (decoded.text === undefined) return { diagnostics };
  const front = parseFrontMatter(decoded.text, file.source);
  diagnostics.push(...front.diagnostics);
  if (!front.ok) return { diagnostics };
  const data = { ...defaultsFor(config.defaults, file.source, 'pages'), ...front.data };
  const extension = posix.extname(file.source).toLowerCase();
  const format = pageFormatOf(extension);
  const outputExt = outputExtOf(format, extension);
  const name = posix.basename(file.source, posix.extname(file.source));

  let url = pageUrl(file.source, config.permalink, outputExt);
  if (typeof data['permalink'] === 'string' && data['permalink'].trim() !== '') {
    const resolved = resolveFrontMatterPermalink(data['permalink'], {
      date: new Date(0), zone: config.timezone, categories: [], slug: name, outputExt, name,
    });
    if ('error' in resolved) {
      diagnostics.push(warning(file.source, resolved.error, { line: lineOfKey(decoded.text, 'permalink'), column: 1 }, 'a permalink is a path inside the site'));
      return { diagnostics: diagnostics.map((d) => ({ ...d, severity: 'error' as const })) };
    }
    url = resolved.url;
  }
  const title = typeof data['title'] === 'string' || typeof data['title'] === 'number' ? String(data['title']) : name;
  // As for posts (and so from `defaults:` too): jekyll-seo-tag gives pages an og:image the same way.
  const image = imageOf(data, file.source, (key) => lineOfKey(decoded.text ?? '', key), diagnostics);
  return {
    page: {
      source: file.source,
      digest: digestOf(file.bytes),
      title,
      url,
      file: urlToOutputPath(url, outputExt),
      layout: typeof data['layout'] === 'string' && data['layout'] !== '' ? data['layout'] : 'page',
      data: { ...data, title },
      format,
      body: front.body,
      bodyLine: front.bodyLine,
      ...(image !== undefined ? { image } : {}),
    },
    diagnostics,
  };
}

/** How a page's body is converted, from its extension (Jekyll's converters). */
export function pageFormatOf(extension: string): PageFormat {
  if (extension === '.md' || extension === '.markdown') return 'markdown';
  if (extension === '.html' || extension === '.htm') return 'html';
  if (extension === '.scss' || extension === '.sass') return extension.slice(1) as PageFormat;
  return 'text';
}

/** The extension of a page's output: Markdown → `.html`, Sass → `.css`, anything else keeps its own. */
export function outputExtOf(format: PageFormat, extension: string): string {
  if (format === 'markdown') return '.html';
  if (format === 'scss' || format === 'sass') return '.css';
  return extension;
}

/**
 * Jekyll's page URLs: `about.md` → `/about.html`, or `/about/` with the
 * `pretty` style; `x/index.md` → `/x/`; a page whose output is not HTML keeps
 * its name (`rss.xml` → `/rss.xml`, `assets/styles.scss` → `/assets/styles.css`).
 */
export function pageUrl(source: string, permalinkStyle: string, outputExt = '.html'): string {
  const dir = posix.dirname(source);
  const base = posix.basename(source, posix.extname(source));
  const folder = dir === '.' ? '/' : `/${dir}/`;
  if (outputExt !== '.html' && outputExt !== '.htm') return `${folder}${base}${outputExt}`;
  if (base === 'index') return folder;
  const pretty = permalinkStyle === 'pretty' || permalinkStyle.endsWith('/');
  return pretty ? `${folder}${base}/` : `${folder}${base}${outputExt}`;
}
