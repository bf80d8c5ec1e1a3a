import type { ServerResponse } from 'node:http';

/**
 * The long-lived responses of this process. On shutdown each one is ended cleanly, so its client
 * reconnects (with its last id) to another process instead of hanging on a dead socket.
 */
export class OpenStreams {
  private readonly responses = new Set<ServerResponse>();

  add(res: ServerResponse): () => void {
    this.responses.add(res);
    return () => this.responses.delete(res);
  }

  endAll(): void {
    for (const res of this.responses) res.end();
    this.responses.clear();
  }
}
