/**
 * How many worker threads a build uses, and from how much work on. Pure: the
 * caller reads the machine (os.availableParallelism(), os.loadavg()).
 *
 * Each worker loads the bundle and warms its own JIT for the whole pipeline
 * (about a second of CPU), and the threads share the cores with this one.
 * Measured on 2 vCPUs (bench/RESULTS.md, "Leads"): at 2,000 posts two
 * workers took the same wall time as this thread alone, for 1.45× the CPU and
 * 1.8× the memory; at 6,000 and 20,000 posts they took 0.7× and 0.65× the wall
 * time, when the cores were idle, and more than one thread when they were not.
 * So, unless `--jobs` says otherwise, workers are used only for as much work
 * as pays for them, and only as many as there are idle cores (measured over
 * the build's own start: reading the config and listing the files).
 */

/** What a build's parse and render phases read to decide on the pool. */
export interface ThreadRule {
  /** Worker threads in the pool; 1: everything on this thread, no pool. */
  threads: number;
  /** Posts to parse from which the parse runs in the pool. */
  parseFrom: number;
  /** Pages to render from which they are rendered in the pool. */
  renderFrom: number;
}

/** The machine, as the caller read it. */
export interface Machine {
  /** os.availableParallelism(). */
  cores: number;
  /** Cores other programs keep busy: busyCores() over this build's start, else os.loadavg()[0]. */
  load: number;
}

/** What the cores and this process had spent, at one moment (cpuSample in build/builder.ts). */
export interface CpuSample {
  /** performance.now(), ms. */
  at: number;
  /** Summed over os.cpus(): all time and idle time, ms. */
  total: number;
  idle: number;
  /** This process's user + system time (process.cpuUsage()), ms. */
  own: number;
}

/** Shorter than this, os.cpus()' 10 ms ticks say too little. */
const SHORTEST_SAMPLE_MS = 100;

/**
 * The cores other programs kept busy between two samples: busy time on every
 * core less this process's own, over the time between. Undefined when the
 * samples are too close to tell. Fresher than the load average, which still
 * counts a build that ended seconds ago.
 */
export function busyCores(before: CpuSample, after: CpuSample): number | undefined {
  const elapsed = after.at - before.at;
  if (elapsed < SHORTEST_SAMPLE_MS) return undefined;
  const busy = after.total - before.total - (after.idle - before.idle) - (after.own - before.own);
  return Math.max(0, busy / elapsed);
}

/**
 * With `--jobs N`: N threads, from the small thresholds at which a pool was
 * measured to cost less than it saves on an idle machine (the caller asked
 * for threads).
 */
export const JOBS_PARSE_FROM = 200;
export const JOBS_RENDER_FROM = 300;

/**
 * Without `--jobs`: below this many posts to parse (pages to render), one
 * thread is as fast as two workers on two cores and cheaper (measured: equal
 * wall time at 2,000 posts, 0.7× at 6,000).
 */
export const AUTO_FROM = 4000;

export function threadRule(jobs: number | undefined, machine: Machine): ThreadRule {
  if (jobs !== undefined) return { threads: Math.max(1, Math.floor(jobs)), parseFrom: JOBS_PARSE_FROM, renderFrom: JOBS_RENDER_FROM };
  // Cores other programs keep busy would be shared with the workers: a pool there is slower than this thread.
  const idle = Math.round(Math.max(0, machine.cores - machine.load));
  const threads = idle >= 2 ? Math.min(machine.cores, idle) : 1;
  return { threads, parseFrom: AUTO_FROM, renderFrom: AUTO_FROM };
}
