import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { signUpInBrowser } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

const phone = { width: 390, height: 844 };

describe.skipIf(!chromiumUp)('the chat list on a phone', () => {
  const t = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('opens as a drawer over the chat, from the keyboard too, and Esc puts it away', async () => {
    const page = await t.browser.newPage({ viewport: phone });
    const account = await signUpInBrowser(page, t.server.url);
    const api = new ApiClient(t.server.url, (await new ApiClient(t.server.url).post('/api/session', account)).body.token);
    const first = await api.newChat({ title: 'Trip to Lisbon' });
    const second = await api.newChat({ title: 'Tax questions' });
    await page.goto(`${t.server.url}/chats/${second.id}`);

    const list = page.locator('[data-testid=chat-list]');
    expect(await list.isVisible()).toBe(false);
    const toggle = page.locator('[data-testid=open-chat-list]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await list.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // The focus is in the drawer, on the open chat; the page still does not scroll sideways.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Tax questions');
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBe(0);
    const drawer = await page.locator('#chat-drawer').boundingBox();
    expect(drawer!.x).toBe(0);
    expect(drawer!.width).toBeLessThanOrEqual(phone.width);

    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-chat-list');

    // A chat chosen in the drawer opens.
    await toggle.click();
    await Promise.all([page.waitForURL(`${t.server.url}/chats/${first.id}`), page.getByRole('link', { name: 'Trip to Lisbon' }).click()]);
    expect(await page.textContent('[data-testid=chat-title]')).toBe('Trip to Lisbon');
  });
});
