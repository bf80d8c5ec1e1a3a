import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import { Refusal } from '../refusal.ts';
import { hashApiToken, newApiToken } from './api-tokens.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import type { User, UserStore } from './user-store.ts';

export interface AccountDeps {
  users: UserStore;
  clock: Clock;
  newId: IdGenerator;
}

export interface Credentials {
  email: string;
  password: string;
}

const normalise = (email: string) => email.trim().toLowerCase();

export async function signUp(deps: AccountDeps, credentials: Credentials): Promise<{ user: User; token: string }> {
  const now = new Date(deps.clock.now()).toISOString();
  const user = await deps.users.create({
    id: deps.newId(),
    email: normalise(credentials.email),
    passwordHash: await hashPassword(credentials.password),
    createdAt: now,
  });
  if (!user) throw new Refusal('conflict', 'email_taken', 'An account with this email already exists');
  return { user, token: await issueToken(deps, user.id) };
}

export async function signIn(deps: AccountDeps, credentials: Credentials): Promise<{ user: User; token: string }> {
  const found = await deps.users.findByEmail(normalise(credentials.email));
  const valid = await verifyPassword(credentials.password, found?.passwordHash ?? decoyHash);
  if (!found || !valid) throw new Refusal('unauthenticated', 'invalid_credentials', 'Email or password is incorrect');
  const { passwordHash: _, ...user } = found;
  return { user, token: await issueToken(deps, user.id) };
}

export async function userForToken(deps: AccountDeps, token: string): Promise<User | undefined> {
  return deps.users.findByTokenHash(hashApiToken(token));
}

/** Signing out of the web app ends that session's token; the user's other tokens stay valid. */
export async function revokeToken(deps: AccountDeps, token: string): Promise<void> {
  await deps.users.removeToken(hashApiToken(token));
}

async function issueToken(deps: AccountDeps, userId: string): Promise<string> {
  const token = newApiToken();
  await deps.users.addToken(userId, hashApiToken(token), new Date(deps.clock.now()).toISOString());
  return token;
}
