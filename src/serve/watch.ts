/**
 * `gazette watch`: build, serve, and rebuild on every save. Events are
 * coalesced; changes that arrive during a rebuild are queued and built next,
 * never dropped. A failing rebuild keeps the last good site served and shows
 * the diagnostics in the terminal and in the browser.
 */
import { spawn } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { type BuildOptions, createBuilder, type BuildResult } from '../build.js';
import type { Reporter } from '../report.js';
import { summaryLine } from '../report.js';
import { CACHE_DIR } from '../pipeline/cache.js';
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
  /** Resolves when watching should stop (tests); default: SIGINT or SIGTERM. */
  until?: Promise<void>;
  /** Called after every build (tests, benchmarks). */
  onBuild?: (result: BuildResult) => void;
  /** Called once the server listens. */
  onReady?: (url: string | undefined) => void;
}

/** Events closer together than this are built as one change. */
const COALESCE_MS = 8;

export async function watch(options: WatchOptions): Promise<number> {
  const { reporter } = options;
  const builder = createBuilder(options);
  const first = await builder.build();
  if (first.usage) {
    reporter.line(`gazette: ${first.usage.message}\n  hint: ${first.usage.hint}`);
    await builder.close();
    return 2;
  }
  reporter.buildResult(first);
  options.onBuild?.(first);
  const { source, destination } = first;

  let server: DevServer | undefined;
  if (options.serve) {
    try {
      server = await startDevServer({ root: destination, host: options.host, port: options.port, baseurl: first.config?.baseurl ?? '' });
    } catch (cause) {
      reporter.line(`gazette: ${(cause as Error).message}`);
      await builder.close();
      return 2;
    }
    reporter.line(`Serving at ${server.url}`);
    if (!first.ok) server.showErrors(first.diagnostics.filter((d) => d.severity === 'error'));
    if (options.open) openBrowser(server.url);
  }
  options.onReady?.(server?.url);

  const ignored = (path: string) => {
    const rel = relative(source, path);
    if (rel === '') return false;
    const insideDestination = !relative(destination, path).startsWith('..') && !relative(destination, path).startsWith(sep);
    const parts = rel.split(sep);
    return insideDestination || parts[0] === CACHE_DIR || parts[0] === 'node_modules' || parts.some((part) => part.startsWith('.'));
  };
  const watcher = chokidarWatch(source, { ignored, ignoreInitial: true, persistent: true });

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building = false;
  const flush = async (): Promise<void> => {
    if (building || pending.size === 0) return;
    building = true;
    const changed = [...pending];
    pending.clear();
    try {
      const result = await builder.build(changed);
      options.onBuild?.(result);
      const names = changed.map((path) => relative(source, path).split(sep).join('/'));
      if (result.ok) {
        reporter.diagnostics(result.diagnostics, source);
        reporter.line(`rebuilt ${describe(names)}: ${result.stats.rendered} pages rendered, ${result.changedFiles.length} files written in ${Math.round(result.stats.ms)} ms`);
        server?.clearErrors();
        if (result.changedFiles.length > 0) server?.reload(result.changedFiles);
      } else {
        reporter.diagnostics(result.diagnostics, source);
        reporter.line(`${summaryLine(result)}; still serving the last good site`);
        server?.showErrors(result.diagnostics.filter((d) => d.severity === 'error'));
      }
    } catch (cause) {
      reporter.line(`gazette: internal error while rebuilding (this is a bug, please report it):\n${(cause as Error).stack ?? String(cause)}`);
    } finally {
      building = false;
      // Changes that arrived during the build are built next.
      if (pending.size > 0) schedule();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      flush().catch((cause: unknown) => reporter.line(`gazette: ${String(cause)}`));
    }, COALESCE_MS);
  };
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) {
    watcher.on(event, (path: string) => {
      pending.add(event === 'addDir' || event === 'unlinkDir' ? join(path, '.') : path);
      schedule();
    });
  }
  watcher.on('error', (cause: unknown) => reporter.line(`gazette: watcher error: ${String(cause)}`));

  await (options.until ?? untilSignal());
  clearTimeout(timer);
  await watcher.close();
  await server?.close();
  await builder.close();
  return 0;
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
