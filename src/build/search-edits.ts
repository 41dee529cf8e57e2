/**
 * The I/O around search/edits.ts for the two body-edit builds: the
 * destination's `search/edits.json` read and patched with the edited posts'
 * new terms, as a file the plan stages (none when no post's terms were
 * parsed anew). Undefined: the destination has no index this can patch, and
 * the build must be a full one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedEntry } from '../cache/entry.js';
import { patchEdits, type SearchEdit } from '../search/edits.js';
import { EDITS_FILE } from '../search/index-files.js';

export interface StagedFile {
  readonly file: string;
  readonly data: string;
}

/**
 * `idOf`: a post's id in the index (undefined: the index does not list it,
 * so nothing of it needs patching; null: unknown, so the index cannot be patched).
 */
export function searchEditFiles(
  destination: string,
  edited: readonly ParsedEntry[],
  idOf: (source: string) => number | undefined | null,
): StagedFile[] | undefined {
  const edits: SearchEdit[] = [];
  for (const entry of edited) {
    // Read from the cache (a touched file): its terms are those the index has.
    if (entry.search === undefined) continue;
    const id = idOf(entry.source);
    if (id === null) return undefined;
    if (id !== undefined) edits.push({ id, search: entry.search });
  }
  if (edits.length === 0) return [];
  let current: string;
  try {
    current = readFileSync(join(destination, EDITS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const data = patchEdits(current, edits);
  return data === undefined ? undefined : [{ file: EDITS_FILE, data }];
}
