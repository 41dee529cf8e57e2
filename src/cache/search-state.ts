/**
 * What the published search index was made from, kept in the cache folder
 * (`search-state.json`): a full build whose posts changed only in their
 * bytes then patches the index's edits list for the posts that changed
 * (build/search-edits.ts) rather than writing every shard again.
 *
 * Trusted only under this machine's cache key (cache-key.ts): a forged state
 * could leave a post's terms stale in the index. And used only while the
 * destination's manifest still records the fingerprint it saw.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { verifiedBody, writeWithMac } from './cache-key.js';

/** 1: the first. */
const FORMAT = 1;
const STATE_FILE = 'search-state.json';
/** Hex digits of a post's digest kept: enough to tell two versions of one post apart. */
const DIGEST_CHARS = 16;

export interface SearchState {
  /** The destination (absolute) whose index this describes. */
  readonly destination: string;
  /** The search index route's fingerprint in that destination's manifest. */
  readonly fingerprint: string;
  /** What the index shows of the posts besides their words (build/search-edits.ts searchLayoutOf). */
  readonly layout: string;
  /** Per post id (its place in the site's posts), the digest of the bytes whose words the index holds, in its shards or its edits list. */
  readonly digests: readonly string[];
}

/** A post's digest as the state keeps it. */
export function stateDigest(digest: string): string {
  return digest.slice(0, DIGEST_CHARS);
}

/** The state in `dir`, or undefined: none, damaged, of another format, or not written under `cacheKey`. */
export function readSearchState(dir: string, cacheKey: string): SearchState | undefined {
  let value: Partial<SearchState> & { format?: unknown };
  try {
    const body = verifiedBody(cacheKey, readFileSync(join(dir, STATE_FILE)));
    if (!body) return undefined;
    value = JSON.parse(body.toString('utf8')) as typeof value;
  } catch {
    // Missing, unreadable or not JSON: the index is written whole.
    return undefined;
  }
  const ok =
    value.format === FORMAT &&
    typeof value.destination === 'string' &&
    typeof value.fingerprint === 'string' &&
    typeof value.layout === 'string' &&
    Array.isArray(value.digests) &&
    value.digests.every((digest) => typeof digest === 'string');
  return ok ? (value as SearchState) : undefined;
}

/** Saves `state`; a state that cannot be written is removed, so that none describes another index. */
export function saveSearchState(dir: string, state: SearchState, cacheKey: string): void {
  try {
    writeWithMac(join(dir, STATE_FILE), cacheKey, Buffer.from(JSON.stringify({ format: FORMAT, ...state }), 'utf8'));
  } catch (cause) {
    if (typeof (cause as NodeJS.ErrnoException).code !== 'string') throw cause;
    removeSearchState(dir);
  }
}

export function removeSearchState(dir: string): void {
  try {
    rmSync(join(dir, STATE_FILE), { force: true });
  } catch {
    // A state left behind names a manifest fingerprint the next build checks: a stale one is not used.
  }
}
