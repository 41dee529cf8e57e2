/**
 * The command line: help, version, usage errors (exit 2), the summary line,
 * and what --quiet, --verbose and --profile print. Runs bin/gazette.js
 * (dist/, rebuilt from the current sources by test/global-setup.ts).
 */
import { isAscii } from 'node:buffer';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBundle } from '../src/code-cache.js';
import { assertBuilt, cleanTemp, fixture, headlines, ROOT, runCli, SUMMARY_FAILED, SUMMARY_OK, summaryOf, tempDir } from './helpers/site.js';

// Each test spawns the CLI one or more times; a loaded machine makes that slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

beforeAll(() => assertBuilt());
afterAll(() => cleanTemp());

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const CLI_SITE = fixture('cli');
const USAGE_FOOTER = 'Run `gazette --help` for usage.';

/** Warning in 2024-06-12-repaired.md; the sanitiser cleans 2024-06-13-unsafe.html. */
const REPAIR_WARNING = '_posts/2024-06-12-repaired.md:2:8: warning: repaired: value of `title` has text after its closing quote; read as plain text';

async function buildCliSite(...flags: string[]) {
  const out = path.join(await tempDir('cli'), 'out');
  return { ...runCli(['build', '-s', CLI_SITE, '-d', out, '--no-cache', ...flags]), out };
}

const BUILD_FLAGS = [
  '-s, --source DIR',
  '-d, --destination DIR',
  '--drafts',
  '--future',
  '--unpublished',
  '-j, --jobs N',
  '--no-cache',
  '-q, --quiet',
  '-V, --verbose',
  '--keep-going',
  '--strict',
  '--force',
  '--profile',
];
const WATCH_FLAGS = ['-P, --port N', '-H, --host HOST', '-o, --open', '--no-serve'];

describe('help and version', () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    it(`${args.join(' ')}: exit 0, the commands and every flag on stdout`, () => {
      const { status, stdout, stderr } = runCli(args);
      expect(status).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^gazette \d+\.\d+\.\d+: /);
      expect(stdout).toMatch(/^ {2}gazette build \[options\]/m);
      expect(stdout).toMatch(/^ {2}gazette watch \[options\]/m);
      for (const flag of [...BUILD_FLAGS, ...WATCH_FLAGS]) expect(stdout, flag).toContain(flag);
      expect(stdout).toContain('Exit status: 0 built, 1 the content or config has errors, 2 the command was used wrongly.');
    });
  }

  for (const args of [
    ['build', '--help'],
    ['build', '-h'],
    ['help', 'build'],
  ]) {
    it(`${args.join(' ')}: build's usage and its options only, not the overview nor watch's options`, () => {
      const { status, stdout, stderr } = runCli(args);
      expect(status).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: gazette build \[options\]\n/);
      expect(stdout).not.toContain('gazette watch');
      for (const flag of BUILD_FLAGS) expect(stdout, flag).toContain(flag);
      for (const flag of WATCH_FLAGS) expect(stdout, flag).not.toContain(flag);
      expect(stdout).toContain('Exit status: 0 built');
    });
  }

  for (const args of [
    ['watch', '--help'],
    ['help', 'watch'],
  ]) {
    it(`${args.join(' ')}: watch's usage, build's options and its own`, () => {
      const { status, stdout, stderr } = runCli(args);
      expect(status).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: gazette watch \[options\]\n/);
      expect(stdout).not.toContain('gazette build');
      for (const flag of [...BUILD_FLAGS, ...WATCH_FLAGS]) expect(stdout, flag).toContain(flag);
      // Build's options come first, then watch's own.
      expect(stdout.indexOf('--profile')).toBeLessThan(stdout.indexOf('--port N'));
    });
  }

  it('--version and -v print the package version', () => {
    for (const flag of ['--version', '-v']) {
      const { status, stdout, stderr } = runCli([flag]);
      expect(status).toBe(0);
      expect(stdout).toBe(`gazette ${VERSION}\n`);
      expect(stderr).toBe('');
    }
  });

  it('no command: the help, exit 2', () => {
    const { status, stdout } = runCli([]);
    expect(status).toBe(2);
    expect(stdout).toContain('gazette build [options]');
  });
});

