// A string-keyed Map for entries that come and go by the thousand per second (transactions,
// calls), kept from rehashing with every swing in its size.
//
// Why: V8 rehashes a Map's table when it grows, when it shrinks below a quarter of its
// capacity, and when deleted entries fill it; the old table keeps its entries and a link to
// the new one. An old table that was already promoted to the old generation is only found
// dead by a full collection, so until then every young-generation collection copies whatever
// it links to: the transactions and calls of that moment, and the next table, and so on. With
// a table that swings between 0 and a few dozen entries that is most of what a call allocates
// (measured: a redirected call cost 2x the CPU in-process). A few hundred permanent filler
// entries keep the table from shrinking and space out the rehashes that deletions force.

const FILLER = 512;
/** Filler keys start with NUL, which no SIP token or Call-ID carries. */
const fillerKey = (i: number): string => `\u0000${i}`;

export class ChurnMap<V> {
  private readonly m = new Map<string, V | null>();

  constructor() {
    for (let i = 0; i < FILLER; i++) this.m.set(fillerKey(i), null);
  }

  get(key: string): V | undefined {
    const v = this.m.get(key);
    return v === null ? undefined : v;
  }

  set(key: string, value: V): this {
    this.m.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    return this.m.delete(key);
  }

  /** Number of real entries. */
  get size(): number {
    return this.m.size - FILLER;
  }

  *values(): IterableIterator<V> {
    for (const v of this.m.values()) if (v !== null) yield v;
  }

  /** Drop every real entry (the filler stays). */
  clear(): void {
    for (const [k, v] of this.m) if (v !== null) this.m.delete(k);
  }
}
