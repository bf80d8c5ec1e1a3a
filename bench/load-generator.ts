import { monitorEventLoopDelay } from 'node:perf_hooks';
import { epochNow } from '../src/testing/fake-provider/types.ts';
import { expectedReply } from './expected-reply.ts';
import type { GatedProvider } from './gated-provider.ts';
import { LatencySink, percentiles, type Percentiles } from './latency-sink.ts';
import { inPool } from './pool.ts';
import { Subscriber } from './sse-subscriber.ts';
import type { Target } from './targets/target.ts';

export interface LoadSpec {
  /** G: replies streaming at once. */
  replies: number;
  /** S: subscribers of each reply. */
  subscribers: number;
  tokens: number;
  /** Reasoning tokens before the text (0: none). */
  reasoning: number;
  /** P: tokens per second of each reply. */
  rate: number;
  /** Times each subscriber drops its connection and resumes, at random points. */
  drops: number;
  setupTimeoutMs: number;
  streamTimeoutMs: number;
}

export interface LoadHooks {
  /** The target is prepared; the replies are about to be posted. */
  repliesStarting(): Promise<void>;
  /** Everything is connected; the replies start right after this. */
  streamStarting(): Promise<void>;
  /** Every subscriber has its ending (or the deadline passed). */
  streamEnded(): Promise<void>;
}

/** What reached the subscribers, against what the provider sent. */
export interface Delivery {
  expectedTokens: number;
  deliveredTokens: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  corrupt: number;
  subscribers: number;
  exactSubscribers: number;
  unexpectedReconnects: number;
}

export interface LoadOutcome extends Delivery {
  failures: string[];
  relay: Percentiles;
  ttftAdded: Percentiles;
  wireBytes: number;
  streamMs: number;
  /** The load generator's own event-loop delay: when high, the figures are the generator's limit, not the relay's. */
  generatorLoopDelayP99Ms: number;
  timedOut: boolean;
}

let runs = 0;

/**
 * One run: G replies with S subscribers each, through one target. The replies are created, every
 * subscriber connected and every provider request arrived first; then the provider's gates open, spread
 * evenly over one token interval, and the run lasts until every subscriber has its ending or the deadline
 * passes.
 */
export async function generateLoad(target: Target, provider: GatedProvider, spec: LoadSpec, hooks: LoadHooks): Promise<LoadOutcome> {
  const run = ++runs;
  const expected = expectedReply(spec.tokens);
  const reasoning = spec.reasoning > 0 ? `&reasoning=${spec.reasoning}` : '';
  const models = Array.from({ length: spec.replies }, (_, i) => `bench-${process.pid}-${run}-${i}?tokens=${spec.tokens}&rate=${spec.rate}${reasoning}`);
  // The provider numbers reasoning tokens first: the text's send times follow them.
  const sentAt = models.map((model) => provider.expect(model, spec.reasoning + spec.tokens).subarray(spec.reasoning));
  const latencies = new LatencySink(spec.replies * spec.subscribers * spec.tokens);
  const subscribers: Subscriber[] = [];
  const finishedAt: number[] = [];
  try {
    provider.resetArrivals();
    await withDeadline(target.prepare(models), spec.setupTimeoutMs, 'preparing the target');
    await hooks.repliesStarting();
    const replyIds: string[] = new Array(spec.replies);
    await withDeadline(
      inPool(models, 32, async (_model, i) => {
        replyIds[i] = await target.startReply(i);
      }),
      spec.setupTimeoutMs,
      'creating the replies',
    );

    for (let i = 0; i < spec.replies; i++) {
      for (let k = 0; k < spec.subscribers; k++) {
        const subscriber = new Subscriber({
          endpoint: target.endpoint(replyIds[i]!, i * spec.subscribers + k),
          reading: target.reading,
          expected,
          sentAt: sentAt[i]!,
          dropAfter: dropPoints(expected.ends, spec.drops),
          latencies,
        });
        subscribers.push(subscriber);
        void subscriber.finished.then(() => finishedAt.push(epochNow()));
      }
    }
    await withDeadline(
      inPool(subscribers, 64, (s) => s.connect()),
      spec.setupTimeoutMs,
      'connecting the subscribers',
    );
    // After the subscribers: a Chat Completions subscriber's request is what starts its reply.
    await provider.whenArrived(spec.replies, spec.setupTimeoutMs);

    await hooks.streamStarting();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const startedAt = epochNow();
    const tokenIntervalMs = 1000 / spec.rate;
    models.forEach((model, i) => setTimeout(() => provider.open(model), (i / spec.replies) * tokenIntervalMs));
    const everyoneDone = Promise.all(subscribers.map((s) => s.finished)).then(() => false);
    const timedOut = await Promise.race([everyoneDone, new Promise<boolean>((resolve) => setTimeout(() => resolve(true), spec.streamTimeoutMs).unref())]);
    for (const subscriber of subscribers) subscriber.stop();
    loopDelay.disable();
    const endedAt = timedOut ? epochNow() : Math.max(...finishedAt);
    await hooks.streamEnded();

    const sum = (f: (s: Subscriber) => number) => subscribers.reduce((total, s) => total + f(s), 0);
    const delivered = sum((s) => s.tokensReceived);
    const expectedTokens = spec.replies * spec.subscribers * spec.tokens;
    return {
      expectedTokens,
      deliveredTokens: delivered,
      lost: expectedTokens - delivered,
      duplicated: sum((s) => s.duplicated),
      outOfOrder: sum((s) => s.outOfOrder),
      corrupt: sum((s) => s.corrupt),
      subscribers: subscribers.length,
      exactSubscribers: sum((s) => (s.exact ? 1 : 0)),
      unexpectedReconnects: sum((s) => s.unexpectedReconnects),
      failures: [...new Set(subscribers.map((s) => s.failure).filter((f): f is string => f !== undefined))].slice(0, 5),
      relay: latencies.summary(),
      ttftAdded: percentiles(Float64Array.from(subscribers.map((s) => s.firstTokenLatency).filter((v) => !Number.isNaN(v)))),
      wireBytes: sum((s) => s.bytes),
      streamMs: endedAt - startedAt,
      generatorLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      timedOut,
    };
  } finally {
    for (const subscriber of subscribers) subscriber.stop();
    provider.forget(models);
  }
}

/** `count` distinct random token boundaries, away from both ends, as text positions. */
function dropPoints(ends: Int32Array, count: number): number[] {
  if (count === 0 || ends.length < count + 2) return [];
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(1 + Math.floor(Math.random() * (ends.length - 2)));
  return [...chosen].sort((a, b) => a - b).map((i) => ends[i]!);
}

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
