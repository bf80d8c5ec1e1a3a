import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The connections that have not carried a request yet. Browsers and HTTP clients open them ahead of need
 * (and a client of close-delimited event streams opens one per stream), while Node's `server.close()`
 * closes an idle connection only once it has served a request: without this, a shutdown waits for each
 * of these until its client gives it up.
 */
export function trackUnusedConnections(server: Server): { destroyAll(): void } {
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (request: { socket: Socket }) => unused.delete(request.socket));
  return {
    destroyAll() {
      for (const socket of unused) socket.destroy();
      unused.clear();
    },
  };
}
