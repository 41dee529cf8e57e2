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
import { join, relative, resolve, sep } from 'node:path';
import { type Builder, type BuildOptions, type BuildResult, createBuilder } from '../build/builder.js';
import { count } from '../counts.js';
import type { Diagnostic } from '../diagnostics.js';
import { isTemplateError } from '../render/render-failures.js';
import type { Reporter } from '../report.js';
import { summaryLine } from '../report.js';
import { isWildcard } from './hosts.js';
import { RebuildQueue } from './rebuild-queue.js';
import { checkPort, type DevServer, startDevServer } from './server.js';
import { currentSignature, type SourceWatcher, watchSource } from './source-watcher.js';

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

/** After Ctrl-C / SIGTERM, the process exits by then even if a build is still running. */
const SHUTDOWN_MS = 800;

/** What the steps of a watch session share. */
interface Session {
  readonly options: WatchOptions;
  readonly reporter: Reporter;
  /** Absolute path of the site source. */
  readonly source: string;
  readonly builder: Builder;
  /** The dev server, once the first build is served (never without `serve`). */
  server?: DevServer;
  /** The first build has ended (the queue runs none before it is started). */
  firstBuilt: boolean;
  /** The rebuild queue was started: from then on, its `building` tells whether a rebuild runs. */
  queueStarted: boolean;
}

export async function watch(options: WatchOptions): Promise<number> {
  const { reporter } = options;
  // A port in use (or a host not of this machine) is told before anything is built or watched.
  if (options.serve && !(await portUsable(options))) return 2;
  // The same resolution as createBuilder's: the watcher starts before the first build.
  const source = resolve(options.source ?? '.');
  const destination = resolve(options.destination ?? join(source, '_site'));
  const session: Session = { options, reporter, source, builder: createBuilder(options), firstBuilt: false, queueStarted: false };
  const queue = new RebuildQueue({
    rebuild: (changed) => rebuild(session, changed),
    signature: currentSignature,
    onError: (cause) => reporter.line(`gazette: ${messageOf(cause)}`),
  });
  const stop = options.until ?? untilSignal();
  let stopping = false;
  void stop.then(() => {
    stopping = true;
    queue.stop();
  });
  const watcher = watchSource({
    source,
    destination,
    onChange: (path) => queue.add(path),
    onError: (cause) => reporter.line(`gazette: watcher error: ${messageOf(cause)}`),
  });
  if (options.until === undefined) exitSoonAfter(stop);
  const end = (code: number) => shutdown(session, queue, watcher, code);

  const first = await Promise.race([session.builder.build(), stop.then(() => undefined)]);
  if (first === undefined) return end(0);
  session.firstBuilt = true;
  if (first.usage) {
    reporter.line(`gazette: ${first.usage.message}\n  hint: ${first.usage.hint}`);
    return end(2);
  }
  reporter.buildResult(first);
  options.onBuild?.(first);
  if (options.serve && !(await startServing(session, destination, first))) return end(2);
  await Promise.race([watcher.ready, stop]);
  if (stopping) return end(0);
  announceReady(session);
  options.onReady?.(session.server?.url);
  session.queueStarted = true;
  queue.start();
  // The first build may have parsed nothing (a warm cache), leaving the post parser unloaded; load it now
  // rather than on the first save. Failing here costs nothing: the first build that needs it loads it.
  setImmediate(() => void import('../workers/parse-task.js').catch(() => undefined));

  await stop;
  return end(0);
}

/** Builds the paths that changed and reports how it went; the last good site stays served when it failed. */
async function rebuild(session: Session, changed: readonly string[]): Promise<void> {
  const names = changed.map((path) => toPosix(relative(session.source, path)) || '.');
  try {
    const result = await session.builder.build(changed);
    session.options.onBuild?.(result);
    reportRebuild(session, result, names);
  } catch (cause) {
    reportBuildError(session, cause, names);
  }
}

function reportRebuild(session: Session, result: BuildResult, names: readonly string[]): void {
  const { reporter, server } = session;
  const touched = new Set(names);
  // Warnings of files not touched by this save were printed before; errors are always shown.
  reporter.diagnostics(
    result.diagnostics.filter((d) => d.severity === 'error' || touched.has(d.file)),
    session.source,
  );
  if (!result.ok) {
    reporter.line(`${describe(names)}: ${summaryLine(result)}; still serving the last good site`);
    server?.showErrors(errorsOf(result));
    return;
  }
  const { stats, changedFiles } = result;
  const pages = `${count(stats.rendered, 'page')} rendered`;
  const files = `${count(changedFiles.length, 'file')} written`;
  const removed = stats.removed > 0 ? `, ${stats.removed} removed` : '';
  reporter.line(`rebuilt after ${describe(names)}: ${pages}, ${files}${removed} in ${Math.round(stats.ms)} ms`);
  server?.clearErrors();
  if (changedFiles.length > 0 || stats.removed > 0) server?.reload(changedFiles, { removed: stats.removed > 0 });
}

