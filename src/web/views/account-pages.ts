import { csrfInput, layout } from './layout.ts';
import { html } from './html.ts';
import type { PageContext } from './page-context.ts';

export interface AccountForm {
  kind: 'signup' | 'signin';
  email?: string;
  error?: string;
}

const copy = {
  signup: { title: 'Sign up', button: 'Create account', other: html`Have an account? <a href="/signin">Sign in</a>` },
  signin: { title: 'Sign in', button: 'Sign in', other: html`New here? <a href="/signup">Create an account</a>` },
};

export function accountPage(ctx: PageContext, form: AccountForm): string {
  const { title, button, other } = copy[form.kind];
  return layout(ctx, {
    title,
    bodyClass: 'narrow',
    body: html`<main id="main" class="card auth">
  <h1>${title}</h1>
  ${form.error ? html`<p class="notice notice--error" role="alert">${form.error}</p>` : ''}
  <form action="/${form.kind}" method="post" class="stack">
    ${csrfInput(ctx.csrf)}
    <label>Email <input type="email" name="email" value="${form.email ?? ''}" autocomplete="email" required autofocus></label>
    <label>Password <input type="password" name="password" minlength="${form.kind === 'signup' ? 8 : 1}"
      autocomplete="${form.kind === 'signup' ? 'new-password' : 'current-password'}" required></label>
    <button type="submit" class="button">${button}</button>
  </form>
  <p class="muted">${other}</p>
</main>`,
  });
}
