import { describe, expect, it } from 'vitest';
import { newChatInBrowser, signUpInBrowser } from '../support/browser-chat.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { chromiumUp } from '../support/chromium.ts';

describe.skipIf(!chromiumUp)('the web app without JavaScript', () => {
  const on = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('signs up, starts a chat, sends with the form, and shows the reply on reload', async () => {
    const context = await on.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signUpInBrowser(page, on.server.url);
    const chatId = await newChatInBrowser(page, on.server.url, 'openai:fake?tokens=60&rate=30');
    await page.fill('textarea[name=content]', 'Hello without scripts');
    await Promise.all([page.waitForURL(`${on.server.url}/chats/${chatId}`), page.click('form[data-testid=composer] button[type=submit]')]);

    const reply = page.locator('[data-testid=message][data-role=assistant]');
    expect(await reply.getAttribute('data-status')).toBe('streaming');
    expect(await page.isDisabled('textarea[name=content]')).toBe(true);
    while ((await reply.getAttribute('data-status')) === 'streaming') await page.reload();
    expect(await reply.getAttribute('data-status')).toBe('completed');
    expect(await reply.locator('[data-testid=message-content] strong').first().textContent()).toBe('bold');
    expect(await page.isDisabled('textarea[name=content]')).toBe(false);
    await context.close();
  });
});
