/**
 * The data that flows between the stages of a build. Everything here is
 * immutable: stages return new values, they never patch the ones they got.
 */

/** What a post is before its body is needed: enough for lists, feeds, sitemaps and URLs. */
export type PostSummary = Readonly<{
  /** Path relative to the site source, `/`-separated (e.g. `_posts/2024-06-12-a.md`). */
  source: string;
  /** sha256 of the file bytes (hex), the cache key together with the pipeline version. */
  digest: string;
  /** Slug as Jekyll derives it: `slug:` from front matter, else the filename after the date. */
  slug: string;
  title: string;
  /** The post's instant. */
  date: Date;
  /** ISO 8601 with the site timezone's offset, e.g. `2024-06-12T10:00:00+09:00`. */
  dateIso: string;
  /** Categories as written (case kept), de-duplicated, in order. */
  categories: readonly string[];
  tags: readonly string[];
  /** Sanitised HTML of the excerpt (front matter `excerpt`, else the body's first paragraph). */
  excerptHtml: string;
  /** Plain text of the excerpt, trimmed, for meta descriptions and search. */
  excerptText: string;
  /** Safe (http(s) or site-relative) image URL, as written. */
  image?: string;
  /** The body's `<img src>` values that may name a file of the site (site-relative, or absolute on `url`), decoded, in order, each once (content/img-tags.ts). */
  bodyImages?: readonly string[];
  /**
   * What the image stage (build/images.ts) found of the post's local images
   * (`image` and `bodyImages`), by the URL as written. Added after parsing,
   * never cached with the post: an image's change re-renders the pages that
   * show it without parsing the post again.
   */
  media?: Readonly<Record<string, ImageInfo>>;
  /** Present (false) when front matter keeps the post out of the sitemaps: `sitemap: false`, or `robots: noindex` (seo.ts inSitemaps). */
  sitemap?: false;
  /** Site-relative URL path, not percent-encoded, e.g. `/news/2024/06/12/한일/`. */
  url: string;
  /**
   * The output file, relative to the destination, raw (`news/2024/06/12/한일/index.html`,
   * `2024/06/12/memo.txt`): Jekyll's `destination`, which depends on the output extension.
   * Absent (summaries made elsewhere): `urlToOutputPath(url, '.html')`.
   */
  file?: string;
  /** Template name without extension (front matter `layout`, default `post`). */
  layout: string;
  draft: boolean;
  /** False for `published: false` posts (left out unless `--unpublished`). */
  published: boolean;
  /** Elements and attributes the sanitiser removed, for `--verbose`. */
  removed: readonly Removal[];
  /** jekyll-redirect-from's `redirect_from`: site paths (leading `/`, as written) whose pages redirect here (content/redirects.ts). */
  redirectFrom?: readonly string[];
  /** jekyll-redirect-from's `redirect_to`: an http(s) URL or a site path; the post's own page is then a redirect page. */
  redirectTo?: string;
}>;

/**
 * What only a post's own page and the feeds that carry it show. Kept on disk
 * beside the body (body-store.ts), not in the summaries every build loads:
 * on 20,000 posts that is a third of the cache index.
 */
export type PostDetails = Readonly<{
  /** Sanitised HTML of the body. */
  html: string;
  /** Sanitised HTML of front matter `feature_text` (Markdown), or ''. */
  featureHtml: string;
  /** Every front matter key, for templates (`post.author`, `post.whatever`). */
  data: Readonly<Record<string, unknown>>;
}>;

/** A post with its details: what a post page renders. */
export type Post = PostSummary & PostDetails;

/** A resized copy of a local image (build/images.ts). */
export type ImageVariant = Readonly<{
  /** Site path of the copy, raw (`/assets/resized/photo.1a2b3c4d5e-480.webp`). */
  path: string;
  width: number;
  format: 'webp' | 'jpeg' | 'png' | 'gif';
}>;

/** A local image file as the build read it: its intrinsic size and, for raster images, its resized copies. */
export type ImageInfo = Readonly<{
  width: number;
  height: number;
  /** sha256 of the bytes and the resize settings: what a page showing it is fingerprinted by. */
  key: string;
  /** The original's format (`jpeg`, `png`, `webp`, `gif`, `svg`, …). */
  format: string;
  /** Resized copies, narrowest first; empty for SVG, animated GIFs and formats not resized. */
  variants: readonly ImageVariant[];
}>;

/** One thing the sanitiser dropped, positioned in the source file. */
export type Removal = Readonly<{
  /** e.g. `<script>`, `onclick on <img>`, `style property position`. */
  what: string;
  line?: number;
  column?: number;
}>;

/**
 * How a page's body becomes its output: Markdown and HTML are sanitised and
 * wrapped in a theme template; Sass is compiled to CSS; anything else
 * (`rss.xml`, `search.json`, `sw.js`) is written as its Liquid makes it.
 */
export type PageFormat = 'markdown' | 'html' | 'scss' | 'sass' | 'text';

/**
 * A file with front matter outside `_` folders (`about.md`, `rss.xml`,
 * `assets/styles.scss`), read but not yet rendered: its Liquid needs the
 * whole site.
 */
export type PageSource = Readonly<{
  source: string;
  /** sha256 of the file bytes. */
  digest: string;
  title: string;
  /** Site-relative URL path, not percent-encoded. */
  url: string;
  /** The output file, relative to the destination, `/`-separated (Jekyll's `destination`: `/about/` → `about/index.html`). */
  file: string;
  /** Template name (front matter `layout`, default `page`); used only by pages whose output is HTML. */
  layout: string;
  /** Front matter with `defaults` applied. */
  data: Readonly<Record<string, unknown>>;
  format: PageFormat;
  /** The text after the front matter, and the file's line it starts on. */
  body: string;
  bodyLine: number;
  /** Safe image URL (front matter `image`, `feature_image`, or `image.path`), as written: `og:image`. */
  image?: string;
  /** As PostSummary's: `redirect_from` site paths, and `redirect_to`, which makes the page a redirect page. */
  redirectFrom?: readonly string[];
  redirectTo?: string;
}>;

/** A page rendered: what its route writes. */
export type PageSummary = PageSource &
  Readonly<{
    /** HTML pages: the sanitised body, wrapped in the theme's template. Other pages: the file's whole text. */
    html: string;
    /** True when the output is an HTML page wrapped in a template (Markdown and HTML pages). */
    wrapped: boolean;
    /** sha256 of the source and the rendered body: what the page's route fingerprint covers. */
    renderDigest: string;
  }>;
