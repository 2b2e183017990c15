// Timing and memory measurement for the SIP parser benchmark.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let sink = 0;
/** Keep results observable so the work cannot be optimized away. */
export function consume(x: unknown): void {
  if (typeof x === "number") sink += x;
  else if (x && typeof x === "object") sink += 1;
  else if (typeof x === "string") sink += x.length;
}
export function sinkValue(): number {
  return sink;
}

/** A timed job: `fn` over `inputs` (cycled), `n` calls per round once calibrated. */
export interface Cell {
  fn: (b: Buffer) => unknown;
  n: number;
  samples: number[];
}

/** Warm `fn` up for about `ms` of CPU time and size a round to take about `ms`. */
export function calibrate(fn: (b: Buffer) => unknown, inputs: Buffer[], ms: number): Cell {
  const k = inputs.length;
  let calls = 0;
  const w0 = process.cpuUsage();
  let spentUs = 0;
  while (calls < 2000 || spentUs < ms * 1000) {
    for (let i = 0; i < 500; i++) consume(fn(inputs[(calls + i) % k]!));
    calls += 500;
    const d = process.cpuUsage(w0);
    spentUs = d.user + d.system;
  }
  return { fn, n: Math.max(1000, Math.round((calls * ms * 1000) / spentUs)), samples: [] };
}

/** One timed round of a cell: ns of CPU time per call (waiting for a core is not parsing). */
export function round(cell: Cell, inputs: Buffer[]): void {
  const k = inputs.length;
  const t0 = process.cpuUsage();
  for (let i = 0; i < cell.n; i++) consume(cell.fn(inputs[i % k]!));
  const d = process.cpuUsage(t0);
  cell.samples.push(((d.user + d.system) * 1000) / cell.n);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Bytes retained per parsed message: parse `count` fresh copies of the inputs (each its own
 * Buffer, as datagrams are), keep the results, and divide the growth of heap + array
 * buffers by `count`. The input copies exist before the baseline, so only what the parser
 * adds (or keeps alive beyond them) is counted.
 */
export function bytesPerMessage(fn: (b: Buffer) => unknown, inputs: Buffer[], count: number): number {
  const copies = Array.from({ length: count }, (_, i) => Buffer.from(inputs[i % inputs.length]!));
  gc();
  gc();
  const before = usage();
  const kept: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) kept[i] = fn(copies[i]!);
  gc();
  gc();
  const after = usage();
  consume(kept.length + copies.length);
  return (after - before) / count;
}

function usage(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
