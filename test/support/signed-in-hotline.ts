import { afterAll, beforeAll } from 'vitest';
import type { Env } from '../../src/config.ts';
import type { ApiClient } from './api-client.ts';
import { signUpUser } from './accounts.ts';
import { startHotline, type HotlineUnderTest } from './hotline-under-test.ts';

/**
 * A Hotline for the enclosing `describe` (or file) with one signed-up user, started before its tests and
 * closed after them. The fields are filled in `beforeAll`: read them inside tests and hooks.
 */
export function signedInHotline(env: Env = {}): { server: HotlineUnderTest; client: ApiClient } {
  const context = {} as { server: HotlineUnderTest; client: ApiClient };
  beforeAll(async () => {
    context.server = await startHotline(env);
    context.client = (await signUpUser(context.server.url)).client;
  });
  afterAll(() => context.server?.close());
  return context;
}
