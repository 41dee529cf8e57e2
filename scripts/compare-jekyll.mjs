#!/usr/bin/env node
// The migration check: builds one Jekyll site with Jekyll and with gazette and compares the outputs.
//
//   node scripts/compare-jekyll.mjs --site DIR [--jekyll-out DIR] [--gazette-out DIR] [--json]
//
// Needs `npm run build` first (it runs this checkout's bin/gazette.js) and, unless --jekyll-out
// names an existing Jekyll output, Jekyll on the PATH (`--jekyll "bundle exec jekyll"` for a site
// with a Gemfile). An output folder that exists and is not empty is compared as it is; otherwise the
// tool builds into it (Jekyll with --disable-disk-cache, gazette with --no-cache) and keeps it.
// Without those flags both builds go to a temporary folder that is removed afterwards (--keep keeps
// it). Jekyll's build log is read for posts it could not read; with an existing --jekyll-out, pass
// it with --jekyll-log FILE (a log the tool wrote is at DIR.log).
//
// Checks (exit 1 when one fails, 2 when a build or the arguments fail):
//  1 files     every file Jekyll writes is in gazette's output, missing ones grouped by kind.
//              Deliberate differences are left out: `**/*.css.map` (Sass source maps gazette does not
//              write) and the globs given with --allow GLOB (repeatable) or --allow-file FILE (one a
//              line, # comments). Posts Jekyll could not read ("YAML Exception reading …" in its log;
//              Jekyll writes them at today's date as YYYY/MM/DD/<file name>/) are reported apart.
//  2 sitemap   gazette's sitemap.xml holds every URL of Jekyll's, and no page with `sitemap: false`.
//  3 feed ids  for each entry of gazette's feed.xml whose link is in Jekyll's feed.xml, equal ids.
//  4 bold      no post page shows more literal `**` in its body text than Jekyll's page of that path.
//  5 liquid    no output file shows `{%` or `{{` that Jekyll's file of that path does not show.
//  6 parses    every .xml (fast-xml-parser) and .json (JSON.parse) gazette writes parses.
//  7 tables    of the border/width/height/padding declarations in `style` on table/tr/td/th in
//              Jekyll's post pages, at least 95% are on the same elements in gazette's page.
//  8 report    (never fails) pages whose <title> differs; files gazette writes that Jekyll does not.
// Post pages are the HTML files named after a post's file-name slug (<slug>/index.html, <slug>.html).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import yaml from 'js-yaml';
import { parse as parseHtml } from 'parse5';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_ALLOW = ['**/*.css.map'];
const TEXT_EXTS = new Set(['.html', '.htm', '.xml', '.json', '.js', '.css', '.txt', '.webmanifest', '.svg']);
const TABLE_TAGS = new Set(['table', 'tr', 'td', 'th']);
const BOX_PROPERTY = /^(border|width|height|padding)/;
const TABLE_SHARE_MIN = 0.95;

// ---- arguments -------------------------------------------------------------------------------

const USAGE = `usage: node scripts/compare-jekyll.mjs --site DIR [--jekyll-out DIR] [--gazette-out DIR] [--json]
  [--jekyll-log FILE] [--jekyll CMD] [--allow GLOB]... [--allow-file FILE] [--examples N] [--keep]`;

function parseArgs(argv) {
  const opts = { allow: [...DEFAULT_ALLOW], json: false, keep: false, examples: 5, jekyll: 'jekyll' };
  const valued = {
    '--site': 'site',
    '--jekyll-out': 'jekyllOut',
    '--gazette-out': 'gazetteOut',
    '--jekyll-log': 'jekyllLog',
    '--jekyll': 'jekyll',
    '--allow-file': 'allowFile',
    '--examples': 'examples',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') usage('', 0);
    else if (flag === '--json') opts.json = true;
    else if (flag === '--keep') opts.keep = true;
    else if (flag === '--allow' && argv[i + 1]) opts.allow.push(argv[++i]);
    else if (valued[flag] && argv[i + 1] !== undefined) opts[valued[flag]] = argv[++i];
    else usage(`unknown or incomplete argument: ${flag}`);
  }
  if (!opts.site) usage('--site is required');
  opts.examples = Number(opts.examples);
  if (!Number.isInteger(opts.examples) || opts.examples < 0) usage('--examples takes a whole number');
  if (opts.allowFile) opts.allow.push(...readAllowFile(opts.allowFile));
  return opts;
}

