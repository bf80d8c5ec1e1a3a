import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cableSecret } from '../../src/protocols/action-cable/cable-secret.ts';
import { signStreamName, verifyStreamName } from '../../src/protocols/action-cable/signed-stream-name.ts';
import { renderReplyMarkdown } from '../../src/web/markdown/render-markdown.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { compact, recordRenderings, renderings, textOfHtml, waitForRenderings, waitForStatus } from '../web/support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../web/support/chromium.ts';
import { startCuttingProxy, type CuttingProxy } from '../web/support/cutting-proxy.ts';
import { startRailsPages, type RailsPages } from './support/rails-page.ts';

/**
 * A Rails app's page, from another origin, with the stock Action Cable consumer and turbo-rails'
 * `<turbo-cable-stream-source>`, in Debian's Chromium, following a Hotline chat through a proxy that can
 * drop every connection.
 */
describe.skipIf(!chromiumUp)('a stock Rails page on Action Cable', () => {
  let pages: RailsPages;
  let server: HotlineUnderTest;
  let proxy: CuttingProxy;
  let browser: Browser;
  let context: BrowserContext;
  let alice: ApiClient;

  beforeAll(async () => {
    pages = await startRailsPages();
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_ALLOWED_ORIGINS: pages.origin });
    proxy = await startCuttingProxy(server.url);
    browser = await launchChromium();
    context = await browser.newContext();
    alice = await new ApiClient(server.url).signUp();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
    await pages?.close();
  });

  const cableUrl = () => `${proxy.url.replace('http', 'ws')}/cable`;

  /** Every Action Cable message the page receives, parsed. */
  function cableMessages(page: Page): Array<{ type?: string; message?: unknown }> {
    const seen: Array<{ type?: string; message?: unknown }> = [];
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => seen.push(JSON.parse(String(payload)))));
    return seen;
  }

  async function openPage(name: string, origin = pages.origin): Promise<Page> {
    const page = await context.newPage();
    await page.goto(pages.pageUrl(origin, cableUrl(), name));
    return page;
  }

  async function expectExactReply(page: Page, id: string): Promise<void> {
    await waitForStatus(page, id, 'completed');
    const stored = (await server.hotline.messages.findById(id))!;
    const expected = await textOfHtml(page, renderReplyMarkdown(stored.content));
    expect(await page.textContent(`#message_${id} [data-testid=message-content]`)).toBe(expected);
    for (const rendering of await renderings(page)) expect(compact(expected).startsWith(compact(rendering.text))).toBe(true);
    // The question and the reply, each once: nothing was appended twice.
    expect(await page.locator('#messages [data-testid=message]').count()).toBe(2);
    const ids = await page.locator('#messages [id]').evaluateAll((elements) => elements.map((element) => element.id));
    expect(new Set(ids).size).toBe(ids.length);
  }

  it('gets everything sent between the name being issued and the page subscribing, and follows the reply as it grows', async () => {
    // Slow enough that the page, which loads turbo-rails and connects first, still sees the reply grow on a loaded machine.
    const chat = await alice.newChat({ model: 'openai:fake?tokens=300&rate=20' });
    const { signedStreamName } = (await alice.get(`/api/chats/${chat.id}/cable`)).body;
    const id = (await alice.send(chat.id, 'Tell me everything')).assistantMessage.id;
    const page = await openPage(signedStreamName);
    await page.waitForSelector(`#message_${id}`, { timeout: 20_000 });
    await recordRenderings(page, id);
    await waitForRenderings(page, 3);
    expect((await renderings(page)).some((rendering) => rendering.status === 'streaming')).toBe(true);
    await expectExactReply(page, id);
    await page.close();
  }, 90_000);

  it('survives a dropped connection: the consumer reconnects, resubscribes, and the text ends exact', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=600&rate=30' });
    const { signedStreamName } = (await alice.get(`/api/chats/${chat.id}/cable`)).body;
    const page = await context.newPage();
    const sockets: Array<Array<{ message?: unknown }>> = [];
    page.on('websocket', (socket) => {
      const received: Array<{ message?: unknown }> = [];
      sockets.push(received);
      socket.on('framereceived', ({ payload }) => received.push(JSON.parse(String(payload))));
    });
    await page.goto(pages.pageUrl(pages.origin, cableUrl(), signedStreamName));
    // On a loaded machine the stock consumer's first attempt can fail; its monitor then retries within 6 to 18 s.
    await page.waitForSelector('turbo-cable-stream-source[connected]', { state: 'attached', timeout: 45_000 });
    const sent = await alice.send(chat.id, 'Keep going');
    const id = sent.assistantMessage.id;
    await page.waitForSelector(`#message_${id}`, { timeout: 20_000 });
    await recordRenderings(page, id);
    await waitForRenderings(page, 3);

    const before = proxy.connections();
    proxy.cutAll();
    const cutAt = (await renderings(page)).length;
    // A tab coming back into view is the stock consumer's cue to reopen a dropped connection at once
    // (else its monitor does within 6 to 18 s).
    await page.waitForSelector('turbo-cable-stream-source:not([connected])', { state: 'attached' });
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await waitForRenderings(page, cutAt + 3);
    expect(proxy.connections()).toBeGreaterThan(before);
    expect((await renderings(page)).slice(cutAt).some((rendering) => rendering.status === 'streaming')).toBe(true);
    await expectExactReply(page, id);
    // After the reconnection the stream went on from where the page stood: the messages were not sent again.
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    const resent = sockets.at(-1)!.filter((m) => typeof m.message === 'string' && (m.message as string).includes(`id="message_${sent.userMessage.id}"`));
    expect(resent).toEqual([]);
    // The page's source now holds the name of where it stands, which the server signed.
    const name = (await page.getAttribute('turbo-cable-stream-source', 'signed-stream-name'))!;
    expect(name).not.toBe(signedStreamName);
    expect(verifyStreamName(await cableSecret(server.hotline), name, Date.now())).toMatchObject({ chatId: chat.id, position: { messageId: id } });
    await page.close();
  }, 120_000);

  it('is refused with an expired or forged name, and from an origin that is not allowed', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=5&rate=0' });
    const { signedStreamName } = (await alice.get(`/api/chats/${chat.id}/cable`)).body;
    const grant = verifyStreamName(await cableSecret(server.hotline), signedStreamName, Date.now());
    if (typeof grant === 'string') throw new Error(grant);
    const expired = signStreamName(await cableSecret(server.hotline), { ...grant, expiresAt: Date.now() - 1 });
    const forged = signedStreamName.replace(/.$/, (last: string) => (last === 'A' ? 'B' : 'A'));
    for (const name of [expired, forged]) {
      const page = await context.newPage();
      const messages = cableMessages(page);
      await page.goto(pages.pageUrl(pages.origin, cableUrl(), name));
      await expect.poll(() => messages.some((m) => m.type === 'reject_subscription'), { timeout: 10_000 }).toBe(true);
      expect(messages.some((m) => m.type === 'confirm_subscription')).toBe(false);
      await page.close();
    }

    const page = await context.newPage();
    const refused = new Promise<void>((resolve) => page.on('websocket', (socket) => socket.on('close', () => resolve())));
    const messages = cableMessages(page);
    await page.goto(pages.pageUrl(pages.otherOrigin, cableUrl(), signedStreamName));
    await refused;
    expect(messages).toEqual([]);
    await page.close();
  });
});
