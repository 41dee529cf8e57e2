#!/usr/bin/env node
// `npm run bench`: cold, warm and one-edit builds of generated news sites,
// against an Eleventy baseline on the same posts.
//
//   node bench/run.mjs [--sizes 2000,20000] [--runs N|N,M] [--themes baseline,default,nosearch,images]
//                      [--jobs N] [--profile] [--no-eleventy] [--live] [--write-results]
//                      [--delete-before]
//
// For each size N:
//   - the site is bench/.work/posts-N/ (git-ignored), generated with
//     ../shared/bench/gen-corpus.mjs, or reused when it holds N posts;
//   - gazette builds it with two themes (--themes picks):
//       baseline  bench/baseline-theme/: the pages the Eleventy baseline makes, and no
//                 other outputs, in bench/.work/baseline-N/ (a copy of the posts); the
//                 ratio to Eleventy is measured on this one, like for like
//       default   the theme gazette ships, with every output (feeds, sitemaps, archives,
//                 search), on bench/.work/posts-N/ itself
//       images    the default theme on bench/.work/images-N/, a copy where 40 posts show a
//                 1600×1000 JPEG each, resized with sharp (bench/images.mjs): its cold build
//                 less the default theme's is what images cost; its warm build, that cached ones cost nothing
//       nosearch  the default theme with `search: false`, in bench/.work/nosearch-N/ (a copy
//                 of the posts): what the search index costs (cold, warm, one-edit); after
//                 the rounds, what queries download from the default theme's index
//                 (bench/search-transfer.mjs)
//   - each round first times `gazette --version` (start-up: the one-edit target is 2× it; three runs,
//     the median kept), then runs,
//     as child processes, one after the other, for each theme:
//       gazette cold      no `_site/` and no `.gazette-cache/` (moved aside first)
//       eleventy cold     (after the first theme's cold build) the baseline theme of
//                         bench/eleventy/ on the same posts, no `_site/` (moved aside first)
//       gazette warm      cache and output in place, nothing changed
//       gazette one-edit  a unique paragraph appended to the post in the middle, three builds in a row
//                         (each its own paragraph; the median kept; the post restored afterwards)
//     so gazette and Eleventy alternate (A B A B) and machine drift hits both;
//   - rounds: --runs (one number, or one per size), else 5 below 10,000 posts and 3 from there.
// Wall time is measured around each child; peak RSS comes from
// `/usr/bin/time -f %M` (Debian package `time`), else from
// process.resourceUsage().maxRSS inside a small wrapper that runs the CLI in
// its own process. Prints a Markdown table per size and the targets with
// ✅/❌; --write-results also writes them to bench/RESULTS.md.
//
// The first cold build of each size is checked (exit status 0, _site/index.html
// present); a failing build stops the benchmark with its stderr. Each one-edit
// build is checked to have put the new paragraph in the post's page.
//
// gazette runs from a snapshot of bin/, dist/, templates/, assets/ and
// package.json taken at the start (bench/.work/gazette/), so a `npm run build`
// by someone else during the benchmark does not mix two versions; --live runs
// the repository's bin/gazette.js instead. Needs `npm run build` first.
//
// A cold build's previous output is moved into bench/.work/trash/ rather than
// deleted, and the trash is deleted when the benchmark ends: ext4 without a
// journal (this machine's disk) skips inodes freed in the last minute each
// time it makes a file, so any build right after deleting a site is slowed
// by the deletion (see bench/README.md, "Cold builds"). --delete-before
// deletes it right before the build instead, as the benchmark used to.
//
// Exit status: 0 all targets met, 1 a target missed, 2 setup or build failure.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImageSite } from './images.mjs';
import { measureTransfer } from './search-transfer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work');
const corpus = join(root, '..', 'shared', 'bench', 'gen-corpus.mjs');
const themeSources = [join(root, 'bench', 'eleventy'), join(root, '..', 'shared', 'bench', 'eleventy')];
const baselineTheme = join(root, 'bench', 'baseline-theme');
/** gazette's setups (see the top of this file), in the order each round runs them. */
// nosearch right after default: the search index's cost is the ratio of the two, round by round.
const THEMES = ['baseline', 'default', 'nosearch', 'images'];
const eleventyCmd = join(root, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
const TIME_BIN = '/usr/bin/time';
const MARK = '@@bench';

// ---------------------------------------------------------------- options

const args = process.argv.slice(2);
const KNOWN = new Set([
  '--sizes',
  '--runs',
  '--themes',
  '--jobs',
  '--profile',
  '--no-eleventy',
  '--live',
  '--write-results',
  '--rss-from',
  '--delete-before',
  '--help',
]);
const WITH_VALUE = ['--sizes', '--runs', '--themes', '--jobs', '--rss-from'];
for (const [i, word] of args.entries()) {
  if (word.startsWith('--') && !KNOWN.has(word)) fail(`unknown option ${word} (see the top of bench/run.mjs)`);
  if (!word.startsWith('--') && !WITH_VALUE.includes(args[i - 1])) fail(`unexpected argument "${word}" (see the top of bench/run.mjs)`);
  if (WITH_VALUE.includes(word) && (args[i + 1] === undefined || args[i + 1].startsWith('--'))) fail(`${word} needs a value`);
}
if (args.includes('--help')) {
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
  process.exit(0);
}
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const sizes = String(option('sizes', '2000,20000'))
  .split(',')
  .map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) fail(`--sizes takes whole numbers separated by commas, got "${option('sizes')}"`);
