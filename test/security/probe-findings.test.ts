import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { WebClient } from '../web/support/web-client.ts';

/** The smaller holes an outside probe found (issue 11), each held shut. */
const context = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });

describe('passwords and emails', () => {
  it('refuses passwords with lone surrogates, which would all fold into one U+FFFD password', async () => {
    const anonymous = new ApiClient(context.server.url);
    for (const password of ['pass\ud800word', 'pass\udfffword', '\udc00\ud800abcdefgh']) {
      const response = await anonymous.post('/api/users', { email: `s${Math.random()}@example.com`, password });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('invalid_text');
    }
    const signIn = await anonymous.post('/api/session', { email: 'anyone@example.com', password: 'pass\ud800word' });
    expect(signIn.status).toBe(422);
    // A paired surrogate (an emoji) is ordinary text.
    expect((await anonymous.post('/api/users', { email: `emoji${Date.now()}@example.com`, password: 'pass🔑word' })).status).toBe(201);
  });
});

describe('document URLs', () => {
  it('stores only http and https source URLs, by the API as by the web form', async () => {
    const { client } = context;
    for (const url of [
      'javascript:alert(document.cookie)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.com/x',
    ]) {
      const response = await client.post('/api/documents', { title: 'Doc', text: 'Some text', url });
      expect(response.status, url).toBe(422);
      expect(response.body.error.message).toContain('url:');
    }
    expect((await client.get('/api/documents')).body.documents).toEqual([]);
    expect((await client.post('/api/documents', { title: 'Doc', text: 'Some text', url: 'https://example.com/doc' })).status).toBe(201);
  });
});

describe('bodies over the limit', () => {
  it('answers a readable 413 to a client still streaming a body far over the limit', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${context.server.url}/api/documents`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { authorization: `Bearer ${context.client.token}`, 'content-type': 'application/json' },
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('too_large');
  });
});

describe('addresses that name nothing', () => {
  it('answers an unknown page with an HTML page and a way back, and an unknown API route with JSON', async () => {
    const page = await fetch(`${context.server.url}/no/such/page`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('href="/"');
    const api = await fetch(`${context.server.url}/api/no/such/route`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });

  it('answers a malformed or over-long id on a web route with an HTML page that does not echo it', async () => {
    const browser = new WebClient(context.server.url);
    await browser.signUp();
    for (const path of ['/chats/%ff', `/chats/${'z'.repeat(150)}`, '/chats/%00']) {
      const response = await browser.get(path);
      expect([400, 404], path).toContain(response.status);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.text).not.toContain('zzzzzzzzzz');
      expect(response.text).not.toContain('%ff');
    }
  });

  it('refuses a chat socket with a repeated position before the upgrade', async () => {
    const browser = new WebClient(context.server.url);
    await browser.signUp();
    const created = await browser.post('/chats', { model: 'offline' });
    const chatPath = created.headers.get('location')!;
    const url = `${context.server.url.replace('http', 'ws')}${chatPath}/socket?position=start&position=start`;
    const socket = new WebSocket(url, { headers: { cookie: browser.cookieHeader, origin: context.server.url } });
    const status = await new Promise<number>((resolve, reject) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('the socket was upgraded')));
      socket.on('error', reject);
    });
    expect(status).toBe(400);
  });
});
