import { once } from 'node:events';
import { connect } from 'node:net';
import { expect, it } from 'vitest';
import { startHotline } from '../support/hotline-under-test.ts';

it('a shutdown is not held up by connections that never sent a request (opened ahead of need by browsers and clients)', async () => {
  const server = await startHotline();
  const { port } = new URL(server.url);
  const preconnected = Array.from({ length: 3 }, () => connect(Number(port), '127.0.0.1'));
  await Promise.all(preconnected.map((socket) => once(socket, 'connect')));
  const reset = preconnected.map((socket) => new Promise((resolve) => socket.on('error', resolve).on('close', resolve)));
  const outcome = await Promise.race([server.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
  expect(outcome).toBe('closed');
  // The server hung up on them.
  await Promise.all(reset);
});
