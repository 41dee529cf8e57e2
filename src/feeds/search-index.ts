/** `search.json`: the data the client-side search reads. */
import { stringifyScriptSafeJson } from './xml.js';

export interface SearchItem {
  title: string;
  /** Site-relative or absolute URL, as the search page links it. */
  url: string;
  /** ISO 8601 date. */
  date: string;
  categories: readonly string[];
  /** Plain text. */
  excerpt: string;
}

/**
 * A compact JSON array. Each item is rebuilt with a fixed key order, so the
 * output depends only on the values; `<` and friends are `\uXXXX`-escaped so
 * the file can also be inlined into a `<script>`.
 */
export function renderSearchIndex(items: readonly SearchItem[]): string {
  return stringifyScriptSafeJson(
    items.map((item) => ({
      title: item.title,
      url: item.url,
      date: item.date,
      categories: [...item.categories],
      excerpt: item.excerpt,
    })),
  );
}
