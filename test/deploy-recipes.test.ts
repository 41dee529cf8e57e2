/**
 * The deploy recipes in deploy/ (README, "Deploying"): the GitHub Pages workflow parses, has its triggers, keeps
 * the cache together with the cache key, and its own build and manifest steps, run here as the runner runs
 * them (bash -eo pipefail, in the workspace, with the workflow's env), build the site; a second run, as after a
 * fresh checkout with the cache restored, parses nothing, and one without the key parses everything again.
 * The Netlify file parses as TOML and its build command runs too.
 *
 * `npx gazette` is replaced by `node bin/gazette.js` (the site repository has gazette installed; here it is this
 * repository's CLI, from dist/, which the global setup builds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import * as jsYaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, cleanTemp, copyFixture, MANIFEST, ROOT } from './helpers/site.js';

const WORKFLOW = path.join(ROOT, 'deploy', 'github-pages.yml');
const NETLIFY = path.join(ROOT, 'deploy', 'netlify.toml');
// Each run spawns the CLI; a loaded machine makes that slow.
const SLOW = 120_000;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const workflow = jsYaml.load(readFileSync(WORKFLOW, 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const buildStep = stepWith((s) => s.run?.includes('gazette build') === true, 'the build step');
const stripStep = stepWith((s) => s.run?.includes(MANIFEST) === true, 'the step that removes the manifest');
const cacheStep = stepWith((s) => s.uses?.startsWith('actions/cache@') === true, 'the actions/cache step');
const uploadStep = stepWith((s) => s.uses?.startsWith('actions/upload-pages-artifact@') === true, 'the upload step');

function stepWith(test: (step: Step) => boolean, what: string): Step {
  const found = steps.filter(test);
  if (found.length !== 1) throw new Error(`deploy/github-pages.yml: expected one step that is ${what}, found ${found.length}`);
  return found[0] as Step;
}

/** `${{ github.workspace }}` and `${{ env.NAME }}` as the runner expands them; any other expression is a test failure. */
function expand(text: string, workspace: string, env: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    if (name === 'github.workspace') return workspace;
    const value = name.startsWith('env.') ? env[name.slice(4)] : undefined;
    if (value === undefined) throw new Error(`no value for ${whole} in this test`);
    return value;
  });
}

function workflowEnv(workspace: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(workflow.env ?? {})) env[name] = expand(String(value), workspace, env);
  return env;
}

/** The cache step's paths, one a line, as the runner expands them. */
function cachedPaths(workspace: string, env: Record<string, string>): string[] {
  return expand(cacheStep.with?.['path'] ?? '', workspace, env)
    .split('\n')
    .filter(Boolean);
}

/** A `run:` as the runner runs it (bash -eo pipefail, in the workspace), with this repository's CLI for `npx gazette`. */
function runScript(script: string, workspace: string, env: Record<string, string>) {
  const local = script.replaceAll('npx gazette', `node ${JSON.stringify(BIN)}`);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', local], {
    cwd: workspace,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  expect(result.status, `${local}\n${result.stdout}${result.stderr}`).toBe(0);
  return `${result.stdout}${result.stderr}`;
}

function postsParsed(output: string): number {
  const match = /; (\d+) posts parsed, /.exec(output);
  if (!match) throw new Error(`no "--profile" line in:\n${output}`);
  return Number(match[1]);
}

/** Every file below `dir`, relative, skipping the folders named in `skip`. */
function filesBelow(dir: string, skip: readonly string[] = []): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => !skip.some((folder) => rel === folder || rel.startsWith(`${folder}${path.sep}`)))
    .filter((rel) => statSync(path.join(dir, rel)).isFile());
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

beforeAll(() => assertBuilt());
afterAll(cleanTemp);

