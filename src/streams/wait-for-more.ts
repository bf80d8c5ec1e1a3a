import type { EventLog } from './event-log.ts';

/**
 * Resolves true as soon as an entry after `after` exists in the reply's log, false after `timeoutMs` or
 * when `signal` aborts. For a one-off wait; a follower that waits again and again holds a watch instead
 * (follow-reply.ts), so it does not pay for a watch, a timer and a listener per entry.
 */
export async function waitForMore(eventLog: EventLog, replyId: string, after: string | null, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  let wake!: (more: boolean) => void;
  const woken = new Promise<boolean>((resolve) => (wake = resolve));
  // Watch first, then look: an append between the two is then either seen or heard.
  const unwatch = await eventLog.watch(replyId, () => wake(true));
  const timer = setTimeout(() => wake(false), timeoutMs);
  const onAbort = () => wake(false);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if ((await eventLog.read(replyId, after, 1)).length > 0) wake(true);
    return await woken;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    unwatch();
  }
}
