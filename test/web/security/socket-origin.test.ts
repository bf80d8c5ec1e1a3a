import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { WebClient } from '../support/web-client.ts';

/**
 * Who may open a chat's WebSocket with a signed-in user's cookie: pages of the app's own origin (scheme,
 * host and port: the one the browser used, through a trusted proxy's headers only) and the configured
 * origins. Any other page is refused with 403 before the upgrade, so it never holds an open socket.
 */
type Handshake = { opened: true } | { opened: false; status: number };

function handshake(url: string, headers: Record<string, string>): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.terminate();
      resolve({ opened: true });
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode ?? 0 });
      response.resume();
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
  });
}

async function signedInChat(server: HotlineUnderTest) {
  const browser = new WebClient(server.url);
  await browser.signUp();
  const chatId = await browser.newChat({ model: 'openai:fake?tokens=3' });
  const url = `${server.url.replace('http', 'ws')}/chats/${chatId}/socket?position=start`;
  const { port } = new URL(server.url);
  return { url, port: Number(port), open: (headers: Record<string, string>) => handshake(url, { cookie: browser.cookieHeader, ...headers }) };
}

const refused = { opened: false, status: 403 };
const allowed = 'https://chat.example.com:8443';

describe('the WebSocket origin check, served directly', () => {
  let server: HotlineUnderTest;
  let chat: Awaited<ReturnType<typeof signedInChat>>;
  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_ALLOWED_ORIGINS: `${allowed}, http://localhost:5173` });
    chat = await signedInChat(server);
  });
  afterAll(() => server.close());

  it("opens for a page of the app's own origin", async () => {
    expect(await chat.open({ origin: server.url })).toEqual({ opened: true });
  });

  it('refuses a page on another port of the same host', async () => {
    expect(await chat.open({ origin: `http://127.0.0.1:${chat.port + 1}` })).toEqual(refused);
  });

  it('refuses a page of another scheme on the same host and port', async () => {
    expect(await chat.open({ origin: `https://127.0.0.1:${chat.port}` })).toEqual(refused);
  });

  it('refuses the opaque origin null (sandboxed frames, file: pages)', async () => {
    expect(await chat.open({ origin: 'null' })).toEqual(refused);
  });

  it('refuses another site', async () => {
    expect(await chat.open({ origin: 'https://evil.example' })).toEqual(refused);
  });

  it('opens for a configured allowed origin, and only for exactly that origin', async () => {
    expect(await chat.open({ origin: allowed })).toEqual({ opened: true });
    expect(await chat.open({ origin: 'http://localhost:5173' })).toEqual({ opened: true });
    expect(await chat.open({ origin: 'https://chat.example.com' })).toEqual(refused);
    expect(await chat.open({ origin: 'http://chat.example.com:8443' })).toEqual(refused);
  });

  it('ignores X-Forwarded-Proto/-Host when the proxy is not trusted', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hotline.example.org' };
    expect(await chat.open({ origin: 'https://hotline.example.org', ...forwarded })).toEqual(refused);
    expect(await chat.open({ origin: server.url, ...forwarded })).toEqual({ opened: true });
  });
});

describe('the WebSocket origin check, behind a trusted proxy', () => {
  let server: HotlineUnderTest;
  let chat: Awaited<ReturnType<typeof signedInChat>>;
  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_TRUST_PROXY: 'on' });
    chat = await signedInChat(server);
  });
  afterAll(() => server.close());

  it('takes the own origin from X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hotline.example.org' };
    expect(await chat.open({ origin: 'https://hotline.example.org', ...forwarded })).toEqual({ opened: true });
    expect(await chat.open({ origin: 'http://hotline.example.org', ...forwarded })).toEqual(refused);
    expect(await chat.open({ origin: 'https://hotline.example.org:8443', ...forwarded })).toEqual(refused);
    expect(await chat.open({ origin: server.url, ...forwarded })).toEqual(refused);
  });
});