function usage(message, code = 2) {
  (code === 0 ? console.log : console.error)(
    `${message ? `${message}\n` : ''}${USAGE}\n(the checks are described at the top of ${relative(process.cwd(), fileURLToPath(import.meta.url))})`,
  );
  process.exit(code);
}

function readAllowFile(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

// ---- builds ----------------------------------------------------------------------------------

const hasFiles = (dir) => existsSync(dir) && readdirSync(dir).length > 0;

function run(command, args, logFile) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const log = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  if (logFile) writeFileSync(logFile, log);
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (${result.status ?? result.error}):\n${log.slice(-4000)}`);
    process.exit(2);
  }
  return log;
}

function buildJekyll(opts, out) {
  if (hasFiles(out)) return opts.jekyllLog ? readFileSync(opts.jekyllLog, 'utf8') : readIfExists(`${out}.log`);
  const [command, ...pre] = opts.jekyll.split(' ').filter(Boolean);
  return run(command, [...pre, 'build', '-s', opts.site, '-d', out, '--disable-disk-cache'], `${out}.log`);
}

function buildGazette(opts, out) {
  if (hasFiles(out)) return '';
  const bin = join(REPO, 'bin/gazette.js');
  return run(process.execPath, [bin, 'build', '-s', opts.site, '-d', out, '--no-cache'], `${out}.log`);
}

const readIfExists = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

// ---- the site --------------------------------------------------------------------------------

function listFiles(root, dir = root, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.gazette')) continue; // gazette's manifest and staging
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(root, path, files);
    else files.push(relative(root, path).split(sep).join('/'));
  }
  return files;
}

function readConfig(site) {
  const file = join(site, '_config.yml');
  const config = existsSync(file) ? (yaml.load(readFileSync(file, 'utf8')) ?? {}) : {};
  const origin = String(config.url ?? '').replace(/\/$/, '');
  return { ...config, origin, baseurl: String(config.baseurl ?? '').replace(/\/$/, '') };
}

// Source files outside `_`-folders, the outputs and dot-folders, relative to the site.
function sourceFiles(site, outputs) {
  const skip = (path, name) => name.startsWith('.') || outputs.includes(path) || name === 'node_modules';
  const walk = (dir, found) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (skip(path, entry.name)) continue;
      if (entry.isDirectory()) walk(path, found);
      else found.push(relative(site, path).split(sep).join('/'));
    }
    return found;
  };
  return walk(site, []);
}

const POST_NAME = /^(\d{4})-(\d{2})-(\d{2})-(.+)\.[^.]+$/;

function postSlugs(sources) {
  const slugs = new Set();
  for (const path of sources) {
    const match = path.split('/').includes('_posts') && POST_NAME.exec(basename(path));
    if (match) slugs.add(match[4]);
  }
  return slugs;
}

function frontMatter(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) return null;
  try {
    return yaml.load(match[1]) ?? {};
  } catch {
    return null;
  }
}

// URLs a page with `sitemap: false` can have: its permalink, else Jekyll's pretty or .html URL.
function noSitemapUrls(site, sources, config) {
  const urls = [];
  for (const path of sources) {
    if (path.split('/').some((part) => part.startsWith('_')) || !/\.(md|markdown|html)$/.test(path)) continue;
    const data = frontMatter(readFileSync(join(site, path), 'utf8'));
    if (data?.sitemap !== false) continue;
    urls.push({ source: path, candidates: pageUrlCandidates(path, data, config) });
  }
  return urls;
}

function pageUrlCandidates(path, data, config) {
  if (typeof data.permalink === 'string') return [config.baseurl + data.permalink];
  const stem = path.replace(/\.[^.]+$/, '');
  if (basename(stem) === 'index') return [`${config.baseurl}/${dirname(stem)}/`.replace(/\/\.?\/$/, '/')];
  return [`${config.baseurl}/${stem}/`, `${config.baseurl}/${stem}.html`];
}

// ---- kinds -----------------------------------------------------------------------------------

function paginationPattern(config) {
  const path = String(config.paginate_path ?? '/page:num')
    .replace(/^\//, '')
    .replace(/\/$/, '');
  const escaped = path.split(':num').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('\\d+')}(/index\\.html|\\.html)$`);
}

