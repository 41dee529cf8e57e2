/** What parsing one post file gives, as the cache keeps it between builds. */
import type { Diagnostic } from '../diagnostics.js';
import type { PostSearch } from '../search/terms.js';
import type { PostSummary } from '../types.js';
import type { BodyRef } from './body-store.js';

export interface ParsedEntry {
  source: string;
  size: number;
  mtimeMs: number;
  /** sha256 of the bytes; '' when the file could not be read. */
  digest: string;
  /** The post's date is the file's modification time, so a touched file must be parsed again. */
  datedByModificationTime?: true;
  /** Parsed with `positions`: its removals carry line and column. */
  positioned?: true;
  summary?: PostSummary;
  /** Milliseconds it took to parse, for `--profile`. */
  ms?: number;
  /** Where the post's details (body, feature text, front matter) are, with `summary`. */
  body?: BodyRef;
  diagnostics: Diagnostic[];
  /**
   * The post's search terms and snippet text, when the site has a search
   * index: in memory after parsing only; the cache index keeps `searchRef`,
   * where they are in the post's body pack (its summaries stay small).
   */
  search?: PostSearch;
  searchRef?: BodyRef;
  /** Hash of what other pages show of the post (bodyEditKey), for the edit index; computed here, on the worker threads. */
  shown?: string;
}
