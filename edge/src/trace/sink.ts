import type { CallTrace } from "@ringflow/flow/protocol";
import type { Invoker } from "../decision/invoker.js";

// Writes finished call traces to the traces function in batches, off the call path: a
// bounded buffer, at most a few writes in flight, and a counter for whatever is shed
// (buffer full, or a write that failed). A call never waits for its trace.

export interface TraceSinkStats {
  queued: number;
  written: number;
  shed: number;
  failedWrites: number;
}

export interface TraceSinkPort {
  record(trace: CallTrace): void;
  stats(): TraceSinkStats;
  /** Write everything buffered now (used on shutdown and by tests). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface TraceSinkOptions {
  batchSize: number;
  flushMs: number;
  bufferMax: number;
  maxInFlight?: number;
}

export class LambdaTraceSink implements TraceSinkPort {
  private buffer: CallTrace[] = [];
  private inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private counters = { written: 0, shed: 0, failedWrites: 0 };

  constructor(
    private readonly invoker: Invoker,
    private readonly functionName: string,
    private readonly opts: TraceSinkOptions,
  ) {}

  record(trace: CallTrace): void {
    // After close nothing is written any more (the client may be gone): count it as shed.
    if (this.closed || this.buffer.length >= this.opts.bufferMax) {
      this.counters.shed++;
      return;
    }
    this.buffer.push(trace);
    if (this.buffer.length >= this.opts.batchSize) this.pump();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, this.opts.flushMs);
      this.timer.unref();
    }
  }

  stats(): TraceSinkStats {
    return { queued: this.buffer.length, ...this.counters };
  }

  /** Start writes while there is room in flight; the rest waits in the buffer. */
  private pump(): void {
    const max = this.opts.maxInFlight ?? 4;
    while (this.buffer.length > 0 && this.inFlight.size < max) {
      const batch = this.buffer.splice(0, this.opts.batchSize);
      const p = this.write(batch).finally(() => {
        this.inFlight.delete(p);
        if (this.buffer.length >= this.opts.batchSize) this.pump();
        else if (this.buffer.length > 0 && !this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, this.opts.flushMs);
          this.timer.unref();
        }
      });
      this.inFlight.add(p);
    }
  }

  private async write(traces: CallTrace[]): Promise<void> {
    try {
      const out = await this.invoker.invoke(this.functionName, JSON.stringify({ traces }));
      if (out.ok && !out.functionError) {
        this.counters.written += traces.length;
        return;
      }
    } catch {
      // a trace that cannot be serialized: counted as shed like a failed write
    }
    this.counters.failedWrites++;
    this.counters.shed += traces.length;
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.buffer.length > 0 || this.inFlight.size > 0) {
      this.pump();
      await Promise.all([...this.inFlight]);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}

/** Keeps traces in memory (tests, and `--traces off` keeps nothing). */
export class MemoryTraceSink implements TraceSinkPort {
  readonly traces: CallTrace[] = [];
  constructor(private readonly keep = true) {}
  record(trace: CallTrace): void {
    if (this.keep) this.traces.push(trace);
  }
  stats(): TraceSinkStats {
    return { queued: 0, written: this.traces.length, shed: 0, failedWrites: 0 };
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
