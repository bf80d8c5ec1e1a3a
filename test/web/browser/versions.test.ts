import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

const assistantIds = (page: Page) =>
  page.$$eval('[data-testid=message][data-role=assistant]', (articles) => articles.map((a) => a.id.replace(/^message_/, '')));
const userTexts = (page: Page) =>
  page.$$eval('[data-testid=message][data-role=user] [data-testid=message-content]', (contents) => contents.map((c) => c.textContent!.trim()));
const composerEnabled = () => !document.querySelector<HTMLTextAreaElement>('form[data-testid=composer] textarea[name=content]')!.disabled;

/** Waits until the page shows these questions, in order, and nothing streaming. */
async function showsQuestions(page: Page, texts: string[]): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify(
        [...document.querySelectorAll('[data-testid=message][data-role=user] [data-testid=message-content]')].map((c) => c.textContent!.trim()),
      ) === JSON.stringify(expected) && !document.querySelector('[data-status=streaming]'),
    texts,
  );
}

describe.skipIf(!chromiumUp)('versions and edits, in two tabs', () => {
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('Retry on an earlier reply makes "2/2" in its place; the arrows switch versions, in both tabs', async () => {
    const tabs = await context.browser.newContext();
    const page = await tabs.newPage();
    await signUpInBrowser(page, context.server.url);
    await newChatInBrowser(page, context.server.url, 'openai:fake?tokens=8&rate=200', 'Versions');
    const first = await sendPrompt(page, 'First question');
    await waitForStatus(page, first, 'completed');
    const second = await sendPrompt(page, 'Second question');
    await waitForStatus(page, second, 'completed');
    const other = await tabs.newPage();
    await other.goto(page.url());

    await page.click(`#message_${first} [data-testid=retry]`);
    for (const tab of [page, other]) {
      // The new version stands where the first reply stood; the later turn went with the old version.
      await tab.waitForFunction((old) => !document.getElementById(`message_${old}`), first);
      await showsQuestions(tab, ['First question']);
      const [retried] = await assistantIds(tab);
      expect(retried).not.toBe(first);
      expect(await tab.textContent(`#message_${retried} [data-testid=versions]`)).toContain('2/2');
      await tab.waitForFunction(composerEnabled);
    }

    await other.click('[data-testid=message][data-role=assistant] [data-testid=previous-version]');
    for (const tab of [page, other]) {
      await showsQuestions(tab, ['First question', 'Second question']);
      expect(await assistantIds(tab)).toEqual([first, second]);
      expect(await tab.textContent(`#message_${first} [data-testid=versions]`)).toContain('1/2');
    }
    await page.click(`#message_${first} [data-testid=next-version]`);
    await showsQuestions(other, ['First question']);
    await tabs.close();
  });

  it('Edit makes a new version of the question, answered anew, with keyboard alone', async () => {
    const tabs = await context.browser.newContext();
    const page = await tabs.newPage();
    await signUpInBrowser(page, context.server.url);
    await newChatInBrowser(page, context.server.url, 'openai:fake?tokens=8&rate=200', 'Edits');
    const reply = await sendPrompt(page, 'Wrong question');
    await waitForStatus(page, reply, 'completed');
    const other = await tabs.newPage();
    await other.goto(page.url());

    await page.focus('[data-testid=message][data-role=user] [data-testid=edit]');
    await page.keyboard.press('Enter');
    const editor = page.locator('[data-testid=message][data-role=user] form textarea[name=edited]');
    await editor.waitFor();
    await editor.fill('Right question');
    await editor.press('Enter');
    for (const tab of [page, other]) {
      await showsQuestions(tab, ['Right question']);
      expect(await assistantIds(tab)).not.toContain(reply);
      expect(await tab.textContent('[data-testid=message][data-role=user] [data-testid=versions]')).toContain('2/2');
    }
    // Back to the first version by keyboard: Tab to the arrow, Enter.
    await other.focus('[data-testid=message][data-role=user] [data-testid=previous-version]');
    await other.keyboard.press('Enter');
    for (const tab of [page, other]) {
      await showsQuestions(tab, ['Wrong question']);
      expect(await assistantIds(tab)).toEqual([reply]);
    }
    expect(await userTexts(page)).toEqual(['Wrong question']);
    await tabs.close();
  });
});
