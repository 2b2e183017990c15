// Time as an input: transactions never call setTimeout themselves. Production uses
// `realClock`; tests use `FakeClock` and advance it, so no test sleeps.

export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds (monotonic in realClock). */
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(h: TimerHandle): void;
}

/** setTimeout-backed clock (timers unref'd so they never hold the process open). */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t as unknown as TimerHandle;
  },
  clearTimer(h) {
    clearTimeout(h as unknown as NodeJS.Timeout);
  },
};

/** A clock that only moves when told to; due timers fire in time order. */
export class FakeClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void; seq: number }>();

  now(): number {
    return this.t;
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn, seq: id });
    return { id };
  }
  clearTimer(h: TimerHandle): void {
    this.timers.delete(h.id);
  }
  /** Number of pending timers. */
  get pending(): number {
    return this.timers.size;
  }
  /** Move time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void; seq: number }] | undefined;
      for (const e of this.timers) {
        if (
          e[1].at <= end &&
          (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[1].seq < next[1].seq))
        )
          next = e;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}
