import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';
import { startScriptedProvider, type ScriptedProvider } from '../support/scripted-provider.ts';

const answer = ['The solution is', '', '$$', 'x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}', '$$', '', 'where $a \\neq 0$; it costs $5 and $10.', ''].join('\n');

/** Where the fraction's numerator and denominator sit: the numerator above when KaTeX's layout applies. */
const fractionLayout = (page: Page, id: string) =>
  page.$eval(`#message_${id} .math-display .mfrac`, (fraction) => {
    // Each row of the fraction: a strut, then its content (the denominator first, then the line, then the numerator).
    const rows = [...fraction.querySelectorAll(':scope > .vlist-t > .vlist-r:first-child > .vlist > span')].map((row) =>
      row.lastElementChild!.getBoundingClientRect(),
    );
    const [denominator, , numerator] = rows;
    return { numeratorAbove: numerator!.bottom <= denominator!.top + 1 && numerator!.height > 0 };
  });

describe.skipIf(!chromiumUp)('math in replies', () => {
  let server: HotlineUnderTest;
  let provider: ScriptedProvider;
  let browser: Browser;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    provider.scripts.set('math', answer);
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:math' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('is typeset by KaTeX in the live and the final render, laid out, in its fonts from our origin, with no CSP error', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    const fontRequests: string[] = [];
    page.on('requestfinished', (request) => request.resourceType() === 'font' && fontRequests.push(request.url()));
    await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:math?rate=40');
    const id = await sendPrompt(page, 'Solve ax² + bx + c = 0');

    // Live: the display formula is typeset (and laid out) while the reply still streams.
    await page.waitForSelector(`#message_${id}[data-status=streaming] .math-display .katex.math-ready`, { timeout: 20_000 });
    expect((await fractionLayout(page, id)).numeratorAbove).toBe(true);
    await waitForStatus(page, id, 'completed');

    const check = async () => {
      expect((await fractionLayout(page, id)).numeratorAbove).toBe(true);
      // The inline formula too; the prices stay text.
      expect(await page.locator(`#message_${id} p .katex`).count()).toBe(1);
      expect(await page.textContent(`#message_${id} [data-testid=message-content]`)).toContain('it costs $5 and $10.');
      // KaTeX's own fonts, loaded from this origin.
      await page.waitForFunction(() => [...document.fonts].some((font) => font.family.startsWith('KaTeX') && font.status === 'loaded'));
    };
    await check();
    await page.reload();
    await page.waitForSelector(`#message_${id} .katex.math-ready`);
    await check();
    expect(fontRequests.length).toBeGreaterThan(0);
    expect(fontRequests.every((url) => url.startsWith(`${server.url}/assets/`))).toBe(true);
    expect(consoleErrors).toEqual([]);
    // Screen readers get the formula as MathML.
    expect(await page.locator(`#message_${id} .math-display math annotation`).textContent()).toContain('\\frac{-b');
    await page.close();
  });

  it('without JavaScript, shows the formula as MathML', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signUpInBrowser(page, server.url);
    const chatId = await newChatInBrowser(page, server.url, 'openai:math?rate=0');
    await page.fill('textarea[name=content]', 'Solve it');
    await page.click('form[data-testid=composer] button[type=submit]');
    for (let attempt = 0; attempt < 50 && !(await page.locator('[data-role=assistant][data-status=completed]').count()); attempt++) {
      await page.goto(`${server.url}/chats/${chatId}`);
    }
    const box = await page.locator('.math-display math').boundingBox();
    expect(box!.width).toBeGreaterThan(50);
    expect(await page.locator('.math-display .katex-html').isVisible()).toBe(false);
    await context.close();
  });
});
