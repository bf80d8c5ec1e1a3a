import { describe, expect, it } from 'vitest';
import { suggestedPrompts } from '../../../src/web/views/suggested-prompts.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { newChatInBrowser, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

const chatUrl = /\/chats\/(?!new$)[^/]+$/;

describe.skipIf(!chromiumUp)('starting a chat', () => {
  const t = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MODEL: 'openai:start?tokens=4&rate=0' });

  it('by typing on the home page and pressing Enter: the chat is made with its first message, no form first', async () => {
    const page = await t.browser.newPage();
    await signUpInBrowser(page, t.server.url);
    // The home page opens with its composer focused.
    expect(await page.evaluate(() => document.activeElement?.closest('form')?.dataset.testid)).toBe('start-composer');
    await page.keyboard.type('Plan a picnic for four');
    await Promise.all([page.waitForURL(chatUrl), page.keyboard.press('Enter')]);
    const reply = page.locator('[data-testid=message][data-role=assistant]');
    await reply.waitFor();
    await waitForStatus(page, (await reply.getAttribute('id'))!.replace('message_', ''), 'completed');
    expect(await page.textContent('[data-testid=message][data-role=user] [data-testid=message-content]')).toContain('Plan a picnic for four');
    // The chat is in the list, under the title its model wrote.
    await page.goto(t.server.url);
    expect(await page.locator('[data-testid=chat-link]').count()).toBe(1);
  });

  it('with a suggested prompt, on the new-chat page and on an empty chat', async () => {
    const page = await t.browser.newPage();
    await signUpInBrowser(page, t.server.url);
    await page.goto(`${t.server.url}/chats/new`);
    await Promise.all([page.waitForURL(chatUrl), page.getByRole('button', { name: suggestedPrompts[0] }).click()]);
    await page.locator('[data-testid=message][data-role=user]').waitFor();
    expect(await page.textContent('[data-testid=message][data-role=user]')).toContain(suggestedPrompts[0]);

    await newChatInBrowser(page, t.server.url, 'openai:start?tokens=4&rate=0', 'Empty');
    expect(await page.locator('[data-testid=suggested-prompt]').count()).toBe(suggestedPrompts.length);
    await page.getByRole('button', { name: suggestedPrompts[1] }).click();
    await page.locator('[data-testid=message][data-role=user]').waitFor();
    expect(await page.textContent('[data-testid=message][data-role=user]')).toContain(suggestedPrompts[1]);
    // Once the chat has messages, the suggestions are gone.
    expect(await page.locator('[data-testid=suggested-prompt]').first().isVisible()).toBe(false);
  });

  it('a skip link leads past the header and the chat list to the chat; each message has a heading', async () => {
    const page = await t.browser.newPage();
    await signUpInBrowser(page, t.server.url);
    await newChatInBrowser(page, t.server.url, 'openai:start?tokens=4&rate=0', 'Skip');
    await page.fill('form[data-testid=composer] textarea[name=content]', 'Hello');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=message][data-role=assistant][data-status=completed]').waitFor();

    // The first stop of the keyboard on the page (the composer has the focus once a chat opens, so the test goes there itself).
    expect(await page.evaluate(() => document.querySelector('a[href], button, input:not([type=hidden]), textarea, select, summary')?.textContent)).toBe(
      'Skip to main content',
    );
    await page.focus('[data-testid=skip-link]');
    expect(await page.isVisible('[data-testid=skip-link]')).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#chat')))).toBe(true);

    expect(await page.getByRole('heading', { level: 2, name: 'You said:' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 2, name: 'Assistant said:' }).count()).toBe(1);
    expect(await page.getByRole('article', { name: 'Assistant said:' }).count()).toBe(1);
  });
});
