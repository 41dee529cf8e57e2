/**
 * `gazette watch`: build, serve, and rebuild on every save. Events are
 * coalesced; changes that arrive during a rebuild are queued and built next,
 * never dropped. A failing rebuild keeps the last good site served and shows
 * the diagnostics in the terminal and in the browser.
 *
 * Order of work: the file watcher starts before the first build (edits made
 * while it runs are built right after it), and "Serving at …" / "watching …"
 * are printed only once the watcher is ready, so a save made after those
 * lines is always seen.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { type BuildOptions, createBuilder, type BuildResult } from '../build/builder.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Reporter } from '../report.js';
import { summaryLine } from '../report.js';
import { CACHE_DIR } from '../cache/cache.js';
import { isWildcard } from './hosts.js';
import { fileSignature, watchPostFolders } from './post-folders.js';
import { startDevServer, type DevServer } from './server.js';

export interface WatchOptions extends BuildOptions {
  /** Default 4000; 0 = any free port. */
  port: number;
  /** Default '127.0.0.1'. */
  host: string;
  /** Open the site in the browser once served. */
  open: boolean;
  /** Serve the destination (false: only rebuild). */
  serve: boolean;
  reporter: Reporter;
  /**
   * Resolves when watching should stop (tests). Default: SIGINT or SIGTERM,
   * after which the process exits within `SHUTDOWN_MS` even if a build is
   * still running (a second signal exits at once).
   */
  until?: Promise<void>;
  /** Called after every build (tests, benchmarks). */
  onBuild?: (result: BuildResult) => void;
  /** Called once the server listens and the watcher is ready. */
  onReady?: (url: string | undefined) => void;
}

/**
 * Events closer together than this are built as one change. Editors write a
 * file in one or two system calls; a `git checkout` or a generator script
 * writing many posts produces a burst, which the queue folds into the next
 * build anyway.
 */
const COALESCE_MS = 5;
/**
 * chokidar drops a second `change` of one path within 50 ms of the first. A
 * path built within that window is stat'ed again after it, and rebuilt when
 * it changed since the build read it: the last save is never lost.
 */
const SETTLE_MS = 60;
/** After Ctrl-C / SIGTERM, the process exits by then even if a build is still running. */
const SHUTDOWN_MS = 800;

