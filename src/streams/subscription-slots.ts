/**
 * How many streams each user holds open, over every protocol and (scaled out) every web process
 * together, so that one user cannot take the file descriptors every other user needs.
 */
export interface SubscriptionSlots {
  /**
   * Takes one of the user's `limit` slots. Returns its release (safe to call more than once), or
   * undefined when all of them are taken.
   */
  take(userId: string, limit: number): Promise<(() => void) | undefined>;
  close(): Promise<void>;
}
