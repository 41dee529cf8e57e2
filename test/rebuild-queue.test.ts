/**
 * The watch session's rebuild queue (src/serve/rebuild-queue.ts) on its own:
 * bursts built as one, nothing built before the first build is handed over,
 * builds never overlapping, paths reported during a build built after it,
 * the settle check, and nothing built once stopped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RebuildQueue } from '../src/serve/rebuild-queue.js';

const SETTLE_MS = 30;

interface Harness {
  queue: RebuildQueue;
  builds: string[][];
  errors: unknown[];
  /** What `signature` returns for each path (undefined: gone). */
  signatures: Map<string, string>;
  /** Set to hold the next build open until `release` is called. */
  hold: boolean;
  release: () => void;
  running: number;
  overlapped: boolean;
}

const queues: RebuildQueue[] = [];
afterEach(() => {
  for (const queue of queues.splice(0)) queue.stop();
});

function harness(rebuildError?: Error): Harness {
  const h: Harness = {
    builds: [],
    errors: [],
    signatures: new Map(),
    hold: false,
    release: () => undefined,
    running: 0,
    overlapped: false,
    queue: undefined as unknown as RebuildQueue,
  };
  h.queue = new RebuildQueue({
    rebuild: async (changed) => {
      h.running++;
      if (h.running > 1) h.overlapped = true;
      h.builds.push([...changed]);
      if (h.hold) {
        h.hold = false;
        await new Promise<void>((done) => (h.release = done));
      }
      h.running--;
      if (rebuildError) throw rebuildError;
    },
    signature: (path) => h.signatures.get(path),
    onError: (cause) => h.errors.push(cause),
    coalesceMs: 5,
    settleMs: SETTLE_MS,
  });
  queues.push(h.queue);
  return h;
}

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(5);
  }
}

describe('rebuild queue', () => {
  it('builds nothing until the first build is handed over, then what was reported meanwhile, sorted, in one build', async () => {
    const h = harness();
    h.queue.add('/site/b.md');
    h.queue.add('/site/a.md');
    h.queue.add('/site/b.md');
    await wait(20);
    expect(h.builds).toEqual([]);
    expect(h.queue.building).toBe(true);
    h.queue.start();
    await until(() => h.builds.length === 1, 'the build');
    expect(h.builds).toEqual([['/site/a.md', '/site/b.md']]);
    await until(() => !h.queue.building, 'the end of the build');
  });

  it('a burst of reports is one build', async () => {
    const h = harness();
    h.queue.start();
    for (const name of ['c', 'a', 'b']) h.queue.add(`/site/${name}.md`);
    await until(() => h.builds.length === 1, 'the build');
    await wait(20);
    expect(h.builds).toEqual([['/site/a.md', '/site/b.md', '/site/c.md']]);
  });

  it('a path reported during a build is built after it, never at the same time', async () => {
    const h = harness();
    h.queue.start();
    h.hold = true;
    h.queue.add('/site/a.md');
    await until(() => h.builds.length === 1, 'the first build');
    expect(h.queue.building).toBe(true);
    h.queue.add('/site/b.md');
    await wait(20);
    expect(h.builds).toHaveLength(1);
    h.release();
    await until(() => h.builds.length === 2, 'the second build');
    expect(h.builds[1]).toEqual(['/site/b.md']);
    expect(h.overlapped).toBe(false);
  });

  it('a path that changed while it was built is built again once it settles; one that did not is not', async () => {
    const h = harness();
    h.signatures.set('/site/a.md', '1');
    h.signatures.set('/site/b.md', '1');
    h.queue.start();
    h.hold = true;
    h.queue.add('/site/a.md');
    h.queue.add('/site/b.md');
    await until(() => h.builds.length === 1, 'the first build');
    // Written again during the build, and its event lost (chokidar drops a second change within 50 ms).
    h.signatures.set('/site/a.md', '2');
    h.release();
    await until(() => h.builds.length === 2, 'the settle rebuild');
    expect(h.builds[1]).toEqual(['/site/a.md']);
    await wait(SETTLE_MS * 3);
    expect(h.builds).toHaveLength(2);
  });

  it('a path removed during its build is built again (gone is a change)', async () => {
    const h = harness();
    h.signatures.set('/site/a.md', '1');
    h.queue.start();
    h.hold = true;
    h.queue.add('/site/a.md');
    await until(() => h.builds.length === 1, 'the first build');
    h.signatures.delete('/site/a.md');
    h.release();
    await until(() => h.builds.length === 2, 'the settle rebuild');
    expect(h.builds[1]).toEqual(['/site/a.md']);
  });

  it('a build that throws is reported to onError, and the queue goes on', async () => {
    const h = harness(new Error('boom'));
    h.queue.start();
    h.queue.add('/site/a.md');
    await until(() => h.errors.length === 1, 'the error');
    expect((h.errors[0] as Error).message).toBe('boom');
    h.queue.add('/site/b.md');
    await until(() => h.builds.length === 2, 'the next build');
    expect(h.builds[1]).toEqual(['/site/b.md']);
  });

  it('builds nothing once stopped, neither reported paths nor settle checks', async () => {
    const h = harness();
    h.signatures.set('/site/a.md', '1');
    h.queue.start();
    h.hold = true;
    h.queue.add('/site/a.md');
    await until(() => h.builds.length === 1, 'the first build');
    h.signatures.set('/site/a.md', '2');
    h.queue.add('/site/b.md');
    h.queue.stop();
    h.release();
    await until(() => !h.queue.building, 'the end of the running build');
    h.queue.add('/site/c.md');
    await wait(SETTLE_MS * 3);
    expect(h.builds).toHaveLength(1);
  });
});
