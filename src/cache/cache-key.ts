/**
 * The key that authenticates what gazette caches (body packs, the cache
 * index and its journal, the edit index and its route packs). Cached HTML is
 * published as it is, without sanitising it again, so it is trusted only
 * when this machine wrote it: a cache committed to the site's repository, or
 * copied from elsewhere, was written under another key, fails its check and
 * is parsed again.
 *
 * The key is 32 random bytes made once per user and kept outside every site:
 * `$XDG_CACHE_HOME/gazette/key`, else `~/.cache/gazette/key` (mode 0600).
 * Where that cannot be written, each process makes a key of its own: every
 * build is then a cold one, never a wrong one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const KEY_BYTES = 32;
/** Hex digits of a MAC (HMAC-SHA256: with the CPU's SHA instructions, cheap beside reading the index it checks). */
export const MAC_LENGTH = 64;

let loaded: string | undefined;

/** The key as hex (it crosses to worker threads in each task). */
export function cacheKey(): string {
  loaded ??= readOrMakeKey(keyFile());
  return loaded;
}

function keyFile(): string {
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'gazette', 'key');
}

function readOrMakeKey(file: string): string {
  const existing = readKey(file);
  if (existing) return existing;
  const key = randomBytes(KEY_BYTES);
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    // Written aside, then linked into place: two processes making a key at once agree on the first one linked.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, key, { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch {
      // Another process linked its key first (read below), or links are not supported here.
    } finally {
      rmSync(temp, { force: true });
    }
  } catch {
    // No folder for the key can be made or written (a read-only home): this process uses its key in memory,
    // and its caches are ignored by the next process, which is safe, only slower.
    return key.toString('hex');
  }
  return readKey(file) ?? key.toString('hex');
}

function readKey(file: string): string | undefined {
  try {
    const bytes = readFileSync(file);
    return bytes.length === KEY_BYTES ? bytes.toString('hex') : undefined;
  } catch {
    // No key yet (the first run) or none readable: the caller makes one.
    return undefined;
  }
}

/** The MAC of `parts` under `key` (hex), as hex. */
export function macOf(key: string, ...parts: readonly (string | Uint8Array)[]): string {
  const hmac = createHmac('sha256', Buffer.from(key, 'hex'));
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/**
 * Bytes followed by `\n<mac>`, as index files are stored: the MAC covers
 * everything before it. Undefined when it does not match (a damaged file,
 * or one written under another key).
 */
export function verifiedBody(key: string, bytes: Buffer): Buffer | undefined {
  const at = bytes.length - MAC_LENGTH - 1;
  if (at < 0 || bytes[at] !== 0x0a) return undefined;
  const body = bytes.subarray(0, at);
  return bytes.subarray(at + 1).toString('latin1') === macOf(key, body) ? body : undefined;
}

/** `bytes` with their MAC appended (verifiedBody gives them back). */
export function withMac(key: string, bytes: Uint8Array): Buffer {
  return Buffer.concat([bytes, Buffer.from(`\n${macOf(key, bytes)}`, 'latin1')]);
}

/** Writes `bytes` and their MAC to `file` through a temporary file and a rename: a reader finds the old file or the new one, never part of one. */
export function writeWithMac(file: string, key: string, bytes: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, withMac(key, bytes));
  renameSync(temp, file);
}
