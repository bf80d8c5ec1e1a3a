import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { WebClient } from './support/web-client.ts';

let server: HotlineUnderTest;

beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
});
afterAll(() => server.close());

describe('the web pages without JavaScript', () => {
  it('send a signed-out visitor to sign in', async () => {
    const response = await new WebClient(server.url).get('/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin');
  });

  it('sign up, sign out and sign in again with the same email and password', async () => {
    const browser = new WebClient(server.url);
    const { email, password } = await browser.signUp();
    expect((await browser.get('/')).text).toContain(email);

    const signedOut = await browser.post('/signout');
    expect(signedOut.status).toBe(303);
    expect((await browser.get('/')).status).toBe(303);

    await browser.get('/signin');
    const wrong = await browser.post('/signin', { email, password: 'not the password' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Email or password is incorrect');
    const signedIn = await browser.post('/signin', { email, password });
    expect(signedIn.status).toBe(303);
    expect((await browser.get('/')).status).toBe(200);
  });

  it('end the session token on sign-out, so the old cookie no longer works', async () => {
    const browser = new WebClient(server.url);
    await browser.signUp();
    const stolen = new Map(browser.cookies);
    await browser.post('/signout');
    const thief = new WebClient(server.url);
    for (const [name, value] of stolen) thief.cookies.set(name, value);
    expect((await thief.get('/')).status).toBe(303);
  });

  it('refuse every form post without the CSRF token', async () => {
    const browser = new WebClient(server.url);
    await browser.signUp();
    const chatId = await browser.newChat();
    for (const [path, form] of [
      ['/chats', { title: 'x' }],
      [`/chats/${chatId}/messages`, { content: 'hi' }],
      ['/signout', {}],
    ] as const) {
      const forged = await browser.request('POST', path, { form: { ...form, _csrf: 'forged' } });
      expect(forged.status, path).toBe(403);
      const missing = await browser.request('POST', path, { form });
      expect(missing.status, path).toBe(403);
    }
    const visitor = new WebClient(server.url);
    expect((await visitor.request('POST', '/signup', { form: { email: 'x@example.com', password: 'long enough' } })).status).toBe(403);
  });

  it('post a message, redirect back, and show the reply on reload', async () => {
    const browser = new WebClient(server.url);
    await browser.signUp();
    const chatId = await browser.newChat({ title: 'No JS', model: 'openai:fake?tokens=12&rate=0' });
    const posted = await browser.post(`/chats/${chatId}/messages`, { content: 'Hello *world*' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/chats/${chatId}`);

    let page = (await browser.get(`/chats/${chatId}`)).text;
    for (let i = 0; i < 200 && page.includes('data-status="streaming"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      page = (await browser.get(`/chats/${chatId}`)).text;
    }
    expect(page).toContain('<p>Hello <em>world</em></p>');
    expect(page).toMatch(/data-role="assistant" data-status="completed"/);
    expect(page).toContain('<strong>bold</strong>');
    expect(page).not.toMatch(/<textarea[^>]*disabled/);
  });

  it('render the composer disabled while a reply streams', async () => {
    const browser = new WebClient(server.url);
    await browser.signUp();
    const chatId = await browser.newChat({ model: 'openai:fake?tokens=500&rate=20' });
    await browser.post(`/chats/${chatId}/messages`, { content: 'Take your time' });
    const page = (await browser.get(`/chats/${chatId}`)).text;
    expect(page).toMatch(/<textarea[^>]*disabled/);
    expect(page).toContain('data-testid="stop"');
    const busy = await browser.post(`/chats/${chatId}/messages`, { content: 'Again' });
    expect(busy.status).toBe(409);
    expect(busy.text).toContain('still streaming');
  });

  it('stop and retry a reply with plain forms, back to the chat each time', async () => {
    const browser = new WebClient(server.url);
    await browser.signUp();
    const chatId = await browser.newChat({ model: 'openai:fake?tokens=2000&rate=20' });
    await browser.post(`/chats/${chatId}/messages`, { content: 'Go' });
    const page = (await browser.get(`/chats/${chatId}`)).text;
    const replyId = /action="\/messages\/([^/]+)\/stop"/.exec(page)![1]!;

    const stopped = await browser.post(`/messages/${replyId}/stop`);
    expect(stopped.status).toBe(303);
    expect(stopped.headers.get('location')).toBe(`/chats/${chatId}`);
    const after = (await browser.get(`/chats/${chatId}`)).text;
    expect(after).toContain(`id="message_${replyId}" class="message message--assistant" data-testid="message" data-role="assistant" data-status="cancelled"`);
    expect(after).toContain(`action="/messages/${replyId}/retry"`);

    const retried = await browser.post(`/messages/${replyId}/retry`);
    expect(retried.status).toBe(303);
    const withRetry = (await browser.get(`/chats/${chatId}`)).text;
    // The retry is a new version in the stopped reply's place.
    expect(withRetry.match(/data-role="assistant"/g)).toHaveLength(1);
    expect(withRetry).toMatch(/data-role="assistant" data-status="streaming"/);
    expect(withRetry).not.toContain(`id="message_${replyId}"`);
  });

  it('answer a Turbo form post with Turbo Stream actions only', async () => {
    const browser = new WebClient(server.url);
    await browser.signUp();
    const chatId = await browser.newChat({ model: 'openai:fake?tokens=2000&rate=20' });
    const turbo = { accept: 'text/vnd.turbo-stream.html, text/html, application/xhtml+xml' };
    const posted = await browser.post(`/chats/${chatId}/messages`, { content: 'Go' }, turbo);
    expect(posted.status).toBe(200);
    expect(posted.headers.get('content-type')).toContain('text/vnd.turbo-stream.html');
    expect(posted.text.replace(/<turbo-stream [^>]*><template>[\s\S]*?<\/template><\/turbo-stream>/g, '')).toBe('');
    expect(posted.text).toContain('<turbo-stream action="append_once" target="messages">');
    expect(posted.text).toMatch(/<textarea[^>]*disabled/);

    const busy = await browser.post(`/chats/${chatId}/messages`, { content: 'Again' }, turbo);
    expect(busy.status).toBe(409);
    expect(busy.text).toContain('<turbo-stream action="update" target="notice">');
  });

  it("answer 404 for another user's chat, with a page", async () => {
    const owner = await new ApiClient(server.url).signUp();
    const chat = await owner.newChat();
    const browser = new WebClient(server.url);
    await browser.signUp();
    const response = await browser.get(`/chats/${chat.id}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it('send a strict Content-Security-Policy: a nonce for the import map, no inline scripts', async () => {
    const browser = new WebClient(server.url);
    const response = await browser.get('/signin');
    const policy = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("object-src 'none'");
    expect(response.text).toContain(`<script type="importmap" nonce="${nonce}">`);
    const scripts = [...response.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    for (const attributes of scripts) expect(attributes.includes(`nonce="${nonce}"`) || attributes.includes('src=')).toBe(true);
    const again = (await browser.get('/signin')).headers.get('content-security-policy')!;
    expect(again).not.toContain(nonce);
  });

  it('serve Turbo and Stimulus from node_modules through the import map, cacheable forever', async () => {
    const page = (await new WebClient(server.url).get('/signin')).text;
    const map = JSON.parse(/<script type="importmap"[^>]*>(.*?)<\/script>/s.exec(page)![1]!);
    for (const name of ['@hotwired/turbo', '@hotwired/stimulus', 'application']) {
      const response = await fetch(server.url + map.imports[name]);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
      expect(response.headers.get('cache-control')).toContain('immutable');
    }
  });
});
