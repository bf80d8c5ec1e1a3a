import { html } from './html.ts';
import { layout } from './layout.ts';
import type { PageContext } from './page-context.ts';

const titles: Record<number, string> = { 403: 'Not allowed', 404: 'Not found', 429: 'Slow down', 500: 'Something went wrong' };

export function errorPage(ctx: PageContext, status: number, message: string): string {
  return layout(ctx, {
    title: titles[status] ?? 'Error',
    bodyClass: 'narrow',
    body: html`<main id="main" class="card">
  <h1>${titles[status] ?? 'Error'}</h1>
  <p>${message}</p>
  <p><a href="/">Back to your chats</a></p>
</main>`,
  });
}
