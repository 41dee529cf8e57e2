/**
 * The markdown-it plugins gazette uses. markdown-it-task-lists ships no types;
 * @types/markdown-it-footnote is written against markdown-it's CommonJS types,
 * which do not match the ES module this project imports.
 */
declare module 'markdown-it-footnote' {
  import type MarkdownIt from 'markdown-it';

  const footnote: (md: MarkdownIt) => void;
  export default footnote;
}

declare module 'markdown-it-task-lists' {
  import type MarkdownIt from 'markdown-it';

  const taskLists: (md: MarkdownIt, options?: { enabled?: boolean; label?: boolean; labelAfter?: boolean }) => void;
  export default taskLists;
}
