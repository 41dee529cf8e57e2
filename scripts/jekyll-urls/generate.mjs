#!/usr/bin/env node
/**
 * Generates the Jekyll URL fixtures (issue 18): a few Jekyll sites, one per
 * site-level `permalink` style, holding the same few hundred posts and pages
 * (every placeholder, folder categories, categories/category combinations,
 * Korean, spaces, dots, `..`, every page kind, defaults, percent-encoding),
 * builds each with Jekyll, and records which output file every source became.
 *
 *   node scripts/jekyll-urls/generate.mjs            # needs `jekyll` (4.3.1) on PATH
 *
 * Writes test/fixtures/jekyll-urls/site/ (the sources, the same for every style) and
 * test/fixtures/jekyll-urls/<style>.json ({ jekyll, style, config, outputs: { source: file | null } }):
 * `config` is the `_config.yml` that site was built with.
 * Every source's body carries a marker `GZMARK-<n>-END`; the outputs are found by
 * reading the built files for markers, so nothing but Jekyll's own output is trusted.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'jekyll-urls');

/**
 * Site-level styles: the five built-in ones and a pattern ending in neither `/` nor
 * `:output_ext`; that site also sets `markdown_ext` (`.txt` Markdown, `.markdown` not).
 */
const STYLES = {
  date: 'date',
  pretty: 'pretty',
  ordinal: 'ordinal',
  weekdate: 'weekdate',
  none: 'none',
  custom: '/:year/:month/:slug',
};

const PLACEHOLDERS = [
  'year',
  'month',
  'i_month',
  'day',
  'i_day',
  'y_day',
  'short_year',
  'hour',
  'minute',
  'second',
  'week',
  'w_year',
  'w_day',
  'short_day',
  'long_day',
  'short_month',
  'long_month',
  'title',
  'slug',
  'name',
  'categories',
  'slugified_categories',
  'output_ext',
  'path',
  'collection',
];

