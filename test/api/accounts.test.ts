import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

let server: HotlineUnderTest;
let anonymous: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
  anonymous = new ApiClient(server.url);
});
afterAll(() => server.close());

describe('accounts', () => {
  it('signs a user up and answers 201 with the user and a token that works', async () => {
    const { status, body } = await anonymous.post('/api/users', { email: 'Ada@Example.com', password: 'lovelace1843' });
    expect(status).toBe(201);
    expect(body.user).toMatchObject({ email: 'ada@example.com' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect((await new ApiClient(server.url, body.token).get('/api/chats')).status).toBe(200);
  });

  it('stores the password as a memory-hard hash and the token only as a hash', async () => {
    const { body } = await anonymous.post('/api/users', { email: 'hash@example.com', password: 'secret-pass' });
    const user = await server.hotline.db.kysely.selectFrom('users').selectAll().where('email', '=', 'hash@example.com').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.password_hash).not.toContain('secret-pass');
    const tokens = await server.hotline.db.kysely.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).execute();
    expect(tokens.map((t) => t.token_hash)).not.toContain(body.token);
  });

  it('refuses a second account with the same email (409)', async () => {
    await anonymous.post('/api/users', { email: 'twice@example.com', password: 'password1' });
    const { status, body } = await anonymous.post('/api/users', { email: 'TWICE@example.com', password: 'password2' });
    expect(status).toBe(409);
    expect(body.error.code).toBe('email_taken');
  });

  it('signs in with the right password and refuses a wrong one or an unknown email alike (401)', async () => {
    await anonymous.post('/api/users', { email: 'grace@example.com', password: 'hopper1906' });
    const ok = await anonymous.post('/api/session', { email: 'grace@example.com', password: 'hopper1906' });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toMatch(/^hl_/);
    const wrong = await anonymous.post('/api/session', { email: 'grace@example.com', password: 'wrong-password' });
    const unknown = await anonymous.post('/api/session', { email: 'nobody@example.com', password: 'hopper1906' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('answers bad sign-up input with 422 naming the field, and malformed JSON with 400', async () => {
    const badEmail = await anonymous.post('/api/users', { email: 'not-an-email', password: 'password1' });
    expect(badEmail.status).toBe(422);
    expect(badEmail.body.error.message).toMatch(/^email/);
    expect((await anonymous.post('/api/users', { email: 'short@example.com', password: 'short' })).status).toBe(422);
    expect((await anonymous.post('/api/users', { email: 42, password: 'password1' })).status).toBe(422);
    const malformed = await anonymous.post('/api/users', '{"email": "x@example.com",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
  });

  it('answers 401 without a token, with a bad token, and with a malformed header', async () => {
    expect((await anonymous.get('/api/chats')).status).toBe(401);
    expect((await new ApiClient(server.url, 'hl_not-a-real-token').get('/api/chats')).status).toBe(401);
    const basic = await anonymous.request('GET', '/api/chats', undefined, { authorization: 'Basic YTpi' });
    expect(basic.status).toBe(401);
    expect(basic.body.error.code).toBe('unauthorized');
  });
});
