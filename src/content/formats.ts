/** Which files are posts and pages, and how their bodies are read. */

/** `markdown` for .md/.markdown bodies and front matter text; `html` for .html/.htm/.txt bodies. */
export type BodyFormat = 'markdown' | 'html';

export const POST_EXTENSIONS: ReadonlySet<string> = new Set(['.md', '.markdown', '.html', '.htm', '.txt']);


/** `.md`/`.markdown` are Markdown; `.html`/`.htm`/`.txt` are HTML fragments (the users' scripts write HTML into .txt). */
export function formatForExtension(extension: string): BodyFormat {
  return extension === '.md' || extension === '.markdown' ? 'markdown' : 'html';
}
