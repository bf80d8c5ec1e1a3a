import type { User } from '../accounts/user-store.ts';
import { isoTime } from '../clock.ts';
import type { MessageRow } from '../messages/message.ts';
import type { ToolDecisionStore } from '../messages/tool-decision-store.ts';
import { notFound, Refusal } from '../refusal.ts';
import { partsOfRow, unansweredCalls } from '../streams/reply-parts.ts';
import type { ReplyDeps } from './reply-deps.ts';

export interface DecisionDeps extends Pick<ReplyDeps, 'messages' | 'queue' | 'clock' | 'tracing'> {
  toolDecisions: ToolDecisionStore;
  config: { tools: { approvalTtlMs: number } };
}

const notWaiting = () => new Refusal('conflict', 'not_awaiting_approval', 'This tool call is not awaiting a decision');

/**
 * The user's decision on a call that waits for approval, from any tab or process, any time: recorded
 * once (a second decision on the call is a conflict), and once every waiting call of the reply has one,
 * the reply goes on: exactly one decider moves it back to streaming and enqueues its next turn. A
 * decision after `approvalTtlMs` counts as a denial, as the wait had expired.
 */
export async function decideToolCall(deps: DecisionDeps, user: User, messageId: string, toolCallId: string, approved: boolean): Promise<MessageRow> {
  const message = await deps.messages.find(user.id, messageId);
  if (!message) throw notFound('Message');
  if (message.status !== 'awaiting_approval') throw notWaiting();
  const waiting = unansweredCalls(partsOfRow(message)).filter((call) => call.approval);
  if (!waiting.some((call) => call.toolCallId === toolCallId)) throw notWaiting();
  const now = deps.clock.now();
  const expired = now - Date.parse(message.updated_at) > deps.config.tools.approvalTtlMs;
  if (!(await deps.toolDecisions.decide(message.id, toolCallId, approved && !expired, isoTime(deps.clock)))) throw notWaiting();
  await goOnOnceDecided(
    deps,
    message.id,
    waiting.map((call) => call.toolCallId),
  );
  return (await deps.messages.findById(message.id))!;
}

/** Starts the reply's next turn once each of its waiting calls has a decision; several callers may race, one wins. */
export async function goOnOnceDecided(deps: Omit<DecisionDeps, 'config'>, messageId: string, waiting: string[]): Promise<boolean> {
  const decided = await deps.toolDecisions.of(messageId);
  if (!waiting.every((id) => decided.has(id))) return false;
  if (!(await deps.messages.resumeAfterApproval(messageId, isoTime(deps.clock)))) return false;
  await deps.queue.enqueue({ messageId, trace: deps.tracing.carrier() });
  return true;
}
