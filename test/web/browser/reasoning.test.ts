import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectedReasoning, expectedText } from '../../../src/testing/fake-provider/server.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { chromiumUp } from '../support/chromium.ts';

interface ReasoningState {
  open: boolean;
  summary: string;
  reasoning: string;
  answering: boolean;
  status: string;
}

/**
 * Records every state the last reply's reasoning is painted in on this page: sampled once per animation
 * frame, as a reader sees it (Turbo applies a frame's actions in one animation frame, before its paint).
 */
async function recordReasoning(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __reasoning: ReasoningState[] };
    w.__reasoning = [];
    const sample = () => {
      requestAnimationFrame(sample);
      const message = [...document.querySelectorAll<HTMLElement>('[data-testid=message][data-role=assistant]')].at(-1);
      const details = message?.querySelector<HTMLDetailsElement>('[data-testid=reasoning]');
      if (!message || !details || details.hidden) return;
      const state = {
        open: details.open,
        summary: details.querySelector('summary')!.textContent!,
        reasoning: details.querySelector('.reasoning__text')!.textContent!,
        answering: (message.querySelector('[data-testid=message-content]')!.textContent ?? '').trim() !== '',
        status: message.dataset.status!,
      };
      if (JSON.stringify(state) !== JSON.stringify(w.__reasoning.at(-1))) w.__reasoning.push(state);
    };
    requestAnimationFrame(sample);
  });
}

const statesOf = (page: Page) => page.evaluate(() => (window as unknown as { __reasoning: ReasoningState[] }).__reasoning);

describe.skipIf(!chromiumUp)('a reply that reasons, in the web app', () => {
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('streams its reasoning open, folds it under "Thought for N s" once the answer starts, in every tab', async () => {
    const { server, browser } = context;
    const page = await browser.newPage();
    await signUpInBrowser(page, server.url);
    const chatId = await newChatInBrowser(page, server.url, 'openai:think?reasoning=60&tokens=40&rate=15');
    await recordReasoning(page);
    const id = await sendPrompt(page, 'Think first');
    // A second tab joins while the model reasons: it gets the reasoning so far from the page, the rest from the stream.
    await page.waitForFunction((id) => (document.querySelector(`#message_${id} .reasoning__text`)?.textContent ?? '').length > 20, id);
    const second = await browser.newContext().then(async (c) => {
      await c.addCookies(await page.context().cookies());
      return c.newPage();
    });
    await second.goto(`${server.url}/chats/${chatId}`);
    await recordReasoning(second);
    await Promise.all([waitForStatus(page, id, 'completed'), waitForStatus(second, id, 'completed')]);

    const reasoning = expectedReasoning(60);
    for (const tab of [page, second]) {
      const states = await statesOf(tab);
      // Never a piece twice or out of order: each state's reasoning is a beginning of the model's.
      for (const state of states) expect(reasoning.startsWith(state.reasoning)).toBe(true);
      expect(states.filter((s) => !s.answering && s.status === 'streaming').every((s) => s.open && s.summary === 'Thinking…')).toBe(true);
      const folded = states.filter((s) => s.answering);
      expect(folded.length).toBeGreaterThan(0);
      for (const state of folded) {
        expect(state).toMatchObject({ open: false, summary: expect.stringMatching(/^Thought for \d+ s$/), reasoning });
      }
      expect(folded.some((s) => s.status === 'streaming')).toBe(true);
      const message = tab.locator(`#message_${id}`);
      expect(await message.locator('[data-testid=reasoning] .reasoning__text').textContent()).toBe(reasoning);
      expect((await message.locator('[data-testid=message-content]').textContent())!.replace(/\s+/g, '')).toContain('Hellothere,café');
    }
    expect((await statesOf(page)).some((s) => s.open && s.status === 'streaming' && s.reasoning.length > 0)).toBe(true);
    expect(expectedText(40)).toContain('Hello there');
  }, 60_000);

  it('shows a reply without reasoning as before: no reasoning block', async () => {
    const { server, browser } = context;
    const page = await browser.newPage();
    await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:plain?tokens=10&rate=100');
    const id = await sendPrompt(page, 'Just answer');
    await waitForStatus(page, id, 'completed');
    expect(await page.locator(`#message_${id} [data-testid=reasoning]`).isHidden()).toBe(true);
  });
});
