/**
 * markdown-it-footnote's `footnote_tail` core rule, replaced by one that makes
 * the same tokens in linear time. The original appends each footnote's tokens
 * with `state.tokens = state.tokens.concat(tokens)`, copying the whole token
 * stream once per footnote: quadratic in the footnotes, which a post with
 * thousands of them turns into a stall. This is its logic
 * (markdown-it-footnote 4.0.0, MIT, © Vitaly Puzrin, Alex Kocharin) with the
 * tokens pushed in place.
 */
import type MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';

/** What markdown-it-footnote keeps in `env.footnotes.list`. */
interface FootnoteEntry {
  label?: string;
  content?: string;
  tokens?: Token[];
  /** References to it; unset for an inline footnote (`^[…]`). */
  count?: number;
}

/** Replaces the rule; use after markdown-it-footnote. */
export function linearFootnoteTail(md: MarkdownIt): void {
  md.core.ruler.at('footnote_tail', footnoteTail);
}

function footnoteTail(state: StateCore): void {
  const footnotes = (state.env as { footnotes?: { list?: FootnoteEntry[] } }).footnotes;
  if (!footnotes) return;
  const refTokens = takeReferenceTokens(state);
  const list = footnotes.list;
  if (!list) return;
  const out = state.tokens;
  out.push(new state.Token('footnote_block_open', '', 1));
  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as FootnoteEntry;
    const open = new state.Token('footnote_open', '', 1);
    open.meta = { id: i, label: entry.label };
    out.push(open);
    const tokens = entry.tokens ? inlineParagraph(state, entry) : entry.label ? refTokens.get(entry.label) : undefined;
    for (const token of tokens ?? []) out.push(token);
    // The back-references go inside the footnote's last paragraph.
    const lastParagraph = out[out.length - 1]?.type === 'paragraph_close' ? out.pop() : undefined;
    const references = entry.count !== undefined && entry.count > 0 ? entry.count : 1;
    for (let j = 0; j < references; j++) {
      const anchor = new state.Token('footnote_anchor', '', 0);
      anchor.meta = { id: i, subId: j, label: entry.label };
      out.push(anchor);
    }
    if (lastParagraph) out.push(lastParagraph);
    out.push(new state.Token('footnote_close', '', -1));
  }
  out.push(new state.Token('footnote_block_close', '', -1));
}

/** Removes block footnote definitions (`[^1]: …`) from the stream; their tokens by label. */
function takeReferenceTokens(state: StateCore): Map<string, Token[]> {
  const refTokens = new Map<string, Token[]>();
  let current: Token[] | undefined;
  let label = '';
  state.tokens = state.tokens.filter((token) => {
    if (token.type === 'footnote_reference_open') {
      current = [];
      label = String((token.meta as { label: string }).label);
      return false;
    }
    if (token.type === 'footnote_reference_close') {
      if (current) refTokens.set(label, current);
      current = undefined;
      return false;
    }
    if (current) current.push(token);
    return current === undefined;
  });
  return refTokens;
}

/** An inline footnote (`^[…]`) as a paragraph. */
function inlineParagraph(state: StateCore, entry: FootnoteEntry): Token[] {
  const open = new state.Token('paragraph_open', 'p', 1);
  open.block = true;
  const inline = new state.Token('inline', '', 0);
  inline.children = entry.tokens ?? [];
  inline.content = entry.content ?? '';
  const close = new state.Token('paragraph_close', 'p', -1);
  close.block = true;
  return [open, inline, close];
}
