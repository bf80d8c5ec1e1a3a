import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReplyMarkdown } from '../../../src/web/markdown/render-markdown.ts';
import { ApiClient } from '../../support/api-client.ts';
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

describe.skipIf(!chromiumUp)('every tab of a chat', () => {
  let server: HotlineUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let api: ApiClient;
  let chatUrl: string;

  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    browser = await launchChromium();
    context = await browser.newContext();
    const page = await context.newPage();
    const account = await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:fake?tokens=240&rate=40');
    chatUrl = page.url();
    await page.close();
    const session = await new ApiClient(server.url).post('/api/session', account);
    api = new ApiClient(server.url, session.body.token);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const expectedText = async (page: import('playwright-core').Page, id: string) => {
    const stored = (await api.get(`/api/messages/${id}`)).body;
    return textOfHtml(page, renderReplyMarkdown(stored.content));
  };

  it('shows a reply sent from another tab growing, and ending the same', async () => {
    const sender = await context.newPage();
    const watcher = await context.newPage();
    await sender.goto(chatUrl);
    await watcher.goto(chatUrl);
    const id = await sendPrompt(sender, 'Say something long');
    await recordRenderings(watcher, id);
    await waitForRenderings(watcher, 3);
    await waitForStatus(watcher, id, 'completed');
    await waitForStatus(sender, id, 'completed');

    const expected = await expectedText(watcher, id);
    expect(await watcher.textContent(`#message_${id} [data-testid=message-content]`)).toBe(expected);
    expect(await sender.textContent(`#message_${id} [data-testid=message-content]`)).toBe(expected);
    const growing = (await renderings(watcher)).filter((r) => r.status === 'streaming' && r.text !== '');
    expect(growing.length).toBeGreaterThanOrEqual(2);
    for (const rendering of growing) expect(compact(expected).startsWith(compact(rendering.text))).toBe(true);
    await watcher.waitForFunction(() => !document.querySelector<HTMLTextAreaElement>('textarea[name=content]')!.disabled);
    await sender.close();
    await watcher.close();
  });

  it('picks a reply up where it is after a reload, with no gap and nothing twice', async () => {
    const page = await context.newPage();
    await page.goto(chatUrl);
    const id = await sendPrompt(page, 'Reload me');
    await recordRenderings(page, id);
    await waitForRenderings(page, 3);
    // Reload once the stored text has some blocks: the page then renders them and streams on from there.
    while ((await api.get(`/api/messages/${id}`)).body.content.length < 200) await page.waitForTimeout(20);
    await page.reload();
    await recordRenderings(page, id);
    const first = (await renderings(page))[0]!;
    expect(first.status).toBe('streaming');
    expect(first.text).not.toBe('');
    await waitForRenderings(page, 3);
    await waitForStatus(page, id, 'completed');

    const expected = await expectedText(page, id);
    expect(await page.textContent(`#message_${id} [data-testid=message-content]`)).toBe(expected);
    for (const rendering of await renderings(page)) expect(compact(expected).startsWith(compact(rendering.text))).toBe(true);
    await page.close();
  });

  it('shows a reply started through the API', async () => {
    const page = await context.newPage();
    await page.goto(chatUrl);
    const chatId = new URL(chatUrl).pathname.split('/').pop()!;
    const turn = await api.send(chatId, 'From a script');
    const id = turn.assistantMessage.id as string;
    await page.waitForSelector(`#message_${turn.userMessage.id}[data-role=user]`);
    await page.waitForSelector(`#message_${id}[data-status=streaming]`);
    expect(await page.isDisabled('textarea[name=content]')).toBe(true);
    await waitForStatus(page, id, 'completed');
    expect(await page.textContent(`#message_${id} [data-testid=message-content]`)).toBe(await expectedText(page, id));
    await page.waitForFunction(() => !document.querySelector<HTMLTextAreaElement>('textarea[name=content]')!.disabled);
    await page.close();
  });
});
