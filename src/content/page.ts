/**
 * A file with front matter outside `_` folders (`about.md`, `rss.xml`,
 * `assets/styles.scss`) → PageSource at its Jekyll URL. Reads front matter
 * only: the body is rendered later (render/pages.ts), once the whole site is
 * known, because its Liquid may list every post.
 */
import { posix } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { type Diagnostic, error } from '../diagnostics.js';
import { outputExtFor, pageRoute } from '../site/permalink.js';
import type { PageFormat, PageSource } from '../types.js';
import { decodeSource } from './decode.js';
import { digestOf } from './digest.js';
import { formatForExtension } from './formats.js';
import { parseFrontMatter } from './front-matter.js';
import { defaultsFor, imageOf, lineOfKey } from './post.js';
import { redirectsOf } from './redirects.js';

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
  const permalink = typeof data['permalink'] === 'string' ? data['permalink'] : undefined;
  const route = pageRoute({ source: file.source, permalink, style: config.permalink, outputExt: outputExtFor(file.source, config.markdownExt) });
  if ('error' in route) {
    diagnostics.push(error(file.source, route.error, { line: lineOfKey(decoded.text, 'permalink'), column: 1 }, 'a permalink is a path inside the site'));
    return { diagnostics };
  }
  const name = posix.basename(file.source, posix.extname(file.source));
  const title = typeof data['title'] === 'string' || typeof data['title'] === 'number' ? String(data['title']) : name;
  // As for posts (and so from `defaults:` too): jekyll-seo-tag gives pages an og:image the same way.
  const keyLine = (key: string) => lineOfKey(decoded.text ?? '', key);
  const image = imageOf(data, file.source, keyLine, diagnostics);
  const redirects = redirectsOf(data, file.source, keyLine, diagnostics);
  return {
    page: {
      source: file.source,
      digest: digestOf(file.bytes),
      title,
      url: route.url,
      file: route.file,
      layout: typeof data['layout'] === 'string' && data['layout'] !== '' ? data['layout'] : 'page',
      data: { ...data, title },
      format: pageFormatOf(posix.extname(file.source), config.markdownExt),
      body: front.body,
      bodyLine: front.bodyLine,
      ...(image !== undefined ? { image } : {}),
      ...redirects,
    },
    diagnostics,
  };
}

/** How a page's body is converted, from its extension (Jekyll's converters; `markdown_ext` names the Markdown ones). */
export function pageFormatOf(extension: string, markdownExts: readonly string[]): PageFormat {
  const lower = extension.toLowerCase();
  if (lower === '.scss' || lower === '.sass') return lower === '.scss' ? 'scss' : 'sass';
  if (lower === '.html' || lower === '.htm') return 'html';
  return formatForExtension(lower, markdownExts) === 'markdown' ? 'markdown' : 'text';
}

/** Jekyll's page URL of a file without a permalink (`about.md` → `/about.html`, `/about/` with `pretty`; `x/index.md` → `/x/`): see `pageRoute`. */
export function pageUrl(source: string, permalinkStyle: string): string {
  const route = pageRoute({ source, style: permalinkStyle, outputExt: outputExtFor(source) });
  return 'url' in route ? route.url : '/';
}
