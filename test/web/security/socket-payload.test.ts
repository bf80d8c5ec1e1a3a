import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { WebClient } from '../support/web-client.ts';

/**
 * A chat's socket only sends; what a client sends is never read. So a client message is refused from
 * the length in its frame header (close 1009, "message too big") rather than buffered in the server.
 */
describe("a chat socket's client messages", () => {
  let server: HotlineUnderTest;
  let open: () => Promise<WebSocket>;

  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    const browser = new WebClient(server.url);
    await browser.signUp();
    const chatId = await browser.newChat({ model: 'openai:fake?tokens=3' });
    const url = `${server.url.replace('http', 'ws')}/chats/${chatId}/socket?position=start`;
    open = async () => {
      const socket = new WebSocket(url, { headers: { cookie: browser.cookieHeader, origin: server.url } });
      await new Promise((resolve) => socket.once('open', resolve));
      return socket;
    };
  });
  afterAll(() => server.close());

  const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

  it('closes the socket with 1009 on a 100 KiB message, before reading what follows it', async () => {
    const socket = await open();
    const closed = closeCode(socket);
    const answered = new Promise<'pong'>((resolve) => socket.once('pong', () => resolve('pong')));
    socket.send(Buffer.alloc(100 * 1024, 'x'));
    // A ping after the message: the server reads it (and pongs) only if it took the message.
    socket.ping();
    expect(await Promise.race([closed, answered])).toBe(1009);
  });

  it('refuses a message from the length it announces, without waiting for (or holding) its bytes', async () => {
    const socket = await open();
    const closed = closeCode(socket);
    // The client's own TCP socket (ws keeps it private): a frame header announcing 100 MiB, 1 KiB of it,
    // then nothing more from this side. A server that waited for the rest would see the end: 1006.
    const raw = (socket as unknown as { _socket: Socket })._socket;
    const header = Buffer.alloc(14);
    header[0] = 0x82; // final fragment, binary
    header[1] = 0x80 | 127; // masked, 64-bit length follows
    header.writeBigUInt64BE(100n * 1024n * 1024n, 2);
    raw.write(Buffer.concat([header, Buffer.alloc(1024)]));
    raw.end();
    expect(await closed).toBe(1009);
  });
});
