/** A file's identity for caches and fingerprints: the sha256 of its bytes. Kept apart so warm builds need not load the parsers. */
import { createHash } from 'node:crypto';

export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