function isPostPage(path, slugs) {
  const parts = path.split('/');
  const last = parts.at(-1);
  if (last === 'index.html') return parts.length > 1 && slugs.has(parts.at(-2));
  return last.endsWith('.html') && slugs.has(last.slice(0, -5));
}

function kindOf(path, ctx) {
  if (isPostPage(path, ctx.slugs)) return 'post';
  if (ctx.pagination.test(path)) return 'pagination';
  if (path.endsWith('.css.map')) return 'source map';
  const ext = extname(path);
  if (ext === '.html' || ext === '.htm') return 'page';
  if (['.xml', '.json', '.css', '.js', '.txt'].includes(ext)) return `${ext.slice(1)} file`;
  return 'static';
}

function globToRegExp(glob) {
  const source = glob
    .replace(/^\//, '')
    .split('**/')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    );
  return new RegExp(`^${source.join('(?:.*/)?')}$`);
}

// ---- Jekyll's unreadable posts ---------------------------------------------------------------

const ANSI = /\x1b\[[0-9;]*m/g;

function unreadablePosts(log) {
  const files = new Set();
  for (const match of log.replace(ANSI, '').matchAll(/YAML Exception reading (.+?): /g)) {
    if (POST_NAME.test(basename(match[1]))) files.add(match[1]);
  }
  return [...files];
}

// Jekyll writes such a post as <today>/<file name without extension>/index.html.
function jekyllOutputsOf(file, jekyllFiles) {
  const stem = basename(file).replace(/\.[^.]+$/, '');
  return jekyllFiles.filter((path) => path.split('/').includes(stem) || basename(path) === `${stem}.html`);
}

// gazette names it by its file name's date and slug, as any other post.
function gazetteOutputOf(file, gazetteFiles) {
  const [, y, m, d, slug] = POST_NAME.exec(basename(file));
  const dated = gazetteFiles.find((path) => path.endsWith(`${y}/${m}/${d}/${slug}/index.html`));
  return dated ?? gazetteFiles.find((path) => path.endsWith(`/${slug}/index.html`) || path === `${slug}/index.html`);
}

// ---- check 1: files --------------------------------------------------------------------------

function checkFiles(ctx) {
  const allowed = ctx.allow.map(globToRegExp);
  const unreadable = new Set(ctx.unreadable.flatMap((u) => u.jekyllPaths));
  const missing = ctx.jekyllFiles.filter((path) => !ctx.gazetteSet.has(path) && !unreadable.has(path) && !allowed.some((re) => re.test(path)));
  const allowedCount = ctx.jekyllFiles.filter((path) => !ctx.gazetteSet.has(path) && allowed.some((re) => re.test(path))).length;
  const byKind = groupBy(missing, (path) => kindOf(path, ctx));
  const built = ctx.unreadable.filter((u) => u.gazettePath).length;
  const notes = [`left out by the allow list: ${allowedCount}`, `Jekyll could not read: ${ctx.unreadable.length}, gazette built ${built} of them`];
  const examples = [
    ...Object.entries(byKind).map(([kind, paths]) => `${kind} (${paths.length}): ${paths.slice(0, ctx.examples).join(', ')}`),
    ...ctx.unreadable
      .slice(0, ctx.examples)
      .map((u) => `unreadable ${relative(ctx.site, u.file)}: Jekyll ${u.jekyllPaths.join(' ')}; gazette ${u.gazettePath ?? '(none)'}`),
  ];
  const summary = `${ctx.jekyllFiles.length} Jekyll files, ${missing.length} missing${
    missing.length
      ? ` (${Object.entries(byKind)
          .map(([k, v]) => `${k} ${v.length}`)
          .join(', ')})`
      : ''
  }; ${notes.join('; ')}`;
  return result('files', missing.length === 0, summary, examples, {
    missing: missing.length,
    allowed: allowedCount,
    unreadable: ctx.unreadable.length,
    unreadableBuilt: built,
  });
}

function groupBy(items, key) {
  const groups = {};
  for (const item of items) (groups[key(item)] ??= []).push(item);
  return groups;
}

// ---- check 2: sitemap ------------------------------------------------------------------------

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });
const asList = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const textOf = (node) => (typeof node === 'object' && node !== null ? String(node['#text'] ?? '') : String(node ?? ''));

