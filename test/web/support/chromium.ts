import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run. In CI a missing Chromium is an error, never a silent skip; on a
 * developer machine without it those tests are skipped with a clear message.
 */
function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI) throw new Error(`Chromium is not at ${chromiumPath}, and CI=true: the browser tests must run in CI`);
  console.warn(`Skipping browser tests: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return false;
}

export const chromiumUp = chromiumAvailable();

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: chromiumPath, args, headless: true });
