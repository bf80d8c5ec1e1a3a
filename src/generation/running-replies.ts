/** Why a running reply was aborted; the job turns each into the message's ending. */
export type AbortCause = 'stop' | 'timeout' | 'lost' | 'shutdown' | 'storage' | 'budget';

export class ReplyAborted extends Error {
  constructor(readonly reason: AbortCause) {
    super(`reply aborted: ${reason}`);
  }
}

/**
 * The replies this process is generating right now: the stale sweep must not touch them, and a
 * graceful shutdown aborts them.
 */
export class RunningReplies {
  private readonly running = new Map<string, AbortController>();

  add(messageId: string, controller: AbortController): void {
    this.running.set(messageId, controller);
  }

  delete(messageId: string): void {
    this.running.delete(messageId);
  }

  abortAll(cause: AbortCause): void {
    for (const controller of this.running.values()) controller.abort(new ReplyAborted(cause));
  }
}
