/**
 * src/workers/threads.ts: without --jobs, worker threads only for as much
 * work as pays for them and only on idle cores; --jobs N is obeyed.
 */
import { describe, expect, it } from 'vitest';
import { AUTO_FROM, busyCores, JOBS_PARSE_FROM, JOBS_RENDER_FROM, threadRule } from '../src/workers/threads.js';

describe('threadRule', () => {
  it('uses one worker per idle core, from AUTO_FROM posts or pages, when --jobs is absent', () => {
    expect(threadRule(undefined, { cores: 2, load: 0.2 })).toEqual({ threads: 2, parseFrom: AUTO_FROM, renderFrom: AUTO_FROM });
    expect(threadRule(undefined, { cores: 8, load: 3.4 })).toEqual({ threads: 5, parseFrom: AUTO_FROM, renderFrom: AUTO_FROM });
  });

  it('keeps everything on this thread when fewer than two cores are idle', () => {
    expect(threadRule(undefined, { cores: 2, load: 1.2 }).threads).toBe(1);
    expect(threadRule(undefined, { cores: 1, load: 0 }).threads).toBe(1);
    expect(threadRule(undefined, { cores: 4, load: 9 }).threads).toBe(1);
  });

  it('obeys --jobs whatever the machine, from the small thresholds', () => {
    expect(threadRule(2, { cores: 2, load: 5 })).toEqual({ threads: 2, parseFrom: JOBS_PARSE_FROM, renderFrom: JOBS_RENDER_FROM });
    expect(threadRule(1, { cores: 16, load: 0 }).threads).toBe(1);
  });
});

describe('busyCores', () => {
  const sample = (at: number, total: number, idle: number, own: number) => ({ at, total, idle, own });
  it('counts the busy time of every core less this process own, over the time between', () => {
    // 2 cores for 500 ms: 1,000 ms in all, 300 idle, this process 200: 500 ms busy elsewhere = one core.
    expect(busyCores(sample(0, 0, 0, 0), sample(500, 1000, 300, 200))).toBe(1);
    expect(busyCores(sample(0, 0, 0, 0), sample(500, 1000, 800, 200))).toBe(0);
  });

  it('says nothing about samples too close to tell', () => {
    expect(busyCores(sample(0, 0, 0, 0), sample(50, 100, 0, 0))).toBeUndefined();
  });
});
