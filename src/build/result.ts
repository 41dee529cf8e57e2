/** A build's clock, its phase timer and its counts, and the BuildResult made of them. */
import { countBySeverity } from '../diagnostics.js';
import type { Timer } from './execute.js';
import type { BuildResult, BuildStats } from './types.js';

/** One run of a build: its start, its phases and the counts its steps fill in. */
export interface Run {
  readonly started: number;
  readonly time: Timer;
  readonly stats: BuildStats;
}

export function startRun(): Run {
  const phases: Record<string, number> = {};
  const time: Timer = async (phase, work) => {
    const begin = performance.now();
    try {
      return await work();
    } finally {
      phases[phase] = (phases[phase] ?? 0) + performance.now() - begin;
    }
  };
  return { started: performance.now(), time, stats: { ...emptyStats(), phases } };
}

/** What a build step says it did; the run adds its counts and time. */
export type Outcome = Partial<Omit<BuildResult, 'stats' | 'source' | 'destination'>>;

/** The result: `ok` false unless the outcome says otherwise; warnings and errors counted from its diagnostics. */
export function resultOf(run: Run, where: { source: string; destination: string }, outcome: Outcome): BuildResult {
  const diagnostics = outcome.diagnostics ?? [];
  const counts = countBySeverity(diagnostics);
  const stats: BuildStats = { ...run.stats, warnings: counts.warnings, errors: counts.errors, ms: performance.now() - run.started };
  return { ok: false, removals: [], changedFiles: [], ...outcome, diagnostics, stats, source: where.source, destination: where.destination };
}

export function emptyStats(): BuildStats {
  return {
    posts: 0,
    pages: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    parsed: 0,
    rendered: 0,
    sanitized: 0,
    warnings: 0,
    errors: 0,
    ms: 0,
    phases: {},
    slowestPosts: [],
    templateMs: {},
    fromEditIndex: false,
    images: { files: 0, resized: 0 },
  };
}
