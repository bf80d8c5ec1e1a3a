/**
 * Gathers the writes of every reply in the process into one call per round trip: one call is in flight at
 * a time, and what is added meanwhile goes out together when it returns. So the more replies stream, the
 * more each round trip carries, and the store (Redis, the database) and the process pay per round trip
 * rather than per reply. When none is in flight, a call waits for the end of the event loop's turn, to
 * take along what every provider response read in that turn adds.
 *
 * `send` answers one result per item, in order; when it fails, every item of its call fails with it.
 */
export class RoundTripBatches<Item, Result> {
  private queue: Array<{ item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }> = [];
  private inFlight = false;
  private scheduled = false;

  constructor(private readonly sendBatch: (items: Item[]) => Promise<Result[]>) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.inFlight || this.scheduled) return;
      this.scheduled = true;
      setImmediate(this.send);
    });
  }

  private readonly send = (): void => {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = true;
    let sent: Promise<Result[]>;
    try {
      sent = this.sendBatch(batch.map((p) => p.item));
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent
      .then(
        (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.inFlight = false;
        // These have waited a round trip already: they go at once.
        this.send();
      });
  };
}
