/**
 * Proof of life of running jobs. A job holds its reply's lease from before it claims the reply until it
 * has ended it; a process that dies stops renewing its leases, so the stale sweep (on any process) can
 * tell a lost reply from a live one within seconds.
 */
export interface ReplyLeases {
  /** Takes the lease and keeps it alive until the returned release function is called. */
  hold(messageId: string): Promise<() => Promise<void>>;
  /** Which of these replies have a live lease. */
  held(messageIds: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}
