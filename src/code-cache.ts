/**
 * Runs gazette's CommonJS bundles through node:vm with V8's code cache kept on
 * disk (dist/bundle/cli.js in the CLI, worker-bundle.js in each worker
 * thread), so that every run after the first skips compiling the bundle's
 * JavaScript (megabytes of it) in each thread.
 *
 * Why: a build after a one-post edit is short, and compiling code (first the
 * bundle, then each function on its first call) was a large part of it. Node 22 caches compiled code on its own
 * (`module.enableCompileCache`); Node 20 does not, and it offers a code cache
 * only to scripts compiled through node:vm, not to ES modules.
 *
 * The cache follows Node 22's conventions: `NODE_COMPILE_CACHE=dir` chooses
 * its folder, `NODE_DISABLE_COMPILE_CACHE=1` turns it off, and by default it
 * lives in the system's temporary folder. The cache is only an optimisation:
 * any problem with it (an unsafe folder, a damaged or foreign file, a full
 * disk) means the bundle is compiled as if there were none, silently.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';

/** Cache files kept in the folder: one per bundle version, Node version and set of flags. */
export const KEEP_CACHE_FILES = 8;

/** What loading did with the cache. */
export type CodeCacheUse =
  /** No cache: turned off, its folder not safe to use, or the file could not be written. */
  | 'off'
  /** Compiled from the cache. */
  | 'used'
  /** There was no usable cache; this run compiled the bundle and wrote one. */
  | 'written'
  /** There was no usable cache, and this run was not to write one. */
  | 'missing';

export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  exports: unknown;
  cache: CodeCacheUse;
}

export interface LoadBundleOptions {
  /** Folder for the cache files; undefined turns the cache off. Default: `codeCacheFolder(process.env)`. */
  folder?: string | undefined;
  /**
   * Write a cache when there is no usable one. Default: true. Worker threads
   * pass false: writing compiles eagerly, which means changing a V8 flag of
   * the whole process, so only the main thread does it (prepareCodeCache).
   */
  write?: boolean;
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
  const bundle = readBundle(file);
  const folder = usableFolder(options);
  let compiled: { script: vm.Script; cache: CodeCacheUse };
  if (folder === undefined) {
    compiled = { script: compile(bundle), cache: 'off' };
  } else {
    const cacheFile = cacheFileOf(folder, bundle);
    const cachedData = readOrUndefined(cacheFile);
    const fromCache = cachedData === undefined ? undefined : compile(bundle, cachedData);
    if (fromCache !== undefined && !fromCache.cachedDataRejected) compiled = { script: fromCache, cache: 'used' };
    else if (options.write === false) compiled = { script: compile(bundle), cache: 'missing' };
    else compiled = produceCache(bundle, folder, cacheFile);
  }
  return { exports: run(compiled.script, bundle.filename), cache: compiled.cache };
}

/**
 * Writes the cache of `file` when there is none, without running it: the
 * main thread does it for the worker threads' bundle, once per version.
 */
export function prepareCodeCache(file: string, options: Pick<LoadBundleOptions, 'folder'> = {}): CodeCacheUse {
  const bundle = readBundle(file);
  const folder = usableFolder(options);
  if (folder === undefined) return 'off';
  const cacheFile = cacheFileOf(folder, bundle);
  return existsSync(cacheFile) ? 'used' : produceCache(bundle, folder, cacheFile).cache;
}

interface Bundle {
  filename: string;
  /** The file's bytes, which the cache key hashes. */
  bytes: Buffer;
  source: string;
  /** The source in the function Node wraps every CommonJS module in. */
  wrapped: string;
}

function readBundle(file: string): Bundle {
  const filename = path.resolve(file);
  const bytes = readFileSync(filename);
  // scripts/bundle.mjs makes the bundles ASCII. Read as Latin-1 they become one-byte strings at once, where
  // decoding UTF-8 costs more in every thread and gives V8 a two-byte source twice the size.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  return { filename, bytes, source, wrapped: `(function (exports, require, module, __filename, __dirname) {${source}\n})` };
}