export async function watch(options: WatchOptions): Promise<number> {
  const { reporter } = options;
  // The same resolution as createBuilder's: the watcher starts before the first build.
  const source = resolve(options.source ?? '.');
  const destination = resolve(options.destination ?? join(source, '_site'));
  const stop = options.until ?? untilSignal();
  let stopping = false;
  void stop.then(() => {
    stopping = true;
  });

  const builder = createBuilder(options);
  const pending = new Set<string>();
  const ignored = ignoredPaths(source, destination);
  const onChange = (path: string) => {
    pending.add(path);
    schedule();
  };
  // Post folders hold thousands of files: they have a watcher of their own (see post-folders.ts).
  const watcherError = (cause: unknown) => reporter.line(`gazette: watcher error: ${String(cause)}`);
  const postFolders = watchPostFolders({ onChange, ignored, onError: watcherError });
  const watcher = chokidarWatch(source, {
    // chokidar meets every post folder (at start, and when one is created) and hands it over.
    ignored: (path: string) => {
      if (ignored(path)) return true;
      if (!POST_FOLDERS.has(basename(path))) return false;
      postFolders.add(path);
      return true;
    },
    ignoreInitial: true,
    persistent: true,
    // A linked folder may lead out of the source (to / itself); the build reads only links that stay
    // inside, and their targets are watched where they are.
    followSymlinks: false,
    // Editors that save by writing a temporary file and renaming it over the
    // post give one `change`, not an `unlink` and an `add` (which would build
    // the site without the post for a moment).
    atomic: true,
    // Builds read what is on disk when they run, and a save that continues
    // after the read is caught by the settle check: no need to wait for writes to finish.
    awaitWriteFinish: false,
  });
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  watcher.on('error', watcherError);

  let server: DevServer | undefined;
  const settleTimers = new Set<NodeJS.Timeout>();
  let timer: NodeJS.Timeout | undefined;
  // True until the first build is done, so events that arrive during it wait for it.
  let building = true;

  const flush = async (): Promise<void> => {
    if (building || stopping || pending.size === 0) return;
    building = true;
    const changed = [...pending].sort();
    pending.clear();
    const names = changed.map((path) => toPosix(relative(source, path)) || '.');
    // What each path looked like when the build started, for the settle check.
    const before = changed.map(signature);
    try {
      const result = await builder.build(changed);
      options.onBuild?.(result);
      report(result, names);
    } catch (cause) {
      // A build should turn every content problem into a diagnostic; if one
      // escapes (a template that does not compile, a bug), keep serving.
      const message = (cause as Error).message ?? String(cause);
      reporter.line(`gazette: rebuilding after ${describe(names)} failed: ${message}`);
      if (!(cause instanceof Error) || !/template|nunjucks|Template render error/i.test(`${cause.name} ${message}`)) {
        reporter.line(`  (this may be a bug in gazette; please report it)\n${(cause as Error).stack ?? ''}`);
      }
      reporter.line('still serving the last good site');
      server?.showErrors([{ file: names.find((n) => n.startsWith('templates/')) ?? names[0] ?? '.', severity: 'error', message }]);
    } finally {
      building = false;
      settle(changed, before);
      // Changes that arrived during the build are built next.
      if (pending.size > 0) schedule();
    }
  };

  const report = (result: BuildResult, names: readonly string[]) => {
    const touched = new Set(names);
    // Warnings of files not touched by this save were printed before; errors are always shown.
    reporter.diagnostics(result.diagnostics.filter((d) => d.severity === 'error' || touched.has(d.file)), source);
    const { stats } = result;
    if (result.ok) {
      const pages = `${stats.rendered} ${stats.rendered === 1 ? 'page' : 'pages'} rendered`;
      const files = `${result.changedFiles.length} ${result.changedFiles.length === 1 ? 'file' : 'files'} written`;
      const removed = stats.removed > 0 ? `, ${stats.removed} removed` : '';
      reporter.line(`rebuilt after ${describe(names)}: ${pages}, ${files}${removed} in ${Math.round(stats.ms)} ms`);
      server?.clearErrors();
      if (result.changedFiles.length > 0 || stats.removed > 0) server?.reload(result.changedFiles.length > 0 ? result.changedFiles : ['.html']);
    } else {
      reporter.line(`${describe(names)}: ${summaryLine(result)}; still serving the last good site`);
      server?.showErrors(errorsOf(result));
    }
  };

  const settle = (paths: readonly string[], before: readonly (string | undefined)[]) => {
    if (stopping) return;
    const check = setTimeout(() => {
      settleTimers.delete(check);
      if (stopping) return;
      let again = false;
      paths.forEach((path, index) => {
        if (signature(path) !== before[index] && !pending.has(path)) {
          pending.add(path);
          again = true;
        }
      });
      if (again) schedule();
    }, SETTLE_MS);
    settleTimers.add(check);
  };

  // A declaration (hoisted): the post-folder watcher made above reports through it.
  function schedule(): void {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      flush().catch((cause: unknown) => reporter.line(`gazette: ${String(cause)}`));
    }, COALESCE_MS);
  }
  // Folder events are not needed: chokidar reports the files of an added or
  // removed folder one by one, and an empty folder changes nothing.
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, onChange);

  const shutdown = async (code: number): Promise<number> => {
    stopping = true;
    clearTimeout(timer);
    for (const check of settleTimers) clearTimeout(check);
    settleTimers.clear();
    postFolders.close();
    // The port first: it is what the user waits for.
    await Promise.all([server?.close(), watcher.close()]);
    if (options.until === undefined && building) {
      // Ctrl-C during a build does not wait for it: the output is committed
      // file by file (each file either old or new, the manifest written
      // first) and a damaged cache is rebuilt, so stopping here is safe.
      reporter.line('gazette: stopped during a rebuild; the next build completes it');
      process.exit(code);
    }
    await builder.close();
    return code;
  };
  if (options.until === undefined) {
    // From the CLI: exit within SHUTDOWN_MS even when a build is running.
    void stop.then(() => {
      setTimeout(() => process.exit(0), SHUTDOWN_MS).unref();
      process.once('SIGINT', () => process.exit(0));
      process.once('SIGTERM', () => process.exit(0));
    });
  }

  const first = await Promise.race([builder.build(), stop.then(() => undefined)]);
  if (first === undefined) return shutdown(0);
  if (first.usage) {
    reporter.line(`gazette: ${first.usage.message}\n  hint: ${first.usage.hint}`);
    return shutdown(2);
  }
  reporter.buildResult(first);
  options.onBuild?.(first);

  if (options.serve) {
    try {
      server = await startDevServer({ root: destination, host: options.host, port: options.port, baseurl: first.config?.baseurl ?? '' });
    } catch (cause) {
      reporter.line(`gazette: ${(cause as Error).message}`);
      return shutdown(2);
    }
    if (!first.ok) server.showErrors(errorsOf(first));
  }
  await Promise.race([ready, stop]);
  if (stopping) return shutdown(0);
  if (server) {
    reporter.line(`Serving at ${server.url}`);
    if (isWildcard(options.host)) {
      const where = server.networkUrls.length > 0 ? `: ${server.networkUrls.join(', ')}` : '';
      reporter.line(`gazette: warning: -H ${options.host} makes the preview (drafts, future posts and build errors included) reachable from the network${where}`);
    }
    if (options.open) openBrowser(server.url);
  }
  reporter.line(`watching ${source} for changes; press Ctrl-C to stop`);
  options.onReady?.(server?.url);
  building = false;
  if (pending.size > 0) schedule();
  // The first build may have parsed nothing (a warm cache), leaving the post
  // parser unloaded; load it now rather than on the first save.
  setImmediate(() => void import('../workers/parse-task.js').catch(() => undefined));

  await stop;
  return shutdown(0);
}

