import { ToolFailure, type ToolOutcome } from './tool.ts';

export interface ToolLimits {
  timeoutMs: number;
  maxOutputBytes: number;
}

/**
 * Runs a tool's work under the limits every call has: a deadline (its signal aborts, which an MCP call
 * turns into a cancellation sent to the server, and the call is given up even if the tool ignores it)
 * and a cap on the output's size (as JSON). Breaking either is an error for the model, as is a failing
 * tool; the reply's own abort (`signal`) is thrown with its reason.
 */
export async function runWithLimits(
  limits: ToolLimits,
  context: { signal: AbortSignal },
  work: (signal: AbortSignal) => Promise<unknown>,
): Promise<ToolOutcome> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = AbortSignal.any([context.signal, deadline]);
  let giveUp!: () => void;
  const givenUp = new Promise<never>((_resolve, reject) => (giveUp = () => reject(signal.reason)));
  signal.addEventListener('abort', giveUp, { once: true });
  try {
    const output = await Promise.race([work(signal), givenUp]);
    const bytes = Buffer.byteLength(JSON.stringify(output ?? null));
    if (bytes > limits.maxOutputBytes) return { error: `The tool's output was ${bytes} bytes, more than the ${limits.maxOutputBytes} allowed.` };
    return { output: output ?? null };
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    if (deadline.aborted) return { error: `The tool did not answer within ${formatMs(limits.timeoutMs)}.` };
    if (error instanceof ToolFailure) return { error: error.message };
    return { error: 'The tool failed.' };
  } finally {
    signal.removeEventListener('abort', giveUp);
  }
}

const formatMs = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`);