/**
 * A build that threw. A build turns every content problem (a template's
 * mistake too) into a diagnostic of its result; an error that escapes it
 * anyway is shown, and unless Nunjucks raised it, reported as gazette's own.
 */
function reportBuildError(session: Session, cause: unknown, names: readonly string[]): void {
  const { reporter } = session;
  const message = messageOf(cause);
  reporter.line(`gazette: rebuilding after ${describe(names)} failed: ${message}`);
  if (!isTemplateError(cause)) {
    reporter.line(`  (this may be a bug in gazette; please report it)\n${cause instanceof Error ? (cause.stack ?? '') : ''}`);
  }
  reporter.line('still serving the last good site');
  const file = names.find((name) => name.startsWith('templates/')) ?? names[0] ?? '.';
  session.server?.showErrors([{ file, severity: 'error', message }]);
}

/** Whether the server will be able to listen where asked; false when not (reported). */
async function portUsable(options: WatchOptions): Promise<boolean> {
  try {
    await checkPort(options.host, options.port);
    return true;
  } catch (cause) {
    options.reporter.line(`gazette: ${messageOf(cause)}`);
    return false;
  }
}

/** Serves the first build's output; false when the server cannot listen (reported). */
async function startServing(session: Session, destination: string, first: BuildResult): Promise<boolean> {
  const { options } = session;
  try {
    session.server = await startDevServer({ root: destination, host: options.host, port: options.port, baseurl: first.config?.baseurl ?? '' });
  } catch (cause) {
    session.reporter.line(`gazette: ${messageOf(cause)}`);
    return false;
  }
  if (!first.ok) session.server.showErrors(errorsOf(first));
  return true;
}

/** Printed once the server listens and the watcher is ready: a save after these lines is always seen. */
function announceReady(session: Session): void {
  const { options, reporter, server } = session;
  if (server) {
    reporter.line(`Serving at ${server.url}`);
    if (isWildcard(options.host)) {
      const where = server.networkUrls.length > 0 ? `: ${server.networkUrls.join(', ')}` : '';
      reporter.line(
        `gazette: warning: -H ${options.host} makes the preview (drafts, future posts and build errors included) reachable from the network${where}`,
      );
    }
    if (options.open) openBrowser(server.url);
  }
  reporter.line(`watching ${session.source} for changes; press Ctrl-C to stop`);
}

async function shutdown(session: Session, queue: RebuildQueue, watcher: SourceWatcher, code: number): Promise<number> {
  queue.stop();
  // The port first: it is what the user waits for.
  await Promise.all([session.server?.close(), watcher.close()]);
  const building = session.queueStarted ? queue.building : !session.firstBuilt;
  if (session.options.until === undefined && building) {
    // Ctrl-C during a build does not wait for it: the output is committed
    // file by file (each file either old or new, the manifest written
    // first) and a damaged cache is rebuilt, so stopping here is safe.
    session.reporter.line('gazette: stopped during a rebuild; the next build completes it');
    process.exit(code);
  }
  await session.builder.close();
  return code;
}

/** From the CLI: once asked to stop, the process exits within SHUTDOWN_MS even when a build is running. */
function exitSoonAfter(stop: Promise<void>): void {
  void stop.then(() => {
    setTimeout(() => process.exit(0), SHUTDOWN_MS).unref();
    // A second Ctrl-C exits at once.
    process.once('SIGINT', () => process.exit(0));
    process.once('SIGTERM', () => process.exit(0));
  });
}

/** The diagnostics the overlay shows: errors, or with `--strict` failing on warnings, everything. */
function errorsOf(result: BuildResult): Diagnostic[] {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return errors.length > 0 ? errors : result.diagnostics;
}

/** An error's own message: String(error) would print "Error: …", capitalised, after "gazette: ". */
function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
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
  // No opener on this system: the URL is printed above, to open by hand.
  child.on('error', () => undefined);
  child.unref();
}
