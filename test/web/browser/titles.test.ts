import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

const wide = { width: 1280, height: 800 };

/** Waits until the chat's head and its link in the sidebar both read `title`. */
async function showsTitle(page: Page, chatId: string, title: string): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) =>
      document.querySelector('[data-testid=chat-title]')?.textContent?.trim() === expected &&
      document.querySelector(`[data-testid=chat-list] a[data-testid=chat-link][href="/chats/${id}"]`)?.textContent?.trim() === expected,
    [chatId, title] as const,
  );
}

describe.skipIf(!chromiumUp)('a chat’s title, in two tabs and the sidebar', () => {
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_OFFLINE_TOKENS_PER_SECOND: '1000' });

  it('arrives after the first reply, and a rename in one tab shows in the other', async () => {
    const tabs = await context.browser.newContext({ viewport: wide });
    const page = await tabs.newPage();
    await signUpInBrowser(page, context.server.url);
    const chatId = await newChatInBrowser(page, context.server.url, 'offline', '');
    const other = await tabs.newPage();
    await other.goto(page.url());
    for (const tab of [page, other]) await showsTitle(tab, chatId, 'New chat');
    expect(await other.isVisible('[data-testid=chat-list]')).toBe(true);

    const id = await sendPrompt(page, 'Why do proxies buffer event streams?');
    await waitForStatus(page, id, 'completed');
    for (const tab of [page, other]) await showsTitle(tab, chatId, 'Why do proxies buffer event streams?');

    await other.click('[data-testid=rename-chat]');
    await other.fill('.chat__rename-form input[name=title]', 'Proxies and SSE');
    await other.press('.chat__rename-form input[name=title]', 'Enter');
    for (const tab of [page, other]) await showsTitle(tab, chatId, 'Proxies and SSE');
    await tabs.close();
  });
});
