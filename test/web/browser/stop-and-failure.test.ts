import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { newChatInBrowser, recordRenderings, sendPrompt, signUpInBrowser, waitForRenderings, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';

const composerEnabled = () => !document.querySelector<HTMLTextAreaElement>('form[data-testid=composer] textarea[name=content]')!.disabled;

describe.skipIf(!chromiumUp)('ending a reply early', () => {
  let server: HotlineUnderTest;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    browser = await launchChromium();
    context = await browser.newContext();
    await signUpInBrowser(await context.newPage(), server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Stop ends the reply cancelled in both tabs, keeping its text, and frees both composers', async () => {
    const page = (await context.pages())[0]!;
    await newChatInBrowser(page, server.url, 'openai:fake?tokens=3000&rate=30', 'Stop me');
    const other = await context.newPage();
    await other.goto(page.url());
    const id = await sendPrompt(page, 'Go on and on');
    await recordRenderings(other, id);
    await waitForRenderings(other, 3);

    await page.click(`#message_${id} [data-testid=stop]`);
    await waitForStatus(page, id, 'cancelled');
    await waitForStatus(other, id, 'cancelled');
    await server.provider.waitForAbort((abort) => abort.model.startsWith('fake?tokens=3000'));
    for (const tab of [page, other]) {
      await tab.waitForFunction(composerEnabled);
      expect(await tab.textContent(`#message_${id} [data-testid=message-content]`)).not.toBe('');
      expect(await tab.locator(`#message_${id} [data-testid=retry]`).count()).toBe(1);
      expect(await tab.locator(`#message_${id} [data-testid=stop]`).count()).toBe(0);
    }
    await other.close();
  });

  it('a provider failure shows the error inside the message and frees the composer', async () => {
    const page = (await context.pages())[0]!;
    await newChatInBrowser(page, server.url, 'openai:fake?tokens=200&rate=100&fault=drop&faultAfter=20', 'Fails');
    const id = await sendPrompt(page, 'This will break');
    await waitForStatus(page, id, 'failed');
    const error = await page.textContent(`#message_${id} [role=alert]`);
    expect(error?.trim()).not.toBe('');
    await page.waitForFunction(composerEnabled);

    // Retry starts a new reply to the same prompt in the failed one's place; this one fails too.
    await page.click(`#message_${id} [data-testid=retry]`);
    await page.waitForFunction((old) => !document.getElementById(`message_${old}`), id);
    const retried = page.locator('[data-testid=message][data-role=assistant]').nth(0);
    await retried.waitFor();
    const retriedId = (await retried.getAttribute('id'))!.replace(/^message_/, '');
    expect(retriedId).not.toBe(id);
    await waitForStatus(page, retriedId, 'failed');
    await page.waitForFunction(composerEnabled);
  });
});
