// One pacing scheduler for every stream of a process. Each stream has an absolute deadline
// grid on the monotonic clock (slot k is due at start + k * frameMs), so send times never drift
// however late a tick runs; a stream whose slots were missed (a stalled event loop) sends only
// the latest one and skips the rest, so it never bursts. A stream's start picks the millisecond
// of the frame it sends in (its bucket), so a tick touches only the streams that are due and the
// adapter needs one timer for the whole process (armed at `nextDeadline()`).
//
// Where a new stream starts trades wake-ups against burst length. Aligned starts (`alignMs`,
// default 5 ms: four wake-ups per frame) burst N/4 datagrams at once; at 1,000 streams through
// the edge on a contended box a burst of 250 sendmsg calls (~2.5 ms) was preempted often enough
// to skip slots. One bucket per millisecond keeps bursts at N/20 but wakes the process 1,000
// times a second at any N: ~80 us of CPU a wake-up measured through the edge, 0.3 ms per
// stream-second at 250 streams. `perWakeUp` packs instead: a new stream joins the soonest bucket
// that already has streams and room, and opens an empty one only when none has, so a wake-up
// sends at most `perWakeUp` datagrams and the process wakes only as often as N needs.
export interface PacedStream {
  /**
   * Slot `slot` is due (`skipped` earlier slots were not run because the clock jumped past them).
   * The stream derives its RTP timestamp from `slot`, which keeps it locked to the clock.
   */
  onSlot(slot: number, skipped: number, now: number): void;
}

interface Entry {
  stream: PacedStream;
  /** Slot 0's deadline: an integer ms on the scheduler's clock. */
  start: number;
  nextSlot: number;
  bucket: number;
}

export interface SchedulerStats {
  streams: number;
  slotsRun: number;
  slotsSkipped: number;
}

export class PacingScheduler {
  readonly frameMs: number;
  private readonly buckets: Set<Entry>[];
  private readonly entries = new Map<PacedStream, Entry>();
  /** The last whole millisecond whose bucket was run. */
  private lastMs: number;
  readonly stats: SchedulerStats = { streams: 0, slotsRun: 0, slotsSkipped: 0 };

  private readonly alignMs: number;
  private readonly perWakeUp: number;

  /**
   * `alignMs`: starts fall on multiples of it. `perWakeUp` (default: no cap, aligned starts
   * only): pack streams into the fewest aligned buckets holding at most that many each.
   */
  constructor(now: number, frameMs = 20, alignMs = 5, perWakeUp = Number.POSITIVE_INFINITY) {
    this.frameMs = frameMs;
    this.alignMs = Math.max(1, Math.min(frameMs, Math.floor(alignMs)));
    this.perWakeUp = Math.max(1, perWakeUp);
    this.buckets = Array.from({ length: frameMs }, () => new Set<Entry>());
    this.lastMs = Math.floor(now);
  }

  /**
   * Adds a stream; its slot 0 is due at the next multiple of `alignMs` after `now`, or with
   * `perWakeUp`, at the soonest aligned millisecond of the coming frame whose bucket is in use
   * and has room (else the soonest empty one, else the least loaded).
   */
  add(stream: PacedStream, now: number): void {
    if (this.entries.has(stream)) return;
    const after = Math.max(Math.floor(now), this.lastMs) + 1;
    const first = Math.ceil(after / this.alignMs) * this.alignMs;
    const start = this.perWakeUp === Number.POSITIVE_INFINITY ? first : this.packedStart(first);
    const e: Entry = { stream, start, nextSlot: 0, bucket: start % this.frameMs };
    this.entries.set(stream, e);
    (this.buckets[e.bucket] as Set<Entry>).add(e);
    this.stats.streams = this.entries.size;
  }

  private packedStart(first: number): number {
    let empty = -1;
    let least = first;
    let leastSize = Number.POSITIVE_INFINITY;
    for (let t = first; t < first + this.frameMs; t += this.alignMs) {
      const size = (this.buckets[t % this.frameMs] as Set<Entry>).size;
      if (size > 0 && size < this.perWakeUp) return t;
      if (size === 0 && empty < 0) empty = t;
      if (size < leastSize) {
        least = t;
        leastSize = size;
      }
    }
    return empty >= 0 ? empty : least;
  }

  /** How many wake-ups a frame needs: the buckets with streams. */
  get wakeUpsPerFrame(): number {
    let n = 0;
    for (const b of this.buckets) if (b.size > 0) n++;
    return n;
  }

  remove(stream: PacedStream): void {
    const e = this.entries.get(stream);
    if (!e) return;
    this.entries.delete(stream);
    (this.buckets[e.bucket] as Set<Entry>).delete(e);
    this.stats.streams = this.entries.size;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Runs every slot that is due at `now` (at most one per stream). */
  tick(now: number): void {
    const nowMs = Math.floor(now);
    if (nowMs <= this.lastMs) return;
    // After a stall longer than a frame every bucket is due once; never loop per missed ms.
    const from = Math.max(this.lastMs + 1, nowMs - this.frameMs + 1);
    this.lastMs = nowMs;
    for (let ms = from; ms <= nowMs; ms++) {
      for (const e of this.buckets[ms % this.frameMs] as Set<Entry>) {
        const due = e.start + e.nextSlot * this.frameMs;
        if (due > nowMs) continue;
        const slot = Math.floor((nowMs - e.start) / this.frameMs);
        const skipped = slot - e.nextSlot;
        e.nextSlot = slot + 1;
        this.stats.slotsRun++;
        this.stats.slotsSkipped += skipped;
        e.stream.onSlot(slot, skipped, now);
      }
    }
  }

  /** The earliest time at which `tick` has a slot to run, or Infinity with no streams. */
  nextDeadline(): number {
    if (this.entries.size === 0) return Number.POSITIVE_INFINITY;
    for (let ms = this.lastMs + 1; ms <= this.lastMs + this.frameMs; ms++) {
      if ((this.buckets[ms % this.frameMs] as Set<Entry>).size > 0) return ms;
    }
    return this.lastMs + this.frameMs;
  }
}
