import { html } from './html.ts';

/**
 * An error page that needs nothing but its words: for refusals made before the web app's scope exists
 * (a URL that does not even decode), where there is no session, nonce or asset catalog to render with.
 */
export function plainErrorPage(title: string, message: string): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Hotline</title></head>
<body>
<main>
  <h1>${title}</h1>
  <p>${message}</p>
  <p><a href="/">Back to Hotline</a></p>
</main>
</body>
</html>`.value;
}

/** Nothing on such a page may load or run. */
export const plainErrorPagePolicy = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
