import { storedUsageOf, type MessageRow } from '../messages/message.ts';
import { partsOfRow, unansweredCalls, type StoredPart } from '../streams/reply-parts.ts';
import type { BilledUsage, ReplyEvent, Source } from '../streams/reply-events.ts';
import type { GenerationDeps } from './generation-deps.ts';
import type { OutageBudget } from './outage-budget.ts';
import type { ReplyInProgress } from './reply-in-progress.ts';

/**
 * What an earlier turn of the job wrote, when this reply waited for an approval and goes on now; undefined
 * for a reply that starts (it has nothing stored yet).
 */
export function earlierTurnOf(stored: MessageRow): { parts: StoredPart[]; thinking: string[]; sources: Source[] | null; usage: BilledUsage } | undefined {
  const parts = partsOfRow(stored);
  if (!parts.some((part) => part.type === 'tool-call')) return undefined;
  return {
    parts,
    thinking: JSON.parse(stored.thinking) as string[],
    sources: stored.sources === null ? null : (JSON.parse(stored.sources) as Source[]),
    usage: storedUsageOf(stored),
  };
}

/**
 * Ends the job's turn of a reply whose calls wait for the user: the reply is stored whole and marked
 * `awaiting_approval` first (so that a decision sent the moment a reader sees the call is taken), then
 * every reader is told which calls wait (`approval`, state). False when the reply ended under the job.
 */
export async function waitForApproval(
  deps: GenerationDeps,
  messageId: string,
  reply: ReplyInProgress,
  budgets: { database: OutageBudget; log: OutageBudget },
): Promise<boolean> {
  const now = new Date(deps.clock.now()).toISOString();
  if (!(await budgets.database.run(() => deps.messages.awaitApproval(messageId, reply.progress(), now)))) return false;
  const waiting: ReplyEvent[] = unansweredCalls(reply.parts)
    .filter((call) => call.approval)
    .map((call) => ({ type: 'approval', toolCallId: call.toolCallId, name: call.name, input: call.input }));
  // Readers of a lost log learn of the wait from the stored reply, which says it too.
  await budgets.log.run(() => deps.eventLog.appendAll(messageId, waiting, { create: false })).catch(() => {});
  deps.logger.info({ messageId, waiting: waiting.length }, 'generation waits for approval');
  return true;
}
