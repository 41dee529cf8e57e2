#!/usr/bin/env node
// `npm run bench:watch`: how long from saving a post to its page being
// written, under `gazette watch`, on generated news sites.
//
//   node bench/watch.mjs [--sizes 2000,20000] [--runs 20] [--profile]
//
// For each size: a site from ../shared/bench/gen-corpus.mjs in
// bench/.work/watch-N/ (git-ignored; reused when present; copied from
// bench/.work/posts-N/ of `npm run bench` when that exists), starts
// `gazette watch --no-serve` on it as a child process, waits for it to be
// ready, then `runs` times appends a marker paragraph to one post's body
// (a different post each time, old and recent ones) and polls the post's
// output file every 2 ms until the marker is in it. Prints median, p90 and
// max per size, and the child's own "rebuilt … in N ms" figures.
// --profile runs the child with --cpu-prof (profiles in bench/.work/prof/).
//
// Needs `npm run build` first (the CLI runs from dist/). Edited posts are
// restored at the end, so the reused site stays as generated.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work');
const corpus = join(root, '..', 'shared', 'bench', 'gen-corpus.mjs');
const cli = join(root, 'bin', 'gazette.js');

const args = process.argv.slice(2);
const KNOWN = new Set(['--sizes', '--runs', '--profile', '--help']);
const unknown = args.find((word, i) => (word.startsWith('--') ? !KNOWN.has(word) : !['--sizes', '--runs'].includes(args[i - 1])));
if (args.includes('--help') || unknown !== undefined) {
  if (unknown !== undefined) console.error(`unknown argument ${unknown}`);
  const text = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  console.log(
    text
      .slice(
        1,
        text.findIndex((line) => line.startsWith('import ')),
      )
      .map((line) => line.replace(/^\/\/ ?/, ''))
      .join('\n'),
  );
  process.exit(unknown === undefined ? 0 : 2);
}
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const sizes = String(option('sizes', '2000,20000')).split(',').map(Number);
const runs = Number(option('runs', 20));
const profile = args.includes('--profile');
const TARGETS = { 2000: 50, 20000: 100 };
const POLL_MS = 2;
const TIMEOUT_MS = 10_000;
// chokidar drops a second change of one path within 50 ms; keep saves further apart than that.
const PAUSE_MS = 120;

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('bench/watch.mjs: dist/ is missing; run `npm run build` first');
  process.exit(2);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const quantile = (list, q) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))];

/**
 * bench/.work/watch-N/: this benchmark's own copy of the generated site, so
 * `npm run bench` (which removes bench/.work/posts-N/_site and its cache for
 * cold builds) can run at another time without the two disturbing each other.
 * Copied from bench/.work/posts-N/ when that holds the posts, else generated.
 */
function ensureSite(posts) {
  const dir = join(work, `watch-${posts}`);
  const done = join(work, `watch-${posts}.done`);
  if (existsSync(done)) return dir;
  mkdirSync(work, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  const shared = join(work, `posts-${posts}`);
  if (existsSync(`${shared}.done`) && existsSync(join(shared, '_posts')) && readdirSync(join(shared, '_posts')).length === posts) {
    console.log(`copying ${posts} posts from ${shared} …`);
    for (const part of ['_config.yml', '_posts', 'assets']) cpSync(join(shared, part), join(dir, part), { recursive: true });
  } else {
    console.log(`generating ${posts} posts into ${dir} …`);
    const result = spawnSync(process.execPath, [corpus, '--posts', String(posts), '--out', dir], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`gen-corpus failed with ${result.status}`);
  }
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return dir;
}

/** Output file of each post, from the sitemaps: `…/YYYY/MM/DD/<slug>/` per `_posts/YYYY-MM-DD-<slug>.md`. */
function outputFiles(site) {
  const out = join(site, '_site');
  const byKey = new Map();
  for (const name of readdirSync(out).filter((n) => /^sitemap(-\d+)?\.xml$/.test(n))) {
    const xml = readFileSync(join(out, name), 'utf8');
    for (const [, loc] of xml.matchAll(/<loc>([^<]+)<\/loc>/g)) {
      const path = decodeURIComponent(new URL(loc.replaceAll('&amp;', '&')).pathname);
      const match = /\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)\/$/.exec(path);
      if (match) byKey.set(`${match[1]}-${match[2]}-${match[3]}-${match[4]}`, join(out, path, 'index.html'));
    }
  }
  return byKey;
}

