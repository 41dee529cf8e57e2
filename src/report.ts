/**
 * The one place that prints: diagnostics (sorted, with code frames), the
 * progress line on a terminal, the summary line, and `--verbose`/`--profile`
 * details.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BuildResult } from './build/types.js';
import { count } from './counts.js';
import { type Diagnostic, escapeControls, formatDiagnostic, sortDiagnostics } from './diagnostics.js';

export interface ReporterOptions {
  quiet: boolean;
  verbose: boolean;
  profile: boolean;
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export interface Reporter {
  progress(phase: string, done: number, total: number): void;
  endProgress(): void;
  diagnostics(list: readonly Diagnostic[], source: string): void;
  buildResult(result: BuildResult): void;
  line(text: string): void;
}

export function createReporter(options: ReporterOptions): Reporter {
  const { stream } = options;
  const tty = stream.isTTY === true && !options.quiet;
  let progressShown = false;
  let lastDraw = 0;

  // Every text passes through escapeControls (file names, removals and notes come from the site);
  // the only control sequences printed are the progress line's own, written directly.
  const write = (text: string) => {
    if (progressShown) {
      stream.write('\r\x1b[K');
      progressShown = false;
    }
    stream.write(escapeControls(text));
  };

  const reporter: Reporter = {
    progress(phase, done, total) {
      if (!tty || total < 200) return;
      const now = Date.now();
      if (now - lastDraw < 80 && done < total) return;
      lastDraw = now;
      const width = 24;
      const filled = Math.round((done / total) * width);
      stream.write(`\r\x1b[K${phase.padEnd(6)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      progressShown = true;
    },
    endProgress() {
      if (progressShown) write('');
    },
    diagnostics(list, source) {
      const textOf = sourceTexts(source);
      for (const d of sortDiagnostics(list)) {
        if (options.quiet && d.severity === 'warning') continue;
        write(`${formatDiagnostic(d, d.line !== undefined ? textOf(d.file) : undefined)}\n`);
      }
    },
    buildResult(result) {
      reporter.diagnostics(result.diagnostics, result.source);
      if (!options.quiet && result.migration !== undefined && result.migration.length > 0) {
        write('note: moved from Jekyll; not carried over:\n');
        for (const line of result.migration) write(`  - ${line}\n`);
      }
      if (options.verbose) writeVerbose(result, write);
      if (options.profile) writeProfile(result.stats, write);
      write(`${summaryLine(result)}\n`);
    },
    line(text) {
      write(`${text}\n`);
    },
  };
  return reporter;
}

/** The source files' texts for code frames, each read once; undefined for a file that cannot be read. */
function sourceTexts(source: string): (file: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (file) => {
    if (!texts.has(file)) {
      try {
        // A theme template is named by its absolute path.
        texts.set(file, readFileSync(resolve(source, file), 'utf8'));
      } catch {
        // Removed or unreadable since the build read it: the diagnostic is printed without its code frame.
        texts.set(file, undefined);
      }
    }
    return texts.get(file);
  };
}

/** `--verbose`: the build's notes, and what the sanitiser removed from each post. */
function writeVerbose(result: BuildResult, write: (text: string) => void): void {
  for (const note of result.notes ?? []) write(`note: ${note}\n`);
  for (const post of result.removals) {
    write(`${post.source}: the sanitiser removed:\n`);
    for (const r of post.removed) write(`  ${r.line !== undefined ? `${r.line}:${r.column ?? 1}` : '-'}  ${r.what}\n`);
  }
}

/** `--profile`: the phases' times, then the slowest templates and posts. */
function writeProfile(stats: BuildResult['stats'], write: (text: string) => void): void {
  const phases = Object.entries(stats.phases).map(([name, ms]) => `${name} ${Math.round(ms)} ms`);
  const reuse = stats.fromEditIndex ? '; published from the edit index (nothing but post bodies changed)' : '';
  write(`profile: ${phases.join(', ')}; ${count(stats.parsed, 'post')} parsed, ${count(stats.rendered, 'route')} rendered${reuse}\n`);
  const templates = Object.entries(stats.templateMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  if (templates.length > 0) write(`  slowest templates: ${templates.map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(', ')}\n`);
  if (stats.slowestPosts.length > 0) write(`  slowest posts: ${stats.slowestPosts.map((p) => `${p.source} ${p.ms.toFixed(1)} ms`).join(', ')}\n`);
}

export function summaryLine(result: BuildResult): string {
  const { stats } = result;
  const seconds = (stats.ms / 1000).toFixed(2);
  const counts = [count(stats.posts, 'post'), count(stats.pages, 'page'), count(stats.warnings, 'warning'), count(stats.errors, 'error')].join(', ');
  if (!result.ok) return `${counts}; nothing was written (the destination is unchanged) in ${seconds}s`;
  const sanitized = stats.sanitized > 0 ? `, ${count(stats.sanitized, 'post')} had something removed by the sanitiser` : '';
  return `${counts}; ${count(stats.written, 'file')} written, ${stats.unchanged} unchanged, ${stats.removed} removed${sanitized} in ${seconds}s`;
}
