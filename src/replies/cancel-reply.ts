import type { StopSignals } from '../jobs/stop-signals.ts';
import type { MessageRow } from '../messages/message.ts';
import { endWithoutJob, type EndWithoutJobDeps } from './end-without-job.ts';

export interface CancelReplyDeps extends EndWithoutJobDeps {
  stopSignals: StopSignals;
}

/**
 * Cancels a streaming reply, from any process: the one way a reply is cancelled, whoever asks (Stop, a
 * chat's deletion). The job running it hears the stop signal, aborts the upstream request and ends the
 * reply with everything it has. Who else may end it here, keeping and costing what it wrote, its budget
 * reservation settled (`endWithoutJob`):
 * - `unclaimed` (Stop): only a reply no job is running: not yet claimed, or waiting for an approval.
 * - `now` (the chat is about to be deleted): at once, so every subscriber gets its `done` and the
 *   budget its due before the rows go.
 * Ending is conditional on the reply still streaming, so the job and this call race safely: one ends it.
 */
export async function cancelReply(deps: CancelReplyDeps, reply: MessageRow, whoEnds: 'unclaimed' | 'now', completedAt: string): Promise<void> {
  await deps.stopSignals.request(reply.id);
  const running = reply.status === 'streaming' && reply.started_at !== null;
  if (whoEnds === 'unclaimed' && running) return;
  await endWithoutJob(deps, reply, { status: 'cancelled', finishReason: 'stop', error: null, completedAt }, { onlyIfUnclaimed: whoEnds === 'unclaimed' });
}
