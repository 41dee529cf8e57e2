/**
 * A standalone page (`about.md`, `contact.html` with front matter, outside
 * `_` folders) → PageSummary at its Jekyll URL. Liquid is not evaluated:
 * each tag is reported so the author knows what to port.
 */
import { posix } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { type Diagnostic, error, warning } from '../diagnostics.js';
import { outputExtFor, pageRoute } from '../site/permalink.js';
import type { PageSummary } from '../types.js';
import { decodeSource } from './decode.js';
import { parseFrontMatter } from './front-matter.js';
import { formatForExtension } from './formats.js';
import type { Renderer } from './markdown.js';
import { digestOf } from './digest.js';
import { defaultsFor, lineOfKey } from './post.js';

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

  const permalink = typeof data['permalink'] === 'string' ? data['permalink'] : undefined;
  const route = pageRoute({ source: file.source, permalink, style: config.permalink, outputExt: outputExtFor(file.source, config.markdownExt) });
  if ('error' in route) {
    diagnostics.push(error(file.source, route.error, { line: lineOfKey(decoded.text, 'permalink'), column: 1 }, 'a permalink is a path inside the site'));
    return { diagnostics };
  }
  const rendered = renderer.render(front.body, formatForExtension(posix.extname(file.source), config.markdownExt));
  const title = typeof data['title'] === 'string' || typeof data['title'] === 'number' ? String(data['title']) : posix.basename(file.source, posix.extname(file.source));
  return {
    page: {
      source: file.source,
      digest: digestOf(file.bytes),
      title,
      url: route.url,
      file: route.file,
      layout: typeof data['layout'] === 'string' && data['layout'] !== '' ? data['layout'] : 'page',
      data: { ...data, title },
      html: rendered.html,
    },
    diagnostics,
  };
}

/** Jekyll's page URL of a file without a permalink (`about.md` → `/about.html`, `/about/` with `pretty`; `x/index.md` → `/x/`): see `pageRoute`. */
export function pageUrl(source: string, permalinkStyle: string): string {
  const route = pageRoute({ source, style: permalinkStyle, outputExt: outputExtFor(source) });
  return 'url' in route ? route.url : '/';
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
