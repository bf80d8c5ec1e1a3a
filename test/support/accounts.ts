import type { User } from '../../src/accounts/user-store.ts';
import { ApiClient } from './api-client.ts';

let counter = 0;

export interface SignedUp {
  client: ApiClient;
  user: User;
  email: string;
  password: string;
}

/** Signs up a fresh user and keeps what a test needs to act as them again (a second session) or in the store. */
export async function signUpUser(url: string): Promise<SignedUp> {
  const email = `gen${++counter}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'correct horse battery';
  const response = await new ApiClient(url).post('/api/users', { email, password });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { client: new ApiClient(url, response.body.token), user: response.body.user, email, password };
}

/** Signs the same user in again: a second token, as a second device would have. */
export async function signInAgain(url: string, who: SignedUp): Promise<ApiClient> {
  const response = await new ApiClient(url).post('/api/session', { email: who.email, password: who.password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  return new ApiClient(url, response.body.token);
}
