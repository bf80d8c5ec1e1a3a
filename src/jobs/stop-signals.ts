/**
 * Stop is a command to the job, wherever it runs: any process may request it, and the process running
 * the job hears it (in-process events embedded, Redis pub/sub scaled out).
 */
export interface StopSignals {
  request(messageId: string): Promise<void>;
  /** Calls `onStop` when a stop for this message is requested; returns the unsubscribe function. */
  listen(messageId: string, onStop: () => void): () => void;
  close(): Promise<void>;
}
