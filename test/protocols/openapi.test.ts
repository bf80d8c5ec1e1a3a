import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server.ts';
import { signedInHotline } from '../support/signed-in-hotline.ts';

const context = signedInHotline();

/** The API routes a server built as main.ts builds it serves, as `GET /api/chats/{id}`. */
async function servedApiRoutes(): Promise<string[]> {
  const app = await buildServer(context.server.hotline);
  await app.ready();
  const routes: string[] = [];
  // printRoutes draws a tree: each line's depth (4 characters a level) says which line above its path goes on from.
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/^\/\//, '/');
    if (!/^\/(api|v1)\//.test(path) || path.includes('*') || /^\/api\/(openapi\.json|docs)$/.test(path)) continue;
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes.sort();
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents every route of the JSON API and the standard protocols', async () => {
    const response = await fetch(`${context.server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = await servedApiRoutes();
    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('gives each request body the schema its route validates with', async () => {
    const document = await (await fetch(`${context.server.url}/api/openapi.json`)).json();
    const sendSchema = document.paths['/api/chats/{id}/messages'].post.requestBody.content['application/json'].schema;
    expect(sendSchema).toMatchObject({ type: 'object', properties: { content: { type: 'string' } }, required: ['content'] });
    const responses = document.paths['/v1/responses'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(responses.properties)).toEqual(expect.arrayContaining(['model', 'input', 'background', 'previous_response_id', 'stream']));
    expect(document.paths['/v1/responses/{id}'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'stream', 'starting_after']);
  });

  it('is shown at /api/docs as a page without scripts', async () => {
    const response = await fetch(`${context.server.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('/v1/chat/completions');
    expect(page).not.toContain('<script');
  });
});
