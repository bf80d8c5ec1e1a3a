import { escapeHtml } from '../web/views/html.ts';
import { operations } from './operations.ts';

/** `/api/docs`: the operations, readable without any script (the page's policy allows none). */
export function docsPage(): string {
  const rows = operations
    .map((op) => `<tr><td><code>${op.method.toUpperCase()}</code></td><td><code>${escapeHtml(op.path)}</code></td><td>${escapeHtml(op.summary)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hotline API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}td{padding:.25rem .75rem;vertical-align:top}</style></head>
<body><h1>Hotline API</h1><p>The whole document, with each request’s schema: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
