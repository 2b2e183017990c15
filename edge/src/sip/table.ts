// A string-keyed Map for entries that come and go by the thousand per second (calls by
// Call-ID), kept from rehashing with every swing in its size. The same as sip-core's
// transaction tables (packages/sip-core/src/transaction/table.ts, which its index does not
// export): V8 keeps a rehashed Map's old table, entries and all, linked to the new one, and
// once such a table is in the old generation every young collection copies what it links to.

// 4,096: see sip-core's table.ts for the measurements.
const FILLER = 4096;
/** Filler keys start with NUL, which no Call-ID carries; made once, shared. */
const FILLER_KEYS = Array.from({ length: FILLER }, (_, i) => `\u0000${i}`);

export class ChurnMap<V> {
  private readonly m = new Map<string, V | null>();

  constructor() {
    for (const k of FILLER_KEYS) this.m.set(k, null);
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
}