function startWatch(site) {
  const nodeArgs = profile ? ['--cpu-prof', '--cpu-prof-dir', join(work, 'prof')] : [];
  const child = spawn(process.execPath, [...nodeArgs, cli, 'watch', '-s', site, '--no-serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const lines = [];
  const onData = (chunk) => {
    text += chunk;
    let at;
    while ((at = text.indexOf('\n')) !== -1) {
      lines.push(text.slice(0, at));
      text = text.slice(at + 1);
    }
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, lines, exited };
}

async function waitFor(predicate, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

async function benchSize(posts) {
  const site = ensureSite(posts);
  const postsDir = join(site, '_posts');
  const names = readdirSync(postsDir)
    .filter((n) => n.endsWith('.md'))
    .sort();
  const originals = new Map();
  const started = performance.now();
  const watch = startWatch(site);
  const cleanup = () => {
    if (watch.child.exitCode === null && watch.child.signalCode === null) watch.child.kill('SIGKILL');
  };
  process.once('exit', cleanup);
  try {
    await waitFor(() => watch.lines.some((l) => l.startsWith('watching ')), 30 * 60_000, 'the first build');
    const ready = performance.now() - started;
    const files = outputFiles(site);
    const samples = [];
    const builds = [];
    for (let i = 0; i < runs; i++) {
      // Spread over the site: old posts (on no list page 1, in no feed) and recent ones.
      const name = names[Math.floor((((i * 7919) % runs) / runs) * names.length)];
      const key = name.replace(/\.md$/, '');
      const output = files.get(key);
      if (!output) throw new Error(`no output file found for ${name}`);
      const file = join(postsDir, name);
      if (!originals.has(file)) originals.set(file, readFileSync(file));
      const marker = `bench-marker-${process.pid}-${i}-${Date.now()}`;
      const body = Buffer.concat([originals.get(file), Buffer.from(`\n<p>${marker}</p>\n`)]);
      const linesBefore = watch.lines.length;
      const t0 = performance.now();
      writeFileSync(file, body);
      await waitFor(
        () => {
          try {
            return readFileSync(output, 'utf8').includes(marker);
          } catch {
            return false;
          }
        },
        TIMEOUT_MS,
        `${marker} in ${output}`,
      );
      samples.push(performance.now() - t0);
      await waitFor(() => watch.lines.slice(linesBefore).some((l) => l.startsWith('rebuilt ')), TIMEOUT_MS, 'the rebuild line');
      const line = watch.lines.slice(linesBefore).find((l) => l.startsWith('rebuilt '));
      const match = / (\d+) pages? rendered.* in (\d+) ms/.exec(line);
      if (match) builds.push({ rendered: Number(match[1]), ms: Number(match[2]) });
      await sleep(PAUSE_MS);
    }
    return { posts, ready, samples, builds, lines: watch.lines };
  } finally {
    watch.child.kill('SIGINT');
    const { code } = await Promise.race([watch.exited, sleep(5000).then(() => ({ code: 'timeout' }))]);
    cleanup();
    process.off('exit', cleanup);
    if (code !== 0) console.error(`watch on ${posts} posts exited with ${code}`);
    for (const [file, bytes] of originals) writeFileSync(file, bytes);
  }
}

const results = [];
for (const posts of sizes) {
  const result = await benchSize(posts);
  results.push(result);
  console.log(
    `${posts} posts: ready after ${(result.ready / 1000).toFixed(1)} s; save → page written: ${result.samples.map((s) => s.toFixed(0)).join(' ')} ms (load average ${loadavg()[0].toFixed(1)})`,
  );
}

const pad = (value, width) => String(value).padStart(width);
console.log('');
console.log(`${pad('posts', 7)} ${pad('median', 8)} ${pad('p90', 7)} ${pad('max', 7)} ${pad('build', 7)} ${pad('pages', 6)}  target`);
let missed = false;
for (const { posts, samples, builds } of results) {
  const target = TARGETS[posts];
  const med = median(samples);
  const ok = target === undefined ? '' : med <= target ? `≤ ${target} ms ok` : `≤ ${target} ms MISSED`;
  if (target !== undefined && med > target) missed = true;
  const buildMed = builds.length ? `${median(builds.map((b) => b.ms))}` : '-';
  const pages = builds.length ? `${median(builds.map((b) => b.rendered))}` : '-';
  console.log(
    `${pad(posts, 7)} ${pad(med.toFixed(1), 8)} ${pad(quantile(samples, 0.9).toFixed(1), 7)} ${pad(Math.max(...samples).toFixed(1), 7)} ${pad(buildMed, 7)} ${pad(pages, 6)}  ${ok}`,
  );
}
console.log('\nmedian/p90/max: save → page written (ms); build: median of the child\'s own "rebuilt … in N ms"; pages: median pages rendered per save');
if (profile) console.log(`CPU profiles: ${join(work, 'prof')}`);
process.exitCode = missed ? 1 : 0;