describe('usage errors: exit 2, a message and a hint, nothing built', () => {
  const cases: [string[], string][] = [
    [['frobnicate'], 'gazette: unknown command "frobnicate"'],
    [['build', '--frob'], 'gazette: unknown option "--frob"'],
    [['watch', '-x'], 'gazette: unknown option "-x"'],
    [['build', '--source'], 'gazette: --source needs a value'],
    [['build', '-d'], 'gazette: --destination needs a value'],
    [['build', '--drafts=yes'], 'gazette: --drafts takes no value'],
    [['help', 'frobnicate'], 'gazette: unknown command "frobnicate"'],
    [['build', 'extra'], 'gazette: unexpected argument "extra"'],
    [['build', '--port', '3000'], 'gazette: --port is an option of `gazette watch`'],
    [['build', '--jobs', '0'], 'gazette: --jobs takes a whole number from 1 up, got "0"'],
    [['build', '--jobs', 'many'], 'gazette: --jobs takes a whole number from 1 up, got "many"'],
    [['build', '--quiet', '--verbose'], 'gazette: --quiet and --verbose cannot be used together'],
    [['watch', '--port', '70000'], 'gazette: --port takes a number from 0 to 65535, got "70000"'],
    // `new` and `check` read their own options, and word parseArgs' errors as build's are.
    [['new', '--frob', 'Title'], 'gazette: unknown option "--frob"'],
    [['check', '--against'], 'gazette: --against needs a value'],
    [['check', '--no-build=yes'], 'gazette: --no-build takes no value'],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const cwd = await tempDir('usage');
      const { status, stdout, stderr } = runCli(args, { cwd });
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n')[0]).toBe(message);
      expect(stderr).toContain(USAGE_FOOTER);
      expect(existsSync(path.join(cwd, '_site'))).toBe(false);
    });
  }

  it('every usage error has one format: "gazette: " and a lower-case message, an optional indented hint, then the footer', async () => {
    const dir = await tempDir('usage-format');
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const runs = [
      ...cases.map(([args]) => args),
      ['build', '-s', path.join(dir, 'missing')],
      ['build', '-s', CLI_SITE, '-d', file, '--no-cache'],
      ['build', '-s', CLI_SITE, '-d', CLI_SITE, '--no-cache'],
    ];
    for (const args of runs) {
      const { status, stderr } = runCli(args, { cwd: dir });
      const lines = stderr.trimEnd().split('\n');
      expect(status, args.join(' ')).toBe(2);
      expect(lines[0], args.join(' ')).toMatch(/^gazette: [^A-Z\s].*[^.]$/);
      if (lines.length === 3) expect(lines[1], args.join(' ')).toMatch(/^ {2}hint: [^A-Z\s].*[^.]$/);
      expect(lines.length, args.join(' ')).toBeLessThanOrEqual(3);
      expect(lines.at(-1)).toBe(USAGE_FOOTER);
    }
  });

  it('build with a missing source folder', async () => {
    const missing = path.join(await tempDir('missing'), 'no-such-site');
    const { status, stdout, stderr } = runCli(['build', '-s', missing]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `gazette: the source folder ${missing} does not exist or is not a folder\n  hint: pass the site folder with -s/--source\n${USAGE_FOOTER}\n`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('build with a source that is a file, not a folder (exit 2, not an internal error)', () => {
    const file = path.join(ROOT, 'package.json');
    const { status, stderr } = runCli(['build', '-s', file, '-d', path.join(ROOT, 'never-written')]);
    expect(stderr.split('\n')[0]).toBe(`gazette: the source folder ${file} does not exist or is not a folder`);
    expect(status).toBe(2);
  });
});

describe('build output', () => {
  it('prints the diagnostics, then one summary line in the documented format; stdout stays empty', async () => {
    const { status, stdout, stderr } = await buildCliSite();
    expect(status, stderr).toBe(0);
    expect(stdout).toBe('');
    expect(headlines(stderr)).toEqual([REPAIR_WARNING]);
    const summary = summaryOf(stderr);
    expect(summary).toMatch(SUMMARY_OK);
    expect(summary).toMatch(
      /^2 posts, 0 pages, 1 warning, 0 errors; 22 files written, 0 unchanged, 0 removed, 1 post had something removed by the sanitiser in \d+\.\d\ds$/,
    );
    expect(stderr.indexOf(REPAIR_WARNING)).toBeLessThan(stderr.indexOf(summary));
    // the code frame and the hint under the headline
    expect(stderr).toContain("> 2 | title: '외계인'의 귀환");
    expect(stderr).toContain('  hint: quote the whole value: title: "\'외계인\'의 귀환"');
  });

  it('the failure summary says nothing was written', async () => {
    const out = path.join(await tempDir('cli-fail'), 'out');
    const { status, stderr } = runCli(['build', '-s', fixture('bad/empty-file'), '-d', out, '--no-cache']);
    expect(status).toBe(1);
    expect(summaryOf(stderr)).toMatch(SUMMARY_FAILED);
  });

  it('--quiet hides warnings but not errors or the summary', async () => {
    const quiet = await buildCliSite('--quiet');
    expect(quiet.status).toBe(0);
    expect(headlines(quiet.stderr)).toEqual([]);
    expect(quiet.stderr).not.toContain(': warning: ');
    expect(quiet.stderr.trimEnd().split('\n')).toEqual([summaryOf(quiet.stderr)]);
    expect(summaryOf(quiet.stderr)).toMatch(/^2 posts, 0 pages, 1 warning, 0 errors; /);

    const out = path.join(await tempDir('cli-quiet'), 'out');
    const failing = runCli(['build', '-s', fixture('bad/empty-file'), '-d', out, '--no-cache', '-q']);
    expect(failing.status).toBe(1);
    expect(headlines(failing.stderr)).toEqual(['_posts/2024-06-12-empty.md:1:1: error: empty file']);
  });

  it('--verbose lists what the sanitiser removed, with line:column, once per removal', async () => {
    const { status, stderr } = await buildCliSite('--verbose');
    expect(status).toBe(0);
    expect(stderr).toContain(
      ['_posts/2024-06-13-unsafe.html: the sanitiser removed:', '  6:1  <script>', '  7:1  onclick on <p>', '  8:1  href on <a> (unsafe URL)', ''].join('\n'),
    );
    expect(stderr.split('\n').filter((line) => line === '  6:1  <script>')).toHaveLength(1);
    expect(headlines(stderr)).toEqual([REPAIR_WARNING]);
    // without --verbose the removals are only counted
    const plain = await buildCliSite();
    expect(plain.stderr).not.toContain('the sanitiser removed:');
  });

  it('the sanitised post has none of what was removed', async () => {
    const { out } = await buildCliSite();
    const html = readFileSync(path.join(out, 'news/2024/06/13/unsafe/index.html'), 'utf8');
    expect(html).toContain('<p>안전한 문단.</p>');
    expect(html).not.toContain("alert('xss')");
    expect(html).not.toContain('onclick');
    expect(html).not.toContain('javascript:');
  });

  it('--profile prints the time of each phase', async () => {
    const { status, stderr } = await buildCliSite('--profile');
    expect(status).toBe(0);
    const line = stderr.split('\n').find((l) => l.startsWith('profile: '));
    // every phase with its time, then optional counts (`; 2 posts parsed, 15 routes rendered`)
    expect(line).toMatch(/^profile: discover \d+ ms, parse \d+ ms, images \d+ ms, pages \d+ ms, plan \d+ ms, render \d+ ms, write \d+ ms(; .*)?$/);
    const plain = await buildCliSite();
    expect(plain.stderr).not.toContain('profile: ');
  });
});

describe("the bundle and V8's code cache (src/code-cache.ts)", () => {
  it('the first run writes the cache to NODE_COMPILE_CACHE, later runs use it as it is', async () => {
    const dir = await tempDir('cli-code-cache');
    const folder = path.join(dir, 'compile-cache');
    const env = { NODE_COMPILE_CACHE: folder };
    const build = () => runCli(['build', '-s', CLI_SITE, '-d', path.join(dir, 'out'), '--no-cache'], { env });
    const written = () => new Map(readdirSync(folder).map((name) => [name, statSync(path.join(folder, name)).mtimeMs]));
    const first = build();
    expect(first.status, first.stderr).toBe(0);
    const files = written();
    // The CLI's, and the worker threads' when the build used them.
    expect(files.size).toBeGreaterThanOrEqual(1);
    // A cache V8 rejected (other code, other flags, damaged) would be written again.
    const second = build();
    expect(second.status, second.stderr).toBe(0);
    expect(headlines(second.stderr)).toEqual(headlines(first.stderr));
    expect(written()).toEqual(files);
  });

  it('NODE_DISABLE_COMPILE_CACHE turns the cache off', async () => {
    const folder = path.join(await tempDir('cli-code-cache'), 'compile-cache');
    const { status } = runCli(['--version'], { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(status).toBe(0);
    expect(existsSync(folder)).toBe(false);
  });

  it("holds no YAML engine that could evaluate a post: gray-matter's own is replaced by a stand-in", () => {
    const bundle = readFileSync(path.join(ROOT, 'dist', 'bundle', 'cli.js'), 'utf8');
    expect(bundle).toContain("gray-matter's own YAML engine is not in gazette's bundle");
    expect(bundle).not.toContain('esprima');
    expect(bundle).not.toMatch(/\bimport\(/);
  });

  it('the bundles run in strict mode, as the ES modules they are made of do', () => {
    const { exports } = loadBundle(path.join(ROOT, 'dist', 'bundle', 'worker-bundle.js'), { folder: undefined });
    const runTask = (exports as { default: unknown }).default;
    expect(typeof runTask).toBe('function');
    // A sloppy-mode function has `caller` and `arguments` of its own; a strict-mode one has neither.
    expect(Object.getOwnPropertyNames(runTask)).not.toContain('caller');
  });

  it('the bundles are ASCII, so that they load as one-byte strings (scripts/ascii-only.mjs)', () => {
    for (const name of ['cli.js', 'worker-bundle.js']) expect([name, isAscii(readFileSync(path.join(ROOT, 'dist', 'bundle', name)))]).toEqual([name, true]);
  });
});
