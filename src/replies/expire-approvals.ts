import { partsOfRow, unansweredCalls } from '../streams/reply-parts.ts';
import { goOnOnceDecided, recordDecision, type DecisionDeps } from './decide-tool-call.ts';

/**
 * Ends the waits nobody answered: a reply waiting for approval for longer than `approvalTtlMs` has its
 * undecided calls denied, and goes on (the model is told). Any process may run it; the decisions' key and
 * the conditional resume let exactly one of them move each reply on. Resolves how many went on.
 */
export async function expireApprovals(deps: DecisionDeps): Promise<number> {
  const now = deps.clock.now();
  const expired = await deps.messages.awaitingSince(new Date(now - deps.config.tools.approvalTtlMs).toISOString());
  let resumed = 0;
  for (const message of expired) {
    const waiting = unansweredCalls(partsOfRow(message))
      .filter((call) => call.approval)
      .map((call) => call.toolCallId);
    for (const toolCallId of waiting) await recordDecision(deps, message.id, toolCallId, false, new Date(now).toISOString());
    if (await goOnOnceDecided(deps, message.id, waiting)) resumed++;
  }
  return resumed;
}
