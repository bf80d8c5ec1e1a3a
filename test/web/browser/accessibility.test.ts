import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { signUpInBrowser } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page, as "rule: element" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<any> } }).axe.run());
  return (results.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>)
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

describe.skipIf(!chromiumUp)('accessibility (axe-core)', () => {
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('no page has a serious or critical violation, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await context.browser.newPage({ colorScheme });
      for (const path of ['/signin', '/signup']) {
        await page.goto(context.server.url + path);
        expect({ path, colorScheme, violations: await seriousViolations(page) }).toEqual({ path, colorScheme, violations: [] });
      }
      const account = await signUpInBrowser(page, context.server.url);
      const api = new ApiClient(context.server.url, (await new ApiClient(context.server.url).post('/api/session', account)).body.token);
      const chat = await api.newChat({ title: 'Accessible', model: 'openai:fake?tokens=40&rate=0' });
      const turn = await api.send(chat.id, 'A question with `code`');
      await api.settled(turn.assistantMessage.id);
      await api.post(`/api/messages/${turn.assistantMessage.id}/retry`).then((r) => api.settled(r.body.assistantMessage.id));
      for (const path of ['/', `/chats/${chat.id}`, '/chats/new', '/documents']) {
        await page.goto(context.server.url + path);
        expect({ path, colorScheme, violations: await seriousViolations(page) }).toEqual({ path, colorScheme, violations: [] });
      }
      await page.close();
    }
  });

  it('the pages of a list longer than a page (“More chats”, “Older chats”) have none either, in light and dark', async () => {
    const page = await context.browser.newPage();
    const account = await signUpInBrowser(page, context.server.url);
    const { id: userId } = (await context.server.hotline.users.findByEmail(account.email))!;
    const chats = [];
    for (let i = 0; i < 51; i++) {
      const createdAt = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      chats.push(
        await context.server.hotline.chats.create({
          id: `chat-${i}-${userId}`,
          userId,
          title: `Chat ${i}`,
          model: 'offline',
          system: null,
          knowledgeBase: false,
          createdAt,
        }),
      );
    }
    await page.goto(context.server.url + '/');
    const olderChats = (await page.getAttribute('[data-testid=older-chats]', 'href'))!;
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const path of ['/', olderChats, `/chats/${chats[0]!.id}`]) {
        await page.goto(context.server.url + path);
        expect({ path, colorScheme, violations: await seriousViolations(page) }).toEqual({ path, colorScheme, violations: [] });
      }
    }
    await page.close();
  }, 60_000);
});
