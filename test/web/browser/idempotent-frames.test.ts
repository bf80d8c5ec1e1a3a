import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReplyMarkdown } from '../../../src/web/markdown/render-markdown.ts';
import { ApiClient } from '../../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, textOfHtml, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';
import { startScriptedProvider, type ScriptedProvider } from '../support/scripted-provider.ts';
import { isFinal, openTurboStream } from '../support/turbo-sse-client.ts';
import { markdownReply } from '../support/markdown-reply.ts';

describe.skipIf(!chromiumUp)('Turbo Stream frames', () => {
  let server: HotlineUnderTest;
  let provider: ScriptedProvider;
  let browser: Browser;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    provider.scripts.set('document', markdownReply(300));
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:document' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('each leave the page as it was when applied a second time', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const account = await signUpInBrowser(page, server.url);
    const chatId = await newChatInBrowser(page, server.url, 'openai:document?rate=400');
    // The page's own stream is taken away: this test applies the frames by hand.
    await page.evaluate(() => document.querySelector('turbo-stream-source')!.remove());
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const stream = await openTurboStream(`${server.url}/chats/${chatId}/stream?position=start`, cookie);
    const api = new ApiClient(server.url, (await new ApiClient(server.url).post('/api/session', account)).body.token);
    const { assistantMessage } = await api.send(chatId, 'Write a document');
    await stream.until((events) => events.some((e) => isFinal(e, assistantMessage.id)));
    stream.cut();
    expect(stream.events.length).toBeGreaterThan(5);

    const apply = (html: string) =>
      page.evaluate(async (frame) => {
        (window as unknown as { Turbo: { renderStreamMessage(html: string): void } }).Turbo.renderStreamMessage(frame);
        // A stream action runs on the next animation frame.
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
        return document.getElementById('messages')!.innerHTML;
      }, html);
    for (const event of stream.events) {
      const once = await apply(event.data);
      const twice = await apply(event.data);
      expect(twice).toBe(once);
    }
    const stored = (await api.get(`/api/messages/${assistantMessage.id}`)).body;
    expect(await page.textContent(`#message_${assistantMessage.id} [data-testid=message-content]`)).toBe(
      await textOfHtml(page, renderReplyMarkdown(stored.content)),
    );
    await context.close();
  });

  it('end a reply that is over before its first frame, in the tab that sent it', async () => {
    const page = await browser.newPage();
    await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:document?rate=0');
    const id = await sendPrompt(page, 'Quick');
    await waitForStatus(page, id, 'completed');
    await page.waitForFunction(() => !document.querySelector<HTMLTextAreaElement>('textarea[name=content]')!.disabled);
    await page.close();
  });
});
