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

/**
 * ns of CPU time per call of `fn` over `inputs` (cycled): `rounds` timed rounds of `n` calls
 * after a warm-up; returns the median round.
 */
export function nsPerCall(fn: (b: Buffer) => unknown, inputs: Buffer[], n: number, rounds: number): number {
  const k = inputs.length;
  for (let i = 0; i < Math.min(n, 20_000); i++) consume(fn(inputs[i % k]!));
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // CPU time, not wall time: the machine is shared, and waiting for a core is not parsing
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) consume(fn(inputs[i % k]!));
    const d = process.cpuUsage(t0);
    samples.push(((d.user + d.system) * 1000) / n);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
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
