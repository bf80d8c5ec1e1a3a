import type { Percentiles } from './latency-sink.ts';
import type { Delivery } from './load-generator.ts';
import type { ProtocolName } from './protocols/bench-protocol.ts';

/** Everything one run measured: the rows of the report and of results.json. */
export interface RunResult {
  target: 'hotline' | 'baseline';
  mode: 'embedded' | 'scale-out' | 'bare';
  /** Hotline's runs: the protocol its subscribers spoke. */
  protocol?: ProtocolName;
  replies: number;
  subscribers: number;
  tokens: number;
  rate: number;
  drops: number;
  ttftAddedMs: Percentiles;
  relayMs: Percentiles;
  delivery: Delivery;
  wire: { bytes: number; bytesPerToken: number };
  server: { processes: number; cpuMs: number; cpuUsPerToken: number; cpuShare: number; rssStartMb: number; rssPeakMb: number };
  /** Scale-out: the CPU of Redis and the PostgreSQL backends over the same window. */
  services?: { processes: number; cpuMs: number; cpuUsPerToken: number };
  db: { writes: number; writesPerReply: number };
  throughputTokensPerS: number;
  streamMs: number;
  generatorLoopDelayP99Ms: number;
  /**
   * CPU that neither the servers nor the bench used during the streaming window, in cores (0.25 = a
   * quarter of a core): other work on the machine. Above ~0.1 the run was disturbed.
   */
  foreignCpuCores: number;
  timedOut: boolean;
  /** Nothing lost, duplicated or reordered, every text exact, and relay p99 ≤ 50 ms. */
  healthy: boolean;
  failures: string[];
  profile?: string;
}

export interface IdleResult {
  target: 'hotline' | 'baseline';
  mode: 'embedded' | 'scale-out' | 'bare';
  requested: number;
  open: number;
  failed: number;
  /** Connections that received at least one heartbeat while held. */
  heartbeating: number;
  rssBeforeMb: number;
  rssOpenMb: number;
  bytesPerConnection: number;
  openingMs: number;
  note?: string;
}

export const healthyP99Ms = 50;
