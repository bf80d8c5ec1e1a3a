/**
 * Replies that end together take turns to end, one per turn of the event loop. Ending a reply (its final
 * write to the database, its last event, every subscriber's stream closing, its log line) costs many times
 * what relaying a token does, and replies that started together end together: run back to back, their
 * endings would hold up every other reply's next tokens. Taking turns, an ending waits behind the I/O that
 * has arrived, so the tokens still streaming go first; its own text has all been sent by then.
 */
export class EndingTurns {
  private last: Promise<void> = Promise.resolve();

  /** Resolves when it is this ending's turn: on a later turn of the event loop than the ending before it. */
  next(): Promise<void> {
    const turn = this.last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.last = turn;
    return turn;
  }
}