// --runs N for every size, or one number per size in --sizes order (--sizes 2000,20000 --runs 5,1).
const runsOption = option('runs', undefined);
const runsList =
  runsOption === undefined
    ? []
    : String(runsOption)
        .split(',')
        .map((s) => Number(s.trim()));
if (runsList.some((n) => !Number.isInteger(n) || n < 1) || (runsList.length > 1 && runsList.length !== sizes.length)) {
  fail(`--runs takes a whole number from 1 up, or one per size (${sizes.length}), got "${runsOption}"`);
}
const runsFor = (posts) => (runsList.length === 1 ? runsList[0] : runsList.length > 1 ? runsList[sizes.indexOf(posts)] : posts >= 10000 ? 3 : 5);
const themes = THEMES.filter((t) =>
  String(option('themes', THEMES.join(',')))
    .split(',')
    .map((s) => s.trim())
    .includes(t),
);
if (themes.length === 0) fail(`--themes takes baseline, default, images and nosearch (any of them), got "${option('themes')}"`);
const jobs = option('jobs', undefined);
const profile = args.includes('--profile');
const live = args.includes('--live');
const writeResults = args.includes('--write-results');
const deleteBefore = args.includes('--delete-before');
// `wrapper` forces the fallback RSS measurement (to test it where /usr/bin/time exists).
const rssFrom = option('rss-from', existsSync(TIME_BIN) ? 'time' : 'wrapper');
if (!['time', 'wrapper'].includes(rssFrom)) fail(`--rss-from takes "time" or "wrapper", got "${rssFrom}"`);
const wantEleventy = !args.includes('--no-eleventy');
const haveEleventy = existsSync(eleventyCmd);

// Issue 23's targets. `eleventy` and `defaultTheme` are ratios of cold wall times, paired by round (baseline theme;
// default theme against Eleventy's minimal site); below 10,000 posts `cpu` and `rss` compare the baseline
// theme's cold build with Eleventy's; `editToVersion`: one-edit against `gazette --version` (start-up),
// below 10,000 posts; `rssMiB`: the baseline theme's peak from 10,000 posts on. Issue 21's: `searchCold`
// and `searchEdit` below 10,000 posts, `transferKiB` at every size. Each as its issue states it; the
// other setups' figures are shown beside them without a target.
const TARGETS = {
  eleventy: { small: 0.7, large: 0.45 },
  defaultTheme: 0.8,
  cpu: 1,
  rss: 1,
  warm: 0.1,
  editToVersion: 2,
  scaling: 1.1,
  rssMiB: 500,
  searchCold: 1.25,
  searchEdit: 1.05,
  transferKiB: 300,
};
const LARGE = 10000;
/** One-edit builds and `gazette --version` runs per round; the round keeps the median. */
const EDITS_PER_ROUND = 3;

function fail(message, code = 2) {
  console.error(`bench/run.mjs: ${message}`);
  process.exit(code);
}

// ---------------------------------------------------------------- helpers

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Of runs measured alike, the one of median wall time (the lower middle of an even count). */
const medianRun = (list) => [...list].sort((a, b) => a.ms - b.ms)[(list.length - 1) >> 1];
/** The median of the rounds' ratios a[i] / b[i] of wall times: paired, as the builds of one round ran close together. */
const pairedRatio = (a, b) => median(Array.from({ length: Math.min(a.length, b.length) }, (_, i) => a[i].ms / b[i].ms));
const fmtS = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) : 'n/a');
const fmtMiB = (kib) => (Number.isFinite(kib) ? (kib / 1024).toFixed(0) : 'n/a');
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const stamp = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');
const countPosts = (dir) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md')).length : -1);

/** The gazette CLI to run: a snapshot of the built package, or the repository's own. */
function gazetteCli() {
  if (!existsSync(join(root, 'dist', 'cli.js'))) fail('dist/ is missing; run `npm run build` first');
  if (live) return join(root, 'bin', 'gazette.js');
  const snapshot = join(work, 'gazette');
  rmSync(snapshot, { recursive: true, force: true });
  mkdirSync(snapshot, { recursive: true });
  // Bare imports from the snapshot resolve upwards to the repository's node_modules/.
  for (const entry of ['bin', 'dist', 'templates', 'assets', 'package.json']) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(snapshot, entry), { recursive: true, preserveTimestamps: true });
  }
  return join(snapshot, 'bin', 'gazette.js');
}

