import type { User } from '../accounts/user-store.ts';
import { isoTime } from '../clock.ts';
import type { MessageRow } from '../messages/message.ts';
import type { ToolDecisionStore } from '../messages/tool-decision-store.ts';
import { notFound, Refusal } from '../refusal.ts';
import { partsOfRow, unansweredCalls } from '../streams/reply-parts.ts';
import type { ReplyDeps } from './reply-deps.ts';

export interface DecisionDeps extends Pick<ReplyDeps, 'messages' | 'queue' | 'clock' | 'tracing' | 'eventLog'> {
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
  if (!(await recordDecision(deps, message.id, toolCallId, approved && !expired, isoTime(deps.clock)))) throw notWaiting();
  await goOnOnceDecided(
    deps,
    message.id,
    waiting.map((call) => call.toolCallId),
  );
  return (await deps.messages.findById(message.id))!;
}

/**
 * Records a decision on a call, once (false when it had one), and tells the reply's readers that the call waits no
 * longer: its result comes only when the next turn has run the tool, and until then a reader would be told of the
 * wait again. Only a log that exists is told; a lost or expired one is read from the stored reply instead.
 */
export async function recordDecision(
  deps: Pick<DecisionDeps, 'toolDecisions' | 'eventLog'>,
  messageId: string,
  toolCallId: string,
  approved: boolean,
  now: string,
): Promise<boolean> {
  if (!(await deps.toolDecisions.decide(messageId, toolCallId, approved, now))) return false;
  // The decision is made and kept; a log that cannot be reached now only tells readers of the wait a little longer.
  await deps.eventLog.appendAll(messageId, [{ type: 'decided', toolCallId }], { create: false }).catch(() => false);
  return true;
}

/** Starts the reply's next turn once each of its waiting calls has a decision; several callers may race, one wins. */
export async function goOnOnceDecided(deps: Omit<DecisionDeps, 'config'>, messageId: string, waiting: string[]): Promise<boolean> {
  const decided = await deps.toolDecisions.of(messageId);
  if (!waiting.every((id) => decided.has(id))) return false;
  if (!(await deps.messages.resumeAfterApproval(messageId, isoTime(deps.clock)))) return false;
  await deps.queue.enqueue({ messageId, trace: deps.tracing.carrier() });
  return true;
}
