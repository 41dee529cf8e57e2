/** Which files are posts and pages, and how their bodies are read. */
import { DEFAULT_MARKDOWN_EXT } from '../site/permalink.js';

/** `markdown` for `markdown_ext` bodies and front matter text; `html` for .html/.htm/.txt bodies. */
export type BodyFormat = 'markdown' | 'html';

/** Extensions of posts besides the Markdown ones (`markdown_ext`). */
const NON_MARKDOWN_POST_EXTENSIONS: readonly string[] = ['.html', '.htm', '.txt'];

/**
 * Extensions (with dots, lowercase) read as posts: every `markdown_ext`
 * extension (Jekyll's default `md`, `markdown`, `mkd`, `mkdn`, `mkdown`),
 * plus `.html`, `.htm`, `.txt`.
 */
export function postExtensions(markdownExts: readonly string[] = DEFAULT_MARKDOWN_EXT): ReadonlySet<string> {
  return new Set([...markdownExts.map((name) => `.${name.toLowerCase()}`), ...NON_MARKDOWN_POST_EXTENSIONS]);
}

/** Post extensions under Jekyll's default `markdown_ext`. */
export const POST_EXTENSIONS: ReadonlySet<string> = postExtensions();

/**
 * `markdown` for an extension in `markdown_ext` (default Jekyll's list), else
 * `html`: `.html`/`.htm`/`.txt` are HTML fragments (the users' scripts write HTML into .txt).
 */
export function formatForExtension(extension: string, markdownExts: readonly string[] = DEFAULT_MARKDOWN_EXT): BodyFormat {
  const lower = extension.toLowerCase();
  return markdownExts.some((name) => `.${name.toLowerCase()}` === lower) ? 'markdown' : 'html';
}
