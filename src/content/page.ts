/**
 * A standalone page (`about.md`, `contact.html` with front matter, outside
 * `_` folders) → PageSummary at its Jekyll URL. Liquid is not evaluated:
 * each tag is reported so the author knows what to port.
 */
import { posix } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { type Diagnostic, warning } from '../diagnostics.js';
import { resolveFrontMatterPermalink } from '../site/permalink.js';
import type { PageSummary } from '../types.js';
import { decodeSource } from './decode.js';
import { parseFrontMatter } from './front-matter.js';
import { formatForExtension } from './formats.js';
import type { Renderer } from './markdown.js';
import { digestOf } from './digest.js';
import { defaultsFor, imageOf, lineOfKey } from './post.js';

export interface PageFile {
  source: string;
  bytes: Uint8Array;
}

export function readPage(file: PageFile, config: ResolvedConfig, renderer: Renderer): { page?: PageSummary; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const decoded = decodeSource(file.bytes, file.source);
  diagnostics.push(...decoded.diagnostics);
  if (decoded.text === undefined) return { diagnostics };
  const front = parseFrontMatter(decoded.text, file.source);
  diagnostics.push(...front.diagnostics);
  if (!front.ok) return { diagnostics };
  const data = { ...defaultsFor(config.defaults, file.source, 'pages'), ...front.data };

  diagnostics.push(...liquidTags(front.body, file.source, front.bodyLine));

  let url = pageUrl(file.source, config.permalink);
  if (typeof data['permalink'] === 'string' && data['permalink'].trim() !== '') {
    const resolved = resolveFrontMatterPermalink(data['permalink'], {
      date: new Date(0), zone: config.timezone, categories: [], slug: posix.basename(file.source, posix.extname(file.source)), outputExt: '.html', name: posix.basename(file.source, posix.extname(file.source)),
    });
    if ('error' in resolved) {
      diagnostics.push(warning(file.source, resolved.error, { line: lineOfKey(decoded.text, 'permalink'), column: 1 }, 'a permalink is a path inside the site'));
      return { diagnostics: diagnostics.map((d) => ({ ...d, severity: 'error' as const })) };
    }
    url = resolved.url;
  }
  const rendered = renderer.render(front.body, formatForExtension(posix.extname(file.source).toLowerCase()));
  const title = typeof data['title'] === 'string' || typeof data['title'] === 'number' ? String(data['title']) : posix.basename(file.source, posix.extname(file.source));
  // As for posts (and so from `defaults:` too): jekyll-seo-tag gives pages an og:image the same way.
  const image = imageOf(data, file.source, (key) => lineOfKey(decoded.text ?? '', key), diagnostics);
  return {
    page: {
      source: file.source,
      digest: digestOf(file.bytes),
      title,
      url,
      layout: typeof data['layout'] === 'string' && data['layout'] !== '' ? data['layout'] : 'page',
      data: { ...data, title },
      ...(image !== undefined ? { image } : {}),
      html: rendered.html,
    },
    diagnostics,
  };
}

/** Jekyll's page URLs: `about.md` → `/about.html`, or `/about/` with the `pretty` style; `x/index.md` → `/x/`. */
export function pageUrl(source: string, permalinkStyle: string): string {
  const dir = posix.dirname(source);
  const base = posix.basename(source, posix.extname(source));
  const folder = dir === '.' ? '/' : `/${dir}/`;
  if (base === 'index') return folder;
  const pretty = permalinkStyle === 'pretty' || permalinkStyle.endsWith('/');
  return pretty ? `${folder}${base}/` : `${folder}${base}.html`;
}

const LIQUID = /{{|{%/g;

function liquidTags(body: string, source: string, bodyLine: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  body.split(/\r\n|\r|\n/).forEach((line, index) => {
    for (const match of line.matchAll(LIQUID)) {
      out.push(
        warning(source, 'Liquid is not supported; this tag is left as text', { line: bodyLine + index, column: (match.index ?? 0) + 1 }, 'move dynamic parts into a Nunjucks template under templates/'),
      );
    }
  });
  return out;
}
