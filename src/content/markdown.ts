/**
 * Post bodies → safe HTML. The processors are built once per renderer and
 * frozen; every body, excerpt and feature text goes through the same
 * sanitiser, whatever its format.
 */
import type { Root } from 'hast';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import rehypeParse from 'rehype-parse';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { SanitizeConfig } from '../config.js';
import type { Removal } from '../types.js';
import { rehypeGazetteSanitize } from './sanitize.js';

import type { BodyFormat } from './formats.js';

export interface RenderedHtml {
  html: string;
  /** What the sanitiser removed, with lines relative to the rendered text (1-based). */
  removed: Removal[];
}

export interface Renderer {
  render(text: string, format: BodyFormat): RenderedHtml;
}

export interface RendererOptions {
  sanitize: SanitizeConfig;
  /** Absolute origin of the site (`url` in the config), to tell external links; '' when unknown. */
  siteOrigin: string;
}

export function createRenderer(options: RendererOptions): Renderer {
  const sanitize = { config: options.sanitize, siteOrigin: options.siteOrigin };
  const stringify = { allowDangerousHtml: false, characterReferences: { useNamedReferences: false } };
  const markdown = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeGazetteSanitize, sanitize)
    .use(rehypeStringify, stringify)
    .freeze();
  const html = unified()
    .use(rehypeParse, { fragment: true })
    .use(rehypeGazetteSanitize, sanitize)
    .use(rehypeStringify, stringify)
    .freeze();

  const gfmSyntax = [gfm()];
  const gfmOutput = [gfmHtml()];
  const run = (processor: typeof html | typeof markdown, text: string): RenderedHtml => {
    const file = new VFile({ value: text });
    const tree = processor.runSync(processor.parse(file) as never, file) as Root;
    const out = processor.stringify(tree as never, file);
    return { html: String(out), removed: [...(file.data.removed ?? [])] };
  };

  return {
    render(text, format) {
      if (text.trim() === '') return { html: '', removed: [] };
      if (format === 'html') return run(html, text);
      // Markdown with raw HTML goes through mdast → hast → rehype-raw, which keeps
      // every node's source position for the sanitiser's report. Without raw
      // HTML nothing of the author's can be removed but a link target, and
      // micromark's own HTML, parsed as a fragment, is several times faster.
      if (text.includes('<')) return run(markdown, text);
      const rendered = micromark(text, { extensions: gfmSyntax, htmlExtensions: gfmOutput });
      const out = run(html, rendered);
      return { html: out.html, removed: out.removed.map(({ what }) => ({ what })) };
    },
  };
}
