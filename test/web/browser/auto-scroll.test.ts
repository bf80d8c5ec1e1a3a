import { describe, expect, it } from 'vitest';
import { newChatInBrowser, recordRenderings, renderings, sendPrompt, signUpInBrowser, waitForRenderings, waitForStatus } from '../support/browser-chat.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { chromiumUp } from '../support/chromium.ts';

const distanceFromBottom = () => {
  const page = document.scrollingElement!;
  return page.scrollHeight - page.scrollTop - page.clientHeight;
};

describe.skipIf(!chromiumUp)('the chat page', () => {
  const on = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('follows a reply down, stops following when the reader scrolls up, and follows again at the bottom', async () => {
    const page = await on.browser.newPage({ viewport: { width: 800, height: 500 } });
    await signUpInBrowser(page, on.server.url);
    await newChatInBrowser(page, on.server.url, 'openai:fake?tokens=1500&rate=60');
    const id = await sendPrompt(page, 'A long one, please');
    await recordRenderings(page, id);
    await page.waitForFunction(() => document.scrollingElement!.scrollHeight > 2 * innerHeight);
    expect(await page.evaluate(distanceFromBottom)).toBeLessThan(48);

    await page.mouse.move(400, 250);
    await page.mouse.wheel(0, -600);
    await page.waitForFunction(() => document.scrollingElement!.scrollHeight - scrollY - innerHeight > 300);
    const readingAt = await page.evaluate(() => scrollY);
    const seen = (await renderings(page)).length;
    await waitForRenderings(page, seen + 5);
    expect(await page.evaluate(() => scrollY)).toBe(readingAt);

    await page.evaluate(() => scrollTo({ top: document.scrollingElement!.scrollHeight }));
    const back = (await renderings(page)).length;
    await waitForRenderings(page, back + 5);
    expect(await page.evaluate(distanceFromBottom)).toBeLessThan(48);

    await page.click(`#message_${id} [data-testid=stop]`);
    await waitForStatus(page, id, 'cancelled');
  });
});
