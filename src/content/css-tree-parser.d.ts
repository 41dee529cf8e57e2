// css-tree's parser on its own (`css-tree/parser`): the same `parse` as the
// package root without loading the lexer and its syntax data, which costs
// over a second of start-up in every worker.
declare module 'css-tree/parser' {
  import type { parse } from 'css-tree';

  const parser: typeof parse;
  export default parser;
}