describe('deploy/github-pages.yml', () => {
  it('is triggered by a push to main, by hand, and on a schedule (future-dated posts)', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on['push']).toEqual({ branches: ['main'] });
    const schedule = workflow.on['schedule'] as { cron: string }[];
    expect(schedule.length).toBeGreaterThan(0);
    for (const entry of schedule) expect(entry.cron.split(' ')).toHaveLength(5);
  });

  it('uses Node 20, installs with npm ci, and deploys with the Pages actions', () => {
    const uses = steps.map((s) => s.uses?.split('@')[0]);
    expect(uses).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node', 'actions/cache', 'actions/deploy-pages']));
    expect(String(stepWith((s) => s.uses?.startsWith('actions/setup-node@') === true, 'setup-node').with?.['node-version'])).toBe('20');
    expect(steps.some((s) => s.run?.trim() === 'npm ci')).toBe(true);
    expect(uploadStep.with?.['path']).toBe('_site');
  });

  it('keeps .gazette-cache and the key folder under XDG_CACHE_HOME, which is inside the workspace', () => {
    const workspace = '/home/runner/work/site/site';
    const env = workflowEnv(workspace);
    expect(env['XDG_CACHE_HOME'], 'XDG_CACHE_HOME set for the whole workflow').toBeDefined();
    expect(isInside(env['XDG_CACHE_HOME'] as string, workspace)).toBe(true);
    const paths = cachedPaths(workspace, env);
    expect(paths).toContain('.gazette-cache');
    expect(paths).toContain(path.join(env['XDG_CACHE_HOME'] as string, 'gazette'));
    // The build comes after the cache is restored, the manifest is removed before the upload.
    const order = [cacheStep, buildStep, stripStep, uploadStep].map((s) => steps.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it(
    'its build and manifest steps build the site; the next run reuses cache and key and parses nothing',
    async () => {
      const workspace = await copyFixture('basic');
      const checkedOut = filesBelow(workspace);
      const env = workflowEnv(workspace);
      const artifact = path.join(workspace, uploadStep.with?.['path'] ?? '');
      const cached = cachedPaths(workspace, env).map((p) => path.resolve(workspace, p));

      // First run: nothing restored.
      const cold = postsParsed(runScript(buildStep.run ?? '', workspace, env));
      expect(cold).toBeGreaterThan(0);
      runScript(stripStep.run ?? '', workspace, env);
      expect(existsSync(path.join(artifact, 'index.html'))).toBe(true);
      expect(existsSync(path.join(artifact, '_headers')), 'the CSP header file Netlify and Cloudflare read').toBe(true);
      expect(filesBelow(artifact).filter((f) => path.basename(f).startsWith('.gazette'))).toEqual([]);
      // The key the build used is in a folder the cache step keeps.
      const key = path.join(env['XDG_CACHE_HOME'] as string, 'gazette', 'key');
      expect(existsSync(key)).toBe(true);
      expect(cached.some((folder) => isInside(key, folder))).toBe(true);

      // Next run: a fresh checkout (every file with a new mtime) with only the cached folders restored.
      const restored = new Set(checkedOut);
      for (const rel of filesBelow(workspace)) {
        const file = path.join(workspace, rel);
        if (!restored.has(rel) && !cached.some((folder) => isInside(file, folder))) rmSync(file);
      }
      rmSync(artifact, { recursive: true });
      const later = new Date(Date.now() + 60_000);
      for (const rel of checkedOut) utimesSync(path.join(workspace, rel), later, later);
      const warm = runScript(buildStep.run ?? '', workspace, env);
      expect(postsParsed(warm)).toBe(0);
      runScript(stripStep.run ?? '', workspace, env);
      expect(existsSync(path.join(artifact, 'index.html'))).toBe(true);
      expect(existsSync(path.join(artifact, MANIFEST))).toBe(false);

      // The cache kept without its key (a runner's fresh XDG folder) is not trusted: every post is parsed again.
      rmSync(artifact, { recursive: true });
      rmSync(path.dirname(key), { recursive: true });
      expect(postsParsed(runScript(buildStep.run ?? '', workspace, env))).toBe(cold);
    },
    SLOW,
  );
});

/** The subset of TOML the file uses: `[table]`, `[[array of tables]]`, `key = <JSON-compatible string or array>`. */
function readSimpleToml(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let table = root;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^(\[\[?)([\w.]+)\]\]?$/.exec(line);
    if (header) {
      const names = (header[2] as string).split('.');
      const last = names.pop() as string;
      let at = root;
      // A dotted name goes through the last table of an array of tables, as in TOML.
      for (const name of names) {
        const next = (at[name] ??= {}) as Record<string, unknown> | Record<string, unknown>[];
        at = Array.isArray(next) ? (next[next.length - 1] as Record<string, unknown>) : next;
      }
      if (header[1] === '[[') {
        const list = (at[last] ??= []) as Record<string, unknown>[];
        table = {};
        list.push(table);
      } else {
        table = (at[last] ??= {}) as Record<string, unknown>;
      }
      continue;
    }
    const pair = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) throw new Error(`not a line of the simple TOML subset: ${line}`);
    table[pair[1] as string] = JSON.parse(pair[2] as string);
  }
  return root;
}

function pythonTomllib(file: string): unknown {
  const result = spawnSync('python3', ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))', file], {
    encoding: 'utf8',
  });
  return result.status === 0 ? JSON.parse(result.stdout) : undefined;
}

describe('deploy/netlify.toml', () => {
  const toml = readSimpleToml(readFileSync(NETLIFY, 'utf8'));
  const build = toml['build'] as { command: string; publish: string; environment: Record<string, string> };
  const plugins = toml['plugins'] as { package: string; inputs: { paths: string[] } }[];

  it('sets the build command, the publish folder, Node 20 and the cache plugin with both folders', () => {
    expect(build.command).toMatch(/^XDG_CACHE_HOME="\$PWD\/\.xdg-cache" npx gazette build\b/);
    expect(build.command).toContain(`rm -f _site/${MANIFEST}`);
    expect(build.publish).toBe('_site');
    expect(build.environment['NODE_VERSION']).toBe('20');
    expect(plugins).toEqual([{ package: 'netlify-plugin-cache', inputs: { paths: ['.gazette-cache', '.xdg-cache'] } }]);
  });

  // A real TOML parser where one is at hand (no TOML package is a dependency): Python 3.11's tomllib.
  const parsed = pythonTomllib(NETLIFY);
  it.skipIf(parsed === undefined)('parses as TOML (Python tomllib) to what the line reader reads', () => {
    expect(parsed).toEqual(toml);
  });

  it(
    'its build command builds the site, writes the key where the plugin keeps it, and publishes no manifest',
    async () => {
      const site = await copyFixture('basic');
      const xdgHome = path.join(site, 'unused-xdg');
      postsParsed(runScript(build.command, site, { XDG_CACHE_HOME: xdgHome }));
      const publish = path.join(site, build.publish);
      expect(existsSync(path.join(publish, 'index.html'))).toBe(true);
      expect(existsSync(path.join(publish, MANIFEST))).toBe(false);
      expect(existsSync(path.join(site, '.xdg-cache', 'gazette', 'key'))).toBe(true);
      expect(existsSync(xdgHome)).toBe(false);
      for (const kept of plugins[0]?.inputs.paths ?? []) expect(existsSync(path.join(site, kept)), kept).toBe(true);
    },
    SLOW,
  );
});
