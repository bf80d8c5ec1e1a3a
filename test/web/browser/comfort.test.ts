import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { newChatInBrowser, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';
import { startScriptedProvider, type ScriptedProvider } from '../support/scripted-provider.ts';

const answer = ['Here is the command:', '', '```sh', 'npm start', '```', '', 'Run it from the project folder.', ''].join('\n');
const composer = 'form[data-testid=composer] textarea[name=content]';
const lastAssistantId = (page: Page) => page.$$eval('[data-testid=message][data-role=assistant]', (all) => all.at(-1)?.id.replace(/^message_/, '') ?? '');

/** Records every text the live region takes. */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __announced: string[] };
    w.__announced = [];
    const region = document.querySelector('[data-testid=announcer]')!;
    new MutationObserver(() => w.__announced.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
  });
}

describe.skipIf(!chromiumUp)('reading and writing comfort', () => {
  let server: HotlineUnderTest;
  let provider: ScriptedProvider;
  let browser: Browser;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    provider.scripts.set('answer', answer);
    provider.scripts.set('long', 'word '.repeat(3000));
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:answer' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('Enter sends, Shift+Enter breaks the line; the reply is announced once, at its end; copy buttons copy', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:answer?rate=100', 'Comfort');
    // The chat opens with the composer focused.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('content');
    await recordAnnouncements(page);

    await page.keyboard.type('How do I start it?');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Briefly.');
    expect(await page.inputValue(composer)).toBe('How do I start it?\nBriefly.');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=message][data-role=assistant]');
    const id = await lastAssistantId(page);
    await waitForStatus(page, id, 'completed');
    expect(await page.textContent('[data-testid=message][data-role=user] [data-testid=message-content]')).toContain('Briefly.');

    await page.waitForFunction(() => (window as unknown as { __announced: string[] }).__announced.length > 0);
    const announced = await page.evaluate(() => (window as unknown as { __announced: string[] }).__announced);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatch(/^Reply: Here is the command:/);
    expect(await page.locator('#messages[aria-live], #messages [aria-live]').count()).toBe(0);

    await page.click(`#message_${id} [data-testid=copy-code]`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('npm start');
    await page.click(`#message_${id} [data-testid=copy]`);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Here is the command:');
    expect(copied).toContain('Run it from the project folder.');
    expect(copied).not.toContain('Copy');
    await context.close();
  });

  it('Esc stops a streaming reply; scrolled up, "jump to latest" brings the reader back', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 500 } });
    await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:long?rate=150', 'Long');
    await page.fill(composer, 'Go on and on');
    await page.press(composer, 'Enter');
    await page.waitForFunction(() => document.scrollingElement!.scrollHeight > 2 * innerHeight);
    expect(await page.isHidden('[data-testid=scroll-to-latest]')).toBe(true);

    await page.mouse.move(400, 250);
    await page.mouse.wheel(0, -600);
    await page.waitForSelector('[data-testid=scroll-to-latest]', { state: 'visible' });
    await page.click('[data-testid=scroll-to-latest]');
    await page.waitForFunction(() => document.scrollingElement!.scrollHeight - scrollY - innerHeight < 48);
    await page.waitForSelector('[data-testid=scroll-to-latest]', { state: 'hidden' });

    const id = await lastAssistantId(page);
    await page.keyboard.press('Escape');
    await waitForStatus(page, id, 'cancelled');
    await page.close();
  });
});
