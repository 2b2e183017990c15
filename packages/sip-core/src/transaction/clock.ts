// Time as an input: transactions never call setTimeout themselves. Production uses
// `realClock`; tests use `FakeClock` and advance it, so no test sleeps.

export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds (monotonic in realClock). */
  now(): number;
  /** Call `fn(arg)` after `ms`: one shared `fn` with an argument needs no closure per timer. */
  setTimer<A>(ms: number, fn: (arg: A) => void, arg: A): TimerHandle;
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(h: TimerHandle): void;
}

/** setTimeout-backed clock (timers unref'd so they never hold the process open). */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms: number, fn: (arg?: unknown) => void, arg?: unknown) {
    const t = setTimeout(fn, ms, arg);
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
  private timers = new Map<number, { at: number; fn: (arg?: unknown) => void; arg: unknown; seq: number }>();

  now(): number {
    return this.t;
  }
  setTimer<A>(ms: number, fn: (arg: A) => void, arg: A): TimerHandle;
  setTimer(ms: number, fn: () => void): TimerHandle;
  setTimer(ms: number, fn: (arg?: unknown) => void, arg?: unknown): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn, arg, seq: id });
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
      let next: [number, { at: number; fn: (arg?: unknown) => void; arg: unknown; seq: number }] | undefined;
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
      next[1].fn(next[1].arg);
    }
    this.t = end;
  }
}
