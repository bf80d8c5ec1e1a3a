import { csrfField } from '../sessions/csrf.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { icon } from './icons.ts';
import type { PageContext } from './page-context.ts';

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  /** Extra head elements, e.g. a page that must not be restored from Turbo's cache. */
  head?: SafeHtml;
  bodyClass?: string;
  /** The id of the page's main region, where the skip link leads (default `main`). */
  mainId?: string;
}

/** The import map is JSON inside a script element: `<` is escaped so no value can close the element. */
const importMapJson = (ctx: PageContext) => JSON.stringify(ctx.assets.importMap).replace(/</g, '\\u003c');

export function layout(ctx: PageContext, options: LayoutOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Hotline</title>
<meta name="csrf-param" content="${csrfField}">
<meta name="csrf-token" content="${ctx.csrf}">
<link rel="icon" href="${ctx.assets.url('icon')}" type="image/svg+xml">
<link rel="stylesheet" href="${ctx.assets.url('katex')}">
<link rel="stylesheet" href="${ctx.assets.url('stylesheet')}">
<script type="importmap" nonce="${ctx.nonce}">${trusted(importMapJson(ctx))}</script>
<link rel="modulepreload" href="${ctx.assets.url('@hotwired/turbo')}">
<link rel="modulepreload" href="${ctx.assets.url('@hotwired/stimulus')}">
<script type="module" src="${ctx.assets.url('application')}"></script>
${options.head}
</head>
<body class="${options.bodyClass ?? ''}" data-controller="math">
<a class="skip-link" href="#${options.mainId ?? 'main'}" data-turbo="false" data-testid="skip-link">Skip to main content</a>
<header class="topbar">
  <a class="brand" href="/">Hotline</a>
  ${ctx.user ? signedInNav(ctx) : html`<nav class="topbar__nav"><a href="/signin">Sign in</a><a href="/signup">Sign up</a></nav>`}
</header>
<div id="notice" class="flash" aria-live="polite"></div>
${options.body}
</body>
</html>`.value;
}

function signedInNav(ctx: PageContext): SafeHtml {
  return html`<nav class="topbar__nav">
    <a href="/documents">Documents</a>
    <a href="/chats/new" class="button button--small button--icon">${icon('plus')}<span>New chat</span></a>
    <a class="topbar__user" href="/usage" title="Your usage this month">${ctx.user!.email}</a>
    <form action="/signout" method="post" class="inline-form">
      <input type="hidden" name="${csrfField}" value="${ctx.csrf}">
      <button type="submit" class="link-button">Sign out</button>
    </form>
  </nav>`;
}

export const csrfInput = (csrf: string): SafeHtml => html`<input type="hidden" name="${csrfField}" value="${csrf}">`;
