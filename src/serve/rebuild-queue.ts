/**
 * The rebuilds of a watch session. Paths reported changed are gathered and
 * built together; builds never overlap; a path reported during a build is
 * built right after it, never dropped; and a path that changed again while
 * it was being built is built once more (the settle check).
 */

export interface RebuildQueueOptions {
  /** Builds these paths (absolute, sorted). The queue builds nothing else until it settles. */
  rebuild(changed: readonly string[]): Promise<void>;
  /** What a path is now (currentSignature in source-watcher.ts), or undefined when it is gone. */
  signature(path: string): string | undefined;
  /** An error `rebuild` threw. */
  onError(cause: unknown): void;
  /** Default COALESCE_MS. */
  coalesceMs?: number;
  /** Default SETTLE_MS. */
  settleMs?: number;
}

/**
 * Events closer together than this are built as one change. Editors write a
 * file in one or two system calls; a `git checkout` or a generator script
 * writing many posts produces a burst, which the queue folds into the next
 * build anyway.
 */
export const COALESCE_MS = 5;
/**
 * chokidar drops a second `change` of one path within 50 ms of the first. A
 * path built within that window is stat'ed again after it, and rebuilt when
 * it changed since the build read it: the last save is never lost.
 */
export const SETTLE_MS = 60;

export class RebuildQueue {
  readonly #options: RebuildQueueOptions;
  readonly #pending = new Set<string>();
  readonly #settleChecks = new Set<NodeJS.Timeout>();
  #timer: NodeJS.Timeout | undefined;
  // True until start(): paths reported during the first build (which the caller runs) wait for it.
  #building = true;
  #stopped = false;

  constructor(options: RebuildQueueOptions) {
    this.#options = options;
  }

  /** Whether a build is running (or the first build has not been handed over by start()). */
  get building(): boolean {
    return this.#building;
  }

  /** A path added, changed or removed. */
  add(path: string): void {
    this.#pending.add(path);
    this.#schedule();
  }

  /** The first build is done: paths reported meanwhile are built now, and every later one as it comes. */
  start(): void {
    this.#building = false;
    if (this.#pending.size > 0) this.#schedule();
  }

  /** Builds nothing more (a build that is running finishes). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const check of this.#settleChecks) clearTimeout(check);
    this.#settleChecks.clear();
  }

  #schedule(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#flush().catch((cause: unknown) => this.#options.onError(cause));
    }, this.#options.coalesceMs ?? COALESCE_MS);
  }

  async #flush(): Promise<void> {
    if (this.#building || this.#stopped || this.#pending.size === 0) return;
    this.#building = true;
    const changed = [...this.#pending].sort();
    this.#pending.clear();
    // What each path looked like when the build started, for the settle check.
    const before = changed.map((path) => this.#options.signature(path));
    try {
      await this.#options.rebuild(changed);
    } finally {
      this.#building = false;
      this.#settle(changed, before);
      // Paths reported during the build are built next.
      if (this.#pending.size > 0) this.#schedule();
    }
  }

  /** After SETTLE_MS, queues again each path that is not what it was when its build started. */
  #settle(paths: readonly string[], before: readonly (string | undefined)[]): void {
    if (this.#stopped) return;
    const check = setTimeout(() => {
      this.#settleChecks.delete(check);
      if (this.#stopped) return;
      let again = false;
      paths.forEach((path, index) => {
        if (this.#options.signature(path) !== before[index] && !this.#pending.has(path)) {
          this.#pending.add(path);
          again = true;
        }
      });
      if (again) this.#schedule();
    }, this.#options.settleMs ?? SETTLE_MS);
    this.#settleChecks.add(check);
  }
}
