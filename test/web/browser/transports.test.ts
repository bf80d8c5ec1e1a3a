import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReplyMarkdown } from '../../../src/web/markdown/render-markdown.ts';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import {
  compact,
  newChatInBrowser,
  recordRenderings,
  renderings,
  sendPrompt,
  signUpInBrowser,
  textOfHtml,
  waitForRenderings,
  waitForStatus,
} from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';
import { startCuttingProxy, type CuttingProxy } from '../support/cutting-proxy.ts';

/**
 * Both transports of a chat's stream, through a proxy that drops every connection mid-reply: the
 * page's stream reconnects by itself (EventSource with Last-Event-ID, our controller with its last
 * position) and the reply ends exactly as stored, every rendering on the way a prefix of it.
 */
describe.skipIf(!chromiumUp)('the chat stream', () => {
  let server: HotlineUnderTest;
  let proxy: CuttingProxy;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    proxy = await startCuttingProxy(server.url);
    browser = await launchChromium();
    context = await browser.newContext();
    await signUpInBrowser(await context.newPage(), proxy.url);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  for (const transport of ['sse', 'websocket'] as const) {
    it(`over ${transport === 'sse' ? 'Server-Sent Events' : 'WebSocket'} delivers a reply and resumes it exactly after the connection drops`, async () => {
      const page = (await context.pages())[0]!;
      await newChatInBrowser(page, proxy.url, 'openai:fake?tokens=300&rate=50', transport);
      if (transport === 'websocket') await page.goto(`${page.url()}?stream=websocket`);
      const source = transport === 'sse' ? 'turbo-stream-source' : '[data-controller=socket-stream]';
      expect(await page.locator(source).count()).toBe(1);
      const id = await sendPrompt(page, 'Keep going');
      await recordRenderings(page, id);
      await waitForRenderings(page, 3);

      const before = proxy.connections();
      proxy.cutAll();
      const cutAt = (await renderings(page)).length;
      await waitForRenderings(page, cutAt + 3);
      expect(proxy.connections()).toBeGreaterThan(before);
      await waitForStatus(page, id, 'completed');

      const stored = server.hotline.messages.findById(id);
      const expected = await textOfHtml(page, renderReplyMarkdown((await stored)!.content));
      expect(await page.textContent(`#message_${id} [data-testid=message-content]`)).toBe(expected);
      const seen = await renderings(page);
      expect(seen.slice(cutAt).some((r) => r.status === 'streaming')).toBe(true);
      for (const rendering of seen) expect(compact(expected).startsWith(compact(rendering.text))).toBe(true);
    });
  }
});
