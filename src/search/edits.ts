/**
 * The search index patched for a body edit without rewriting its shards:
 * `search/edits.json` lists the posts whose terms changed since the shards
 * were written, each with all its current terms and snippet text. The client
 * drops those posts' postings from the shards and matches them against these
 * terms instead, so the index is never stale, and a body edit writes one
 * small file. Every query downloads the list, so it is kept small: an edit
 * that would take it over EDITS_MAX_BYTES has the index written anew, its
 * list empty.
 */
import { stringifyScriptSafeJson } from '../feeds/xml.js';
import type { PostSearch } from './terms.js';

/** The edits list's largest size (UTF-8 bytes): about a dozen long articles' words. */
export const EDITS_MAX_BYTES = 96 * 1024;

/** One edited post: its id (place in the index's list), its terms and its text. */
export type EditRecord = [id: number, strong: readonly string[], body: readonly string[], text: string];

export interface SearchEdit {
  readonly id: number;
  readonly search: PostSearch;
}

/**
 * The list `current` (the file's text) with each edit's record replacing the
 * post's earlier one, sorted by id. Undefined when `current` is not a list
 * of records (the file was not written by this index) or the list would be
 * over EDITS_MAX_BYTES: the build must write the index whole.
 */
export function patchEdits(current: string, edits: readonly SearchEdit[]): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(current);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every(isRecord)) return undefined;
  const byId = new Map<number, EditRecord>(parsed.map((record) => [record[0], record]));
  for (const { id, search } of edits) byId.set(id, [id, search.strong, search.body, search.text]);
  const patched = stringifyScriptSafeJson([...byId.values()].sort((a, b) => a[0] - b[0]));
  return Buffer.byteLength(patched) > EDITS_MAX_BYTES ? undefined : patched;
}

function isRecord(value: unknown): value is EditRecord {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    Number.isInteger(value[0]) &&
    (value[0] as number) >= 0 &&
    Array.isArray(value[1]) &&
    Array.isArray(value[2]) &&
    typeof value[3] === 'string'
  );
}
