import { describe, expect, it } from 'vitest';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

describe.skipIf(!chromiumUp)('the model picker', () => {
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_OFFLINE_TOKENS_PER_SECOND: '1000' });

  it('lists the providers’ own models (read once) and the offline model, and a choice applies to the next reply in every tab', async () => {
    const tabs = await context.browser.newContext();
    const page = await tabs.newPage();
    await signUpInBrowser(page, context.server.url);
    await newChatInBrowser(page, context.server.url, 'openai:fake?tokens=5&rate=0', 'Picker');
    const other = await tabs.newPage();
    await other.goto(page.url());

    const options = await page.$$eval('[data-testid=model-picker] option', (all) => all.map((o) => (o as HTMLOptionElement).value));
    // The chat's model, the server's default, each provider's list, the offline model, and Other.
    expect(options).toEqual([
      'openai:fake?tokens=5&rate=0',
      'openai:fake',
      'openai:gpt-fake-large',
      'openai:gpt-fake-mini',
      'anthropic:claude-fake-sonnet',
      'offline',
      '',
    ]);
    // Two page loads, one read of each provider's list.
    expect(context.server.provider.requests.filter((r) => r.path === '/v1/models')).toHaveLength(2);

    await page.selectOption('[data-testid=model-picker]', 'offline');
    await other.waitForFunction(() => document.querySelector<HTMLSelectElement>('[data-testid=model-picker]')!.value === 'offline');
    const id = await sendPrompt(other, 'Which model are you?');
    await waitForStatus(other, id, 'completed');
    expect(await other.textContent(`#message_${id} .message__model`)).toBe('offline');

    // "Other…" takes any id; a wrong one is refused with a notice, and the model stays.
    await page.selectOption('[data-testid=model-picker]', '');
    await page.fill('input[name=other]', 'nowhere:model');
    await page.press('input[name=other]', 'Enter');
    await page.waitForSelector('#notice [role=alert]');
    expect(await page.textContent('#notice')).toContain('not available');
    await tabs.close();
  });
});