function decodeUrl(url) {
  try {
    return decodeURI(url.trim());
  } catch {
    return url.trim();
  }
}

// Every <loc> of a sitemap, following a sitemap index to the local files it names.
function sitemapUrls(root, file, origin, seen = new Set()) {
  const path = join(root, file);
  if (seen.has(path) || !existsSync(path)) return [];
  seen.add(path);
  const doc = xml.parse(readFileSync(path, 'utf8'));
  const urls = asList(doc.urlset?.url).map((u) => decodeUrl(textOf(u.loc)));
  const children = asList(doc.sitemapindex?.sitemap).map((s) => decodeUrl(textOf(s.loc)));
  for (const child of children) urls.push(...sitemapUrls(root, localPath(child, origin), origin, seen));
  return urls;
}

const localPath = (url, origin) => (url.startsWith(origin) ? url.slice(origin.length) : url).replace(/^\//, '');

function checkSitemap(ctx) {
  if (!existsSync(join(ctx.jekyllOut, 'sitemap.xml'))) return result('sitemap', null, 'Jekyll wrote no sitemap.xml', []);
  const jekyll = sitemapUrls(ctx.jekyllOut, 'sitemap.xml', ctx.config.origin);
  const gazette = new Set(sitemapUrls(ctx.gazetteOut, 'sitemap.xml', ctx.config.origin));
  const unreadable = new Set(ctx.unreadable.flatMap((u) => u.jekyllPaths.map((p) => urlOfPath(p, ctx.config))));
  const missing = jekyll.filter((url) => !gazette.has(url) && !unreadable.has(url));
  const listed = ctx.noSitemap.filter((page) => page.candidates.some((c) => gazette.has(ctx.config.origin + c)));
  const examples = [
    ...missing.slice(0, ctx.examples).map((url) => `missing: ${url}`),
    ...listed.map((page) => `sitemap: false but listed: ${page.source} (${page.candidates.find((c) => gazette.has(ctx.config.origin + c))})`),
  ];
  const summary = `${jekyll.length} Jekyll URLs, ${missing.length} not in gazette's; ${listed.length} of ${ctx.noSitemap.length} sitemap: false pages listed`;
  return result('sitemap', missing.length + listed.length === 0, summary, examples, {
    jekyll: jekyll.length,
    gazette: gazette.size,
    missing: missing.length,
    listed: listed.length,
  });
}

function urlOfPath(path, config) {
  return `${config.origin}${config.baseurl}/${path.replace(/(^|\/)index\.html$/, '$1')}`;
}

// ---- check 3: feed ids -----------------------------------------------------------------------

function feedEntries(root) {
  const path = join(root, 'feed.xml');
  if (!existsSync(path)) return null;
  const entries = asList(xml.parse(readFileSync(path, 'utf8')).feed?.entry);
  return new Map(entries.map((e) => [decodeUrl(entryLink(e)), textOf(e.id)]));
}

function entryLink(entry) {
  const links = asList(entry.link);
  const alternate = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
  return alternate?.['@href'] ?? '';
}

function checkFeedIds(ctx) {
  const jekyll = feedEntries(ctx.jekyllOut);
  const gazette = feedEntries(ctx.gazetteOut);
  if (!jekyll || !gazette)
    return result('feed ids', jekyll ? false : null, `feed.xml: Jekyll ${jekyll ? 'has' : 'has no'}, gazette ${gazette ? 'has' : 'has no'}`, []);
  const shared = [...gazette.keys()].filter((link) => jekyll.has(link));
  const differ = shared.filter((link) => jekyll.get(link) !== gazette.get(link));
  const examples = differ.slice(0, ctx.examples).map((link) => `${link}: Jekyll id ${jekyll.get(link)}, gazette id ${gazette.get(link)}`);
  const summary = `${gazette.size} gazette entries, ${shared.length} also in Jekyll's feed, ${differ.length} with another id`;
  return result('feed ids', differ.length === 0 && shared.length > 0, summary, examples, { shared: shared.length, differ: differ.length });
}

// ---- checks 4, 5, 7, 8: one pass over the files both wrote -----------------------------------

function bodyText(html) {
  const body = /<body[\s>][\s\S]*<\/body>/i.exec(html)?.[0] ?? html;
  return body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<[^>]*>/g, '');
}