/**
 * The key names what V8 does not check itself: V8 compares only the source's
 * length, so a rebuilt bundle of the same length would run stale code. Flags
 * are in the key so that runs with different flags (a --cpu-prof run) keep
 * their own files instead of replacing each other's.
 */
function cacheFileOf(folder: string, bundle: Bundle): string {
  const key = createHash('sha256').update(`${process.version}\n${process.arch}\n${nodeFlags()}\n`).update(bundle.bytes).digest('hex').slice(0, 32);
  return path.join(folder, `gazette-${key}.bin`);
}

/** The flags Node was started with, V8's among them. */
function nodeFlags(): string {
  return `${process.execArgv.join(' ')}\n${process.env['NODE_OPTIONS'] ?? ''}`;
}

/**
 * Compiles the bundle for the cache and writes it through a temporary file
 * of this thread's own, so that a concurrent run reads a whole cache file or
 * none; then prunes the oldest files. The temporary file is opened first: a
 * folder that takes no file (read-only, full) costs no eager compilation.
 */
function produceCache(bundle: Bundle, folder: string, cacheFile: string): { script: vm.Script; cache: CodeCacheUse } {
  const temp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, 'w', 0o600);
  } catch {
    // The folder takes no file (read-only, full, removed): run without a cache, as documented above.
    return { script: compile(bundle), cache: 'off' };
  }
  const { script, data } = compileForCache(bundle);
  try {
    try {
      writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, cacheFile);
  } catch {
    // A full disk or a folder gone meanwhile: the compiled script runs all the same, and no half-written cache is left.
    rmSync(temp, { force: true });
    return { script, cache: 'off' };
  }
  pruneCache(folder, cacheFile);
  return { script, cache: 'written' };
}

/**
 * A cache holding every function of the bundle, not only those one run
 * happened to call: V8 caches what it compiled, and it compiles a function
 * on its first call. Compiling eagerly costs more, but once per bundle.
 * Falls back to a cache of the top level when eager compilation is not
 * possible or V8 would not take its cache back.
 */
function compileForCache(bundle: Bundle): { script: vm.Script; data: Buffer } {
  const eager = compileEagerly(bundle);
  if (eager !== undefined) {
    const data = eager.createCachedData();
    const script = compile(bundle, data);
    if (!script.cachedDataRejected) return { script, data };
  }
  const script = compile(bundle);
  return { script, data: script.createCachedData() };
}

function compileEagerly(bundle: Bundle): vm.Script | undefined {
  // The user chose how V8 compiles: leave that alone.
  if (/--(no-)?lazy\b/.test(nodeFlags())) return undefined;
  setFlagsFromString('--no-lazy');
  try {
    return compile(bundle);
  } finally {
    setFlagsFromString('--lazy');
  }
}

function compile(bundle: Bundle, cachedData?: Buffer): vm.Script {
  return new vm.Script(bundle.wrapped, {
    filename: bundle.filename,
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
 * The cache folder, created if needed; undefined when the cache is off or the
 * folder is not a plain folder, or (where there are owners) is not the user's
 * own or can be written by others: whoever can write a cache file decides
 * what code gazette runs.
 */
function usableFolder(options: Pick<LoadBundleOptions, 'folder'>): string | undefined {
  const folder = 'folder' in options ? options.folder : codeCacheFolder();
  if (folder === undefined) return undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const info = lstatSync(folder);
    const user = process.getuid?.();
    const safe = info.isDirectory() && (user === undefined || (info.uid === user && (info.mode & 0o022) === 0));
    return safe ? folder : undefined;
  } catch {
    // A folder that cannot be made or looked at is no cache folder; the bundle is compiled as if there were none.
    return undefined;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    // No cache file yet (the first run), or one that cannot be read: either way there is none to use.
    return undefined;
  }
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
