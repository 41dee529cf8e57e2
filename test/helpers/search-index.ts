/**
 * A built search index read back as the client reads it (assets/js/search.js):
 * every term's postings with the edits list applied, and every post's card
 * with its edited text. Two destinations whose indexes read back equal answer
 * every query alike, however their files are cut.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Posting = [id: number, strong: number];
type Card = [url: string, title: string, dateIso: string, dateDisplay: string, categories: string[], text: string];

export interface ReadIndex {
  /** Term → postings sorted by id. */
  terms: Map<string, Posting[]>;
  cards: Card[];
}

/** `gap * 2 + strong`, or `-k`: k more posts in a row, as strong as the one before. */
export function decodePostings(values: readonly number[]): Posting[] {
  let id = -1;
  let strong = 0;
  const out: Posting[] = [];
  for (const value of values) {
    if (value < 0) {
      for (let k = 0; k < -value; k++) out.push([++id, strong]);
      continue;
    }
    id += value >> 1;
    strong = value & 1;
    out.push([id, strong]);
  }
  return out;
}

export function readIndex(out: string): ReadIndex {
  const read = (file: string) => JSON.parse(readFileSync(join(out, 'search', file), 'utf8')) as unknown;
  const manifest = read('index.json') as { docs: number; chunk: number; shards: [string, string][] };
  const edits = read('edits.json') as [number, string[], string[], string][];
  const edited = new Map(edits.map((edit) => [edit[0], edit]));
  const terms = new Map<string, Posting[]>();
  const add = (term: string, posting: Posting) => {
    const list = terms.get(term) ?? [];
    list.push(posting);
    terms.set(term, list);
  };
  for (const [, file] of manifest.shards) {
    for (const [term, values] of read(`t/${file}.json`) as [string, number[]][]) {
      for (const posting of decodePostings(values)) if (!edited.has(posting[0])) add(term, posting);
    }
  }
  for (const [id, strong, body] of edits) {
    for (const term of strong) add(term, [id, 1]);
    for (const term of body) add(term, [id, 0]);
  }
  for (const list of terms.values()) list.sort((a, b) => a[0] - b[0]);
  const cards: Card[] = [];
  for (let n = 0; n * manifest.chunk < manifest.docs; n++) cards.push(...(read(`d/${n}.json`) as Card[]));
  for (const [id, , , text] of edits) (cards[id] as Card)[5] = text;
  return { terms: new Map([...terms].sort(([a], [b]) => (a < b ? -1 : 1))), cards };
}
