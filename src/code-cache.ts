/**
 * Runs a CommonJS bundle (dist/bundle/cli.js) through node:vm with V8's code
 * cache kept on disk, so that every run after the first skips compiling
 * gazette's 1.7 MB of JavaScript.
 *
 * Why: a build after a one-post edit takes about half a second, and a tenth of
 * that went to compiling code, first the bundle and then each function on its
 * first call. Node 22 caches compiled code on its own
 * (`module.enableCompileCache`); Node 20 does not, and it offers a code cache
 * only to scripts compiled through node:vm, not to ES modules.
 *
 * The cache follows Node 22's conventions: `NODE_COMPILE_CACHE=dir` chooses
 * its folder, `NODE_DISABLE_COMPILE_CACHE=1` turns it off, and by default it
 * lives in the system's temporary folder. The cache is only an optimisation:
 * any problem with it (an unsafe folder, a damaged or foreign file, a full
 * disk) means the bundle is compiled as if there were none, silently.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

/** Cache files kept in the folder: one per bundle version, Node version and set of flags. */
export const KEEP_CACHE_FILES = 8;

/** What loading did with the cache. */
export type CodeCacheUse =
  /** No cache: turned off, or its folder is not safe to use. */
  | 'off'
  /** Compiled from the cache. */
  | 'used'
  /** There was no usable cache; this run compiled the bundle and wrote one. */
  | 'written';

export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  exports: unknown;
  cache: CodeCacheUse;
}

export interface LoadBundleOptions {
  /** Folder for the cache files; undefined turns the cache off. Default: `codeCacheFolder(process.env)`. */
  folder?: string | undefined;
}

/** Where the cache lives, from the environment: undefined when it is turned off. */
export function codeCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['NODE_DISABLE_COMPILE_CACHE']) return undefined;
  const chosen = env['NODE_COMPILE_CACHE'];
  if (chosen) return path.resolve(chosen);
  // One folder per user: another user's folder would fail the ownership check.
  const user = process.getuid?.();
  return path.join(tmpdir(), user === undefined ? 'gazette-compile-cache' : `gazette-compile-cache-${user}`);
}

/**
 * Compiles and runs the CommonJS file `file` as Node would require it, with
 * the code cache when there is a usable one, and returns its exports. Errors
 * the bundle throws while it runs are the caller's; cache problems never are.
 */
export function loadBundle(file: string, options: LoadBundleOptions = {}): LoadedBundle {
  const filename = path.resolve(file);
  const source = readFileSync(filename, 'utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const folder = 'folder' in options ? options.folder : codeCacheFolder();
  const { script, cache } = folder !== undefined && usableFolder(folder) ? compileCached(wrapped, filename, folder, source) : { script: compile(wrapped, filename), cache: 'off' as const };
  return { exports: run(script, filename), cache };
}

function compileCached(wrapped: string, filename: string, folder: string, source: string): { script: vm.Script; cache: CodeCacheUse } {
  const cacheFile = path.join(folder, `gazette-${cacheKey(source)}.bin`);
  const cachedData = readOrUndefined(cacheFile);
  if (cachedData !== undefined) {
    const script = compile(wrapped, filename, cachedData);
    if (!script.cachedDataRejected) return { script, cache: 'used' };
  }
  const { script, data } = produceCache(wrapped, filename);
  return { script, cache: writeCache(folder, cacheFile, data) ? 'written' : 'off' };
}

/**
 * The key names what V8 does not check itself: V8 compares only the source's
 * length, so a rebuilt bundle of the same length would run stale code. Flags
 * are in the key so that runs with different flags (a --cpu-prof run) keep
 * their own files instead of replacing each other's.
 */
function cacheKey(source: string): string {
  const flags = `${process.execArgv.join(' ')}\n${process.env['NODE_OPTIONS'] ?? ''}`;
  return createHash('sha256').update(`${process.version}\n${process.arch}\n${flags}\n`).update(source).digest('hex').slice(0, 32);
}

/**
 * A cache holding every function of the bundle, not only those one run
 * happened to call: V8 caches what it compiled, and it compiles a function
 * on its first call. Compiling eagerly takes about 0.2 s, once per bundle.
 * Falls back to a cache of the top level when eager compilation is not
 * possible or V8 would not take its cache back.
 */
function produceCache(wrapped: string, filename: string): { script: vm.Script; data: Buffer } {
  const eager = compileEagerly(wrapped, filename);
  if (eager !== undefined) {
    const data = eager.createCachedData();
    const script = compile(wrapped, filename, data);
    if (!script.cachedDataRejected) return { script, data };
  }
  const script = compile(wrapped, filename);
  return { script, data: script.createCachedData() };
}

function compileEagerly(wrapped: string, filename: string): vm.Script | undefined {
  // The user chose how V8 compiles: leave that alone.
  if (/--(no-)?lazy\b/.test(`${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`)) return undefined;
  setFlagsFromString('--no-lazy');
  try {
    return compile(wrapped, filename);
  } finally {
    setFlagsFromString('--lazy');
  }
}

function compile(wrapped: string, filename: string, cachedData?: Buffer): vm.Script {
  return new vm.Script(wrapped, {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
    // A bundle calls no import() (scripts/bundle.mjs checks); should one appear, it resolves as in a module.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

function run(script: vm.Script, filename: string): unknown {
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
  return module.exports;
}

/**
 * Creates the folder if needed; refuses one that is not a plain folder, or
 * (where there are owners) is not the user's own or can be written by others:
 * whoever can write a cache file decides what code gazette runs.
 */
function usableFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const info = lstatSync(folder);
    if (!info.isDirectory()) return false;
    const user = process.getuid?.();
    return user === undefined || (info.uid === user && (info.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file, so that a concurrent run reads a whole cache file or none; then prunes the oldest files. */
function writeCache(folder: string, cacheFile: string, data: Buffer): boolean {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, cacheFile);
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
  pruneCache(folder, cacheFile);
  return true;
}

/** Keeps the newest KEEP_CACHE_FILES cache files (this run's among them), and no temporary file older than an hour. */
function pruneCache(folder: string, keep: string): void {
  try {
    const now = Date.now();
    const files = readdirSync(folder)
      .filter((name) => name.startsWith('gazette-'))
      .map((name) => {
        const file = path.join(folder, name);
        return { file, mtime: statSync(file).mtimeMs };
      });
    const caches = files.filter(({ file }) => file.endsWith('.bin') && file !== keep).sort((a, b) => b.mtime - a.mtime);
    const stale = [...caches.slice(KEEP_CACHE_FILES - 1), ...files.filter(({ file, mtime }) => file.endsWith('.tmp') && now - mtime > 3_600_000)];
    for (const { file } of stale) rmSync(file, { force: true });
  } catch {
    // Pruning is housekeeping: a file that vanished or cannot be removed is left to the next run.
  }
}
