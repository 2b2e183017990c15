/** The one-line JSON every benchmark prints last, so scripts can read it. */
export interface BenchResult {
  bench: string;
  unit: string;
  ours: number;
  peers: Record<string, number>;
  goal: string;
  [extra: string]: unknown;
}

export function report(result: BenchResult): void {
  console.log(JSON.stringify(result));
}

/** Percentile of a sample (nearest rank), p in [0, 100]. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
