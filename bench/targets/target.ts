import type { BenchChild } from '../child-process.ts';
import type { StreamReading } from '../protocols/bench-protocol.ts';
import type { Endpoint } from '../endpoint.ts';

/** A relay under test: Hotline (in either mode) or the baseline. */
export interface Target {
  readonly name: 'hotline' | 'baseline';
  readonly mode: 'embedded' | 'scale-out' | 'bare';
  /** Every server process of it, for CPU and memory. */
  readonly processes: BenchChild[];
  /** How its subscribers' streams read. */
  readonly reading: StreamReading;
  /** Makes ready for replies with these provider model strings (Hotline: one chat each). */
  prepare(models: string[]): Promise<void>;
  /**
   * Starts reply number `index` of the prepared ones; returns the id subscribers follow. (Where the protocol's
   * stream is the answer to the request that starts the reply, the reply starts when its subscriber connects.)
   */
  startReply(index: number): Promise<string>;
  /** Where subscriber number `index` of a reply connects. */
  endpoint(replyId: string, index: number): Endpoint;
  /** The processes of the services it uses (Redis, PostgreSQL), when it uses any: their CPU counts too. */
  servicePids?(): Promise<number[]>;
  /** Database writes so far, over all its processes. */
  dbWrites(): Promise<number>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  providerBaseUrl: string;
  /** The core its processes are pinned to. */
  core: number | undefined;
  keepAliveMs: number;
  /** Extra environment for Hotline (e.g. HOTLINE_LOG_RETENTION_MS). */
  env?: Record<string, string>;
  /** The checkout of Hotline to run (default: this one), e.g. to measure a change against it. */
  hotlineDir?: string;
}

export async function postJson(url: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
