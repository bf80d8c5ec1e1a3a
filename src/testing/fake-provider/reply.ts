import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { Fault, Scenario } from './scenario.ts';
import { reasoningText, tokenText } from './text.ts';
import type { FakeToolCall, ReplyContext, WireFormat } from './wire-format.ts';
import { resultsQuote } from './tool-turns.ts';

export type StreamFault = Exclude<Fault, '429' | '500'>;

/** Shared with the server so it can tell a client abort from a reply we ended. */
export interface ReplyState {
  tokensSent: number;
  /** Set before we end or destroy the response ourselves. */
  finished: boolean;
}

export interface ReplyOptions {
  res: ServerResponse;
  format: WireFormat;
  ctx: ReplyContext;
  scenario: Scenario;
  fault: StreamFault | undefined;
  requestId: string;
  /** Written as the text's first piece when not empty (the files the request carried: files-seen.ts). */
  echo?: string;
  /** Aborted when the connection closes; cancels every pending wait. */
  signal: AbortSignal;
  state: ReplyState;
  onToken: (tokenIndex: number) => void;
  /** The tool calls of this step (it then writes no text), or null for an answer. */
  toolCalls: FakeToolCall[] | null;
  /** The tool results the request carried: an answer quotes them at its end. */
  results: string[];
}

export async function streamReply(options: ReplyOptions): Promise<void> {
  try {
    await run(options);
  } catch (error) {
    // An aborted wait just means the client left; anything else is a bug in the fake.
    if (!options.signal.aborted) throw error;
  }
}

async function run({ res, format, ctx, scenario, fault, requestId, echo, signal, state, onToken, toolCalls, results }: ReplyOptions) {
  // Resolves once everything written so far has been handed to the kernel (only the 'drop' fault needs it:
  // a write callback per token is a cost the benchmark's provider would pay for every token).
  let flushed: Promise<unknown> = Promise.resolve();
  const send = (frame: string): Promise<void> | undefined => {
    let accepted = true;
    if (fault === 'drop') flushed = new Promise((resolve) => (accepted = res.write(frame, resolve)));
    else accepted = res.write(frame);
    // Honour backpressure so a slow reader in a benchmark measures the client, not our buffer.
    return accepted ? undefined : once(res, 'drain', { signal }).then(() => undefined);
  };
  const pause = pauses(signal);

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    [format.requestIdHeader]: requestId,
  });
  await send(format.head(ctx));

  // Reasoning tokens come first and count like text tokens (for pacing, faults and usage).
  const total = scenario.reasoning + (toolCalls ? 0 : scenario.tokens);
  const faultAt = fault === undefined ? Infinity : Math.min(scenario.faultAfter, total);
  const intervalMs = scenario.rate > 0 ? 1000 / scenario.rate : 0;
  // Pace against a fixed start so timer jitter doesn't accumulate over long replies.
  const start = performance.now();

  for (let i = 0; i < total && i < faultAt; i++) {
    const delay = start + i * intervalMs - performance.now();
    // Always yield, even when late or unpaced, so one fast reply can't starve the server.
    await pause(delay);
    // send() writes synchronously; count the token before any backpressure wait
    // so an abort during that wait still reports it as sent.
    const reasoning = i < scenario.reasoning;
    const text = i === scenario.reasoning && echo ? echo + tokenText(0) : tokenText(i - scenario.reasoning);
    const frame = reasoning ? format.reasoning(ctx, reasoningText(i)) : format.token(ctx, text);
    const drained = send(i === scenario.reasoning && i > 0 ? format.afterReasoning(ctx) + frame : frame);
    state.tokensSent = i + 1;
    onToken(i);
    if (drained) await drained;
  }

  if (fault === undefined && toolCalls) {
    for (const [index, call] of toolCalls.entries()) {
      await send(format.toolCallStart(ctx, call, index));
      // Each fragment its own write, after a turn of the event loop: the client assembles them.
      for (const fragment of call.fragments) {
        await pause(0);
        await send(format.toolCallFragment(ctx, call, index, fragment));
      }
      await send(format.toolCallEnd(ctx, call, index));
    }
    state.finished = true;
    res.end(format.toolTail(ctx, state.tokensSent + toolCalls.length));
    return;
  }

  switch (fault) {
    case undefined:
      if (results.length > 0) await send(format.token(ctx, resultsQuote(results)));
      state.finished = true;
      res.end(format.tail(ctx, state.tokensSent));
      return;
    case 'malformed':
      state.finished = true;
      res.end(format.malformed(ctx));
      return;
    case 'drop': {
      // Let the tokens already written reach the kernel first, so the client
      // reliably sees exactly `faultAfter` tokens before the connection dies.
      await flushed;
      state.finished = true;
      res.socket?.destroy();
      return;
    }
    case 'stall':
      // Hold the connection open until the client (or close()) gives up.
      if (!signal.aborted) await once(signal, 'abort');
      return;
  }
}

/**
 * Waits of one reply that all end when `signal` aborts (rejecting with its reason): one abort listener for
 * the reply, not one per token. A wait of 1 ms or less still yields to the event loop, so one fast reply
 * cannot starve the server.
 */
function pauses(signal: AbortSignal): (ms: number) => Promise<void> {
  let cancel: (() => void) | undefined;
  signal.addEventListener('abort', () => cancel?.(), { once: true });
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const done = () => {
        cancel = undefined;
        resolve();
      };
      if (ms > 1) {
        const timer = setTimeout(done, ms);
        cancel = () => (clearTimeout(timer), reject(signal.reason));
      } else {
        const immediate = setImmediate(done);
        cancel = () => (clearImmediate(immediate), reject(signal.reason));
      }
    });
}