/** Runs the in-process fallback: the CLI in this wrapper's own process, which reports its maxRSS on exit. */
function wrapperPath() {
  const path = join(work, 'rss-wrapper.mjs');
  writeFileSync(
    path,
    [
      '// Written by bench/run.mjs: runs a CLI script in this process and reports its peak RSS (KiB) on exit.',
      "import { pathToFileURL } from 'node:url';",
      'const [script, ...rest] = process.argv.slice(2);',
      'process.argv = [process.argv[0], script, ...rest];',
      `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(\`\\n${MARK} - \${u.maxRSS} \${u.userCPUTime / 1e6} \${u.systemCPUTime / 1e6}\\n\`); });`,
      'await import(pathToFileURL(script).href);',
      '',
    ].join('\n'),
  );
  return path;
}

let current; // the running child, to stop it on Ctrl-C
const restorers = [];

/** Where cold builds' previous outputs wait until the benchmark ends (see the top of this file). */
const trash = join(work, 'trash');
let trashed = 0;

/**
 * Makes `dir` absent before a cold build, untimed: moved into the trash (a
 * rename: no inode is freed), or with --delete-before removed. Asynchronous
 * so that Ctrl-C is handled at once even while removing 20,000 pages.
 */
async function clearOutput(dir) {
  if (deleteBefore || !existsSync(dir)) return rm(dir, { recursive: true, force: true });
  mkdirSync(trash, { recursive: true });
  renameSync(dir, join(trash, String(trashed++)));
}

/** Deletes the trash: at the end, when no build is timed any more, and at the start (what a stopped run left). */
function emptyTrash() {
  rmSync(trash, { recursive: true, force: true });
}

/**
 * Runs `node script …args` in cwd; resolves to { code, ms, cpuMs, rssKiB, stderr, stdout }.
 * ms is wall time around the child; cpuMs (user + system, all threads) and rssKiB
 * come from /usr/bin/time or the wrapper.
 */
function measure(script, scriptArgs, cwd) {
  let command;
  let commandArgs;
  if (rssFrom === 'time') {
    command = TIME_BIN;
    commandArgs = ['-f', `${MARK} %e %M %U %S`, process.execPath, script, ...scriptArgs];
  } else {
    command = process.execPath;
    commandArgs = [wrapper, script, ...scriptArgs];
  }
  return new Promise((done, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      current = undefined;
      const lines = stderr.split('\n');
      const at = lines.findLastIndex((line) => line.startsWith(`${MARK} `));
      let rssKiB = NaN;
      let cpuMs = NaN;
      if (at !== -1) {
        const [, , rss, user, system] = lines[at].split(' ');
        rssKiB = Number(rss);
        cpuMs = (Number(user) + Number(system)) * 1000;
        lines.splice(at, 1);
      }
      // /usr/bin/time adds "Command exited with non-zero status N" on failure.
      const rest = lines
        .filter((line) => !/^Command (exited with non-zero status|terminated by signal)/.test(line))
        .join('\n')
        .trim();
      done({ code: signal ? `signal ${signal}` : code, ms, cpuMs, rssKiB, stderr: rest, stdout });
    });
  });
}

