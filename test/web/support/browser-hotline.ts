import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Env } from '../../../src/config.ts';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { launchChromium } from './chromium.ts';

/**
 * A Hotline and a Chromium for the enclosing `describe`, started before its tests and closed after
 * them. The fields are filled in `beforeAll`: read them inside tests and hooks.
 */
export function hotlineAndChromium(env: Env = {}): { server: HotlineUnderTest; browser: Browser } {
  const context = {} as { server: HotlineUnderTest; browser: Browser };
  beforeAll(async () => {
    context.server = await startHotline(env);
    context.browser = await launchChromium();
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.server?.close();
  });
  return context;
}
