/** Latency samples (ms) of a run, in one preallocated array, with the percentiles the report needs. */
export class LatencySink {
  private readonly samples: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.samples = new Float64Array(Math.max(1, capacity));
  }

  push(ms: number): void {
    if (this.count < this.samples.length) this.samples[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  summary(): Percentiles {
    return percentiles(this.samples.subarray(0, this.count));
  }
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: Float64Array): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]! };
}
