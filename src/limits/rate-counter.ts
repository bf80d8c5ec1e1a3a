/**
 * Counts what a user did in fixed windows (a minute from the first counted event), kept apart from the
 * check so that only what was accepted is counted: a refused request (409, 413, 422) costs nothing.
 * Embedded, the counts live in this process; scaled out, in Redis, so every web process sees one count.
 */
export interface RateCounter {
  /** The count in the key's open window, and the time until that window ends (0 when none is open). */
  current(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Counts one event; the first one opens a window of `windowMs`. */
  add(key: string, windowMs: number): Promise<void>;
}
