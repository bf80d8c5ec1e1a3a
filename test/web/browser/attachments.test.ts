import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { newChatInBrowser, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';
import { tinyPng } from '../../support/sample-files.ts';

const composer = 'form[data-testid=composer]';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.skipIf(!chromiumUp)('attachments in the browser', () => {
  const t = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('a chosen image and a pasted file go with the message: the model gets the image, the message shows its thumbnail, no CSP error', async () => {
    const page = await t.browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await signUpInBrowser(page, t.server.url);
    await newChatInBrowser(page, t.server.url, 'openai:vision?tokens=3&rate=0', 'Files');

    await page.setInputFiles(`${composer} input[type=file][data-testid=attach]`, { name: 'pixel.png', mimeType: 'image/png', buffer: tinyPng });
    // A file pasted into the composer joins the chosen one.
    await page.focus(`${composer} textarea[name=content]`);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['Pasted notes.'], 'notes.txt', { type: 'text/plain' }));
      document
        .querySelector('form[data-testid=composer] textarea')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    // And so does one dropped on it; its × takes it out again.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['Dropped.'], 'dropped.txt', { type: 'text/plain' }));
      document.querySelector('form[data-testid=composer]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    expect(await page.locator(`${composer} [data-testid=chosen-file]`).allTextContents()).toEqual(['pixel.png×', 'notes.txt×', 'dropped.txt×']);
    await page.getByRole('button', { name: 'Remove dropped.txt' }).click();
    expect(await page.locator(`${composer} [data-testid=chosen-file]`).allTextContents()).toEqual(['pixel.png×', 'notes.txt×']);

    await page.fill(`${composer} textarea[name=content]`, 'What is this?');
    await page.keyboard.press('Enter');
    const reply = page.locator('[data-testid=message][data-role=assistant]').first();
    await reply.waitFor();
    const replyId = (await reply.getAttribute('id'))!.replace(/^message_/, '');
    await waitForStatus(page, replyId, 'completed');
    expect(await reply.locator('[data-testid=message-content]').textContent()).toContain(`[seen image/png ${tinyPng.length} bytes sha256:${sha256(tinyPng)}]`);

    const question = page.locator('[data-testid=message][data-role=user]').first();
    const thumbnail = question.locator('img[data-testid=attachment-thumbnail]');
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('alt')).toBe('pixel.png');
    // The thumbnail loaded from our origin (a broken image has no natural width).
    await page.waitForFunction(() => (document.querySelector('img[data-testid=attachment-thumbnail]') as HTMLImageElement | null)?.naturalWidth === 2);
    expect(await question.locator('a.attachment__file').textContent()).toContain('notes.txt');
    // The composer is empty again, with no file left in it.
    expect(await page.locator(`${composer} [data-testid=chosen-file]`).count()).toBe(0);

    // Reloaded, the message still shows its files; the file is served to its owner only.
    await page.reload();
    await page.locator('img[data-testid=attachment-thumbnail]').waitFor();
    const src = (await page.locator('img[data-testid=attachment-thumbnail]').getAttribute('src'))!;
    const stranger = await t.browser.newPage();
    await signUpInBrowser(stranger, t.server.url);
    expect((await stranger.goto(t.server.url + src))!.status()).toBe(404);
    expect(consoleErrors).toEqual([]);
  });

  it('an image sent to a model that takes none is refused with a reason, and nothing is sent', async () => {
    const page = await t.browser.newPage();
    await signUpInBrowser(page, t.server.url);
    await newChatInBrowser(page, t.server.url, 'offline', 'Offline files');
    await page.setInputFiles(`${composer} input[type=file][data-testid=attach]`, { name: 'pixel.png', mimeType: 'image/png', buffer: tinyPng });
    await page.fill(`${composer} textarea[name=content]`, 'Look');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'takes no images' }).waitFor();
    expect(await page.locator('[data-testid=message]').count()).toBe(0);
  });
});
