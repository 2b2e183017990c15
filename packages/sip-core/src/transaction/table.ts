// A string-keyed table for entries that come and go by the thousand per second (transactions,
// calls): a fixed array of buckets, each a short chain, that never rehashes as its size swings.
//
// Why not a Map: V8 rehashes a Map's table when it grows, when it shrinks below a quarter of
// its capacity, and when deleted entries fill it; the old table keeps its entries and a link to
// the new one. An old table that was already promoted to the old generation is only found dead
// by a full collection, so until then every young-generation collection copied whatever it
// linked to: the transactions and calls of that moment (a redirected call cost 2x the CPU
// in-process). The first cure kept a Map from shrinking with 4,096 permanent filler entries,
// but then every lookup walked a ~200 KB table (buckets, entries, the filler keys' strings):
// on the SIP path, with the caches cold between calls, V8's FindOrderedHashMapEntry was ~6% of
// the edge's CPU (perf, 1,000 redirected calls/s). Here a lookup reads one bucket slot and
// the entries of its chain, which are the live ones only: the table holds nothing else.

/** One entry; chained from its bucket. */
class Entry<V> {
  constructor(
    readonly key: string,
    public value: V,
    public next: Entry<V> | null,
  ) {}
}

/** Buckets to start with (a power of two): 32 KB of slots, allocated once per table. */
const INITIAL_BUCKETS = 4096;
/** Grow (double, once in a long while) when the chains average more than this. */
const MAX_LOAD = 2;
/**
 * A random seed per process: which keys share a bucket cannot be chosen from outside
 * (branches and Call-IDs are written by callers).
 */
const SEED = (Math.random() * 0x100000000) >>> 0;

/** FNV-1a over the UTF-16 code units, seeded. */
function hashOf(s: string): number {
  let h = SEED ^ 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

export class ChurnMap<V> {
  private buckets: Array<Entry<V> | null>;
  private mask: number;
  private count = 0;

  constructor(buckets = INITIAL_BUCKETS) {
    let n = 16;
    while (n < buckets) n <<= 1;
    this.buckets = new Array<Entry<V> | null>(n).fill(null);
    this.mask = n - 1;
  }

  get(key: string): V | undefined {
    let e = this.buckets[hashOf(key) & this.mask] ?? null;
    while (e !== null) {
      if (e.key === key) return e.value;
      e = e.next;
    }
    return undefined;
  }

  set(key: string, value: V): this {
    const i = hashOf(key) & this.mask;
    const head = this.buckets[i] ?? null;
    for (let e = head; e !== null; e = e.next) {
      if (e.key === key) {
        e.value = value;
        return this;
      }
    }
    this.buckets[i] = new Entry(key, value, head);
    if (++this.count > this.buckets.length * MAX_LOAD) this.grow();
    return this;
  }

  delete(key: string): boolean {
    const i = hashOf(key) & this.mask;
    let prev: Entry<V> | null = null;
    for (let e = this.buckets[i] ?? null; e !== null; prev = e, e = e.next) {
      if (e.key !== key) continue;
      if (prev === null) this.buckets[i] = e.next;
      else prev.next = e.next;
      this.count--;
      return true;
    }
    return false;
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Every value (in no particular order). */
  *values(): IterableIterator<V> {
    for (const head of this.buckets.slice()) for (let e = head; e !== null; e = e.next) yield e.value;
  }

  /** Drop every entry. */
  clear(): void {
    this.buckets.fill(null);
    this.count = 0;
  }

  private grow(): void {
    const old = this.buckets;
    const n = old.length * 2;
    const next = new Array<Entry<V> | null>(n).fill(null);
    const mask = n - 1;
    for (let head of old) {
      while (head !== null) {
        const e = head;
        head = e.next;
        const i = hashOf(e.key) & mask;
        e.next = next[i] ?? null;
        next[i] = e;
      }
    }
    this.buckets = next;
    this.mask = mask;
  }
}
