/**
 * What a build does, decided before it does it. Each way a build can start
 * has a planner (build/planners/): a full build, a body edit known from the
 * last build in memory, a body edit known from the edit index on disk. Each
 * returns a BuildPlan, and one executor (execute.ts) renders, stages and
 * commits every plan the same way.
 */
import type { BodyRef } from '../cache/body-store.js';
import type { Manifest } from '../output/manifest.js';
import type { Templates } from '../render/templates.js';
import type { PostSearch } from '../search/terms.js';
import type { Route } from '../site/routes.js';
import type { Site } from '../site/site.js';
import type { SharedContext } from '../workers/render-task.js';

export type PlanKind = 'full' | 'body-edit' | 'edit-index';

/** How the plan's files are put in place. */
export type PlanCommit =
  /** The whole file set: files the last manifest lists and this plan does not are removed, and a new manifest is written. */
  | { readonly kind: 'site'; readonly previous: Manifest | undefined }
  /** Replacements of files the destination has from gazette: nothing is added or removed, the manifest stays. */
  | { readonly kind: 'replace'; readonly owned: ReadonlySet<string> };

/** Where the details (body, feature text, front matter) of the posts the plan renders are kept. */
export interface PlanBodies {
  readonly dir: string;
  /** The cache key packs are checked against. */
  readonly key: string;
  refOf(source: string): BodyRef | undefined;
  /** A post's search terms and snippet text (its cache entry's); absent when the plan renders no search index. */
  searchOf?(source: string): PostSearch | undefined;
}

export interface BuildPlan {
  readonly kind: PlanKind;
  /** Routes to render, in the order of the site's routes. */
  readonly render: readonly Route[];
  /** Static files to copy: output path and the source file's absolute path. */
  readonly copy: readonly { readonly file: string; readonly from: string }[];
  /** Output files that stay as they are: unchanged routes, static files known to be in place. */
  readonly keep: readonly string[];
  /** The site the pages show; for an edit-index plan, only its config (`shared` has the rest). */
  readonly site: Site;
  /** Every route of the site, which the sitemap lists; empty in plans that do not render it. */
  readonly routes: readonly Route[];
  /** What every page shows of the site, when the plan has it from the edit index rather than from `site`. */
  readonly shared?: SharedContext;
  readonly templates: Templates;
  readonly bodies: PlanBodies;
  /** Files whose bytes the build computed before planning (a body edit's patch of the search index), staged as they are. */
  readonly extra?: readonly { readonly file: string; readonly data: string }[];
  readonly commit: PlanCommit;
  /**
   * Output file → route fingerprint for the manifest. 'while-rendering': a
   * cold build's, computed by the main thread while the workers render (no
   * previous build to compare them with).
   */
  readonly fingerprints: ReadonlyMap<Route, string> | 'while-rendering';
}
