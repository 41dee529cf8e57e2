#!/usr/bin/env node
/**
 * The floor: the least a cold build of the baseline theme's pages costs with
 * the libraries gazette is built on (gray-matter, markdown-it, parse5 →
 * hast → hast-util-sanitize → rehype-stringify, Nunjucks), timed beside
 * Eleventy and gazette on the same posts. It tells how much of gazette's cold
 * build is its own work (kramdown's reading of Markdown, its sanitiser's
 * policies, dates, permalinks, the cache, staging) and how much the chosen
 * libraries cost whatever gazette does.
 *
 *   node bench/floor.mjs [--posts 2000] [--runs 5]
 *
 * Needs the sites `npm run bench` makes (bench/.work/baseline-N/ and
 * eleventy-N/) and a built CLI. Each round runs, one child process each and in
 * turn, the floor build, Eleventy's cold build and gazette's cold build of the
 * baseline theme, each output moved aside first; medians and ratios are printed.
 *
 * `node bench/floor.mjs --build SITE OUT` is the floor build itself: every
 * post's body, feature text and excerpt through markdown-it and the rehype
 * libraries with hast-util-sanitize's default schema (plus `style`), post pages
 * and the home and category lists (10 a page) through the baseline theme's
 * templates, written with mkdirSync and writeFileSync. No cache, no staging,
 * no diagnostics, URLs from the file names.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

if (args[0] === '--build') await floorBuild(args[1], args[2]);
else compare(Number(option('--posts', '2000')), Number(option('--runs', '5')));

function option(name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

async function floorBuild(site, out) {
  const matter = (await import('gray-matter')).default;
  const MarkdownIt = (await import('markdown-it')).default;
  const { parseFragment } = await import('parse5');
  const { fromParse5 } = await import('hast-util-from-parse5');
  const { sanitize, defaultSchema } = await import('hast-util-sanitize');
  const { unified } = await import('unified');
  const rehypeStringify = (await import('rehype-stringify')).default;
  const nunjucks = (await import('nunjucks')).default;
  const schema = { ...defaultSchema, attributes: { ...defaultSchema.attributes, '*': [...defaultSchema.attributes['*'], 'style'] } };
  const md = new MarkdownIt({ html: true });
  const html = unified()
    .use(rehypeStringify, { characterReferences: { useNamedReferences: false } })
    .freeze();
  const clean = (markdown) => html.stringify(sanitize(fromParse5(parseFragment(md.render(markdown ?? '')), {}), schema));
  const safe = (html) => new nunjucks.runtime.SafeString(html);
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(root, 'bench', 'baseline-theme', 'templates')), { autoescape: true });

  const posts = [];
  for (const name of readdirSync(join(site, '_posts')).sort()) {
    const { data, content } = matter(readFileSync(join(site, '_posts', name), 'utf8'));
    const [year, month, day] = name.slice(0, 10).split('-');
    const categories = (data.categories ?? []).map((c) => ({ name: c, url: `/categories/${encodeURIComponent(c)}/` }));
    const post = {
      title: data.title,
      url: `/${year}/${month}/${day}/${name.slice(11, -3)}/`,
      dateIso: name.slice(0, 10),
      dateDisplay: name.slice(0, 10),
      categories,
    };
    posts.push({ ...post, image: data.image, html: safe(clean(content)), featureHtml: safe(clean(data.feature_text)), excerpt: safe(clean(data.excerpt)) });
  }
  const write = (url, html) => {
    const folder = join(out, decodeURIComponent(url));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.html'), html);
  };
  for (const post of posts) write(post.url, env.render('post.njk', { post, site: { lang: 'ko' }, seo: { title: post.title } }));
  const lists = (list, base) => {
    const total = Math.ceil(list.length / 10);
    for (let page = 0; page < total; page++) {
      const pagination = {
        page: page + 1,
        totalPages: total,
        previousUrl: page === 0 ? undefined : page === 1 ? base : `${base}page${page}/`,
        nextUrl: page + 1 < total ? `${base}page${page + 2}/` : undefined,
      };
      write(
        page === 0 ? base : `${base}page${page + 1}/`,
        env.render('index.njk', { posts: list.slice(page * 10, page * 10 + 10), pagination, site: {}, seo: { title: '' } }),
      );
    }
  };
  lists([...posts].reverse(), '/');
  const byCategory = new Map();
  for (const post of [...posts].reverse()) for (const c of post.categories) byCategory.set(c.url, [...(byCategory.get(c.url) ?? []), post]);
  for (const [url, list] of byCategory) lists(list, url);
}

function compare(posts, runs) {
  const baseline = join(root, 'bench', '.work', `baseline-${posts}`);
  const eleventy = join(root, 'bench', '.work', `eleventy-${posts}`);
  if (!existsSync(baseline) || !existsSync(eleventy)) {
    console.error(`bench/floor.mjs: run \`npm run bench -- --sizes ${posts} --runs 1\` first (it makes ${baseline} and ${eleventy})`);
    process.exit(2);
  }
  const trash = join(root, 'bench', '.work', 'floor-trash');
  let trashed = 0;
  // Moved aside rather than deleted: a cold build right after deleting thousands of files waits on the file system (README, "Cold builds").
  const aside = (dir) => {
    if (!existsSync(dir)) return;
    mkdirSync(trash, { recursive: true });
    renameSync(dir, join(trash, String(trashed++)));
  };
  const floorOut = join(root, 'bench', '.work', `floor-${posts}`);
  const commands = {
    floor: { before: () => aside(floorOut), argv: [fileURLToPath(import.meta.url), '--build', baseline, floorOut], cwd: root },
    eleventy: { before: () => aside(join(eleventy, '_site')), argv: [join(root, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs'), '--quiet'], cwd: eleventy },
    gazette: {
      before: () => {
        aside(join(baseline, '_site'));
        aside(join(baseline, '.gazette-cache'));
      },
      argv: [join(root, 'bin', 'gazette.js'), 'build', '-s', baseline, '-q'],
      cwd: root,
    },
  };
  const times = { floor: [], eleventy: [], gazette: [] };
  try {
    for (let round = 1; round <= runs; round++) {
      for (const [name, command] of Object.entries(commands)) {
        command.before();
        const run = timed(command.argv, command.cwd);
        times[name].push(run);
        console.log(`  ${name.padEnd(9)} ${round}/${runs}  ${(run.ms / 1000).toFixed(2)} s  CPU ${(run.cpuMs / 1000).toFixed(2)} s`);
      }
    }
  } finally {
    rmSync(trash, { recursive: true, force: true });
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ratio = (name, key) => median(times[name].map((run, i) => run[key] / times.eleventy[i][key]));
  console.log(`\n${posts} posts, ${runs} rounds: median wall / Eleventy's (paired by round), and CPU`);
  for (const name of ['floor', 'gazette']) console.log(`  ${name.padEnd(9)} wall ${ratio(name, 'ms').toFixed(2)}×  CPU ${ratio(name, 'cpuMs').toFixed(2)}×`);
}

/** Wall time around the child; CPU (user + system, all threads) from /usr/bin/time when there is one. */
function timed(argv, cwd) {
  const time = existsSync('/usr/bin/time');
  const command = time ? ['/usr/bin/time', '-f', 'floor-cpu %U %S', process.execPath, ...argv] : [process.execPath, ...argv];
  const started = performance.now();
  const child = spawnSync(command[0], command.slice(1), { cwd, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (child.status !== 0) {
    console.error(`bench/floor.mjs: ${argv.join(' ')} exited ${child.status}\n${child.stderr}`);
    process.exit(1);
  }
  const cpu = /floor-cpu ([\d.]+) ([\d.]+)/.exec(child.stderr ?? '');
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN };
}
