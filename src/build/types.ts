/** The public shape of a build: its options, its result and the Builder that keeps state between builds. */
import type { ResolvedConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';

export interface BuildOptions {
  /** The site folder. Default: the current directory. */
  source?: string;
  /** Default: `<source>/_site`. */
  destination?: string;
  /** Include `_drafts/`. */
  drafts?: boolean;
  /** Publish future-dated posts. */
  future?: boolean;
  /** Publish `published: false` posts. */
  unpublished?: boolean;
  /** Build into a non-empty folder gazette did not create. */
  force?: boolean;
  /** Publish the site without the failing posts instead of failing the build. */
  keepGoing?: boolean;
  /** Warnings count as errors. */
  strict?: boolean;
  /** Worker threads; 1 = all in this thread. Default: chosen from the site and the machine (workers/threads.ts): one thread below 4,000 posts or pages, else one per idle core. */
  jobs?: number;
  /** Use and update `<source>/.gazette-cache/`. Default true. */
  cache?: boolean;
  /** The build's clock (future posts, news sitemap). Default: the time each build starts. */
  now?: Date;
  /** Record the line and column of what the sanitiser removes (slower parsing; `--verbose`). Default false. */
  removalPositions?: boolean;
  /** Called as work progresses, for progress bars. */
  onProgress?: (phase: string, done: number, total: number) => void;
  /**
   * Publish edits of post bodies from the edit index the last build left in
   * the cache, and leave one for the next build (cache/edit-index.ts).
   * Needs the cache; not with `removalPositions`. Default: true for `build`,
   * false for a Builder (a watch session keeps its last build in memory).
   */
  editIndex?: boolean;
}

export interface BuildStats {
  posts: number;
  pages: number;
  /** Files whose bytes changed (or are new). */
  written: number;
  unchanged: number;
  removed: number;
  /** Posts parsed this build (others came from the cache). */
  parsed: number;
  /** Routes rendered this build (others were skipped as unchanged). */
  rendered: number;
  /** Posts from which the sanitiser removed something. */
  sanitized: number;
  warnings: number;
  errors: number;
  ms: number;
  /** Milliseconds per phase. */
  phases: Record<string, number>;
  /** The posts that took longest to parse this build, slowest first. */
  slowestPosts: { source: string; ms: number }[];
  /** Milliseconds spent rendering, per template (or output kind), summed over threads. */
  templateMs: Record<string, number>;
  /** Only post bodies changed, and the build published them from the edit index, without planning the site. */
  fromEditIndex: boolean;
  /** Local image files the posts show, and how many of them were decoded and resized this build (0: all from the image cache). */
  images: { files: number; resized: number };
}

export interface BuildResult {
  /** False when nothing was published because of errors (content or config). */
  ok: boolean;
  /** A problem with how gazette was called (exit 2), not with the content. */
  usage?: { message: string; hint: string };
  diagnostics: Diagnostic[];
  stats: BuildStats;
  /** Posts that had something removed by the sanitiser, for `--verbose`. */
  removals: { source: string; removed: readonly { what: string; line?: number; column?: number }[] }[];
  /** Output files written (changed) by this build, for live reload. */
  changedFiles: string[];
  /** Generated pages the site's own files replaced (the home list by `index.md`, …), for `--verbose`. */
  notes?: string[];
  /** On a Jekyll site, what was not carried over (site/migration.ts): printed once, after the diagnostics. */
  migration?: string[];
  /** The config the build used (absent when it could not be read). */
  config?: ResolvedConfig;
  source: string;
  destination: string;
}

export interface Builder {
  /**
   * Build. With `changed` (absolute paths that were added, changed or
   * removed since the last build), only those are re-read; without it,
   * everything is.
   */
  build(changed?: readonly string[]): Promise<BuildResult>;
  /** Writes the cache index and frees the scratch space. */
  close(): Promise<void>;
}
