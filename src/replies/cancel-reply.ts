import type { StopSignals } from '../jobs/stop-signals.ts';
import { emptyUsage } from '../streams/reply-events.ts';
import { endReply, type EndReplyDeps } from './end-reply.ts';

export interface CancelReplyDeps extends EndReplyDeps {
  stopSignals: StopSignals;
}

/**
 * Cancels a streaming reply, from any process: the one way a reply is cancelled, whoever asks (Stop, a
 * chat's deletion, and next, budgets). The job running it hears the stop signal, aborts the upstream
 * request and ends the reply with everything it has. Who else may end it here, with what is stored:
 * - `unclaimed` (Stop): only a reply no job has claimed yet; a running job ends its own reply.
 * - `now` (the chat is about to be deleted): at once, so every subscriber gets its `done` before the rows go.
 * Ending is conditional on the reply still streaming, so the job and this call race safely: one ends it.
 */
export async function cancelReply(
  deps: CancelReplyDeps,
  reply: { id: string; content: string },
  whoEnds: 'unclaimed' | 'now',
  completedAt: string,
): Promise<void> {
  await deps.stopSignals.request(reply.id);
  await endReply(
    deps,
    reply.id,
    { status: 'cancelled', content: reply.content, finishReason: 'stop', error: null, usage: emptyUsage, firstTokenMs: null, durationMs: null, completedAt },
    { onlyIfUnclaimed: whoEnds === 'unclaimed' },
  );
}
