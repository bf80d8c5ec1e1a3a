import type { Clock } from '../clock.ts';
import type { MessageStore } from '../messages/message-store.ts';
import type { EventLog } from '../streams/event-log.ts';
import { emptyUsage } from '../streams/reply-events.ts';
import { endReply } from './end-reply.ts';
import { interruptedMessage } from './generate-reply.ts';
import type { RunningReplies } from './running-replies.ts';

export interface SweepDeps {
  messages: MessageStore;
  eventLog: EventLog;
  running: RunningReplies;
  clock: Clock;
  staleAfterMs: number;
  retentionMs: number;
}

/**
 * Ends the replies whose job is gone (a process that died, a queue that lost its job): still streaming,
 * not running here, and silent for `staleAfterMs`. They end `failed` ("interrupted"), keeping every
 * token that reached their log, and their subscribers get the `error` event. Returns how many it ended.
 */
export async function sweepStaleReplies(deps: SweepDeps): Promise<number> {
  const now = deps.clock.now();
  const quiet = await deps.messages.quietReplies(new Date(now - deps.staleAfterMs).toISOString());
  let ended = 0;
  for (const reply of quiet) {
    if (deps.running.has(reply.id)) continue;
    const logged = await textInLog(deps.eventLog, reply.id);
    const won = await endReply(deps, reply.id, {
      status: 'failed',
      content: logged.length > reply.content.length ? logged : reply.content,
      finishReason: null,
      error: interruptedMessage,
      usage: emptyUsage,
      firstTokenMs: reply.first_token_ms,
      durationMs: null,
      completedAt: new Date(now).toISOString(),
    });
    if (won) ended++;
  }
  return ended;
}

/** The text a reply's log holds: it can be ahead of the last batched write to the database. */
async function textInLog(eventLog: EventLog, replyId: string): Promise<string> {
  let text = '';
  let cursor: string | null = null;
  for (;;) {
    const entries = await eventLog.read(replyId, cursor, 1000);
    for (const entry of entries) if (entry.event.type === 'delta') text += entry.event.text;
    if (entries.length < 1000) return text;
    cursor = entries.at(-1)!.offset;
  }
}
