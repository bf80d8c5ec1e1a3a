import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { revokeToken, signIn, signUp } from '../../accounts/accounts.ts';
import { givenCredentials, newCredentials } from '../../accounts/credentials.ts';
import type { Hotline } from '../../hotline.ts';
import { Refusal } from '../../refusal.ts';
import type { rateLimits } from '../../http/rate-limits.ts';
import type { AssetCatalog } from '../assets/asset-catalog.ts';
import { verifyCsrf } from '../sessions/csrf.ts';
import { endSession, startSession } from '../sessions/session.ts';
import { accountPage } from '../views/account-pages.ts';
import { formFields, pageContext } from '../web-request.ts';

/** Sign up, sign in, sign out. Each form posts, then redirects (303), so a reload never posts twice. */
export function accountPageRoutes(app: FastifyInstance, hotline: Hotline, assets: AssetCatalog, limits: ReturnType<typeof rateLimits>): void {
  for (const kind of ['signup', 'signin'] as const) {
    app.get(`/${kind}`, async (request, reply) => {
      if (request.session) return reply.redirect('/', 303);
      return reply.type('text/html').send(accountPage(pageContext(request, reply, assets), { kind }));
    });
  }

  app.post('/signup', { config: limits.authAttempts }, async (request, reply) => {
    verifyCsrf(request);
    const fields = formFields(request);
    const parsed = newCredentials.safeParse(fields);
    if (!parsed.success) return refuse(request, reply, 'signup', fields.email, parsed.error.issues[0]!.message);
    try {
      const { token } = await signUp(hotline, parsed.data);
      startSession(request, reply, token);
      return reply.redirect('/', 303);
    } catch (error) {
      if (error instanceof Refusal && error.code === 'email_taken') return refuse(request, reply, 'signup', fields.email, error.message);
      throw error;
    }
  });

  app.post('/signin', { config: limits.authAttempts }, async (request, reply) => {
    verifyCsrf(request);
    const fields = formFields(request);
    const parsed = givenCredentials.safeParse({ email: fields.email ?? '', password: fields.password ?? '' });
    if (!parsed.success) return refuse(request, reply, 'signin', fields.email, parsed.error.issues[0]!.message);
    try {
      const { token } = await signIn(hotline, parsed.data);
      startSession(request, reply, token);
      return reply.redirect('/', 303);
    } catch (error) {
      if (error instanceof Refusal && error.code === 'invalid_credentials') return refuse(request, reply, 'signin', fields.email, error.message);
      throw error;
    }
  });

  app.post('/signout', async (request, reply) => {
    verifyCsrf(request);
    if (request.session) await revokeToken(hotline, request.session.token);
    endSession(request, reply);
    return reply.redirect('/signin', 303);
  });

  /** 422 with the form again: Turbo renders a failed submission's page only for a 4xx answer. */
  function refuse(request: FastifyRequest, reply: FastifyReply, kind: 'signup' | 'signin', email: string | undefined, error: string) {
    const page = accountPage(pageContext(request, reply, assets), { kind, email: email ?? '', error });
    return reply.status(422).type('text/html').send(page);
  }
}
