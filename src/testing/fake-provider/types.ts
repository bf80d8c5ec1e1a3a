import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  path: string;
  /** The raw `model` string, scenario query included; '' if the body had none. */
  model: string;
  /** Parsed JSON body (undefined if it was not valid JSON). */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Epoch ms (performance.timeOrigin + performance.now()), same clock as onToken. */
  receivedAt: number;
}

export interface AbortRecord {
  model: string;
  tokensSent: number;
  /** Epoch ms, same clock as receivedAt. */
  at: number;
}

export interface FakeProvider {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/v1', for createOpenAI({ baseURL }) */
  openaiBaseUrl: string;
  /** url + '/v1', for createAnthropic({ baseURL }) */
  anthropicBaseUrl: string;
  requests: RecordedRequest[];
  /** Replies whose client closed the connection before the reply was complete (stop proofs). */
  aborted: AbortRecord[];
  /**
   * Resolves with the first already recorded abort matching the predicate,
   * else with the next one to arrive; rejects after timeoutMs (default 5000).
   */
  waitForAbort(predicate?: (a: { model: string }) => boolean, timeoutMs?: number): Promise<AbortRecord>;
  /** Called as each token is written, with epoch ms (performance.timeOrigin + performance.now()). */
  onToken?: (model: string, tokenIndex: number, sentAtMs: number) => void;
  /** Closes the server and destroys every open socket, stalled replies included. */
  close(): Promise<void>;
}

export interface FakeProviderOptions {
  /** Default 0: an ephemeral port, so parallel test files never collide. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** Epoch milliseconds with sub-millisecond precision, monotonic within the process. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
