import { generateReply } from './generation/generate-reply.ts';
import { sweepStaleReplies } from './generation/stale-sweep.ts';
import type { Hotline } from './hotline.ts';
import { expireApprovals } from './replies/expire-approvals.ts';

/** The worker side of a process: takes generation jobs. The job is a thin shell around `generateReply`. */
export function startWorker(hotline: Hotline): void {
  hotline.queue.process(async (job) => {
    try {
      await generateReply(hotline.generation, job.messageId, job.trace);
    } catch (error) {
      hotline.logger.error({ err: error, messageId: job.messageId }, 'generation job crashed');
    }
  });
}

/**
 * Sweeps stale replies at start-up and every interval, in every role: when the only worker dies, the
 * web processes still end its replies, so no subscriber waits forever.
 */
export function startSweeper(hotline: Hotline): () => void {
  const sweep = () =>
    sweepStaleReplies({
      messages: hotline.messages,
      eventLog: hotline.eventLog,
      leases: hotline.leases,
      clock: hotline.clock,
      staleAfterMs: hotline.config.stale.afterMs,
      retentionMs: hotline.config.streams.retentionMs,
      prices: hotline.prices,
      spending: hotline.budgets.ledger,
    })
      .then((ended) => {
        if (ended > 0) hotline.logger.warn({ ended }, 'ended stale replies');
      })
      // Waits for approval past their time go on, denied: a chat is never left busy by a decision nobody made.
      .then(() => expireApprovals(hotline))
      .then((resumed) => {
        if (resumed > 0) hotline.logger.info({ resumed }, 'approvals expired, denied');
      })
      .catch((error) => hotline.logger.error({ err: error }, 'stale sweep failed'));
  void sweep();
  const timer = setInterval(sweep, hotline.config.stale.sweepIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