/** [source, front matter] of every post. */
function posts() {
  const list = [];
  const add = (source, data = {}) => list.push([source, data]);
  // Names: Korean, spaces, dots, `..`, a trailing dot, case, punctuation, short dates.
  add('_posts/2024-03-05-plain.md');
  add('_posts/2024-03-05-한글 제목.md');
  add('_posts/2024-03-05-space name here.md');
  add('_posts/2024-03-05-dots.in.name.md');
  add('_posts/2024-03-05-trailing-dot..md');
  add('_posts/2024-03-05-a..b.md');
  add('_posts/2024-03-05-..leading.md');
  add('_posts/2024-03-05-Mixed Case Title!.md');
  add('_posts/2024-03-05-what?&why=1.md');
  add('_posts/2024-03-05-100%.md');
  add('_posts/2024-3-5-short-date.md');
  add('_posts/24-03-05-two-digit-year.md');
  // Extensions: output extension from the converter.
  add('_posts/2024-03-06-memo.txt');
  add('_posts/2024-03-06-raw.html');
  add('_posts/2024-03-06-legacy.htm');
  add('_posts/2024-03-06-alt-mkd.mkd');
  add('_posts/2024-03-06-alt-markdown.markdown');
  add('_posts/2024-03-06-alt-mkdn.mkdn');
  add('_posts/2024-03-06-alt-mkdown.mkdown');
  add('_posts/2024-03-06-upper.MD');
  // Folders: inside _posts (not categories), folder categories, Korean folder, defaults.
  add('_posts/sub/2024-03-07-in-subfolder.md');
  add('_posts/sub/deeper/2024-03-07-in-deeper.md', { permalink: '/ph-path/:path/' });
  add('news/_posts/2024-03-07-folder-cat.md');
  add('news/_posts/2024-03-07-folder-cat-path.md', { permalink: '/fp/:path:output_ext' });
  add('news/world/_posts/2024-03-07-two-folders.md');
  add('뉴스/_posts/2024-03-07-korean-folder.md');
  add('Sports/_posts/2024-03-07-defaults-cat.md');
  add('Sports/_posts/2024-03-07-defaults-and-own.md', { categories: ['Own'] });
  add('news/_posts/2024-03-07-folder-plus-fm.md', { categories: ['Extra', 'news'], category: 'Single' });
  // Categories and category.
  add('_posts/2024-03-08-cats-list.md', { categories: ['Tech', 'AI'] });
  add('_posts/2024-03-08-cats-string.md', { categories: 'Tech News Daily' });
  add('_posts/2024-03-08-cat-single.md', { category: 'Tech News' });
  add('_posts/2024-03-08-cat-list.md', { category: ['One', 'Two'] });
  add('_posts/2024-03-08-cat-and-cats.md', { category: 'Alpha', categories: ['Beta', 'Gamma'] });
  add('_posts/2024-03-08-cat-and-cats-string.md', { category: 'Alpha Beta', categories: 'Gamma Delta' });
  add('_posts/2024-03-08-cats-case.md', { categories: ['News', 'news', 'NEWS', 'Other'] });
  add('_posts/2024-03-08-cats-korean.md', { categories: ['국방', '정치 경제'] });
  add('_posts/2024-03-08-cats-number.md', { categories: [2024, 'x'] });
  add('_posts/2024-03-08-cat-number.md', { category: 7 });
  add('_posts/2024-03-08-cats-dots.md', { categories: ['a..b', 'c.'] });
  // Slugs and dates from front matter.
  add('_posts/2024-03-09-file-slug.md', { slug: 'Custom Slug Here' });
  add('_posts/2024-03-09-korean-slug.md', { slug: '대통령 연설' });
  add('_posts/2024-03-09-fm-date.md', { date: '2024-03-10 23:30:15 +0900' });
  add('_posts/2024-03-09-fm-date-utc.md', { date: '2024-03-10 20:30:00 +0000' });
  add('_posts/2021-01-01-week-edge.md', { permalink: '/wk/:w_year-W:week-:w_day-:short_day/' });
  add('_posts/2024-12-30-week-next-year.md', { permalink: '/wk/:w_year-W:week-:w_day/' });
  // Every placeholder in a front-matter permalink.
  for (const name of PLACEHOLDERS) {
    add(`news/_posts/2024-02-29-ph-${name}.md`, {
      date: '2024-02-29 07:08:09 +0900',
      categories: ['Tech News', '국방'],
      permalink: `/ph/${name}/:${name}/end`,
    });
  }
  // Front-matter permalinks: extensions, suffixes, encoding, dots.
  add('_posts/2024-03-11-pl-html.md', { permalink: '/pl/:title.html' });
  add('_posts/2024-03-11-pl-noext.md', { permalink: '/pl/:title' });
  add('_posts/2024-03-11-pl-json.md', { permalink: '/pl/data.json' });
  add('_posts/2024-03-11-pl-version.md', { permalink: '/pl/v1.2' });
  add('_posts/2024-03-11-pl-slash.md', { permalink: '/pl/slash/:title/' });
  add('_posts/2024-03-11-pl-encoded.md', { permalink: '/pl/caf%C3%A9/' });
  add('_posts/2024-03-11-pl-encoded-ko.md', { permalink: '/pl/%ED%95%9C%EA%B8%80%20%EB%89%B4%EC%8A%A4.html' });
  add('_posts/2024-03-11-pl-space.md', { permalink: '/pl/with space/' });
  add('_posts/2024-03-11-pl-inner-dots.md', { permalink: '/pl/a/../b/:title/' });
  add('_posts/2024-03-11-pl-dot-slash.md', { permalink: '/pl/./c/:title/' });
  add('_posts/2024-03-11-pl-chomp.md', { permalink: '/pl/:month_:day/:title/' });
  add('_posts/2024-03-11-pl-txt.txt', { permalink: '/pl/:title:output_ext' });
  add('_posts/2024-03-11-pl-txt-slash.txt', { permalink: '/pl/txt/:title/' });
  add('_posts/2024-03-11-pl-noslash-leading.md', { permalink: 'pl/no-leading/:title/' });
  add('_posts/2024-03-11-pl-ends-dot.md', { permalink: '/pl/ends./' });
  add('_posts/2024-03-11-pl-triple-dot.md', { permalink: '/pl/wait...what' });
  // Deliberate differences (see the README): Jekyll skips a dateless file, and rewrites a climbing permalink.
  add('_posts/no-date-here.md');
  add('_posts/2024-03-12-climbs.md', { permalink: '/../../climbs/' });
  return list;
}

