// Types of scripts/gen-corpus.mjs, for the tests that import it.

export declare const USAGE: string;

export interface CorpusOptions {
  /** How many posts (at least 1). */
  posts: number;
  /** The site folder to write; its `_posts/` must be new or empty. */
  out: string;
  /** 0 … 2^32 - 1; default 1. Same posts and seed: the same bytes. */
  seed?: number;
}

export interface Corpus {
  /** The site folder, absolute. */
  out: string;
  /** The post files written, `_posts/YYYY-MM-DD-<n>.md`, in order of n. */
  posts: string[];
  /** How many posts have an HTML body, and how many a Markdown one. */
  html: number;
  markdown: number;
  /** Category → how many posts carry it. */
  categories: Record<string, number>;
}

export declare function generateCorpus(options: CorpusOptions): Corpus;
