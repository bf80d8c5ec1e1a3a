import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { orderTools } from './order-tools.ts';

export interface HttpOrdersServer {
  url: string;
  calls: string[];
  /** Stops answering at once: open connections are cut (a server that vanished). */
  vanish(): void;
  close(): Promise<void>;
}

/**
 * The order tools over Streamable HTTP on a loopback port, with sessions (a server and transport per
 * client session, as a real deployment keeps them), so that a client's cancellation reaches the call.
 */
export async function startHttpOrdersServer(): Promise<HttpOrdersServer> {
  const calls: string[] = [];
  const sockets = new Set<Socket>();
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let http: Server;
  const vanish = () => {
    http.close();
    for (const socket of sockets) socket.destroy();
  };
  http = createServer(async (req, res) => {
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!transport) {
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => void sessions.set(sessionId, created),
      });
      transport = created;
      await orderTools((line) => calls.push(line), vanish).connect(created);
    }
    await transport.handleRequest(req, res);
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    vanish,
    close: () =>
      new Promise((resolve) => {
        for (const transport of sessions.values()) void transport.close();
        for (const socket of sockets) socket.destroy();
        http.close(() => resolve());
      }),
  };
}