/** [source, front matter] of every page. */
function pages() {
  const list = [];
  const add = (source, data = {}) => list.push([source, data]);
  for (const ext of ['md', 'markdown', 'mkd', 'html', 'htm', 'xml', 'json', 'txt', 'js', 'css', 'scss']) add(`kinds/page-${ext}.${ext}`);
  add('index.html');
  add('about.md');
  add('contact.html');
  add('한글 페이지.md');
  add('my page.md');
  add('v1.0.md');
  add('end..md');
  add('docs/index.md');
  add('docs/guide.md');
  add('docs/deep/index.html');
  add('docs/deep/page.html');
  add('docs/deep/index.xml');
  add('docs/data/index.json');
  add('자료/소개.md');
  // Permalinks.
  add('pl/slash.md', { permalink: '/custom/' });
  add('pl/noext.md', { permalink: '/custom-file' });
  add('pl/json.md', { permalink: '/data/out.json' });
  add('pl/version.md', { permalink: '/v1.2' });
  add('pl/xml-slash.xml', { permalink: '/feeds/atom/' });
  add('pl/json-noext.json', { permalink: '/api/v1' });
  add('pl/txt-html.txt', { permalink: '/notes/today.html' });
  add('pl/encoded.md', { permalink: '/caf%C3%A9/' });
  add('pl/encoded-ko.md', { permalink: '/%ED%95%9C%EA%B8%80.html' });
  add('pl/space.md', { permalink: '/a b/' });
  add('pl/post-placeholders.md', { permalink: '/lit/:title/:year/:categories/' });
  add('pl/page-placeholders.md', { permalink: '/pp/:path/:basename-x:output_ext' });
  add('pl/sub/path-basename.md', { permalink: ':path/:basename/' });
  add('pl/inner-dots.md', { permalink: '/a/../b/' });
  add('pl/dot-slash.md', { permalink: '/./c/./d/' });
  add('pl/index.md', { permalink: '/pl-index/' });
  add('pl/scss.scss', { permalink: '/css/site.css' });
  add('pl/climbs.md', { permalink: '/../up/' });
  // `defaults:` give these a permalink.
  add('special/one.md');
  add('special/two.html');
  add('special/three.xml');
  add('special/own.md', { permalink: '/own-wins/' });
  return list;
}

const CONFIG = (style) =>
  [
    `permalink: ${JSON.stringify(style)}`,
    ...(style.startsWith('/') ? ['markdown_ext: "md,mkd,mkdn,txt"'] : []),
    'timezone: Asia/Seoul',
    'defaults:',
    '  - scope: { path: "special", type: pages }',
    '    values: { permalink: "/sp/:basename/" }',
    '  - scope: { path: "Sports", type: posts }',
    '    values: { categories: [Sports Desk] }',
    '',
  ].join('\n');

function body(source, n) {
  const mark = `GZMARK-${n}-END`;
  if (/\.(s[ac]ss)$/i.test(source)) return source.endsWith('.sass') ? `/*! ${mark} */\n` : `/*! ${mark} */\na { color: red; }\n`;
  if (/\.(css|js)$/i.test(source)) return `/* ${mark} */\n`;
  if (/\.json$/i.test(source)) return `{ "mark": "${mark}" }\n`;
  return `${mark}\n`;
}

function writeSite(dir, cases) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cases.forEach(([source, data], n) => {
    const front = Object.entries(data)
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join('\n');
    mkdirSync(dirname(join(dir, source)), { recursive: true });
    writeFileSync(join(dir, source), `---\n${front}${front ? '\n' : ''}---\n${body(source, n)}`);
  });
}

function walk(dir, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) walk(abs, base, out);
    else out.push(relative(base, abs).split('\\').join('/'));
  }
  return out;
}

function main() {
  const version = execFileSync('jekyll', ['--version'], { encoding: 'utf8' }).trim();
  const cases = [...posts(), ...pages()];
  writeSite(join(OUT, 'site'), cases);
  for (const [name, style] of Object.entries(STYLES)) {
    const work = mkdtempSync(join(tmpdir(), `jekyll-urls-${name}-`));
    const site = join(work, 'site');
    const dest = join(work, 'out');
    cpSync(join(OUT, 'site'), site, { recursive: true });
    writeFileSync(join(site, '_config.yml'), CONFIG(style));
    execFileSync('jekyll', ['build', '--quiet', '--disable-disk-cache', '-s', site, '-d', dest], { stdio: 'inherit' });
    const outputs = Object.fromEntries(cases.map(([source]) => [source, null]));
    // Source maps (jekyll-sass-converter) repeat the CSS they map.
    for (const file of walk(dest)
      .sort()
      .filter((path) => !path.endsWith('.map'))) {
      for (const match of readFileSync(join(dest, file), 'utf8').matchAll(/GZMARK-(\d+)-END/g)) {
        const source = cases[Number(match[1])][0];
        if (outputs[source] !== null) throw new Error(`${source} was written twice: ${outputs[source]}, ${file}`);
        outputs[source] = file;
      }
    }
    rmSync(work, { recursive: true, force: true });
    writeFileSync(join(OUT, `${name}.json`), `${JSON.stringify({ jekyll: version, style, config: CONFIG(style), outputs }, null, 2)}\n`);
    console.log(`${name}: ${cases.length} sources, ${Object.values(outputs).filter((v) => v !== null).length} written`);
  }
}

main();
