/** A file's identity for caches and fingerprints: the sha256 of its bytes. Kept apart so warm builds need not load the parsers. */
import { hash } from 'node:crypto';

export function digestOf(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}