function onSignal(signal) {
  if (current?.pid) {
    try {
      process.kill(-current.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (const restore of restorers.splice(0)) restore();
  emptyTrash();
  console.error(`\nbench/run.mjs: stopped by ${signal}`);
  process.exit(130);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// ---------------------------------------------------------------- sites

function ensureSite(posts) {
  const dir = join(work, `posts-${posts}`);
  restoreEdit(dir); // a run stopped hard may have left its one-edit in place
  if (countPosts(join(dir, '_posts')) === posts && existsSync(join(dir, '_config.yml'))) return dir;
  if (!existsSync(corpus)) fail(`the corpus generator ${relative(root, corpus)} is absent (expected beside the repository at ${corpus})`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.done`, { force: true });
  mkdirSync(work, { recursive: true });
  console.log(`generating ${posts} posts into ${relative(root, dir)} …`);
  const result = spawnSync(process.execPath, [corpus, '--posts', String(posts), '--out', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`gen-corpus.mjs failed with status ${result.status}`);
  writeFileSync(`${dir}.done`, `${new Date().toISOString()}\n`); // the marker bench/watch.mjs looks for
  return dir;
}

/** bench/.work/eleventy-N: the baseline theme, {"type":"module"}, and the site's posts in src/posts/. */
function ensureEleventy(posts, site) {
  const theme = themeSources.find((dir) => existsSync(join(dir, 'eleventy.config.mjs')));
  if (!theme) fail(`no Eleventy baseline theme in ${themeSources.map((d) => relative(root, d)).join(' or ')}`);
  const dir = join(work, `eleventy-${posts}`);
  const postsDir = join(dir, 'src', 'posts');
  if (countPosts(postsDir) !== posts) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(postsDir, { recursive: true });
    for (const name of readdirSync(join(site, '_posts')).filter((n) => n.endsWith('.md'))) {
      cpSync(join(site, '_posts', name), join(postsDir, name));
    }
  }
  // The theme is copied every time so edits to bench/eleventy/ take effect; posts are kept.
  cpSync(theme, dir, { recursive: true, filter: (path) => !path.endsWith('README.md') });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
  // eleventy.config.mjs imports markdown-it: it resolves upwards to the repository's node_modules/.
  return dir;
}

/** `dir` made a copy of the site's posts and assets, unless it already holds `posts` posts. */
function copyPostsOnce(dir, site, posts) {
  if (countPosts(join(dir, '_posts')) === posts) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(site, '_posts'), join(dir, '_posts'), { recursive: true });
  if (existsSync(join(site, 'assets'))) cpSync(join(site, 'assets'), join(dir, 'assets'), { recursive: true });
}

/**
 * bench/.work/baseline-N: the site's posts, assets and config (with bench/baseline-theme/config.yml
 * appended) and the baseline theme's templates. Posts are copied once; config and templates every
 * time, so edits to bench/baseline-theme/ take effect.
 */
function ensureBaselineSite(posts, site) {
  const dir = join(work, `baseline-${posts}`);
  restoreEdit(dir);
  copyPostsOnce(dir, site, posts);
  const config = `${readFileSync(join(site, '_config.yml'), 'utf8').trimEnd()}\n\n${readFileSync(join(baselineTheme, 'config.yml'), 'utf8')}`;
  writeFileSync(join(dir, '_config.yml'), config);
  rmSync(join(dir, 'templates'), { recursive: true, force: true });
  cpSync(join(baselineTheme, 'templates'), join(dir, 'templates'), { recursive: true });
  return dir;
}

/** bench/.work/nosearch-N: the site's posts and assets, its config with `search: false`: the default theme without the search index. */
function ensureNoSearchSite(posts, site) {
  const dir = join(work, `nosearch-${posts}`);
  restoreEdit(dir);
  copyPostsOnce(dir, site, posts);
  writeFileSync(join(dir, '_config.yml'), `${readFileSync(join(site, '_config.yml'), 'utf8').trimEnd()}\nsearch: false\n`);
  return dir;
}

/** The post in the middle of the site (by file name), and its output page from the sitemaps. */
function editTarget(site) {
  const names = readdirSync(join(site, '_posts'))
    .filter((n) => n.endsWith('.md'))
    .sort();
  const name = names[Math.floor(names.length / 2)];
  const slug = name.replace(/\.md$/, '');
  const match = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(slug);
  let output;
  const out = join(site, '_site');
  for (const file of readdirSync(out).filter((n) => /^sitemap(-\d+)?\.xml$/.test(n))) {
    for (const [, loc] of readFileSync(join(out, file), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)) {
      const path = decodeURIComponent(new URL(loc.replaceAll('&amp;', '&')).pathname);
      if (match && path.endsWith(`/${match[1]}/${match[2]}/${match[3]}/${match[4]}/`)) output = join(out, path, 'index.html');
    }
  }
  return { file: join(site, '_posts', name), output };
}

const backupOf = (site) => `${site}.edit-backup`;
function restoreEdit(site) {
  const backup = backupOf(site);
  if (!existsSync(backup)) return;
  const { file, bytes } = JSON.parse(readFileSync(backup, 'utf8'));
  writeFileSync(file, Buffer.from(bytes, 'base64'));
  rmSync(backup);
}

// ---------------------------------------------------------------- runs

const measured = describeBuild();
const cli = gazetteCli();
const startedAt = new Date();
const wrapper = rssFrom === 'wrapper' ? wrapperPath() : undefined;

function gazetteArgs(site) {
  return ['build', '-s', site, '-q', ...(jobs ? ['--jobs', jobs] : []), ...(profile ? ['--profile'] : [])];
}

function abortBuild(what, run) {
  console.error(
    `\n${what} failed (exit status ${run.code}); the benchmark stops here.\n--- stderr ---\n${run.stderr || '(empty)'}\n--- stdout ---\n${run.stdout.trim() || '(empty)'}`,
  );
  for (const restore of restorers.splice(0)) restore();
  emptyTrash();
  process.exit(2);
}

/** The child's own summary ("… N files written, M unchanged … in X s") and profile line, for the progress log. */
function summaryOf(run) {
  const written = /(\d+) files? written, (\d+) unchanged/.exec(run.stderr);
  const own = / in ([\d.]+m?s)\s*$/m.exec(run.stderr);
  const phases = /^profile: (.*)$/m.exec(run.stderr);
  const text = [written ? `${written[1]} written, ${written[2]} unchanged` : '', own ? `gazette says ${own[1]}` : ''].filter(Boolean).join('; ');
  return phases ? `${text}\n      profile: ${phases[1]}` : text;
}

function log(label, i, runs, run, extra = '') {
  const rss = Number.isFinite(run.rssKiB) ? `${fmtMiB(run.rssKiB)} MiB` : 'RSS n/a';
  console.log(`  ${label.padEnd(28)} ${i + 1}/${runs}  ${fmtS(run.ms).padStart(7)} s  CPU ${fmtS(run.cpuMs).padStart(6)} s  ${rss.padStart(8)}  ${extra}`);
}

/** One cold, warm and one-edit build of `site`, pushed to `samples`; Eleventy's cold build after gazette's when `eleventy` is given. */
async function gazetteRound(posts, theme, site, samples, i, runs, eleventy) {
  const label = (scenario) => `${scenario} (${theme})`;
  await clearOutput(join(site, '_site'));
  await clearOutput(join(site, '.gazette-cache'));
  const cold = await measure(cli, gazetteArgs(site), root);
  if (cold.code !== 0) abortBuild(`gazette cold build of ${posts} posts, ${theme} theme`, cold);
  if (i === 0 && !existsSync(join(site, '_site', 'index.html')))
    abortBuild(`gazette cold build of ${posts} posts, ${theme} theme (exit 0 but no _site/index.html)`, { ...cold, code: 0 });
  samples.cold.push(cold);
  log(label('gazette cold'), i, runs, cold, summaryOf(cold));
  if (theme === 'default') await checkRound(site, samples, i, runs);

  if (eleventy) {
    await clearOutput(join(eleventy.dir, '_site'));
    const run = await measure(eleventyCmd, ['--quiet'], eleventy.dir);
    if (run.code !== 0) abortBuild(`eleventy build of ${posts} posts`, run);
    if (i === 0 && !existsSync(join(eleventy.dir, '_site', 'index.html')))
      abortBuild(`eleventy build of ${posts} posts (exit 0 but no _site/index.html)`, { ...run, code: 0 });
    eleventy.samples.push(run);
    log('eleventy cold', i, runs, run, run.stdout.trim().split('\n').pop());
  }

  const warm = await measure(cli, gazetteArgs(site), root);
  if (warm.code !== 0) abortBuild(`gazette warm build of ${posts} posts, ${theme} theme`, warm);
  samples.warm.push(warm);
  log(label('gazette warm'), i, runs, warm, summaryOf(warm));

  samples.target ??= editTarget(site);
  const { target } = samples;
  const original = readFileSync(target.file);
  writeFileSync(backupOf(site), JSON.stringify({ file: target.file, bytes: original.toString('base64') }));
  const restore = () => restoreEdit(site);
  restorers.push(restore);
  // A one-edit build takes under a second, where a busy moment weighs most: the round's figure is the median of EDITS_PER_ROUND.
  const edits = [];
  try {
    for (let k = 0; k < EDITS_PER_ROUND; k++) {
      const marker = `bench-edit-${process.pid}-${i}-${k}-${Date.now()}`;
      writeFileSync(target.file, Buffer.concat([original, Buffer.from(`\n<p>${marker}</p>\n`)]));
      const edit = await measure(cli, gazetteArgs(site), root);
      if (edit.code !== 0) abortBuild(`gazette one-edit build of ${posts} posts, ${theme} theme`, edit);
      const page = target.output && existsSync(target.output) ? readFileSync(target.output, 'utf8') : undefined;
      if (page !== undefined && !page.includes(marker)) samples.editMissing = true;
      edits.push(edit);
    }
  } finally {
    restorers.splice(restorers.indexOf(restore), 1);
    restore();
  }
  const edit = medianRun(edits);
  let check = '';
  if (target.output) check = samples.editMissing ? `EDIT NOT IN ${relative(root, target.output)} ✗; ` : 'edit in page ✓; ';
  samples.edit.push(edit);
  log(label('gazette one-edit'), i, runs, edit, `median of ${EDITS_PER_ROUND}; ${check}${summaryOf(edit)}`);
}

/** `gazette check --no-build` on the site the cold build just wrote (issue 24): its time as a fraction of the cold build's. */
async function checkRound(site, samples, i, runs) {
  const run = await measure(cli, ['check', '--no-build', '-s', site, '-q'], root);
  // 1: links are broken, which the corpus should not have; the time counts all the same.
  if (run.code !== 0 && run.code !== 1) abortBuild(`gazette check of ${site}`, run);
  (samples.check ??= []).push(run);
  log('gazette check (default)', i, runs, run, run.stderr.trim().split('\n').pop());
}

async function benchSize(posts) {
  const runs = runsFor(posts);
  const site = ensureSite(posts);
  const sites = {
    baseline: () => ensureBaselineSite(posts, site),
    default: () => site,
    images: () => ensureImageSite(posts, site, work, restoreEdit),
    nosearch: () => ensureNoSearchSite(posts, site),
  };
  const setups = [];
  for (const theme of themes) setups.push({ theme, site: await sites[theme](), samples: { cold: [], warm: [], edit: [] } });
  const eleventyDir = wantEleventy && haveEleventy ? ensureEleventy(posts, site) : undefined;
  const eleventy = eleventyDir ? { dir: eleventyDir, samples: [] } : undefined;
  console.log(
    `\n${posts} posts: ${runs} round(s) of gazette cold, warm and one-edit (${themes.map((t) => `${t} theme`).join(', then ')})${eleventy ? '; eleventy cold after the first cold build' : ''}`,
  );
  const version = [];
  for (let i = 0; i < runs; i++) {
    // What a build cannot go below: starting the CLI (the one-edit target is a multiple of it).
    const tries = [];
    for (let k = 0; k < EDITS_PER_ROUND; k++) tries.push(await measure(cli, ['--version'], root));
    const failed = tries.find((run) => run.code !== 0);
    if (failed) abortBuild('gazette --version', failed);
    const started = medianRun(tries);
    version.push(started);
    log('gazette --version', i, runs, started);
    for (const [index, setup] of setups.entries()) {
      await gazetteRound(posts, setup.theme, setup.site, setup.samples, i, runs, index === 0 ? eleventy : undefined);
    }
  }
  // The default theme's index as the last round left it: what the issue's searches and the corpus's common words download.
  const transfer = themes.includes('default') && existsSync(join(site, '_site', 'search', 'index.json')) ? measureTransfer(join(site, '_site')) : undefined;
  return { posts, runs, setups, eleventy: eleventy?.samples, version, transfer };
}

// ---------------------------------------------------------------- report

/** What is being measured: read when the snapshot is taken, before any build runs. */
function describeBuild() {
  const git = spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['-C', root, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' });
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const commit = git.status === 0 ? `${git.stdout.trim()}${dirty.stdout.trim() ? ' + uncommitted changes in src/' : ''}` : 'no git';
  const built = existsSync(join(root, 'dist', 'cli.js'))
    ? statSync(join(root, 'dist', 'cli.js'))
        .mtime.toISOString()
        .replace(/\.\d+Z$/, 'Z')
    : 'never';
  return `gazette ${version} (${commit}, dist built ${built}${live ? ', run live from bin/' : ''})`;
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? 'unknown CPU';
  const eleventy = haveEleventy
    ? `Eleventy ${JSON.parse(readFileSync(join(root, 'node_modules', '@11ty', 'eleventy', 'package.json'), 'utf8')).version}`
    : 'Eleventy not installed';
  return {
    line: `${model}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; ${measured}, ${eleventy}`,
  };
}

function table(result, smaller) {
  const { posts, setups } = result;
  const wall = (list) => median(list.map((r) => r.ms));
  const rss = (list) => median(list.map((r) => r.rssKiB));
  const rows = setups.flatMap(({ theme, samples }, index) => [
    ...(index === 0 ? [['gazette --version', result.version]] : []),
    [`gazette cold, ${theme} theme`, samples.cold],
    ...(index === 0 && result.eleventy ? [['eleventy cold', result.eleventy]] : []),
    [`gazette warm, ${theme} theme`, samples.warm],
    [`gazette one-edit, ${theme} theme`, samples.edit],
    ...(samples.check ? [[`gazette check --no-build, ${theme} theme`, samples.check]] : []),
  ]);
  const lines = [
    `### ${posts.toLocaleString('en')} posts (${result.runs} run${result.runs > 1 ? 's' : ''} each)`,
    '',
    '| scenario | median wall (s) | min–max (s) | median CPU (s) | median peak RSS (MiB) |',
    '|---|--:|--:|--:|--:|',
    ...rows.map(([name, list]) => {
      const ms = list.map((r) => r.ms);
      return `| ${name} | ${fmtS(median(ms))} | ${fmtS(Math.min(...ms))}–${fmtS(Math.max(...ms))} | ${fmtS(median(list.map((r) => r.cpuMs)))} | ${fmtMiB(rss(list))} |`;
    }),
    '',
    '| check | value | target | |',
    '|---|--:|--:|:-:|',
  ];
  const verdicts = [];
  // `target` undefined: shown for information, no verdict.
  const check = (name, value, shown, target, ok, force) => {
    const pass = target === undefined ? undefined : (force ?? (Number.isFinite(value) ? ok(value) : undefined));
    if (target !== undefined) verdicts.push(pass);
    lines.push(`| ${name} | ${shown} | ${target ?? '(no target)'} | ${pass === undefined ? '–' : pass ? '✅' : '❌'} |`);
  };
  const large = posts >= LARGE;
  for (const { theme, samples } of setups) {
    const ratio = result.eleventy ? pairedRatio(samples.cold, result.eleventy) : NaN;
    // The baseline theme makes Eleventy's pages; the default theme, with every output, is held to a looser ratio below LARGE.
    const target = theme === 'baseline' ? TARGETS.eleventy[large ? 'large' : 'small'] : large ? undefined : TARGETS.defaultTheme;
    check(
      `gazette cold / Eleventy cold, ${theme} theme`,
      ratio,
      result.eleventy ? `${ratio.toFixed(2)}×` : 'n/a (no Eleventy)',
      target === undefined ? undefined : `≤ ${target}×`,
      (v) => v <= target,
    );
  }
  if (!large && result.eleventy) {
    const cpu = (list) => median(list.map((r) => r.cpuMs));
    for (const { theme, samples } of setups) {
      const likeForLike = theme === 'baseline';
      const cpuRatio = cpu(samples.cold) / cpu(result.eleventy);
      check(
        `CPU: gazette cold / Eleventy cold, ${theme} theme`,
        cpuRatio,
        `${cpuRatio.toFixed(2)}×`,
        likeForLike ? `≤ ${TARGETS.cpu}×` : undefined,
        (v) => v <= TARGETS.cpu,
      );
      const rssRatio = rss(samples.cold) / rss(result.eleventy);
      check(
        `peak RSS: gazette cold / Eleventy cold, ${theme} theme`,
        rssRatio,
        `${rssRatio.toFixed(2)}× (${fmtMiB(rss(samples.cold))} vs ${fmtMiB(rss(result.eleventy))} MiB)`,
        likeForLike ? `≤ ${TARGETS.rss}×` : undefined,
        (v) => v <= TARGETS.rss,
      );
    }
  }
  const version = wall(result.version ?? []);
  for (const { theme, samples } of setups) {
    const cold = wall(samples.cold);
    check(`warm / cold, ${theme} theme`, wall(samples.warm) / cold, pct(wall(samples.warm) / cold), `≤ ${TARGETS.warm * 100} %`, (v) => v <= TARGETS.warm);
    if (samples.check) check(`check / cold, ${theme} theme`, wall(samples.check) / cold, pct(wall(samples.check) / cold), undefined, () => true);
    const editRatio = samples.editMissing ? NaN : wall(samples.edit) / version;
    check(
      `one-edit / \`gazette --version\`, ${theme} theme`,
      editRatio,
      samples.editMissing ? 'edit missing from the page' : `${editRatio.toFixed(2)}× (${fmtS(wall(samples.edit))} vs ${fmtS(version)} s)`,
      large && !samples.editMissing ? undefined : `≤ ${TARGETS.editToVersion}×`,
      (v) => v <= TARGETS.editToVersion,
      samples.editMissing ? false : undefined,
    );
  }
  searchChecks(result, check, large);
  if (large) {
    for (const { theme, samples } of setups) {
      const perPost = wall(samples.cold) / posts;
      const base = smaller?.setups.find((setup) => setup.theme === theme);
      const basePerPost = base ? wall(base.samples.cold) / smaller.posts : NaN;
      check(
        `cold per post / ${smaller ? smaller.posts.toLocaleString('en') : '2,000'}-post cold per post, ${theme} theme`,
        perPost / basePerPost,
        base ? `${(perPost / basePerPost).toFixed(2)}× (${perPost.toFixed(2)} vs ${basePerPost.toFixed(2)} ms/post)` : 'n/a (run the small size too)',
        `≤ ${TARGETS.scaling}×`,
        (v) => v <= TARGETS.scaling,
      );
    }
    for (const { theme, samples } of setups) {
      const peak = Math.max(...[...samples.cold, ...samples.warm, ...samples.edit].map((r) => r.rssKiB));
      check(
        `highest peak RSS of a gazette run, ${theme} theme`,
        peak,
        Number.isFinite(peak) ? `${fmtMiB(peak)} MiB` : 'n/a',
        theme === 'baseline' ? `< ${TARGETS.rssMiB} MiB` : undefined,
        (v) => v / 1024 < TARGETS.rssMiB,
      );
    }
  }
  return { text: lines.join('\n'), missed: verdicts.some((v) => v === false) };
}

/** What the search index costs (default theme against `nosearch`), and the largest download of a query. */
function searchChecks(result, check, large) {
  const withSearch = result.setups.find((setup) => setup.theme === 'default')?.samples;
  const without = result.setups.find((setup) => setup.theme === 'nosearch')?.samples;
  if (withSearch && without) {
    const ratio = (kind) => pairedRatio(withSearch[kind], without[kind]);
    check(
      'cold with search / without (default theme)',
      ratio('cold'),
      `${ratio('cold').toFixed(2)}×`,
      large ? undefined : `≤ ${TARGETS.searchCold}×`,
      (v) => v <= TARGETS.searchCold,
    );
    check('warm with search / without', ratio('warm'), `${ratio('warm').toFixed(2)}×`, undefined);
    const editTarget = large ? undefined : `≤ ${TARGETS.searchEdit}×`;
    check('one-edit with search / without', ratio('edit'), `${ratio('edit').toFixed(2)}×`, editTarget, (v) => v <= TARGETS.searchEdit);
  }
  const { transfer } = result;
  if (transfer) {
    // What goes over the wire: hosts serve JSON gzipped (raw shown beside it).
    const largest = transfer.queries.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
    check(
      `search: largest query transfer (of ${transfer.queries.length}: "${largest.query}", ${largest.files} files, ${largest.results} results), gzip (raw)`,
      largest.gzip / 1024,
      `${kib(largest.gzip)} (${kib(largest.raw)})`,
      `< ${TARGETS.transferKiB} KiB`,
      (v) => v < TARGETS.transferKiB,
    );
  }
}

// ---------------------------------------------------------------- main

if (wantEleventy && !haveEleventy) console.log('Eleventy is not installed (node_modules/@11ty/eleventy): measuring gazette only.');
if (rssFrom === 'wrapper')
  console.log(`${TIME_BIN} ${existsSync(TIME_BIN) ? 'not used' : 'is absent'}: peak RSS from process.resourceUsage() in a wrapper process.`);
if (existsSync(trash)) console.log('Deleting bench/.work/trash/, left by a run that was stopped.');
emptyTrash();
const loadBefore = loadavg()[0];
const results = [];
for (const posts of [...new Set(sizes)].sort((a, b) => a - b)) results.push(await benchSize(posts));
const loadAfter = loadavg()[0];
emptyTrash();

const { line } = machine();
const date = `${stamp(startedAt)} to ${stamp(new Date())}`;
const smaller = results.find((r) => r.posts < 10000);
const tables = results.map((r) => table(r, r.posts >= 10000 ? smaller : undefined));
const missed = tables.some((t) => t.missed);
const header = [
  `Machine: ${line}.`,
  `Date: ${date}; 1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end; RSS from ${rssFrom === 'time' ? '`/usr/bin/time -f %M`' : '`process.resourceUsage().maxRSS`'}.`,
];
const report = [...header, '', ...tables.map((t) => `${t.text}\n`)].join('\n');
console.log(`\n${report}`);

if (writeResults) {
  const command = `npm run bench${args.filter((a) => a !== '--write-results').length ? ` -- ${args.filter((a) => a !== '--write-results').join(' ')}` : ''}`;
  const text = [
    '# Benchmark results',
    '',
    `Written by \`node bench/run.mjs --write-results\` (\`${command} --write-results\`); see bench/README.md for how to run it.`,
    '',
    'Sites are generated by `../shared/bench/gen-corpus.mjs` (Korean news posts, ~70 % HTML bodies).',
    'gazette builds them with two themes. The **baseline theme** (`bench/baseline-theme/`) makes the pages',
    'the Eleventy baseline makes (post pages, the paginated home and category pages), with no feeds,',
    'archives or search: the ratio to Eleventy is measured on it. The **default theme** is the one gazette',
    'ships, with every output; its ratio to Eleventy is shown without a target. The **images** setup is the',
    'default theme on a copy of the site where 40 posts show a 1600×1000 JPEG each, resized with sharp',
    "(`bench/images.mjs`): its cold build less the default theme's is what resizing costs. **nosearch** is the default",
    'theme with `search: false`: the cost of the search index is the default theme against it. After the',
    "rounds, `bench/search-transfer.mjs` replays the issue's three searches and the corpus's commonest words",
    "against the default theme's index as `assets/js/search.js` fetches it (manifest, shards, the first",
    "page's card chunks) and reports the largest download, raw and gzipped. Each round runs, one",
    'process each and for each theme: **gazette cold** (no `_site/`, no `.gazette-cache/`), **eleventy',
    "cold** (after the baseline theme's cold build: `bench/eleventy/` on the same posts, no `_site/`),",
    deleteBefore
      ? "(each tool's previous output deleted right before its cold build, `--delete-before`),"
      : '(each tool\'s previous output moved aside before its cold build, and deleted only at the end: see bench/README.md, "Cold builds"),',
    '**gazette warm** (cache and output in place, nothing changed) and **gazette one-edit** (one paragraph',
    'appended to the post in the middle of the site; three such builds a round, and `gazette --version` three',
    'times, the median of each kept: builds under a second are the noisiest). gazette sanitises every post in both; Eleventy',
    'does not. Wall time is measured around the child process; "peak RSS" is the',
    "child's maximum resident set; CPU is the child's user + system time, all threads (less",
    'sensitive than wall time to a busy machine). Medians over the rounds; a ratio of wall times is the median',
    "of the rounds' ratios (each round's two builds ran minutes apart at most, so drift in the machine's speed",
    'moves both). The machine is shared, so expect noise: compare figures from the same machine and similar load.',
    '',
    'Targets (issue 23): at 2,000 posts, gazette cold ≤ 0.7 × Eleventy cold (baseline theme), ≤ 0.8 × with the default theme,',
    "the baseline theme's CPU and peak RSS ≤ Eleventy's, and one-edit ≤ 2 × `gazette --version`; at 20,000 posts ≤ 0.45 × Eleventy,",
    "cold time per post ≤ 1.1 × the 2,000-post figure and the baseline theme's peak RSS < 500 MiB; for each theme, warm ≤ 10 % of",
    'its cold build. Search (issue 21): at 2,000 posts cold ≤ 1.25 × and one-edit ≤ 1.05 × without it (nosearch); the largest',
    'query download < 300 KiB gzipped at every size. Figures beyond these are shown without a target.',
    '',
    ...header,
    '',
    ...tables.map((t) => `${t.text}\n`),
  ].join('\n');
  // The "Leads" section (what each change measured, written by hand) is kept from the previous file.
  const previous = existsSync(join(root, 'bench', 'RESULTS.md')) ? readFileSync(join(root, 'bench', 'RESULTS.md'), 'utf8') : '';
  const leads = previous.indexOf('\n## Leads');
  writeFileSync(join(root, 'bench', 'RESULTS.md'), leads === -1 ? text : `${text.trimEnd()}\n${previous.slice(leads)}`);
  console.log('wrote bench/RESULTS.md');
}
process.exitCode = missed ? 1 : 0;