const countOf = (text, needle) => text.split(needle).length - 1;

function boldCheck(path, jekyll, gazette, acc) {
  const j = countOf(bodyText(jekyll), '**');
  const g = countOf(bodyText(gazette), '**');
  acc.pages++;
  if (g <= j) return;
  const at = bodyText(gazette).indexOf('**');
  const snippet = bodyText(gazette)
    .slice(Math.max(0, at - 20), at + 40)
    .replace(/\s+/g, ' ');
  const strong = /<strong>[^<]{0,40}/.exec(jekyll)?.[0] ?? '(no <strong>)';
  acc.failures.push(`${path}: Jekyll ${j} × "**" (has ${strong}…), gazette ${g} × "**" ("…${snippet}…")`);
}

const LIQUID = /\{%|\{\{/;

function liquidCheck(path, jekyll, gazette, acc) {
  acc.files++;
  if (!LIQUID.test(gazette) || LIQUID.test(jekyll)) return;
  const line = gazette
    .split('\n')
    .find((l) => LIQUID.test(l))
    .trim()
    .slice(0, 100);
  acc.failures.push(`${path}: gazette shows "${line}"; Jekyll's file has no {% or {{`);
}

// `prop: value` of the box declarations in the style attributes on table elements.
function tableDeclarations(html) {
  const found = [];
  const walk = (node) => {
    if (TABLE_TAGS.has(node.tagName)) {
      const style = node.attrs.find((a) => a.name === 'style')?.value ?? '';
      for (const decl of style.split(';')) {
        const [prop, ...value] = decl.split(':');
        const name = prop.trim().toLowerCase();
        if (BOX_PROPERTY.test(name) && value.length) found.push(`${name}: ${value.join(':').trim().replace(/\s+/g, ' ').toLowerCase()}`);
      }
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(parseHtml(html));
  return found;
}

function tableCheck(path, jekyll, gazette, acc) {
  if (!/<t(able|d|h|r)\b[^>]*style=/i.test(jekyll)) return;
  const wanted = tableDeclarations(jekyll);
  const have = new Map();
  for (const decl of tableDeclarations(gazette)) have.set(decl, (have.get(decl) ?? 0) + 1);
  const lost = [];
  for (const decl of wanted) {
    if (have.get(decl) > 0) have.set(decl, have.get(decl) - 1);
    else lost.push(decl);
  }
  acc.total += wanted.length;
  acc.kept += wanted.length - lost.length;
  if (lost.length) acc.failures.push(`${path}: ${lost.length} of ${wanted.length} lost, e.g. "${[...new Set(lost)].slice(0, 3).join('", "')}"`);
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", nbsp: ' ' };
const titleOf = (html) =>
  (/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '')
    .replace(/&(#?\w+);/g, (all, name) => ENTITIES[name.toLowerCase()] ?? all)
    .replace(/\s+/g, ' ')
    .trim();

function titleCheck(path, jekyll, gazette, acc) {
  const j = titleOf(jekyll);
  const g = titleOf(gazette);
  if (j !== g) acc.failures.push(`${path}: Jekyll "${j}", gazette "${g}"`);
}

function comparePairs(ctx) {
  const acc = { bold: { pages: 0, failures: [] }, liquid: { files: 0, failures: [] }, tables: { total: 0, kept: 0, failures: [] }, titles: { failures: [] } };
  for (const path of ctx.jekyllFiles) {
    if (!ctx.gazetteSet.has(path) || !TEXT_EXTS.has(extname(path))) continue;
    const jekyll = readFileSync(join(ctx.jekyllOut, path), 'utf8');
    const gazette = readFileSync(join(ctx.gazetteOut, path), 'utf8');
    liquidCheck(path, jekyll, gazette, acc.liquid);
    if (!/\.html?$/.test(path)) continue;
    titleCheck(path, jekyll, gazette, acc.titles);
    if (!isPostPage(path, ctx.slugs)) continue;
    boldCheck(path, jekyll, gazette, acc.bold);
    tableCheck(path, jekyll, gazette, acc.tables);
  }
  return acc;
}

function pairResults(acc, ctx) {
  const { bold, liquid, tables } = acc;
  const share = tables.total ? tables.kept / tables.total : 1;
  return [
    result(
      'bold',
      bold.failures.length === 0,
      `${bold.pages} post pages in both, ${bold.failures.length} show literal ** Jekyll rendered`,
      bold.failures.slice(0, ctx.examples),
      { pages: bold.pages, failing: bold.failures.length },
    ),
    result(
      'liquid',
      liquid.failures.length === 0,
      `${liquid.files} text files in both, ${liquid.failures.length} show Liquid Jekyll's does not`,
      liquid.failures.slice(0, ctx.examples),
      { files: liquid.files, failing: liquid.failures.length },
    ),
    result(
      'tables',
      share >= TABLE_SHARE_MIN,
      `${tables.kept} of ${tables.total} declarations kept (${(share * 100).toFixed(1)}%, need ${TABLE_SHARE_MIN * 100}%), ${tables.failures.length} pages lose some`,
      tables.failures.slice(0, ctx.examples),
      { total: tables.total, kept: tables.kept, share },
    ),
  ];
}

// ---- check 6: parses -------------------------------------------------------------------------

function parseError(root, path) {
  const text = readFileSync(join(root, path), 'utf8');
  if (path.endsWith('.json')) {
    try {
      JSON.parse(text);
      return null;
    } catch (error) {
      return error.message;
    }
  }
  const valid = XMLValidator.validate(text);
  return valid === true ? null : `${valid.err.msg} (line ${valid.err.line}:${valid.err.col})`;
}

function checkParses(ctx) {
  const files = ctx.gazetteFiles.filter((path) => /\.(xml|json)$/.test(path));
  const failures = [];
  for (const path of files) {
    const error = parseError(ctx.gazetteOut, path);
    if (!error) continue;
    const jekyllError = ctx.jekyllSet.has(path) ? (parseError(ctx.jekyllOut, path) ?? 'parses') : 'not written';
    failures.push(`${path}: ${error}; Jekyll's: ${jekyllError}`);
  }
  return result('parses', failures.length === 0, `${files.length} .xml/.json files, ${failures.length} do not parse`, failures.slice(0, ctx.examples), {
    files: files.length,
    failing: failures.length,
  });
}

// ---- check 8: report -------------------------------------------------------------------------

function report(acc, ctx) {
  const extra = ctx.gazetteFiles.filter((path) => !ctx.jekyllSet.has(path));
  const byKind = groupBy(extra, (path) => extraKind(path));
  const titles = acc.titles.failures;
  const summary = `${titles.length} pages with another <title>; gazette writes ${extra.length} files Jekyll does not (${Object.entries(byKind)
    .map(([k, v]) => `${k} ${v.length}`)
    .join(', ')})`;
  const examples = [
    ...titles.slice(0, ctx.examples).map((t) => `title ${t}`),
    ...Object.entries(byKind).map(([kind, paths]) => `extra ${kind}: ${paths.slice(0, 3).join(', ')}`),
  ];
  return result('report', null, summary, examples, { titles: titles.length, extra: extra.length }, 'INFO');
}

function extraKind(path) {
  if (/^\d{4}\//.test(path)) return 'date archives';
  const top = path.split('/')[0];
  return path.includes('/') ? `${top}/` : top;
}

// ---- output ----------------------------------------------------------------------------------

function result(name, pass, summary, examples, counts = {}, status) {
  return { name, status: status ?? (pass === null ? 'N/A' : pass ? 'PASS' : 'FAIL'), summary, examples, counts };
}

function printTable(results) {
  const rows = results.map((r, i) => [String(i + 1), r.name, r.status, r.summary]);
  const widths = [1, 8, 6].map((w, c) => Math.max(w, ...rows.map((row) => row[c].length)));
  const line = (cells) => `| ${cells.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join(' | ')} |`;
  console.log(line(['#', 'check', 'result', 'details']));
  console.log(line(widths.map((w) => '-'.repeat(w)).concat('---')));
  for (const row of rows) console.log(line(row));
  for (const [i, r] of results.entries()) {
    if (!r.examples.length) continue;
    console.log(`\n${i + 1} ${r.name} (${r.status}):`);
    for (const example of r.examples) console.log(`  - ${example}`);
  }
}

// ---- main ------------------------------------------------------------------------------------

function outputs(opts) {
  const temp = opts.jekyllOut && opts.gazetteOut ? null : mkdtempSync(join(tmpdir(), 'compare-jekyll-'));
  const jekyllOut = resolve(opts.jekyllOut ?? join(temp, 'jekyll'));
  const gazetteOut = resolve(opts.gazetteOut ?? join(temp, 'gazette'));
  return { temp, jekyllOut, gazetteOut };
}

function context(opts, dirs, jekyllLog) {
  const site = resolve(opts.site);
  const config = readConfig(site);
  const sources = sourceFiles(site, [dirs.jekyllOut, dirs.gazetteOut, join(site, '_site')]);
  const jekyllFiles = listFiles(dirs.jekyllOut).sort();
  const gazetteFiles = listFiles(dirs.gazetteOut).sort();
  const unreadable = unreadablePosts(jekyllLog).map((file) => ({
    file,
    jekyllPaths: jekyllOutputsOf(file, jekyllFiles),
    gazettePath: gazetteOutputOf(file, gazetteFiles),
  }));
  return {
    ...dirs,
    site,
    config,
    allow: opts.allow,
    examples: opts.examples,
    slugs: postSlugs(sources),
    pagination: paginationPattern(config),
    noSitemap: noSitemapUrls(site, sources, config),
    unreadable,
    jekyllFiles,
    gazetteFiles,
    jekyllSet: new Set(jekyllFiles),
    gazetteSet: new Set(gazetteFiles),
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!statSync(opts.site, { throwIfNoEntry: false })?.isDirectory()) usage(`no site folder at ${opts.site}`);
  const dirs = outputs(opts);
  const jekyllLog = buildJekyll(opts, dirs.jekyllOut);
  buildGazette(opts, dirs.gazetteOut);
  const ctx = context(opts, dirs, jekyllLog);
  const acc = comparePairs(ctx);
  const [bold, liquid, tables] = pairResults(acc, ctx);
  const results = [checkFiles(ctx), checkSitemap(ctx), checkFeedIds(ctx), bold, liquid, checkParses(ctx), tables, report(acc, ctx)];
  if (opts.json) console.log(JSON.stringify({ site: ctx.site, jekyllOut: ctx.jekyllOut, gazetteOut: ctx.gazetteOut, results }, null, 2));
  else printTable(results);
  if (dirs.temp && !opts.keep) rmSync(dirs.temp, { recursive: true, force: true });
  else if (dirs.temp && !opts.json) console.log(`\noutputs kept in ${dirs.temp}`);
  process.exitCode = results.some((r) => r.status === 'FAIL') ? 1 : 0;
}

main();
