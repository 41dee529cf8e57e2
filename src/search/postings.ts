/**
 * Term → postings for the search index, lean enough for a large site: each
 * term is interned once (a Map to a number), its state is a slot in typed
 * arrays, and its postings are blocks in pages of Int32Array (a block
 * doubles each time, up to MAX_BLOCK), not a JS array per term. Postings
 * come in post order, so each term's list is appended to and never sorted.
 * A posting is `gap * 2 + strong`, the gap from the previous id (the first
 * from -1); a run of three or more posts in a row with the same `strong`
 * is its first posting then `-k`, k more posts.
 */
import type { PostSearch } from './terms.js';

/** Int32s per page: blocks never straddle pages, so no page is ever copied to grow. */
const PAGE = 1 << 18;
const FIRST_BLOCK = 2;
const MAX_BLOCK = 64;
/** A block: [next block's address or -1, its size, then `size` postings]. */
const HEADER = 2;

export class Postings {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Per term: its first and last block, postings in the last, the last post, its strong, and how many postings in a row the last entry stands for. */
  private slots = {
    head: new Int32Array(1024),
    tail: new Int32Array(1024),
    fill: new Int32Array(1024),
    last: new Int32Array(1024),
    strong: new Uint8Array(1024),
    run: new Int32Array(1024),
  };
  private readonly pages: Int32Array[] = [];
  /** The next free address: page * PAGE + offset. */
  private free = 0;
  /** Term ids in the terms' order, once lines() has sorted them. */
  private order: Uint32Array = new Uint32Array(0);

  /** A post's terms (its record, read once and then dropped by the caller), the post being `id`. */
  add(search: PostSearch | undefined, id: number): void {
    if (!search) return;
    for (const term of search.strong) this.post(term, id, 1);
    for (const term of search.body) this.post(term, id, 0);
  }

  private post(term: string, id: number, strong: number): void {
    const known = this.ids.get(term);
    if (known === undefined) {
      // Read after intern(): it may have widened the slots.
      const slot = this.intern(term);
      this.append(slot, (id + 1) * 2 + strong);
      this.slots.last[slot] = id;
      this.slots.strong[slot] = strong;
      return;
    }
    const slots = this.slots;
    if (id === (slots.last[known] as number) + 1 && strong === slots.strong[known]) {
      const run = (slots.run[known] as number) + 1;
      slots.run[known] = run;
      // A run of one more stays a plain posting ("2," is shorter than "-1,"); from two on it is `-k`.
      if (run === 1) this.append(known, 2 + strong);
      else this.setLast(known, -run);
    } else {
      this.append(known, (id - (slots.last[known] as number)) * 2 + strong);
      slots.run[known] = 0;
      slots.strong[known] = strong;
    }
    slots.last[known] = id;
  }

  private intern(term: string): number {
    const slot = this.terms.length;
    this.ids.set(term, slot);
    this.terms.push(term);
    if (slot === this.slots.head.length) this.grow();
    const block = this.block(FIRST_BLOCK);
    this.slots.head[slot] = block;
    this.slots.tail[slot] = block;
    this.slots.fill[slot] = 0;
    this.slots.run[slot] = 0;
    return slot;
  }

  private grow(): void {
    const size = this.slots.head.length * 2;
    const wider = <T extends Int32Array | Uint8Array>(from: T, to: T) => {
      to.set(from);
      return to;
    };
    const { head, tail, fill, last, strong, run } = this.slots;
    this.slots = {
      head: wider(head, new Int32Array(size)),
      tail: wider(tail, new Int32Array(size)),
      fill: wider(fill, new Int32Array(size)),
      last: wider(last, new Int32Array(size)),
      strong: wider(strong, new Uint8Array(size)),
      run: wider(run, new Int32Array(size)),
    };
  }

  /** A new empty block of `size` postings: its address. */
  private block(size: number): number {
    if (this.free >= PAGE * this.pages.length || (this.free % PAGE) + HEADER + size > PAGE) {
      this.pages.push(new Int32Array(PAGE));
      this.free = (this.pages.length - 1) * PAGE;
    }
    const address = this.free;
    const page = this.pages[Math.floor(address / PAGE)] as Int32Array;
    page[address % PAGE] = -1;
    page[(address % PAGE) + 1] = size;
    this.free += HEADER + size;
    return address;
  }

  private append(slot: number, value: number): void {
    const slots = this.slots;
    let tail = slots.tail[slot] as number;
    const size = this.at(tail + 1);
    if (slots.fill[slot] === size) {
      const next = this.block(Math.min(MAX_BLOCK, size * 2));
      this.put(tail, next);
      slots.tail[slot] = next;
      slots.fill[slot] = 0;
      tail = next;
    }
    this.put(tail + HEADER + (slots.fill[slot] as number), value);
    slots.fill[slot] = (slots.fill[slot] as number) + 1;
  }

  private setLast(slot: number, value: number): void {
    this.put((this.slots.tail[slot] as number) + HEADER + (this.slots.fill[slot] as number) - 1, value);
  }

  private at(address: number): number {
    return (this.pages[Math.floor(address / PAGE)] as Int32Array)[address % PAGE] as number;
  }

  private put(address: number, value: number): void {
    (this.pages[Math.floor(address / PAGE)] as Int32Array)[address % PAGE] = value;
  }

  /** Every term and its line's bytes in the shards (`["term",[…]]` and a comma), sorted in JavaScript's string order (UTF-16 code units, as the client compares). */
  lines(): { term: string; bytes: number }[] {
    const terms = this.terms;
    this.order = new Uint32Array(terms.length).map((_, at) => at).sort((a, b) => compareCodeUnits(terms[a] as string, terms[b] as string));
    this.ids.clear();
    const out: { term: string; bytes: number }[] = new Array(terms.length);
    for (let at = 0; at < terms.length; at++) {
      const slot = this.order[at] as number;
      const term = terms[slot] as string;
      let bytes = Buffer.byteLength(JSON.stringify(term)) + 6;
      let count = 0;
      this.each(slot, (value) => {
        bytes += digits(value);
        count++;
      });
      out[at] = { term, bytes: bytes + count - 1 };
    }
    return out;
  }

  /** The line of the `at`-th term in sorted order (after lines()): `["term",[…]]`. */
  json(at: number): string {
    const slot = this.order[at] as number;
    const values: number[] = [];
    this.each(slot, (value) => values.push(value));
    return `[${JSON.stringify(this.terms[slot])},[${values.join(',')}]]`;
  }

  private each(slot: number, visit: (value: number) => void): void {
    const tail = this.slots.tail[slot] as number;
    for (let block = this.slots.head[slot] as number; block !== -1; block = this.at(block)) {
      const count = block === tail ? (this.slots.fill[slot] as number) : this.at(block + 1);
      for (let n = 0; n < count; n++) visit(this.at(block + HEADER + n));
    }
  }
}

/** Characters of `value` written in decimal. */
function digits(value: number): number {
  let n = value < 0 ? -value : value;
  let count = value < 0 ? 2 : 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    count++;
  }
  return count;
}

/** JavaScript's own string order (UTF-16 code units): the client compares the same way. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
