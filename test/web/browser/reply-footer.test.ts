import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { newChatInBrowser, recordRenderings, sendPrompt, signUpInBrowser, waitForRenderings, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

/** Records every text the reply's status badge shows, in order. */
async function recordBadges(page: Page, id: string): Promise<void> {
  await page.evaluate((messageId) => {
    const w = window as unknown as { __badges: string[] };
    w.__badges = [];
    const record = () => {
      const text = document.querySelector(`#message_${messageId} .message__head .badge`)?.textContent?.trim() ?? '';
      if (w.__badges.at(-1) !== text) w.__badges.push(text);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, id);
}

describe.skipIf(!chromiumUp)('what a reply tells its reader while it fails over and once it stops', () => {
  // Retries wait 400 ms before trying again: long enough that the stream sends the step on its own.
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_PROVIDER_ATTEMPTS: '3', HOTLINE_RETRY_BASE_MS: '400' });

  it('says "Retrying…" while the provider is tried again, then writes', async () => {
    const page = await context.browser.newPage();
    await signUpInBrowser(page, context.server.url);
    await newChatInBrowser(page, context.server.url, 'openai:fake?fault=500&failTimes=1&tokens=20&rate=50', 'Flaky');
    const id = await sendPrompt(page, 'Try hard');
    await recordBadges(page, id);
    await waitForStatus(page, id, 'completed');
    const badges = await page.evaluate(() => (window as unknown as { __badges: string[] }).__badges);
    expect(badges.some((text) => text.startsWith('Retrying…'))).toBe(true);
    expect(badges.at(-1)).toBe('');
    await page.close();
  });

  it('a stopped reply’s footer shows what is known: its length and how long it ran', async () => {
    const page = await context.browser.newPage();
    await signUpInBrowser(page, context.server.url);
    await newChatInBrowser(page, context.server.url, 'openai:fake?tokens=3000&rate=30', 'Stopped');
    const id = await sendPrompt(page, 'Go on');
    await recordRenderings(page, id);
    await waitForRenderings(page, 3);
    await page.click(`#message_${id} [data-testid=stop]`);
    await waitForStatus(page, id, 'cancelled');
    const facts = await page.textContent(`#message_${id} [data-testid=usage]`);
    expect(facts).toMatch(/\d+ words?/);
    expect(facts).toMatch(/took \d/);
    await page.close();
  });
});
