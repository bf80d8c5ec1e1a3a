import { describe, expect, it } from 'vitest';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { tinyPng } from '../support/sample-files.ts';
import { WebClient } from './support/web-client.ts';

/** The markup of the control with this test id, up to its closing tag. */
const control = (page: string, testid: string): string => {
  const start = page.indexOf(`data-testid="${testid}"`);
  if (start === -1) throw new Error(`no ${testid} on the page`);
  const end = page.slice(start).search(/<\/(button|summary|a)>/);
  return page.slice(start, start + end);
};

describe('the web app', () => {
  const t = signedInHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MODEL: 'openai:controls?tokens=3&rate=0' });

  it('gives its controls inline SVG icons (our origin, no style attribute) beside their names', async () => {
    const web = new WebClient(t.server.url);
    await web.signUp();
    const chatId = await web.newChat({ content: 'First question' });
    /** Reloads the chat page, as a reader without JavaScript would, until its replies have ended. */
    const settledPage = async () => {
      let page = (await web.get(`/chats/${chatId}`)).text;
      for (let reloads = 0; reloads < 500 && page.includes('data-status="streaming"'); reloads++) page = (await web.get(`/chats/${chatId}`)).text;
      return page;
    };
    const replyId = /id="message_([^"]+)"[^>]*data-role="assistant"/.exec(await settledPage())![1]!;
    await web.post(`/messages/${replyId}/retry`);
    const page = await settledPage();
    for (const testid of ['copy', 'retry', 'edit', 'rename-chat', 'delete-chat', 'scroll-to-latest', 'open-chat-list', 'previous-version', 'next-version']) {
      const markup = control(page, testid);
      expect(markup, testid).toMatch(/<svg class="icon" viewBox="0 0 24 24"[^>]*aria-hidden="true"/);
      expect(markup, testid).not.toMatch(/\sstyle=|xlink:href|href="http/);
    }
  });

  it('starts a chat with its first message from one form post, and refuses an image the model can’t see, leaving no chat', async () => {
    const web = new WebClient(t.server.url);
    await web.signUp();
    const chatId = await web.newChat({ content: 'Hello from the home page', model: 'openai:controls?tokens=3&rate=0' });
    expect((await web.get(`/chats/${chatId}`)).text).toContain('Hello from the home page');

    const before = (await web.get('/')).text.match(/data-testid="chat-link"/g)!.length;
    const form = new FormData();
    form.append('_csrf', web.csrf);
    form.append('model', 'offline');
    form.append('content', 'Look at this');
    form.append('files', new Blob([new Uint8Array(tinyPng)], { type: 'image/png' }), 'pixel.png');
    const refused = await web.request('POST', '/chats', { multipart: form });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('takes no images');
    expect((await web.get('/')).text.match(/data-testid="chat-link"/g)!.length).toBe(before);
  });
});