/** Folders whose files are posts (Jekyll's `_posts/` and `_drafts/`, at any depth of the site). */
const POST_FOLDERS = new Set(['_posts', '_drafts']);

/** The diagnostics the overlay shows: errors, or with `--strict` failing on warnings, everything. */
function errorsOf(result: BuildResult): Diagnostic[] {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return errors.length > 0 ? errors : result.diagnostics;
}

/**
 * What the watcher skips: the destination, the cache, dependencies, hidden
 * files and folders (editor swap files, `.git`), and editors' backup, swap
 * and probe files (`post.md~`, `#post.md#`, `post.md.swp`, vim's `4913`).
 */
function ignoredPaths(source: string, destination: string): (path: string) => boolean {
  return (path) => {
    const rel = relative(source, path);
    if (rel === '') return false;
    const toDestination = relative(destination, path);
    if (toDestination === '' || (!toDestination.startsWith('..') && !toDestination.startsWith(sep) && !/^[a-zA-Z]:/.test(toDestination))) return true;
    const parts = rel.split(sep);
    if (parts[0] === CACHE_DIR || parts[0] === 'node_modules' || parts.some((part) => part.startsWith('.'))) return true;
    const name = basename(path);
    return name.endsWith('~') || /^#.*#$/.test(name) || name === '4913' || /\.sw[pox]$/.test(name);
  };
}

/**
 * Size, modification time and inode, or undefined for a path that is gone.
 * Synchronous on purpose: after an event chokidar re-reads the folder, which
 * queues a call per file on libuv's thread pool; an asynchronous stat would
 * wait behind them (tens of ms when that folder is large).
 */
function signature(path: string): string | undefined {
  try {
    return fileSignature(statSync(path));
  } catch {
    return undefined;
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function describe(names: readonly string[]): string {
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
