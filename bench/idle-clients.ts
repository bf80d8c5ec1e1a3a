/**
 * A process of idle subscribers for the idle-capacity measure (a process may open only so many files, so
 * 20,000 connections take several). The orchestrator sends `open` with the endpoints; each connection reads
 * its event stream and counts the heartbeats; `report` says how many are open and how many heard one.
 */
import { request, type ClientRequest } from 'node:http';
import { inPool } from './pool.ts';
import type { Endpoint } from './endpoint.ts';

interface Connection {
  req: ClientRequest;
  open: boolean;
  heartbeats: number;
}

const connections: Connection[] = [];
let failed = 0;
const errors = new Set<string>();

function openOne(endpoint: Endpoint): Promise<void> {
  return new Promise((resolve) => {
    const connection: Connection = { req: undefined as unknown as ClientRequest, open: false, heartbeats: 0 };
    const req = request({ host: '127.0.0.1', port: endpoint.port, path: endpoint.path, headers: endpoint.headers, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        failed++;
        errors.add(`status ${res.statusCode}`);
        res.resume();
        return resolve();
      }
      connection.open = true;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (chunk.includes(': keep-alive')) connection.heartbeats++;
      });
      res.on('close', () => (connection.open = false));
      resolve();
    });
    req.on('error', (error) => {
      if (!connection.open) {
        failed++;
        errors.add(error.message);
      }
      resolve();
    });
    req.end();
    connection.req = req;
    connections.push(connection);
  });
}

// The probe lets the channel go so that servers exit on their own; this process lives for its messages.
process.channel?.ref();
process.on('message', (message: { id: number; command: string; endpoints?: Endpoint[] }) => {
  const reply = (result: unknown) => process.send!({ id: message.id, result });
  if (message.command === 'open') {
    void inPool(message.endpoints!, 200, openOne).then(() => reply(true));
  } else if (message.command === 'report') {
    reply({
      open: connections.filter((c) => c.open).length,
      failed,
      heartbeating: connections.filter((c) => c.open && c.heartbeats > 0).length,
      errors: [...errors].slice(0, 3),
    });
  } else if (message.command === 'close') {
    for (const connection of connections) connection.req.destroy();
    reply(true);
    setTimeout(() => process.exit(0), 50);
  }
});
console.log('idle clients ready');
